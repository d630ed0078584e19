"""Fund income: government appropriations and donor contributions."""

from __future__ import annotations

from datetime import date

from compfund.actor import Actor
from compfund.clock import today_in_cambodia, utc_now
from compfund.db.uow import UnitOfWork
from compfund.errors import InvalidInput
from compfund.ledger.accounts import AccountKind
from compfund.ledger.journal import Line, post
from compfund.models import IncomeReceipt
from compfund.money import Money
from compfund.permissions import Action
from compfund.service import service

SOURCES = {
    "appropriation": AccountKind.INCOME_APPROPRIATION,
    "donor": AccountKind.INCOME_DONOR,
}


@service(Action.RECORD_INCOME, writes=True)
def record_income(
    source_kind: str,
    source_name: str,
    reference: str,
    received_on: date,
    amount: Money,
    *,
    restriction: str | None = None,
    actor: Actor,
    uow: UnitOfWork,
) -> int:
    """Record money received; returns the journal entry number."""
    kind = SOURCES.get(source_kind.strip().lower())
    if kind is None:
        raise InvalidInput(f"Income comes from an appropriation or a donor, not {source_kind!r}.")
    if amount.minor <= 0:
        raise InvalidInput("Income is a positive amount.")
    if not source_name.strip() or not reference.strip():
        raise InvalidInput("Name who the money came from and its reference (e.g. transfer no.).")
    if received_on > today_in_cambodia():
        raise InvalidInput(f"The date received {received_on} is in the future.")
    entry = post(
        uow,
        kind="income",
        memo=f"{source_kind} {source_name.strip()}, ref. {reference.strip()}",
        entry_date=received_on,
        source=f"income:{reference.strip()[:50]}",
        lines=[Line(AccountKind.FUND_BANK, amount), Line(kind, -amount)],
    )
    uow.session.add(
        IncomeReceipt(
            source_kind=source_kind.strip().lower(),
            source_name=source_name.strip(),
            reference=reference.strip(),
            received_on=received_on,
            currency=amount.currency,
            amount_minor=amount.minor,
            restriction=(restriction or "").strip() or None,
            entry_seq=entry,
            recorded_by=actor.login,
            recorded_at=utc_now(),
        )
    )
    return entry
