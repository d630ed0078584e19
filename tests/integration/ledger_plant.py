"""Journal entries written by hand, as the schema's owner, for the tests of ``ledger check``.

A planted entry is chained exactly as ``post`` chains one (its hash, the chain's head),
with the database's triggers off, so the only thing wrong with it is the rule it was
planted to break: ``ledger check`` must find it all the same.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, select, update

from compfund.clock import today_in_cambodia, utc_now
from compfund.db.chain import append
from compfund.models import JournalEntry, JournalPosting, LedgerAccount, Survivor
from compfund.models.audit import ChainHead
from compfund.models.ledger import JOURNAL_HASHED
from compfund.money import Currency
from tests.conftest import TestDatabase


def triggers_off(conn: Any, database: TestDatabase) -> None:
    """Let the owner write what the database refuses (the append-only and sign rules),
    for this transaction (on SQLite, by dropping the journal's append-only triggers)."""
    if database.kind == "postgresql":
        conn.exec_driver_sql("SET LOCAL session_replication_role = replica")
    else:
        for table in ("journal_entries", "journal_postings"):
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS trg_{table}_no_update")


def plant_entry(database: TestDatabase, lines: dict[str, int], memo: str = "by hand") -> int:
    """An entry posting ``lines`` (account key, as ``kind:currency[:survivor]``: minor
    units, debit positive), opening any account it names; returns its number."""
    with database.engine.begin() as conn:
        triggers_off(conn, database)
        accounts: dict[str, int] = {}
        for key in lines:
            kind, currency, *survivor = key.split(":")
            found = conn.execute(select(LedgerAccount.id).where(LedgerAccount.key == key)).scalar()
            if found is None:
                survivor_id = (
                    conn.execute(select(Survivor.id).where(Survivor.code == survivor[0])).scalar()
                    if survivor
                    else None
                )
                found = conn.execute(
                    insert(LedgerAccount)
                    .values(
                        key=key, kind=kind, currency=Currency(currency), survivor_id=survivor_id
                    )
                    .returning(LedgerAccount.id)
                ).scalar_one()
            accounts[key] = int(found)
        row = {
            "entry_date": today_in_cambodia(),
            "recorded_at": utc_now(),
            "actor_login": "by hand",
            "kind": "by hand",
            "memo": memo,
            "source": None,
            "reverses_seq": None,
            "lines": [[key, key.split(":")[1], minor] for key, minor in lines.items()],
        }
        table: Any = JournalEntry.__table__
        head = append(conn, "journal", table, [row], JOURNAL_HASHED)
        if database.kind == "postgresql":  # the trigger that moves the head is off too
            conn.execute(
                update(ChainHead)
                .where(ChainHead.chain == "journal")
                .values(length=head.length, last_hash=head.last_hash)
            )
        conn.execute(
            insert(JournalPosting),
            [
                {
                    "entry_seq": head.length,
                    "account_id": accounts[key],
                    "currency": Currency(key.split(":")[1]),
                    "amount_minor": minor,
                }
                for key, minor in lines.items()
            ],
        )
    return head.length


def tamper(database: TestDatabase, *statements: str) -> None:
    """Change stored journal rows as the owner, with the append-only triggers off."""
    with database.engine.begin() as conn:
        triggers_off(conn, database)
        for statement in statements:
            conn.exec_driver_sql(statement)
