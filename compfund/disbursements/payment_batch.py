"""Payment batches: a finance officer builds one from due instalments (one currency, one
channel); an approver who did not build it releases it.

Building moves each chosen instalment from scheduled to batched in one guarded statement
that also checks each instalment's version, and creates one payment per instalment with
a fresh idempotency key and the payee's details as they are now. Releasing moves the
money out of the fund's bank account into payments in transit, writes the instruction
file, and is refused if it would take the fund below zero in the batch's currency, with
the shortfall shown. The fund's balance is checked again after the release is posted, while
the journal is locked, so two releases at the same moment cannot both spend the same money.

On PostgreSQL the approver's role may not read payees' names and accounts: the release
itself, and the instruction file, are made by the database (``compfund_release_batch``),
which hands the file to the approver releasing and to nobody else.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy import text as sql
from sqlalchemy.orm import undefer

from compfund.actor import Actor
from compfund.audit.access import log_access
from compfund.awards.award import payee_for
from compfund.clock import today_in_cambodia, utc_now
from compfund.codes import new_payment_key
from compfund.db.audit_hook import append_events, audit_row, masked
from compfund.db.uow import RELOAD, UnitOfWork
from compfund.disbursements.batch_view import BatchView, batch_payments, batch_row, batch_view
from compfund.disbursements.guarded import advance, on_own_login
from compfund.disbursements.instruction_file import InstructionLine, file_name, instruction_csv
from compfund.disbursements.payee import cash_office
from compfund.disbursements.payee_change import AWAITING, pending_survivors
from compfund.enums import BatchStatus, Channel, InstalmentStatus, PayeeChangeStatus, PaymentStatus
from compfund.errors import ConcurrentEdit, RuleViolation
from compfund.four_eyes import BATCH_RELEASE
from compfund.ledger.accounts import AccountKind
from compfund.ledger.balances import committed_to_batches, fund_available
from compfund.ledger.journal import Line, post
from compfund.ledger.sign_rules import FundShortfall
from compfund.models import (
    Instalment,
    PayeeChange,
    PayeeDetails,
    Payment,
    PaymentBatch,
    Survivor,
)
from compfund.money import Currency, Money
from compfund.permissions import Action
from compfund.service import service


def _refuse_shortfall(what: str, total: Money, available: Money) -> None:
    if total > available:
        short = total - available
        raise FundShortfall(
            f"{what} of {total} would take the fund below zero in {total.currency.value}: it "
            f"holds {available} for it, a shortfall of {short}. Record income or exchange "
            "money into this currency first, or pay fewer instalments.",
            short,
        )


def _attempts(uow: UnitOfWork, instalment_ids: list[int]) -> dict[int, int]:
    rows = uow.session.execute(
        select(Payment.instalment_id, func.count(Payment.id))
        .where(Payment.instalment_id.in_(instalment_ids))
        .group_by(Payment.instalment_id)
    )
    return {int(i): int(n) for i, n in rows}


def _awaiting_first_details(
    uow: UnitOfWork, currency: Currency, channel: Channel, due_by: date
) -> list[str]:
    """Due instalments of survivors with no payee details yet, whose first details, for
    this channel, await confirmation: left out too, and said so."""
    rows = uow.session.execute(
        select(Instalment.seq, Survivor.code)
        .join(Survivor, Survivor.id == Instalment.survivor_id)
        .join(
            PayeeChange,
            (PayeeChange.survivor_id == Instalment.survivor_id)
            & (PayeeChange.status == PayeeChangeStatus.PENDING),
        )
        .outerjoin(PayeeDetails, PayeeDetails.survivor_id == Instalment.survivor_id)
        .where(
            Instalment.status == InstalmentStatus.SCHEDULED,
            Instalment.currency == currency,
            Instalment.due_on <= due_by,
            PayeeDetails.id.is_(None),
            PayeeChange.channel == channel,
        )
        .order_by(Instalment.due_on, Instalment.id)
    ).all()
    return [f"{code} instalment {seq}: {AWAITING}" for seq, code in rows]


@service(Action.BUILD_BATCH, writes=True)
def build_batch(
    currency: Currency,
    channel: Channel,
    *,
    due_by: date | None = None,
    actor: Actor,
    uow: UnitOfWork,
    rng: random.Random | None = None,
) -> BatchView:
    """Batch every scheduled instalment in ``currency`` due by ``due_by`` (default today)
    whose payee is paid through ``channel``. Instalments whose payee details no longer fit
    (a minor must be paid through the guardian), or whose payee change awaits a finance
    officer's confirmation, are left out and listed."""
    day = today_in_cambodia()
    rows = uow.session.execute(
        select(Instalment, PayeeDetails, Survivor)
        .join(Survivor, Survivor.id == Instalment.survivor_id)
        .join(PayeeDetails, PayeeDetails.survivor_id == Instalment.survivor_id)
        .where(
            Instalment.status == InstalmentStatus.SCHEDULED,
            Instalment.currency == currency,
            Instalment.due_on <= (due_by or day),
            PayeeDetails.channel == channel,
        )
        .order_by(Instalment.due_on, Instalment.id)
        # a finance officer reads the bank details in clear, to copy them to each payment
        .options(undefer(PayeeDetails.payee_name), undefer(PayeeDetails.account))
    ).all()
    chosen, skipped = [], []
    waiting = pending_survivors(uow, sorted({s.id for _i, _d, s in rows}))
    for instalment, details, survivor in rows:
        if survivor.id in waiting:
            skipped.append(f"{survivor.code} instalment {instalment.seq}: {AWAITING}")
        elif payee_for(survivor, day) is not details.payee:
            skipped.append(
                f"{survivor.code} instalment {instalment.seq}: the payee details name the "
                f"{details.payee.value}; update them before paying"
            )
        else:
            chosen.append((instalment, details, survivor))
    skipped += _awaiting_first_details(uow, currency, channel, due_by or day)
    if not chosen:
        raise RuleViolation(
            f"No {currency.value} instalments paid by {channel.label} are due by "
            f"{due_by or day}." + (f" Left out: {'; '.join(skipped)}." if skipped else "")
        )
    total = Money.zero(currency)
    for instalment, _d, _s in chosen:
        total += instalment.amount
    available = fund_available(uow, currency) - committed_to_batches(uow, currency)
    _refuse_shortfall("A batch", total, available)
    batch = PaymentBatch(
        currency=currency,
        channel=channel,
        status=BatchStatus.BUILT,
        line_count=len(chosen),
        total_minor=total.minor,
        built_by=actor.login,
        built_at=utc_now(),
    )
    uow.session.add(batch)
    uow.session.flush()
    ids = [i.id for i, _d, _s in chosen]
    versions = [i.version for i, _d, _s in chosen]
    if advance(
        uow, Instalment, ids, InstalmentStatus.SCHEDULED, {"status": "batched"}, versions=versions
    ) != len(ids):
        raise ConcurrentEdit(f"Some of these instalments changed on another desk. {RELOAD}")
    attempts = _attempts(uow, ids)
    for instalment, details, _survivor in chosen:
        cash = details.channel is Channel.CASH_DOSVY
        uow.session.add(
            Payment(
                instalment_id=instalment.id,
                batch_id=batch.id,
                attempt=attempts.get(instalment.id, 0) + 1,
                idempotency_key=new_payment_key(rng),
                channel=channel,
                currency=currency,
                amount_minor=instalment.amount_minor,
                payee_name=details.payee_name,
                account=None if cash else details.account,
                institution=cash_office(details) if cash else details.institution,
                status=PaymentStatus.BATCHED,
                updated_by=actor.login,
            )
        )
    uow.session.flush()
    return batch_view(uow, batch, tuple(skipped))


