"""Officers, funded ledgers and eligible applications for the awards and payments tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from compfund.actor import BOOTSTRAP
from compfund.awards.eligibility_seam import stand_in_eligible
from compfund.clock import today_in_cambodia
from compfund.db.uow import UnitOfWork
from compfund.desk import Desk
from compfund.ledger.exchange import set_rate
from compfund.ledger.income import record_income
from compfund.models import Application
from compfund.models.enums import ApplicationType
from compfund.money import Currency, Money
from compfund.permissions import Role
from compfund.services.applications import (
    create_application,
    record_identification,
    submit_application,
)
from compfund.services.survivors import SurvivorInput, register_survivor
from tests.conftest import TestDatabase
from tests.integration.intake_data import fisherman, poipet_identification

KHR, USD = Currency.KHR, Currency.USD


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
    ) -> tuple[str, str]:
        """A new eligible application (and survivor, unless given); (survivor, application)."""
        cw = self.caseworker
        code = survivor_code or cw.do(register_survivor, person or fisherman())
        ident = cw.do(record_identification, code, poipet_identification())
        app = cw.do(create_application, ident, kind, "DOSVY Banteay Meanchey")
        cw.do(submit_application, app)
        mark_eligible(self.database, app)
        return code, app

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


def mark_eligible(database: TestDatabase, application_code: str) -> None:
    with UnitOfWork(database.engine, BOOTSTRAP) as uow:
        application = uow.session.execute(
            select(Application).where(Application.code == application_code)
        ).scalar_one()
        stand_in_eligible(uow, application)
        uow.commit()


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
