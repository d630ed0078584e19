"""``compfund ledger check``: every invariant of the journal, over the whole journal.

1. the journal's hash chain recomputes (nothing changed, removed or reordered);
2. every entry balances in each currency;
3. the postings kept for balances are exactly the entry's hashed lines;
4. a reversal negates exactly the entry it names, and names one that exists;
5. no entry was recorded into a period after that period was closed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select

from compfund.actor import Actor
from compfund.clock import as_utc
from compfund.db.chain import verify
from compfund.db.uow import UnitOfWork
from compfund.models import JournalEntry, JournalPosting, LedgerAccount, LedgerPeriod
from compfund.models.ledger import JOURNAL_HASHED
from compfund.permissions import Action
from compfund.service import service


@dataclass(frozen=True, slots=True)
class LedgerCheck:
    entries: int
    problem: str | None = None
    entry_seq: int | None = None

    @property
    def sound(self) -> bool:
        return self.problem is None


def _lines_of(postings: list[tuple[int, str, int]], keys: dict[int, str]) -> list[list[object]]:
    return sorted([[keys[a], c, m] for a, c, m in postings], key=repr)


@service(Action.EXPORT_LEDGER, writes=False)
def check_ledger(*, actor: Actor, uow: UnitOfWork) -> LedgerCheck:
    connection = uow.session.connection()
    table = JournalEntry.__table__
    chain = verify(connection, "journal", table, JOURNAL_HASHED)  # type: ignore[arg-type]
    if not chain.intact:
        return LedgerCheck(chain.rows, chain.problem, chain.first_bad_seq)
    keys = dict(uow.session.execute(select(LedgerAccount.id, LedgerAccount.key)).all())
    postings: dict[int, list[tuple[int, str, int]]] = defaultdict(list)
    for seq, account, currency, minor in uow.session.execute(
        select(
            JournalPosting.entry_seq,
            JournalPosting.account_id,
            JournalPosting.currency,
            JournalPosting.amount_minor,
        )
    ):
        postings[seq].append((account, str(getattr(currency, "value", currency)), int(minor)))
    closed = {
        month: as_utc(at)
        for month, at in uow.session.execute(
            select(LedgerPeriod.month, LedgerPeriod.closed_at).where(
                LedgerPeriod.closed_at.is_not(None)
            )
        )
        if at is not None
    }
    lines_by_seq: dict[int, list[list[object]]] = {}
    count = 0
    for entry in uow.session.execute(
        select(JournalEntry).order_by(JournalEntry.chain_seq)
    ).scalars():
        count += 1
        seq = entry.chain_seq
        stored = sorted([list(x) for x in entry.lines], key=repr)
        lines_by_seq[seq] = stored
        totals: dict[str, int] = defaultdict(int)
        for _key, currency, minor in stored:
            totals[str(currency)] += int(minor)
        if any(totals.values()):
            return LedgerCheck(count, f"Entry {seq} does not balance: {dict(totals)}.", seq)
        if _lines_of(postings.get(seq, []), keys) != stored:
            return LedgerCheck(
                count, f"Entry {seq}'s postings differ from its recorded lines.", seq
            )
        if entry.reverses_seq is not None:
            original = lines_by_seq.get(entry.reverses_seq)
            negated = sorted([[k, c, -int(m)] for k, c, m in original or []], key=repr)  # type: ignore[call-overload]
            if original is None or negated != stored:
                return LedgerCheck(
                    count, f"Entry {seq} does not exactly reverse entry {entry.reverses_seq}.", seq
                )
        closed_at = closed.get(f"{entry.entry_date:%Y-%m}")
        if closed_at is not None and as_utc(entry.recorded_at) > closed_at:
            return LedgerCheck(
                count,
                f"Entry {seq} was recorded into {entry.entry_date:%Y-%m} after it closed.",
                seq,
            )
    return LedgerCheck(count)