@service(Action.BUILD_BATCH, writes=True)
def cancel_batch(batch_id: int, *, actor: Actor, uow: UnitOfWork) -> BatchView:
    """Undo a batch that was built but not released: its instalments are scheduled again."""
    batch = batch_row(uow, batch_id)
    if batch.status is not BatchStatus.BUILT:
        raise RuleViolation(
            f"Batch {batch.id} is {batch.status.value}: only a built one is undone."
        )
    payments = [p for p, _c in batch_payments(uow, batch.id)]
    advance(uow, Payment, [p.id for p in payments], PaymentStatus.BATCHED, {"status": "cancelled"})
    ids = [p.instalment_id for p in payments]
    if advance(uow, Instalment, ids, InstalmentStatus.BATCHED, {"status": "scheduled"}) != len(ids):
        raise ConcurrentEdit(RELOAD)
    batch.status = BatchStatus.CANCELLED
    batch.cancelled_by = actor.login
    uow.session.flush()
    return batch_view(uow, batch)


def _released_here(
    uow: UnitOfWork, actor: Actor, batch: PaymentBatch, payments: list[tuple[Payment, str]]
) -> str:
    """SQLite (one desk), or the schema's owner: the service writes the release and the
    file."""
    text = instruction_csv(
        [
            InstructionLine(
                p.idempotency_key, code, p.payee_name, p.channel, p.institution, p.account, p.amount
            )
            for p, code in payments
        ]
    )
    batch.status = BatchStatus.RELEASED
    batch.released_by = actor.login
    batch.released_at = utc_now()
    batch.instruction_file = text
    batch.instruction_sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    uow.session.flush()  # the version check: a second desk releasing too stops here
    return text


