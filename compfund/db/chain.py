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
from collections.abc import Iterable, Mapping
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


def verify(
    connection: Connection,
    chain: str,
    table: Table,
    hashed: tuple[str, ...],
    expect_head: str | None = None,
) -> ChainReport:
    """Recompute ``chain`` from its first row; report the first row that does not match."""
    head = read_head(connection, chain)
    columns = [table.c.id, table.c.chain_seq, table.c.prev_hash, table.c.row_hash]
    columns += [table.c[name] for name in hashed if name != "prev_hash"]
    result = connection.execution_options(yield_per=2000).execute(
        select(*columns).order_by(table.c.chain_seq)
    )
    expected_seq, last_hash = 0, GENESIS
    seen_expected = expect_head is None or expect_head == GENESIS
    for row in result:
        expected_seq += 1
        values = row._mapping
        bad = None
        if values["chain_seq"] != expected_seq:
            bad = (
                f"row {expected_seq} of the chain is missing (next stored is {values['chain_seq']})"
            )
        elif values["prev_hash"] != last_hash:
            bad = "its previous-row hash does not match the row before it"
        else:
            content = {k: values[k] for k in hashed if k != "prev_hash"}
            if row_digest(content, last_hash) != values["row_hash"]:
                bad = "its content does not match its hash: it was changed after it was written"
        if bad:
            result.close()
            return ChainReport(
                chain,
                expected_seq - 1,
                last_hash,
                expected_seq,
                int(values["id"]),
                f"Row {expected_seq} (id {values['id']}): {bad}.",
            )
        last_hash = str(values["row_hash"])
        seen_expected = seen_expected or last_hash == expect_head
    rows = expected_seq
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
