"""The database's refusals in the fund's words, each with a stable key (as both drivers
word them: psycopg's primary message and SQLSTATE, sqlite3's text)."""

from __future__ import annotations

import io
import json
import sqlite3
from contextlib import redirect_stderr
from dataclasses import dataclass

import pytest
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from compfund.cli.output import fail
from compfund.db.refusals import translate
from compfund.errors import (
    ConcurrentEdit,
    DatabaseUnreachable,
    PermissionDenied,
    ReadOnlyRefusal,
    RuleViolation,
)


@dataclass
class Diag:
    message_primary: str


class PgError(Exception):
    """Shaped like a psycopg error: a SQLSTATE and a diagnostic."""

    def __init__(self, sqlstate: str, primary: str) -> None:
        super().__init__(f"{primary}\nCONTEXT: PL/pgSQL function ... line 4 at RAISE")
        self.sqlstate = sqlstate
        self.diag = Diag(primary)


def pg(kind: type[DBAPIError], sqlstate: str, primary: str) -> DBAPIError:
    return kind("UPDATE awards SET ...", {}, PgError(sqlstate, primary))


def lite(kind: type[DBAPIError], text: str) -> DBAPIError:
    return kind("UPDATE ...", {}, sqlite3.IntegrityError(text))


@pytest.mark.parametrize(
    ("error", "kind", "key", "params", "message"),
    [
        (
            pg(IntegrityError, "42501", "journal_postings is append-only"),
            RuleViolation,
            "database.append_only",
            {"record": "the journal"},
            "The database keeps the journal exactly as written: a correction is a new entry, "
            "never an edit or a deletion.",
        ),
        (
            lite(IntegrityError, "audit_events is append-only"),
            RuleViolation,
            "database.append_only",
            {"record": "the audit trail"},
            None,
        ),
        (
            pg(IntegrityError, "23514", "the ledger period 2026-01 is closed"),
            RuleViolation,
            "database.period_closed",
            {"month": "2026-01"},
            "The ledger month 2026-01 is closed: post the entry in an open month.",
        ),
        (
            lite(IntegrityError, "the ledger period of this entry is closed"),
            RuleViolation,
            "database.period_closed",
            {"month": ""},
            "The ledger month is closed: post the entry in an open month.",
        ),
        (
            pg(DBAPIError, "42501", "permission denied for table users"),
            PermissionDenied,
            "database.permission_denied",
            {},
            None,
        ),
        (
            pg(DBAPIError, "25006", "cannot execute INSERT in a read-only transaction"),
            ReadOnlyRefusal,
            "database.read_only",
            {},
            None,
        ),
        (
            lite(OperationalError, "attempt to write a readonly database"),
            ReadOnlyRefusal,
            "database.read_only",
            {},
            None,
        ),
        (pg(DBAPIError, "40P01", "deadlock detected"), ConcurrentEdit, "database.busy", {}, None),
        (lite(OperationalError, "database is locked"), ConcurrentEdit, "database.busy", {}, None),
        (
            pg(OperationalError, "08006", "server closed the connection unexpectedly"),
            DatabaseUnreachable,
            "database.connection_lost",
            {},
            None,
        ),
        (
            pg(IntegrityError, "23505", 'duplicate key value violates unique constraint "uq_x"'),
            RuleViolation,
            "database.duplicate",
            {},
            "The database refused the change: the record already exists.",
        ),
        (
            pg(IntegrityError, "23514", "a released or cancelled payment batch is final"),
            RuleViolation,
            "database.rule",
            {"rule": "a released or cancelled payment batch is final"},
            "The database refused the change: a released or cancelled payment batch is final.",
        ),
    ],
)
def test_each_refusal_has_its_key_words_and_params(
    error: DBAPIError, kind: type, key: str, params: dict[str, object], message: str | None
) -> None:
    said = translate(error)
    assert type(said) is kind
    assert (said.key, said.params) == (key, params)
    if message is not None:
        assert said.message == message
    for internal in ("UPDATE", "CONTEXT", "PL/pgSQL", "uq_x", "journal_postings", "audit_events"):
        assert internal not in said.message


def test_the_command_line_prints_the_key_and_params_in_json() -> None:
    refusal = translate(pg(IntegrityError, "23514", "the ledger period 2026-01 is closed"))
    err = io.StringIO()
    with redirect_stderr(err):
        code = fail(True, refusal)
    assert code == 1
    assert json.loads(err.getvalue()) == {
        "error": {
            "code": "refused",
            "key": "database.period_closed",
            "params": {"month": "2026-01"},
            "message": "The ledger month 2026-01 is closed: post the entry in an open month.",
        }
    }
