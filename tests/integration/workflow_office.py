"""An office with one officer of each kind, and applications driven into any status.

Every application is driven there through the services, as officers would, along the
demo's shortest paths (``compfund.demo.casework.PATHS``): fo1 and ap1 decide, so fo2 and
ap2 may take the next step without breaking four eyes.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta

from sqlalchemy import text

from compfund.applications.application import (
    create_application,
    move_application,
    record_identification,
    submit_application,
)
from compfund.applications.claims import record_disclosure
from compfund.applications.consent import record_consent
from compfund.applications.survivors import register_survivor
from compfund.awards.award import recommend_award
from compfund.awards.award_decision import approve_award, reject_award
from compfund.clock import utc_now
from compfund.demo.casework import AWARD_STEPS, PATHS
from compfund.desk import Desk
from compfund.eligibility.decisions import check_eligibility
from compfund.enums import ApplicationStatus as S
from compfund.enums import ApplicationType
from compfund.money import Currency
from compfund.permissions import Role
from tests.conftest import TestDatabase
from tests.integration.eligibility_data import adult_consent, nothing_received
from tests.integration.intake_data import fisherman, poipet_identification


@dataclass
class Office:
    db: TestDatabase
    desks: dict[str, Desk]
    survivor: str

    def __getitem__(self, who: str) -> Desk:
        return self.desks["cw" if who == "caseworker" else who]

    def new_application(self, *, eligible: bool = True) -> str:
        """A draft interim grant on its own identification: eligible facts, or an adult's
        identification that did not establish the means (ineligible)."""
        cw = self["cw"]
        identification = poipet_identification()
        if not eligible:
            identification = replace(identification, means_established=False)
        ident = cw.do(record_identification, self.survivor, identification)
        code = cw.do(create_application, ident, ApplicationType.INTERIM_GRANT, "DOSVY")
        cw.do(record_consent, code, adult_consent())
        cw.do(record_disclosure, code, nothing_received())
        return code

    def step(self, code: str, target: S, who: str, source: S | None = None) -> None:
        desk = self[who]
        if target is S.SUBMITTED and who == "caseworker":
            desk.do(submit_application, code)
        elif target in (S.ELIGIBLE, S.INELIGIBLE):
            desk.do(check_eligibility, code)
        elif (
            source is not None
            and target in AWARD_STEPS
            and source in (S.ELIGIBLE, S.AWARD_RECOMMENDED)
        ):
            self.award_step(code, target, who)
        else:
            desk.do(move_application, code, target, reason=f"to {target.value}")

    def award_step(self, code: str, target: S, who: str) -> None:
        """Recommend (an interim grant, in dollars), approve or reject the application's award."""
        desk = self[who]
        if target is S.AWARD_RECOMMENDED:
            desk.do(recommend_award, code, Currency.USD)
        elif target is S.APPROVED:
            desk.do(approve_award, code)
        else:
            desk.do(reject_award, code, f"to {target.value}: not supported by the file")

    def application_in(self, status: S, *, via: S | None = None) -> str:
        """A new application in ``status``; ``via`` picks the decision under review."""
        path = PATHS[status]
        if status is S.REVIEW_REQUESTED and via is S.REJECTED:
            path = (*PATHS[S.REJECTED], (S.REVIEW_REQUESTED, "caseworker"))
        code = self.new_application(eligible=S.INELIGIBLE not in [s for s, _ in path])
        source = S.DRAFT
        for target, who in path:
            self.step(code, target, who, source)
            source = target
        return code

    def backdate_decision(self, code: str, days: int) -> None:
        """Pretend the application's steps were taken ``days`` earlier (the owner's SQL)."""
        moved = utc_now() - timedelta(days=days)
        with self.db.engine.begin() as conn:
            conn.execute(
                text(
                    "UPDATE status_changes SET changed_at = :moved WHERE application_id = "
                    "(SELECT id FROM applications WHERE code = :code)"
                ),
                {
                    "moved": moved if self.db.kind == "postgresql" else moved.replace(tzinfo=None),
                    "code": code,
                },
            )


def open_office(db: TestDatabase) -> Office:
    desks = {"cw": db.officer("cw", Role.CASEWORKER, "KH-1")}
    for who, role in (
        ("fo1", Role.FUND_OFFICER),
        ("fo2", Role.FUND_OFFICER),
        ("ap1", Role.APPROVER),
        ("ap2", Role.APPROVER),
    ):
        desks[who] = db.officer(who, role)
    survivor = desks["cw"].do(register_survivor, fisherman())
    return Office(db, desks, survivor)
