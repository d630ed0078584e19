"""Posting journal entries: balanced per currency, hash-chained, never edited.

``post`` is the only way money moves. It refuses an unbalanced entry, an entry dated in
a closed period (the database refuses it too), and links the entry onto the journal's
hash chain; then, with the journal locked to the commit, it refuses an entry that takes
an account to the side it never carries (compfund/ledger/sign_rules.py). ``reverse``
posts the exact negation of an entry; an entry is reversed once.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import insert, select

from compfund.clock import today_in_cambodia, utc_now
from compfund.db.audit_hook import acting_login
from compfund.db.chain import append
from compfund.db.uow import UnitOfWork
from compfund.errors import NotFound, RuleViolation
from compfund.ledger.accounts import AccountKind, account_id
from compfund.ledger.sign_rules import keep_signs
from compfund.models import JournalEntry, JournalPosting, LedgerAccount, LedgerPeriod, Survivor
from compfund.models.ledger import JOURNAL_HASHED
from compfund.money import Money

_SAID = {"payment failed": "this failed payment", "payment returned": "this returned payment"}


@dataclass(frozen=True, slots=True)
class Line:
    """One posting: debit when ``amount`` is positive, credit when negative."""

    kind: AccountKind
    amount: Money
    survivor: Survivor | None = None


def closed_period(uow: UnitOfWork, day: date) -> str | None:
    month = f"{day:%Y-%m}"
    closed = uow.session.execute(
        select(LedgerPeriod.month).where(
            LedgerPeriod.month == month, LedgerPeriod.closed_at.is_not(None)
        )
    ).scalar()
    return str(closed) if closed else None


def _check_balanced(lines: list[Line]) -> None:
    totals: dict[str, int] = defaultdict(int)
    for line in lines:
        totals[line.amount.currency.value] += line.amount.minor
    unbalanced = {c: t for c, t in totals.items() if t != 0}
    if unbalanced or not lines:
        raise RuleViolation(f"A journal entry must balance in each currency; off by {unbalanced}.")


def post(
    uow: UnitOfWork,
    *,
    kind: str,
    memo: str,
    lines: list[Line],
    entry_date: date | None = None,
    source: str | None = None,
    reverses_seq: int | None = None,
) -> int:
    """Post one balanced entry; returns its journal number (chain position)."""
    day = entry_date or today_in_cambodia()
    _check_balanced(lines)
    if (month := closed_period(uow, day)) is not None:
        raise RuleViolation(
            f"The ledger period {month} is closed: date the entry in an open period "
            "(a correction to a closed period is posted today as a reversal)."
        )
    session = uow.session
    resolved = [(account_id(session, ln.kind, ln.amount.currency, ln.survivor), ln) for ln in lines]
    keys = dict(
        session.execute(
            select(LedgerAccount.id, LedgerAccount.key).where(
                LedgerAccount.id.in_([a for a, _ in resolved])
            )
        ).all()
    )
    canonical: list[Any] = [
        [keys[a], ln.amount.currency.value, ln.amount.minor] for a, ln in resolved
    ]
    row = {
        "entry_date": day,
        "recorded_at": utc_now(),
        "actor_login": acting_login(session),
        "kind": kind,
        "memo": memo[:300],
        "source": source,
        "reverses_seq": reverses_seq,
        "lines": canonical,
    }
    table = JournalEntry.__table__
    head = append(session.connection(), "journal", table, [row], JOURNAL_HASHED)  # type: ignore[arg-type]
    session.execute(
        insert(JournalPosting),
        [
            {
                "entry_seq": head.length,
                "account_id": a,
                "currency": ln.amount.currency,
                "amount_minor": ln.amount.minor,
            }
            for a, ln in resolved
        ],
    )
    said = _SAID.get(kind, f"this {kind}")
    if reverses_seq is not None:
        said = f"the reversal of entry {reverses_seq}"
    keep_signs(uow, said, [(a, ln.kind, ln.amount, ln.survivor) for a, ln in resolved])
    return head.length


def reverse(uow: UnitOfWork, entry_seq: int, reason: str) -> int:
    """Post the exact negation of entry ``entry_seq`` today; returns the reversal's number."""
    session = uow.session
    entry = session.execute(
        select(JournalEntry).where(JournalEntry.chain_seq == entry_seq)
    ).scalar_one_or_none()
    if entry is None:
        raise NotFound(f"No journal entry number {entry_seq}.")
    if entry.reverses_seq is not None:
        raise RuleViolation(f"Entry {entry_seq} is itself a reversal; post a new entry instead.")
    done = session.execute(
        select(JournalEntry.chain_seq).where(JournalEntry.reverses_seq == entry_seq)
    ).scalar()
    if done is not None:
        raise RuleViolation(f"Entry {entry_seq} was already reversed by entry {done}.")
    postings = session.execute(
        select(JournalPosting.account_id, JournalPosting.currency, JournalPosting.amount_minor)
        .where(JournalPosting.entry_seq == entry_seq)
        .order_by(JournalPosting.id)
    ).all()
    accounts = {a.id: a for a in session.execute(select(LedgerAccount)).scalars()}
    lines = []
    for acc_id, currency, minor in postings:
        account = accounts[acc_id]
        survivor = session.get(Survivor, account.survivor_id) if account.survivor_id else None
        lines.append(Line(AccountKind(account.kind), Money(-minor, currency), survivor))
    return post(
        uow,
        kind="reversal",
        memo=f"Reversal of entry {entry_seq}: {reason}",
        lines=lines,
        source=entry.source,
        reverses_seq=entry_seq,
    )
