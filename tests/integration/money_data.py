"""Officers, funded ledgers and eligible applications for the awards and payments tests.

An application is made eligible as a real one is: the caseworker records consent, the
disclosure (nothing received) and, for a compensation award, the heads of loss claimed,
submits it, and a fund officer runs the eligibility check, which stores its decision."""

from __future__ import annotations

import dataclasses
import itertools
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from compfund.applications.application import (
    create_application,
    record_identification,
    submit_application,
)
from compfund.applications.claims import LossClaim, record_disclosure, set_heads_of_loss
from compfund.applications.consent import record_consent
from compfund.applications.survivors import DocumentInput, SurvivorInput, register_survivor
from compfund.awards.award import recommend_award
from compfund.awards.award_decision import approve_award
from compfund.clock import today_in_cambodia
from compfund.demo import names
from compfund.desk import Desk
from compfund.disbursements.payee import PayeeInput
from compfund.disbursements.payee_change import confirm_payee_change, propose_payee_change
from compfund.disbursements.payment_batch import build_batch, release_batch
from compfund.eligibility.decisions import check_eligibility
from compfund.enums import (
    ApplicationStatus,
    ApplicationType,
    AwardStatus,
    Channel,
    DocumentType,
    HeadOfLoss,
)
from compfund.ledger.exchange import set_rate
from compfund.ledger.income import record_income
from compfund.models import Survivor
from compfund.money import Currency, Money
from compfund.permissions import Role
from tests.conftest import TestDatabase
from tests.integration.eligibility_data import adult_consent, guardian_consent, nothing_received
from tests.integration.intake_data import fisherman, poipet_identification

KHR, USD = Currency.KHR, Currency.USD

EVERY_HEAD_IN_FULL = tuple(
    LossClaim(head, Money.of("10000", USD), "as the survivor counted it") for head in HeadOfLoss
)
"""A claim above the default policy's cap under every head: the assessment and the caps
decide, as in most of these tests. A test about what was claimed claims its own."""

MONEY_TABLES = {  # every table that records awards and their payments
    "award_policies",
    "award_policy_amounts",
    "awards",
    "award_heads",
    "award_deductions",
    "other_compensation_received",
    "payee_details",
    "payee_changes",
    "instalments",
    "payment_batches",
    "payments",
    "reconciliations",
    "reconciliation_lines",
}


