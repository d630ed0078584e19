"""Recording what happened to a released payment: paid, failed, or returned after payment.

Paying is one guarded statement, ``UPDATE payments ... WHERE key = :key AND status =
'released'``, backed by a unique index on the paid payment of each instalment: of any
number of desks or retries confirming the same payment at once, exactly one moves it
and posts the ledger entry; every other one is told it was already paid and changes
nothing. A retry with the same key after a lost connection is therefore safe.

- paid: payments in transit -> owed to the survivor (the debt is settled);
- failed (never reached the payee): the money is back in the fund's bank account;
- returned after payment: the money is back in the bank and owed to the survivor again.
A failed or returned instalment is reissued: scheduled again, to be paid by a new
payment with a new key in a later batch.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from compfund.actor import Actor
from compfund.clock import today_in_cambodia
from compfund.codes import parse_payment_key
from compfund.db.uow import RELOAD, UnitOfWork
from compfund.disbursements.guarded import advance
from compfund.enums import Channel, InstalmentStatus, PaymentStatus
from compfund.errors import ConcurrentEdit, InvalidInput, NotFound, RuleViolation
from compfund.ledger.accounts import AccountKind
from compfund.ledger.journal import Line, post
from compfund.models import Instalment, Payment, Survivor
from compfund.money import Money
from compfund.permissions import Action
from compfund.reasons import PAYMENT_FAILED, PAYMENT_RETURNED
from compfund.service import service


@dataclass(frozen=True, slots=True)
class PaymentOutcome:
    key: str
    status: PaymentStatus
    amount: Money
    changed: bool  # False: it was already so (a retry), nothing was done
    entry_seq: int | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "key": self.key,
            "status": self.status.value,
            "changed": self.changed,
            "journal_entry": self.entry_seq,
            **self.amount.to_json(),
        }


def _payment(uow: UnitOfWork, key: str) -> Payment:
    canonical = parse_payment_key(key)
    payment = uow.session.execute(
        select(Payment).where(Payment.idempotency_key == canonical)
    ).scalar_one_or_none()
    if payment is None:
        raise NotFound(f"No payment has the key {canonical}.")
    return payment


def _survivor(uow: UnitOfWork, payment: Payment) -> Survivor:
    instalment = uow.session.get(Instalment, payment.instalment_id)
    assert instalment is not None
    survivor = uow.session.get(Survivor, instalment.survivor_id)
    assert survivor is not None
    return survivor


def _move(
    uow: UnitOfWork,
    payment: Payment,
    frm: PaymentStatus,
    to: PaymentStatus,
    values: Mapping[str, object],
) -> bool:
    """Move the payment and its instalment together; False if the payment was not ``frm``."""
    key, instalment_id = payment.idempotency_key, payment.instalment_id
    if not advance(uow, Payment, [payment.id], frm, {"status": to.value, **values}):
        return False
    if not advance(
        uow, Instalment, [instalment_id], InstalmentStatus(frm.value), {"status": to.value}
    ):
        raise ConcurrentEdit(f"The instalment of payment {key} changed on another desk. {RELOAD}")
    return True


def _not_moved(uow: UnitOfWork, payment: Payment, wanted: PaymentStatus) -> PaymentOutcome:
    uow.session.refresh(payment)
    if payment.status is wanted:
        return PaymentOutcome(payment.idempotency_key, wanted, payment.amount, changed=False)
    raise RuleViolation(
        f"Payment {payment.idempotency_key} is {payment.status.value}: it cannot be recorded "
        f"as {wanted.value}."
    )


def pay(
    uow: UnitOfWork, actor: Actor, key: str, reference: str | None, paid_on: date | None
) -> PaymentOutcome:
    """Record a released payment as paid, once (see the module's note)."""
    payment = _payment(uow, key)
    reference = " ".join((reference or "").split()) or None
    if payment.channel is Channel.CASH_DOSVY and not reference:
        raise InvalidInput(
            "Cash handed over by DOSVY is confirmed with the number of the receipt the payee "
            "signed: give it as the reference."
        )
    day = paid_on or today_in_cambodia()
    if day > today_in_cambodia():
        raise InvalidInput(f"The payment date {day} is in the future.")
    values = {"paid_on": day, "paid_reference": reference, "updated_by": actor.login}
    if not _move(uow, payment, PaymentStatus.RELEASED, PaymentStatus.PAID, values):
        return _not_moved(uow, payment, PaymentStatus.PAID)
    entry = post(
        uow,
        kind="payment",
        memo=f"Paid {payment.idempotency_key}" + (f", ref. {reference}" if reference else ""),
        source=f"payment:{payment.idempotency_key}:paid",
        lines=[
            Line(AccountKind.PAYMENTS_IN_TRANSIT, -payment.amount),
            Line(AccountKind.AWARDS_PAYABLE, payment.amount, _survivor(uow, payment)),
        ],
    )
    return PaymentOutcome(payment.idempotency_key, PaymentStatus.PAID, payment.amount, True, entry)


@service(Action.RECORD_PAYMENT, writes=True)
def confirm_payment(
    key: str,
    reference: str | None = None,
    *,
    paid_on: date | None = None,
    actor: Actor,
    uow: UnitOfWork,
) -> PaymentOutcome:
    """The bank or provider confirmed the payment (for cash: the signed receipt's number)."""
    return pay(uow, actor, key, reference, paid_on)


def _undo(
    uow: UnitOfWork,
    actor: Actor,
    key: str,
    returned: bool,
    reason: str,
) -> PaymentOutcome:
    """A released payment that failed, or a paid one that came back: the money is back in
    the fund's bank account (and, if it had been paid, owed to the survivor again)."""
    payment = _payment(uow, key)
    why = (PAYMENT_RETURNED if returned else PAYMENT_FAILED).read(reason)
    frm, to = (
        (PaymentStatus.PAID, PaymentStatus.RETURNED)
        if returned
        else (PaymentStatus.RELEASED, PaymentStatus.FAILED)
    )
    field = "return_reason" if returned else "failure_reason"
    if not _move(uow, payment, frm, to, {field: why, "updated_by": actor.login}):
        return _not_moved(uow, payment, to)
    key, amount = payment.idempotency_key, payment.amount
    owed_again = Line(AccountKind.AWARDS_PAYABLE, -amount, _survivor(uow, payment))
    entry = post(
        uow,
        kind=f"payment {to.value}",
        memo=f"Payment {key} {to.value}: {why}",
        source=f"payment:{key}:{to.value}",
        lines=[
            Line(AccountKind.FUND_BANK, amount),
            owed_again if returned else Line(AccountKind.PAYMENTS_IN_TRANSIT, -amount),
        ],
    )
    return PaymentOutcome(key, to, amount, True, entry)


@service(Action.RECORD_PAYMENT, writes=True)
def record_failure(key: str, reason: str, *, actor: Actor, uow: UnitOfWork) -> PaymentOutcome:
    """The payment never reached the payee: the money is back in the fund's bank account."""
    return _undo(uow, actor, key, False, reason)


@service(Action.RECORD_PAYMENT, writes=True)
def record_return(key: str, reason: str, *, actor: Actor, uow: UnitOfWork) -> PaymentOutcome:
    """A paid payment came back (account closed, wrong payee): back in the bank, and owed
    to the survivor again."""
    return _undo(uow, actor, key, True, reason)


@service(Action.RECORD_PAYMENT, writes=True)
def reissue_instalment(
    instalment_id: int,
    *,
    due_on: date | None = None,
    expected_version: int | None = None,
    actor: Actor,
    uow: UnitOfWork,
) -> int:
    """Schedule a failed or returned instalment again; the next batch pays it with a new
    payment and a new key. Returns the instalment's new version."""
    instalment = uow.session.get(Instalment, instalment_id)
    if instalment is None:
        raise NotFound(f"No instalment number {instalment_id}.")
    if expected_version is not None and instalment.version != expected_version:
        raise ConcurrentEdit(RELOAD)
    if instalment.status not in (InstalmentStatus.FAILED, InstalmentStatus.RETURNED):
        raise RuleViolation(
            f"Instalment {instalment_id} is {instalment.status.value}: only a failed or "
            "returned instalment is reissued."
        )
    day = due_on or today_in_cambodia()
    if day < today_in_cambodia():
        raise InvalidInput(f"A reissued instalment cannot fall due in the past ({day}).")
    version = instalment.version
    moved = advance(
        uow,
        Instalment,
        [instalment.id],
        instalment.status,
        {"status": InstalmentStatus.SCHEDULED.value, "due_on": day},
        versions=[version],
    )
    if not moved:
        raise ConcurrentEdit(RELOAD)
    return version + 1
