"""``compfund ledger check``: every invariant of the journal, over the whole journal.

1. the journal's hash chain recomputes (nothing changed, removed or reordered);
2. every entry balances in each currency;
3. the postings kept for balances are exactly the entry's hashed lines (and none is kept
   for an entry that is not in the journal);
4. a reversal negates exactly the entry it names, names one that exists, and is the only
   reversal of it;
5. no entry was recorded into a period after that period was closed;
6. the sign rules (compfund/ledger/accounts.py): the fund's bank account and payments in
   transit never went into credit, awards payable and recoveries owed never into debit,
   after any entry.

The check does not stop at the first problem: it lists every one it finds, each with the
entry it is about, in words an officer can act on (an entry's number, an account's name
and a survivor's code; never a hash or a database id). A broken chain is listed and the
other checks still run over the entries as they are stored.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select

from compfund.actor import Actor
from compfund.clock import as_utc
from compfund.db import chain
from compfund.db.uow import UnitOfWork
from compfund.ledger.accounts import AccountKind, account_name
from compfund.ledger.sign_rules import capitalised
from compfund.models import JournalEntry, JournalPosting, LedgerAccount, LedgerPeriod, Survivor
from compfund.models.ledger import JOURNAL_HASHED
from compfund.money import Currency, Money
from compfund.permissions import Action
from compfund.service import service


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in the journal, and the entry it is about (or begins at)."""

    entry_seq: int
    message: str


@dataclass(frozen=True, slots=True)
class LedgerCheck:
    entries: int
    problems: tuple[Problem, ...] = ()

    @property
    def sound(self) -> bool:
        return not self.problems


def _entries(first: int, last: int | None) -> str:
    return f"Entry {first} is" if last in (None, first) else f"Entries {first} to {last} are"


def _chain_problem(broken: chain.Break) -> Problem:
    seq, span = broken.seq, _entries(broken.seq, broken.last)
    said = {
        chain.MISSING: f"{span} missing from the journal: removed after being recorded.",
        chain.RELINKED: f"Entry {seq} no longer follows the entry before it in the journal: "
        "an entry before it was rewritten, removed or put in another order.",
        chain.CHANGED: f"Entry {seq} was changed after it was recorded: what it says no "
        "longer matches its seal.",
        chain.TAIL_REMOVED: f"{span} recorded but no longer in the journal: the last "
        "entries were removed.",
        chain.UNRECORDED: f"{span} in the journal but were never recorded by the fund's "
        "system: written in by hand.",
        chain.HEAD_OTHER: f"Entry {seq} is not the entry the journal recorded last: it was "
        "rewritten.",
    }
    return Problem(seq, said[broken.fault])


def _amount(minor: int, currency: object) -> str:
    try:
        return str(Money(minor, Currency(str(currency))))
    except ValueError:
        return f"{minor} hundredths of {currency!r}"


def _lines_of(postings: list[tuple[int, str, int]], keys: dict[int, str]) -> list[list[object]]:
    return sorted([[keys[a], c, m] for a, c, m in postings], key=repr)


def _stored_lines(lines: object) -> list[list[object]] | None:
    """An entry's hashed lines as [account, currency, minor], or None if unreadable."""
    try:
        read = [[str(k), str(c), int(m)] for k, c, m in lines]  # type: ignore[attr-defined]
    except (TypeError, ValueError):
        return None
    return sorted(read, key=repr)


_KINDS = {kind.value for kind in AccountKind}


class _Signs:
    """Each ruled account's balance, entry after entry, and when it was on its wrong side."""

    def __init__(self, uow: UnitOfWork) -> None:
        self.accounts: dict[int, tuple[AccountKind, Currency, str | None]] = {}
        for account, kind, currency, code in uow.session.execute(
            select(
                LedgerAccount.id, LedgerAccount.kind, LedgerAccount.currency, Survivor.code
            ).outerjoin(Survivor, Survivor.id == LedgerAccount.survivor_id)
        ):
            if kind in _KINDS and AccountKind(kind).never:
                self.accounts[account] = (AccountKind(kind), Currency(currency), code)
        self.balance: dict[int, int] = defaultdict(int)
        self.since: dict[int, tuple[int, int]] = {}  # account -> (entry, worst balance)
        self.problems: list[Problem] = []

    def after(self, seq: int, postings: list[tuple[int, str, int]]) -> None:
        for account in {a for a, _c, _m in postings if a in self.accounts}:
            self.balance[account] += sum(m for a, _c, m in postings if a == account)
            kind, _currency, _code = self.accounts[account]
            now = self.balance[account]
            if kind.wrong_side(now):
                start, worst = self.since.get(account, (seq, now))
                self.since[account] = (start, max(worst, now, key=abs))
            elif account in self.since:
                start, worst = self.since.pop(account)
                name, plural = self._name(account)
                self.problems.append(
                    Problem(
                        start,
                        f"{name} went into {kind.never} at entry {start} (as far as "
                        f"{self._money(account, worst)}) until entry {seq} brought "
                        f"{'them' if plural else 'it'} back.",
                    )
                )

    def _name(self, account: int) -> tuple[str, bool]:
        name, plural = account_name(*self.accounts[account])
        return capitalised(name), plural

    def _money(self, account: int, minor: int) -> Money:
        return Money(minor, self.accounts[account][1])

    def at_the_end(self) -> list[Problem]:
        for account, (start, _worst) in self.since.items():
            kind = self.accounts[account][0]
            name, plural = self._name(account)
            balance = self._money(account, self.balance[account])
            self.problems.append(
                Problem(
                    start,
                    f"{name} {'carry' if plural else 'carries'} a {kind.never} balance of "
                    f"{balance}: {'they' if plural else 'it'} went into {kind.never} at "
                    f"entry {start}.",
                )
            )
        return self.problems


