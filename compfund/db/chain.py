"""Hash chains over append-only tables (the audit trail; later the ledger journal).

Each row carries ``chain_seq`` (its place in the chain), ``prev_hash`` (the previous
row's hash) and ``row_hash`` = SHA-256 of the row's canonical content including
``prev_hash``. Writers serialise on the chain: on PostgreSQL on its advisory lock
(``CHAIN_LOCKS``), and there the database itself moves the chain's head in
``chain_heads`` as each row is inserted (refusing a row that does not extend the chain;
no officer may update a head); on SQLite ``BEGIN IMMEDIATE`` already serialises
writers and this module moves the head. So concurrent desks can never fork the chain. Changing, removing or reordering any
row breaks every later hash; ``verify`` finds the first row that does not match.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Generator, Iterable, Mapping
from contextlib import closing
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Table, func, select, update

from compfund.clock import as_utc
from compfund.models.audit import ChainHead

GENESIS = "0" * 64
# pg_advisory_xact_lock keys of each chain (migrations/rules_hold.py CHAIN_LOCKS)
CHAIN_LOCKS = {"audit": 74_610_101, "journal": 74_610_102}


def _canonical(value: Any) -> Any:
    if isinstance(value, datetime):
        return as_utc(value).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if isinstance(value, date):
        return value.isoformat()
    return value


def row_digest(content: Mapping[str, Any], prev_hash: str) -> str:
    """SHA-256 of a row's content (every hashed column) and the previous row's hash."""
    body = {key: _canonical(value) for key, value in content.items()}
    body["prev_hash"] = prev_hash
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Head:
    chain: str
    length: int
    last_hash: str


def read_head(connection: Connection, chain: str, *, lock: bool = False) -> Head:
    """The chain's head; with ``lock``, after taking the chain for this transaction."""
    if lock and connection.dialect.name == "postgresql":
        connection.execute(select(func.pg_advisory_xact_lock(CHAIN_LOCKS[chain])))
    query = select(ChainHead.length, ChainHead.last_hash).where(ChainHead.chain == chain)
    length, last_hash = connection.execute(query).one()
    return Head(chain, int(length), str(last_hash))


def append(
    connection: Connection,
    chain: str,
    table: Table,
    rows: Iterable[dict[str, Any]],
    hashed: tuple[str, ...],
) -> Head:
    """Append ``rows`` to ``table`` as the next links of ``chain``; returns the new head."""
    head = read_head(connection, chain, lock=True)
    length, last_hash = head.length, head.last_hash
    linked: list[dict[str, Any]] = []
    for row in rows:
        length += 1
        row = dict(row, chain_seq=length, prev_hash=last_hash)
        row["row_hash"] = row_digest({k: row[k] for k in hashed if k != "prev_hash"}, last_hash)
        last_hash = row["row_hash"]
        linked.append(row)
    if not linked:
        return head
    connection.execute(table.insert(), linked)
    if connection.dialect.name == "postgresql":
        return Head(chain, length, last_hash)  # the database moved the head
    connection.execute(
        update(ChainHead)
        .where(ChainHead.chain == chain, ChainHead.length == head.length)
        .values(length=length, last_hash=last_hash)
    )
    return Head(chain, length, last_hash)


@dataclass(frozen=True, slots=True)
class ChainReport:
    chain: str
    rows: int
    head: str
    first_bad_seq: int | None = None
    first_bad_id: int | None = None
    problem: str | None = None

    @property
    def intact(self) -> bool:
        return self.problem is None

    def to_json(self) -> dict[str, object]:
        return {
            "chain": self.chain,
            "intact": self.intact,
            "rows": self.rows,
            "head": self.head,
            "first_bad_seq": self.first_bad_seq,
            "first_bad_id": self.first_bad_id,
            "problem": self.problem,
        }


MISSING = "missing"  # positions with no row (removed)
RELINKED = "relinked"  # the row does not follow the one before it
CHANGED = "changed"  # the row's content does not match its hash
TAIL_REMOVED = "tail removed"  # the head records rows that are not there
UNRECORDED = "unrecorded"  # rows past the recorded head
HEAD_OTHER = "head other"  # as many rows as the head says, but another last row