@dataclass
class Office:
    """The people of the fund who handle money, on one test database."""

    database: TestDatabase
    caseworker: Desk
    fund_officer: Desk
    approver: Desk
    approver2: Desk
    finance: Desk
    enforcement: Desk

    def eligible(
        self,
        person: SurvivorInput | None = None,
        kind: ApplicationType = ApplicationType.COMPENSATION_AWARD,
        survivor_code: str | None = None,
        claims: tuple[LossClaim, ...] = EVERY_HEAD_IN_FULL,
    ) -> tuple[str, str]:
        """A new application (and survivor, unless given) found eligible by the eligibility
        check; (survivor, application)."""
        code, app = self.submitted(person, kind, survivor_code, claims)
        report = self.fund_officer.do(check_eligibility, app)
        assert report.status is ApplicationStatus.ELIGIBLE, [r.reason for r in report.rules]
        return code, app

    def submitted(
        self,
        person: SurvivorInput | None = None,
        kind: ApplicationType = ApplicationType.COMPENSATION_AWARD,
        survivor_code: str | None = None,
        claims: tuple[LossClaim, ...] = EVERY_HEAD_IN_FULL,
    ) -> tuple[str, str]:
        """A new application with everything the rules ask for, submitted and not yet
        checked; (survivor, application)."""
        cw = self.caseworker
        code = survivor_code or cw.do(register_survivor, person or next_person())
        ident = cw.do(record_identification, code, poipet_identification())
        app = cw.do(create_application, ident, kind, "DOSVY Banteay Meanchey")
        cw.do(record_consent, app, guardian_consent() if self._minor(code) else adult_consent())
        cw.do(record_disclosure, app, nothing_received())
        if kind is ApplicationType.COMPENSATION_AWARD:
            cw.do(set_heads_of_loss, app, claims)
        cw.do(submit_application, app)
        return code, app

    def _minor(self, survivor_code: str) -> bool:
        """A survivor registered with a guardian: their guardian consents."""
        with self.database.engine.connect() as conn:
            guardian = conn.execute(
                select(Survivor.guardian_name).where(Survivor.code == survivor_code)
            ).scalar_one()
        return guardian is not None

    def payee(
        self, survivor: str, channel: Channel = Channel.BANK_TRANSFER, name: str = "Sok Sokha"
    ) -> int:
        """First payee details, proposed by the fund officer and confirmed by finance; the
        details' version."""
        if channel is Channel.CASH_DOSVY:
            data = PayeeInput(channel, name, dosvy_province="KH-1")
        elif channel is Channel.MOBILE_MONEY:
            data = PayeeInput(channel, name, "Wing", "012 345 678")
        else:
            data = PayeeInput(channel, name, "ACLEDA Bank", "0001-2345-678")
        change = self.fund_officer.do(propose_payee_change, survivor, data)
        return self.finance.do(confirm_payee_change, change.id).details_version or 0

    def approved(
        self,
        amount: str = "1000",
        currency: Currency = USD,
        instalments: int = 1,
        channel: Channel = Channel.BANK_TRANSFER,
        person: SurvivorInput | None = None,
    ) -> tuple[str, str]:
        """An approved award paid to a survivor with payee details; (survivor, application)."""
        survivor, app = self.eligible(person)
        self.payee(survivor, channel)
        self.fund_officer.do(
            recommend_award,
            app,
            currency,
            {HeadOfLoss.LOST_WAGES: Money.of(amount, currency)},
            instalments=instalments,
        )
        if self.approver.do(approve_award, app).status is AwardStatus.AWAITING_SECOND_APPROVAL:
            self.approver2.do(approve_award, app)
        return survivor, app

    def released_payment(self) -> tuple[str, str]:
        """A new approved award whose one payment is in a released batch; (survivor, key)."""
        self.fund("10000", USD)
        survivor, _ = self.approved("1000", channel=Channel.BANK_TRANSFER, person=next_person())
        batch = self.finance.do(
            build_batch,
            USD,
            Channel.BANK_TRANSFER,
            due_by=today_in_cambodia() + timedelta(days=31),
        )
        self.approver.do(release_batch, batch.id)
        return survivor, batch.payments[0].key

    def fund(self, amount: str, currency: Currency, day: date | None = None) -> int:
        return self.finance.do(
            record_income,
            "appropriation",
            "Ministry of Economy and Finance",
            f"MEF-{amount}-{currency.value}",
            day or today_in_cambodia(),
            Money.of(amount, currency),
        )

    def rate(self, khr_per_usd: str = "4100") -> None:
        self.finance.do(
            set_rate, today_in_cambodia(), USD, KHR, khr_per_usd, "National Bank of Cambodia"
        )


def office(database: TestDatabase) -> Office:
    return Office(
        database,
        database.officer("cw", Role.CASEWORKER, "KH-1"),
        database.officer("fo", Role.FUND_OFFICER),
        database.officer("ap", Role.APPROVER),
        database.officer("ap2", Role.APPROVER),
        database.officer("fin", Role.FINANCE_OFFICER),
        database.officer("enf", Role.ENFORCEMENT_OFFICER),
    )


_PEOPLE = itertools.count()


def next_person() -> SurvivorInput:
    """A fisherman like the Poipet case, but a different person each time (so duplicate
    screening, rightly, holds none of them)."""
    n = next(_PEOPLE)
    family = names.FAMILY_NAMES[n % len(names.FAMILY_NAMES)]
    given = names.GIVEN_NAMES_MALE[(n * 7) % len(names.GIVEN_NAMES_MALE)]
    return dataclasses.replace(
        fisherman(),
        name_km=names.khmer_full_name(family, given),
        name_latin=names.latin_full_name(family, given),
        date_of_birth=date(1960 + (n * 11) % 45, 1 + n % 12, 1 + n % 28),
        documents=(DocumentInput(DocumentType.NATIONAL_ID, f"{100000000 + n * 7919}"),),
    )
