"""Preparing one database for the money state machine, and putting it back cheaply.

SQLite is restored from a snapshot through the backup API; PostgreSQL by deleting the
money rows with triggers off (as the superuser that runs the tests). ``fingerprint``
answers "did a refused operation change anything?" in one statement.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, bindparam, text
from sqlalchemy.engine import make_url

from compfund.actor import Actor
from compfund.db.engine import open_engine
from compfund.desk import Desk
from compfund.enums import ApplicationType, Channel
from tests.conftest import TestDatabase
from tests.integration.money_data import Office, office
from tests.integration.money_model import RATE

CHANNEL_OF = {  # each survivor: the currency of their awards and how they are paid
    0: ("USD", Channel.BANK_TRANSFER),
    1: ("USD", Channel.MOBILE_MONEY),
    2: ("KHR", Channel.BANK_TRANSFER),
    3: ("KHR", Channel.CASH_DOSVY),
}
APPLICATIONS_EACH = 4
MONEY_TABLES = (
    "reconciliation_lines",
    "reconciliations",
    "payments",
    "payment_batches",
    "instalments",
    "award_deductions",
    "award_heads",
    "awards",
    "other_compensation_received",
    "income_receipts",
    "journal_postings",
    "journal_entries",
    "ledger_accounts",
)


@dataclass
class Prepared:
    office: Office
    survivors: list[tuple[str, str, Channel, list[str]]]
    actors: dict[str, Actor]


def prepare(database: TestDatabase) -> Prepared:
    fund = office(database)
    fund.rate(str(RATE))
    survivors = []
    for n in range(len(CHANNEL_OF)):
        currency, channel = CHANNEL_OF[n]
        code, first = fund.eligible()
        apps = [first]
        for _ in range(APPLICATIONS_EACH - 1):
            apps.append(
                fund.eligible(kind=ApplicationType.COMPENSATION_AWARD, survivor_code=code)[1]
            )
        fund.payee(code, channel)
        survivors.append((code, currency, channel, apps))
    actors = {
        name: getattr(fund, name).actor
        for name in ("fund_officer", "approver", "approver2", "finance", "enforcement")
    }
    return Prepared(fund, survivors, actors)


class Restorer:
    """Puts the database back as prepared, cheaply, before each example."""

    def __init__(self, database: TestDatabase, prepared: Prepared, tmp: Path) -> None:
        self.database = database
        self.applications = [a for *_x, apps in prepared.survivors for a in apps]
        self.engine: Engine = database.engine
        if database.kind == "sqlite":
            source = Path(database.url.database or "")
            self.pristine = tmp / "pristine.sqlite"
            self.work = tmp / "work.sqlite"
            for desk in prepared.office.__dict__.values():
                if isinstance(desk, Desk):
                    desk.close()
            database.engine.dispose()
            with sqlite3.connect(source) as src, sqlite3.connect(self.pristine) as dst:
                src.backup(dst)
            self.engine = open_engine(make_url(f"sqlite+pysqlite:///{self.work}"))

    def restore(self) -> Engine:
        if self.database.kind == "sqlite":
            self.engine.dispose()
            with sqlite3.connect(self.pristine) as src, sqlite3.connect(self.work) as dst:
                src.backup(dst)
            return self.engine
        with self.engine.begin() as conn:
            conn.execute(text("SET LOCAL session_replication_role = replica"))
            for table in MONEY_TABLES:
                conn.execute(text(f"DELETE FROM {table}"))
            conn.execute(
                text("UPDATE chain_heads SET length = 0, last_hash = :g WHERE chain = 'journal'"),
                {"g": "0" * 64},
            )
            conn.execute(  # the award steps the workflow recorded, then their effect
                text(
                    "DELETE FROM status_changes WHERE step IN "
                    "('recommend award', 'approve award', 'reject award')"
                )
            )
            conn.execute(
                text("UPDATE applications SET status = 'eligible' WHERE code IN :codes").bindparams(
                    bindparam("codes", expanding=True)
                ),
                {"codes": self.applications},
            )
        return self.engine


VERSIONED = {
    "payments",
    "payment_batches",
    "instalments",
    "awards",
    "reconciliation_lines",
    "applications",
}
FINGERPRINT = " UNION ALL ".join(
    [
        f"SELECT '{t}', count(*), "
        + ("coalesce(sum(version), 0)" if t in VERSIONED else "coalesce(max(id), 0)")
        + f" FROM {t}"
        for t in (*MONEY_TABLES, "applications")
    ]
    + ["SELECT chain, length, 0 FROM chain_heads"]
)


def fingerprint(engine: Engine) -> set[tuple[Any, ...]]:
    """For "a refused operation changes nothing", in one statement: every money table's
    rows (an insert), versions (any update: every guarded or ORM change bumps the row's
    version) and both hash chains (every change is audited, every posting journaled).
    Nothing can be deleted: triggers refuse it."""
    with engine.connect() as conn:
        return {tuple(r) for r in conn.execute(text(FINGERPRINT))}