@dataclass(frozen=True, slots=True)
class Break:
    """One place where a chain does not hold: positions ``seq`` to ``last`` (one row, or
    a run of missing ones), and what is wrong there."""

    seq: int
    fault: str
    row_id: int | None = None
    last: int | None = None


def _walk(
    connection: Connection, table: Table, hashed: tuple[str, ...]
) -> Generator[tuple[Any, list[Break]]]:
    """Every stored row in chain order, with what is wrong with it on its own: a gap
    before it, a link to a row that is not the one before it, content that does not match
    its hash (each judged against the row's own stored links, so one change is one break)."""
    columns = [table.c.id, table.c.chain_seq, table.c.prev_hash, table.c.row_hash]
    columns += [table.c[name] for name in hashed if name != "prev_hash"]
    result = connection.execution_options(yield_per=2000).execute(
        select(*columns).order_by(table.c.chain_seq)
    )
    expected_seq, last_hash = 0, GENESIS
    try:
        for row in result:
            expected_seq += 1
            values = row._mapping
            found: list[Break] = []
            seq, row_id = int(values["chain_seq"]), int(values["id"])
            if seq != expected_seq:
                found.append(Break(expected_seq, MISSING, row_id, seq - 1))
                expected_seq = seq
            elif values["prev_hash"] != last_hash:
                found.append(Break(seq, RELINKED, row_id))
            content = {k: values[k] for k in hashed if k != "prev_hash"}
            if row_digest(content, str(values["prev_hash"])) != values["row_hash"]:
                found.append(Break(seq, CHANGED, row_id))
            yield values, found
            last_hash = str(values["row_hash"])
    finally:
        result.close()


def breaks(
    connection: Connection, chain: str, table: Table, hashed: tuple[str, ...]
) -> tuple[int, list[Break]]:
    """Every place ``chain`` does not hold, in order (not only the first); and how many
    rows it holds."""
    head = read_head(connection, chain)
    found: list[Break] = []
    rows, last_seq, last_hash = 0, 0, GENESIS
    for values, faults in _walk(connection, table, hashed):
        rows += 1
        found += faults
        last_seq, last_hash = int(values["chain_seq"]), str(values["row_hash"])
    if head.length > last_seq:
        found.append(Break(last_seq + 1, TAIL_REMOVED, None, head.length))
    elif head.length < last_seq:
        found.append(Break(head.length + 1, UNRECORDED, None, last_seq))
    elif last_hash != head.last_hash:
        found.append(Break(last_seq, HEAD_OTHER))
    return rows, found


_SAID = {
    MISSING: "row {seq} of the chain is missing (next stored is {next})",
    RELINKED: "its previous-row hash does not match the row before it",
    CHANGED: "its content does not match its hash: it was changed after it was written",
}


def verify(
    connection: Connection,
    chain: str,
    table: Table,
    hashed: tuple[str, ...],
    expect_head: str | None = None,
) -> ChainReport:
    """Recompute ``chain`` from its first row; report the first row that does not match."""
    head = read_head(connection, chain)
    rows, last_hash = 0, GENESIS
    seen_expected = expect_head is None or expect_head == GENESIS
    with closing(_walk(connection, table, hashed)) as walk:
        for values, faults in walk:
            if faults:
                bad = faults[0]
                said = _SAID[bad.fault].format(seq=bad.seq, next=values["chain_seq"])
                problem = f"Row {bad.seq} (id {bad.row_id}): {said}."
                return ChainReport(chain, rows, last_hash, bad.seq, bad.row_id, problem)
            rows += 1
            last_hash = str(values["row_hash"])
            seen_expected = seen_expected or last_hash == expect_head
    if rows != head.length or last_hash != head.last_hash:
        return ChainReport(
            chain,
            rows,
            last_hash,
            rows + 1,
            None,
            f"The chain has {rows} rows ending in {last_hash[:12]}..., but its "
            f"recorded head says {head.length} rows ending in "
            f"{head.last_hash[:12]}...: rows were removed or the head was altered.",
        )
    if not seen_expected:
        return ChainReport(
            chain,
            rows,
            last_hash,
            rows + 1,
            None,
            f"The expected head {expect_head} is not in the chain: rows after it "
            "were removed (a truncated tail) or the chain was rewritten.",
        )
    return ChainReport(chain, rows, last_hash)
