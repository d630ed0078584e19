"""Compensation a survivor has actually received from other sources.

Only money received counts (a court recovery paid over, a settlement actually paid):
an award is never reduced for what a court merely ordered, because orders are often never
paid. The enforcement work records these from recoveries and settlements; records are
never edited (a trigger refuses it).
"""

from __future__ import annotations

from datetime import date

from compfund.actor import Actor
from compfund.clock import today_in_cambodia, utc_now
from compfund.db.uow import UnitOfWork
from compfund.enums import OtherSource
from compfund.errors import InvalidInput
from compfund.models import OtherCompensation
from compfund.money import Money
from compfund.permissions import Action
from compfund.service import service, survivor_in_scope


@service(Action.RECORD_OTHER_COMPENSATION, writes=True)
def record_other_compensation(
    survivor_code: str,
    source: OtherSource,
    reference: str,
    received_on: date,
    amount: Money,
    *,
    actor: Actor,
    uow: UnitOfWork,
) -> int:
    """Record money the survivor received outside the fund; returns the record's id."""
    survivor = survivor_in_scope(uow, actor, survivor_code)
    if amount.minor <= 0:
        raise InvalidInput("Record the amount actually received, more than zero.")
    if received_on > today_in_cambodia():
        raise InvalidInput(
            f"{received_on} is in the future: record money once it has been received "
            "(an order to pay is not money received)."
        )
    if not reference.strip():
        raise InvalidInput("Give the reference of the payment (receipt, court or bank ref.).")
    record = OtherCompensation(
        survivor_id=survivor.id,
        source=source,
        reference=reference.strip()[:80],
        received_on=received_on,
        currency=amount.currency,
        amount_minor=amount.minor,
        recorded_by=actor.login,
        recorded_at=utc_now(),
    )
    uow.session.add(record)
    uow.session.flush()
    return record.id
