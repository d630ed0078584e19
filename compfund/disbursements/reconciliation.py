"""Reconciliation: a bank's or provider's statement matched against a released batch.

The statement is a CSV file with a header row naming at least ``key``, ``amount``,
``currency`` and ``payee`` (the account or mobile number paid; for cash, the payee's
name), and optionally ``reference``. Each line is matched by its payment key, then its
amount and payee:

| category | means |
|---|---|
| matched | key, amount and payee agree |
| missing | a payment of the batch that the statement does not show |
| unexpected | a statement line whose key is not a payment of the batch |
| amount mismatch | the key is ours, the amount or currency is not |
| payee mismatch | the key and amount are ours, the payee is not |
| duplicate | a key shown again after its first line |

Every difference waits for a person to resolve it, and the resolution is recorded with
who and when; nothing is corrected silently. Only when asked, matched lines of released
payments are confirmed as paid, through the same guarded change as a confirmation.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import undefer

from compfund.actor import Actor
from compfund.clock import utc_now
from compfund.codes import parse_payment_key
from compfund.db.uow import RELOAD, UnitOfWork
from compfund.disbursements.batch_view import batch_row
from compfund.disbursements.payment import pay
from compfund.enums import BatchStatus, MatchCategory, PaymentStatus
from compfund.errors import CompfundError, ConcurrentEdit, InvalidInput, NotFound, RuleViolation
from compfund.models import Payment, Reconciliation, ReconciliationLine
from compfund.money import Currency, Money
from compfund.permissions import Action
from compfund.reasons import RECONCILIATION
from compfund.service import service

REQUIRED = ("key", "amount", "currency", "payee")
MAX_STATEMENT_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class StatementLine:
    row: int
    key: str
    amount: Money | None
    currency: str
    payee: str
    reference: str


@dataclass(frozen=True, slots=True)
class Difference:
    line_id: int
    category: MatchCategory
    key: str | None
    row: int | None
    detail: str
    resolution: str | None
    version: int

    def to_json(self) -> dict[str, object]:
        return {
            "line": self.line_id,
            "category": self.category.value,
            "key": self.key,
            "row": self.row,
            "detail": self.detail,
            "resolution": self.resolution,
            "version": self.version,
        }


@dataclass(frozen=True, slots=True)
class ReconciliationResult:
    reconciliation_id: int
    batch_id: int
    counts: dict[str, int]
    differences: tuple[Difference, ...]
    confirmed: int

    def to_json(self) -> dict[str, object]:
        return {
            "reconciliation": self.reconciliation_id,
            "batch": self.batch_id,
            "counts": self.counts,
            "confirmed": self.confirmed,
            "differences": [d.to_json() for d in self.differences],
        }


def comparable(text: str) -> str:
    """A payee as compared: case, spaces and punctuation aside."""
    return re.sub(r"[\W_]+", "", text.casefold())


def read_statement(content: bytes) -> list[StatementLine]:
    """The statement's lines, or InvalidInput naming the first malformed row."""
    if len(content) > MAX_STATEMENT_BYTES:
        raise InvalidInput("The statement is larger than 5 MB: split it by batch.")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput("The statement is not UTF-8 text: save it as CSV (UTF-8).") from None
    reader = csv.DictReader(io.StringIO(text))
    header = {(h or "").strip().lower(): h for h in (reader.fieldnames or [])}
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise InvalidInput(f"The statement has no column {', '.join(missing)} in its header row.")
    lines = []
    for row in reader:
        row_number = reader.line_num  # the file's own line number (blank lines count)

        def cell(name: str, row: dict[str, str | None] = row) -> str:
            source = header.get(name)
            return (row.get(source) or "").strip() if source else ""

        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue
        currency = cell("currency").upper()
        try:
            amount: Money | None = Money.of(cell("amount"), currency)
        except CompfundError:
            amount = None
        lines.append(
            StatementLine(
                row_number,
                _key(cell("key")),
                amount,
                currency,
                cell("payee"),
                cell("reference")[:80],
            )
        )
    return lines


def _key(text: str) -> str:
    try:
        return parse_payment_key(text)
    except InvalidInput:
        return text.upper()


def _payee_of(payment: Payment) -> str:
    return payment.account or payment.payee_name


def _match(
    lines: list[StatementLine], payments: dict[str, Payment]
) -> list[tuple[MatchCategory, Payment | None, StatementLine | None]]:
    results: list[tuple[MatchCategory, Payment | None, StatementLine | None]] = []
    seen: Counter[str] = Counter()
    for line in lines:
        seen[line.key] += 1
        payment = payments.get(line.key)
        if seen[line.key] > 1:
            results.append((MatchCategory.DUPLICATE, payment, line))
        elif payment is None:
            results.append((MatchCategory.UNEXPECTED, None, line))
        elif line.amount != payment.amount:
            results.append((MatchCategory.AMOUNT_MISMATCH, payment, line))
        elif comparable(line.payee) != comparable(_payee_of(payment)):
            results.append((MatchCategory.PAYEE_MISMATCH, payment, line))
        else:
            results.append((MatchCategory.MATCHED, payment, line))
    results += [(MatchCategory.MISSING, p, None) for k, p in payments.items() if k not in seen]
    return results


