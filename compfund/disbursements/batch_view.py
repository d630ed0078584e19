"""What an officer sees of a payment batch and its payments: survivor codes, never names,
and each payment's account masked (``****5678``), as every role may read it."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from compfund.actor import Actor
from compfund.db.uow import UnitOfWork
from compfund.enums import BatchStatus, Channel, InstalmentStatus, PaymentStatus
from compfund.errors import NotFound
from compfund.models import Instalment, Payment, PaymentBatch, Survivor
from compfund.models.masked import PAYMENTS_MASKED
from compfund.money import Currency, Money
from compfund.permissions import Action
from compfund.service import service


@dataclass(frozen=True, slots=True)
class PaymentLine:
    key: str
    survivor_code: str
    instalment_id: int
    attempt: int
    amount: Money
    status: PaymentStatus
    institution: str | None = None  # the bank or provider; cash: the DOSVY office
    account: str | None = None  # masked: ****5678

    def to_json(self) -> dict[str, object]:
        return {
            "key": self.key,
            "survivor": self.survivor_code,
            "instalment": self.instalment_id,
            "attempt": self.attempt,
            "status": self.status.value,
            "institution": self.institution,
            "account": self.account,
            **self.amount.to_json(),
        }


@dataclass(frozen=True, slots=True)
class BatchView:
    id: int
    currency: Currency
    channel: Channel
    status: BatchStatus
    total: Money
    built_by: str
    released_by: str | None
    version: int
    payments: tuple[PaymentLine, ...]
    skipped: tuple[str, ...] = field(default=())

    def to_json(self) -> dict[str, object]:
        return {
            "batch": self.id,
            "currency": self.currency.value,
            "channel": self.channel.value,
            "status": self.status.value,
            "total": self.total.to_json(),
            "lines": len(self.payments),
            "built_by": self.built_by,
            "released_by": self.released_by,
            "version": self.version,
            "payments": [p.to_json() for p in self.payments],
            "skipped": list(self.skipped),
        }


def batch_row(uow: UnitOfWork, batch_id: int) -> PaymentBatch:
    batch = uow.session.get(PaymentBatch, batch_id)
    if batch is None:
        raise NotFound(f"No payment batch number {batch_id}.")
    return batch


def batch_payments(uow: UnitOfWork, batch_id: int) -> list[tuple[Payment, str]]:
    """The batch's payments, each with its survivor's code, in the order they were made."""
    rows = uow.session.execute(
        select(Payment, Survivor.code)
        .join(Instalment, Instalment.id == Payment.instalment_id)
        .join(Survivor, Survivor.id == Instalment.survivor_id)
        .where(Payment.batch_id == batch_id)
        .order_by(Payment.id)
    ).all()
    return [(p, str(code)) for p, code in rows]


def _masked_accounts(uow: UnitOfWork, batch_id: int) -> dict[int, tuple[str | None, str | None]]:
    view = PAYMENTS_MASKED.c
    rows = uow.session.execute(
        select(view.id, view.institution, view.account).where(view.batch_id == batch_id)
    )
    return {int(i): (institution, account) for i, institution, account in rows}


def batch_view(uow: UnitOfWork, batch: PaymentBatch, skipped: tuple[str, ...] = ()) -> BatchView:
    rows = batch_payments(uow, batch.id)
    accounts = _masked_accounts(uow, batch.id)
    return BatchView(
        batch.id,
        batch.currency,
        batch.channel,
        batch.status,
        batch.total,
        batch.built_by,
        batch.released_by,
        batch.version,
        tuple(
            PaymentLine(
                p.idempotency_key,
                code,
                p.instalment_id,
                p.attempt,
                p.amount,
                p.status,
                *accounts.get(p.id, (None, None)),
            )
            for p, code in rows
        ),
        skipped,
    )


@service(Action.VIEW_MONEY, writes=False)
def show_batch(batch_id: int, *, actor: Actor, uow: UnitOfWork) -> BatchView:
    return batch_view(uow, batch_row(uow, batch_id))


@dataclass(frozen=True, slots=True)
class DueInstalment:
    id: int
    survivor_code: str
    seq: int
    due_on: str
    amount: Money
    status: InstalmentStatus
    version: int


@service(Action.VIEW_MONEY, writes=False)
def instalments_due(
    currency: Currency | None = None, *, actor: Actor, uow: UnitOfWork
) -> list[DueInstalment]:
    """Scheduled instalments (including reissues), earliest due first."""
    query = (
        select(Instalment, Survivor.code)
        .join(Survivor, Survivor.id == Instalment.survivor_id)
        .where(Instalment.status == InstalmentStatus.SCHEDULED)
        .order_by(Instalment.due_on, Instalment.id)
    )
    if currency is not None:
        query = query.where(Instalment.currency == currency)
    return [
        DueInstalment(i.id, code, i.seq, i.due_on.isoformat(), i.amount, i.status, i.version)
        for i, code in uow.session.execute(query).all()
    ]