@service(Action.EXPORT_LEDGER, writes=False)
def check_ledger(*, actor: Actor, uow: UnitOfWork) -> LedgerCheck:
    table = JournalEntry.__table__
    _rows, breaks = chain.breaks(uow.session.connection(), "journal", table, JOURNAL_HASHED)  # type: ignore[arg-type]
    problems = [_chain_problem(b) for b in breaks]
    keys = dict(uow.session.execute(select(LedgerAccount.id, LedgerAccount.key)).all())
    postings: dict[int, list[tuple[int, str, int]]] = defaultdict(list)
    for seq, account, currency, minor in uow.session.execute(
        select(
            JournalPosting.entry_seq,
            JournalPosting.account_id,
            JournalPosting.currency,
            JournalPosting.amount_minor,
        ).order_by(JournalPosting.id)
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
    signs = _Signs(uow)
    lines_by_seq: dict[int, list[list[object]]] = {}
    reversed_by: dict[int, int] = {}
    seen: set[int] = set()
    for entry in uow.session.execute(
        select(JournalEntry).order_by(JournalEntry.chain_seq)
    ).scalars():
        seq = entry.chain_seq
        seen.add(seq)
        signs.after(seq, postings.get(seq, []))
        stored = _stored_lines(entry.lines)
        if stored is None:
            problems.append(Problem(seq, f"Entry {seq}'s recorded lines cannot be read."))
            continue
        lines_by_seq[seq] = stored
        totals: dict[str, int] = defaultdict(int)
        for _key, cur, amount in stored:
            totals[str(cur)] += int(amount)  # type: ignore[call-overload]
        off = [
            f"its {'debits' if t > 0 else 'credits'} exceed its "
            f"{'credits' if t > 0 else 'debits'} by {_amount(abs(t), c)}"
            for c, t in sorted(totals.items())
            if t
        ]
        if off:
            problems.append(Problem(seq, f"Entry {seq} does not balance: {'; '.join(off)}."))
        if _lines_of(postings.get(seq, []), keys) != stored:
            problems.append(
                Problem(
                    seq,
                    f"Entry {seq}'s postings (what the balances are made of) differ from "
                    "its recorded lines.",
                )
            )
        if (original_seq := entry.reverses_seq) is not None:
            original = lines_by_seq.get(original_seq)
            negated = sorted([[k, c, -int(m)] for k, c, m in original or []], key=repr)  # type: ignore[call-overload]
            if original is None:
                problems.append(
                    Problem(
                        seq,
                        f"Entry {seq} says it reverses entry {original_seq}, which is not an "
                        "earlier entry of the journal.",
                    )
                )
            elif negated != stored:
                problems.append(
                    Problem(seq, f"Entry {seq} does not exactly reverse entry {original_seq}.")
                )
            if (first := reversed_by.setdefault(original_seq, seq)) != seq:
                problems.append(
                    Problem(
                        seq,
                        f"Entry {seq} reverses entry {original_seq} again: entry {first} "
                        "already reversed it.",
                    )
                )
        closed_at = closed.get(f"{entry.entry_date:%Y-%m}")
        if closed_at is not None and as_utc(entry.recorded_at) > closed_at:
            problems.append(
                Problem(
                    seq,
                    f"Entry {seq} was recorded into {entry.entry_date:%Y-%m} after that "
                    "month was closed.",
                )
            )
    for seq in sorted(set(postings) - seen):
        problems.append(
            Problem(
                seq,
                f"Postings are kept for entry {seq}, which is not in the journal: they "
                "count in the fund's balances without an entry.",
            )
        )
    problems += signs.at_the_end()
    problems.sort(key=lambda p: p.entry_seq)
    return LedgerCheck(len(seen), tuple(problems))