def _detail(line: ReconciliationLine, payment: Payment | None) -> str:
    shown = (
        str(Money(line.statement_minor, Currency(line.statement_currency)))
        if line.statement_minor is not None and line.statement_currency
        else "no readable amount"
    )
    expected = str(payment.amount) if payment else None
    return {
        MatchCategory.MATCHED: f"matches, {expected}",
        MatchCategory.MISSING: f"not on the statement: {expected} was released",
        MatchCategory.UNEXPECTED: f"not a payment of this batch: {shown}",
        MatchCategory.AMOUNT_MISMATCH: f"statement shows {shown}, the batch paid {expected}",
        MatchCategory.PAYEE_MISMATCH: "the statement's payee is not the one instructed",
        MatchCategory.DUPLICATE: f"the key appears again on the statement ({shown})",
    }[line.category]


def _differences(uow: UnitOfWork, reconciliation_id: int) -> list[Difference]:
    rows = uow.session.execute(
        select(ReconciliationLine, Payment)
        .outerjoin(Payment, Payment.id == ReconciliationLine.payment_id)
        .where(
            ReconciliationLine.reconciliation_id == reconciliation_id,
            ReconciliationLine.category != MatchCategory.MATCHED,
        )
        .order_by(ReconciliationLine.id)
    ).all()
    return [
        Difference(
            line.id,
            line.category,
            line.statement_key or (payment.idempotency_key if payment else None),
            line.row_number,
            _detail(line, payment),
            line.resolution,
            line.version,
        )
        for line, payment in rows
    ]


@service(Action.RECONCILE_STATEMENT, writes=True)
def reconcile_statement(
    batch_id: int,
    filename: str,
    content: bytes,
    *,
    confirm_matched: bool = False,
    actor: Actor,
    uow: UnitOfWork,
) -> ReconciliationResult:
    """Import a statement for a released batch and list what does not match."""
    batch = batch_row(uow, batch_id)
    if batch.status is not BatchStatus.RELEASED:
        raise RuleViolation(f"Batch {batch.id} is {batch.status.value}: reconcile a released one.")
    digest = hashlib.sha256(content).hexdigest()
    earlier = uow.session.execute(
        select(Reconciliation.id).where(
            Reconciliation.batch_id == batch.id, Reconciliation.sha256 == digest
        )
    ).scalar()
    if earlier is not None:
        raise RuleViolation(f"This statement was already imported as reconciliation {earlier}.")
    lines = read_statement(content)
    payments = {
        p.idempotency_key: p
        for p in uow.session.execute(
            select(Payment)
            .where(Payment.batch_id == batch.id, Payment.status != PaymentStatus.CANCELLED)
            .options(undefer(Payment.payee_name), undefer(Payment.account))
        ).scalars()
    }
    reconciliation = Reconciliation(
        batch_id=batch.id,
        filename=filename[:255],
        sha256=digest,
        imported_by=actor.login,
        imported_at=utc_now(),
    )
    uow.session.add(reconciliation)
    uow.session.flush()
    counts: Counter[str] = Counter({c.value: 0 for c in MatchCategory})
    to_confirm: list[tuple[str, str]] = []
    for category, payment, line in _match(lines, payments):
        counts[category.value] += 1
        uow.session.add(
            ReconciliationLine(
                reconciliation_id=reconciliation.id,
                category=category,
                payment_id=payment.id if payment else None,
                row_number=line.row if line else None,
                statement_key=line.key[:80] if line else None,
                statement_currency=line.currency[:3] if line else None,
                statement_minor=line.amount.minor if line and line.amount else None,
                statement_payee=line.payee[:120] if line else None,
                statement_reference=line.reference if line else None,
            )
        )
        if category is MatchCategory.MATCHED and payment and line:
            to_confirm.append((payment.idempotency_key, line.reference))
    uow.session.flush()
    confirmed = 0
    if confirm_matched:
        for key, reference in to_confirm:
            if pay(uow, actor, key, reference or "statement", None).changed:
                confirmed += 1
    return ReconciliationResult(
        reconciliation.id,
        batch.id,
        dict(counts),
        tuple(_differences(uow, reconciliation.id)),
        confirmed,
    )


@service(Action.RECONCILE_STATEMENT, writes=True)
def resolve_difference(
    line_id: int,
    resolution: str,
    *,
    expected_version: int | None = None,
    actor: Actor,
    uow: UnitOfWork,
) -> Difference:
    """Record how a person resolved one difference (once; the resolution is kept)."""
    line = uow.session.get(ReconciliationLine, line_id)
    if line is None:
        raise NotFound(f"No reconciliation line number {line_id}.")
    if line.category is MatchCategory.MATCHED:
        raise RuleViolation(f"Line {line_id} matched: there is nothing to resolve.")
    if expected_version is not None and line.version != expected_version:
        raise ConcurrentEdit(RELOAD)
    if line.resolution is not None:
        raise RuleViolation(f"Line {line_id} was already resolved by {line.resolved_by}.")
    text = RECONCILIATION.read(resolution)
    line.resolution = text
    line.resolved_by = actor.login
    line.resolved_at = utc_now()
    uow.session.flush()
    return next(d for d in _differences(uow, line.reconciliation_id) if d.line_id == line_id)


@service(Action.VIEW_MONEY, writes=False)
def open_differences(*, actor: Actor, uow: UnitOfWork) -> list[Difference]:
    """Every difference not yet resolved, in every reconciliation."""
    ids = uow.session.execute(select(Reconciliation.id).order_by(Reconciliation.id)).scalars()
    return [d for rid in list(ids) for d in _differences(uow, rid) if d.resolution is None]
