"""Requests for information not yet answered, with their clock in Cambodia's days.

Rows name the application and the survivor code, never a name. A caseworker sees only
their own province's requests: they are the ones who must answer them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from compfund.actor import Actor
from compfund.clock import in_cambodia, today_in_cambodia
from compfund.db.uow import UnitOfWork
from compfund.models import Application, Identification, InformationRequest, Survivor
from compfund.permissions import Action, Role
from compfund.service import service


@dataclass(frozen=True, slots=True)
class InformationRequestRow:
    application: str
    survivor_code: str
    province_code: str
    asked: str
    requested_on: date
    due_on: date
    days_overdue: int
    """Days past the due date as of the day asked about; zero or less is not yet overdue
    (minus the days left)."""

    @property
    def overdue(self) -> bool:
        return self.days_overdue > 0

    def to_json(self) -> dict[str, object]:
        return {
            "application": self.application,
            "survivor": self.survivor_code,
            "province": self.province_code,
            "asked": self.asked,
            "requested_on": self.requested_on.isoformat(),
            "due_on": self.due_on.isoformat(),
            "days_overdue": max(self.days_overdue, 0),
            "days_left": max(-self.days_overdue, 0),
        }


@service(Action.VIEW_CASES, writes=False)
def open_information_requests(
    *, overdue_only: bool = False, as_of: date | None = None, actor: Actor, uow: UnitOfWork
) -> list[InformationRequestRow]:
    """Unanswered requests, most overdue first; ``as_of`` defaults to today in Cambodia."""
    day = as_of or today_in_cambodia()
    query = (
        select(
            Application.code,
            Survivor.code,
            Survivor.province_code,
            InformationRequest.asked,
            InformationRequest.requested_at,
            InformationRequest.due_on,
        )
        .join(Application, Application.id == InformationRequest.application_id)
        .join(Identification, Identification.id == Application.identification_id)
        .join(Survivor, Survivor.id == Identification.survivor_id)
        .where(InformationRequest.answered_at.is_(None))
        .order_by(InformationRequest.due_on, Application.code)
    )
    if overdue_only:
        query = query.where(InformationRequest.due_on < day)
    if actor.role is Role.CASEWORKER:
        query = query.where(Survivor.province_code == actor.province_code)
    return [
        InformationRequestRow(
            code, survivor, province, asked, in_cambodia(at).date(), due, (day - due).days
        )
        for code, survivor, province, asked, at, due in uow.session.execute(query).all()
    ]