_RELEASE = sql("SELECT public.compfund_release_batch(:batch, :version)")


def _released_by_the_database(uow: UnitOfWork, batch: PaymentBatch) -> str:
    """PostgreSQL: the approver's role reads no payee's name or account. The database
    releases the batch in the name of the officer logged in and hands over the instruction
    file it builds from the batch's payments (compfund_release_batch, 0004_bank_details);
    the change is written to the audit trail here, as the audit hook would."""
    uow.session.flush()
    version = batch.version
    text = uow.session.execute(_RELEASE, {"batch": batch.id, "version": version}).scalar()
    if text is None:  # no longer built at that version: another desk moved it
        raise ConcurrentEdit(RELOAD)
    uow.session.refresh(batch)
    columns: Any = PaymentBatch.__table__.c
    released = ("status", "released_by", "released_at", "instruction_sha256", "version")
    new = {name: masked(columns[name], getattr(batch, name)) for name in released}
    new["instruction_file"] = masked(columns.instruction_file, text)
    append_events(
        uow.session,
        [
            audit_row(
                uow.session,
                event_name="update",
                entity="payment_batches",
                entity_id=str(batch.id),
                old_values={"status": BatchStatus.BUILT.value, "version": version},
                new_values=new,
            )
        ],
    )
    return str(text)


@dataclass(frozen=True, slots=True)
class ReleasedBatch:
    batch: BatchView
    entry_seq: int
    file_name: str
    instruction_file: str
    sha256: str


@service(Action.RELEASE_BATCH, writes=True)
def release_batch(
    batch_id: int,
    *,
    expected_version: int | None = None,
    actor: Actor,
    uow: UnitOfWork,
) -> ReleasedBatch:
    """Release a built batch: money to payments in transit, and the instruction file."""
    batch = batch_row(uow, batch_id)
    if expected_version is not None and batch.version != expected_version:
        raise ConcurrentEdit(RELOAD)
    if batch.status is not BatchStatus.BUILT:
        raise RuleViolation(f"Batch {batch.id} is {batch.status.value}, not waiting for release.")
    BATCH_RELEASE.check(actor, batch.built_by)
    currency = batch.currency
    _refuse_shortfall(f"Batch {batch.id}", batch.total, fund_available(uow, currency))
    payments = batch_payments(uow, batch.id)
    if on_own_login(uow, actor):
        text = _released_by_the_database(uow, batch)
    else:
        text = _released_here(uow, actor, batch, payments)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    ids = [p.id for p, _c in payments]
    if advance(uow, Payment, ids, PaymentStatus.BATCHED, {"status": "released"}) != len(ids):
        raise ConcurrentEdit(RELOAD)
    instalments = [p.instalment_id for p, _c in payments]
    moved = advance(uow, Instalment, instalments, InstalmentStatus.BATCHED, {"status": "released"})
    if moved != len(instalments):
        raise ConcurrentEdit(RELOAD)
    entry = post(
        uow,
        kind="release",
        memo=f"Payment batch {batch.id} released ({len(ids)} {batch.channel.label} payments)",
        source=f"batch:{batch.id}:released",
        lines=[
            Line(AccountKind.FUND_BANK, -batch.total),
            Line(AccountKind.PAYMENTS_IN_TRANSIT, batch.total),
        ],
    )
    # The journal is locked from here to the commit: this balance is the final word.
    after = fund_available(uow, currency)
    if after.is_negative():
        _refuse_shortfall(f"Batch {batch.id}", batch.total, after + batch.total)
    log_access(
        uow,
        "payment instruction file",
        sorted({code for _p, code in payments}),
        f"instruction file of payment batch {batch.id}, released",
    )
    name = file_name(batch.id, batch.channel, currency.value)
    return ReleasedBatch(batch_view(uow, batch), entry, name, text, digest)
