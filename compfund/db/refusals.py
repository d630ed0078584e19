"""The database's own refusals, in the fund's words: one translation for every desk.

Triggers, constraints, grants and row-level security refuse what the services would
never ask for, so these errors reach an officer only when something was bypassed or
raced. ``translate`` turns a driver error (psycopg or sqlite3, wrapped by SQLAlchemy)
into a ``CompfundError`` with a stable ``key`` and the ``params`` of its message;
``compfund.desk.Desk`` calls it, so the window and the command line say the same thing.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from compfund.errors import (
    CompfundError,
    ConcurrentEdit,
    DatabaseUnreachable,
    Param,
    PermissionDenied,
    ReadOnlyRefusal,
    RuleViolation,
)

RECORDS = {
    "audit_events": "the audit trail",
    "chain_heads": "the audit trail",
    "journal_entries": "the journal",
    "journal_postings": "the journal",
    "eligibility_decisions": "an eligibility decision",
    "decision_rule_results": "an eligibility decision",
    "status_changes": "an application's history",
    "award_policy_amounts": "an award policy",
    "policy_amounts": "an eligibility policy",
    "reconciliations": "a bank statement reconciliation",
}
"""The stored records a refusal may name, in the words an officer knows them by."""

READ_ONLY_MESSAGE = (
    "This work records what it shows (an identifying access or an export) and was run as "
    "a read only: it was refused, nothing was shown and nothing was changed."
)
LOST_MESSAGE = (
    "The connection to the database was lost; check whether the last change was saved "
    "before trying again."
)


def record_words(table: str) -> str:
    return RECORDS.get(table, table.replace("_", " "))


def _append_only(found: re.Match[str]) -> tuple[str, dict[str, Param]]:
    record = record_words(found["table"])
    return (
        f"The database keeps {record} exactly as written: a correction is a new entry, "
        "never an edit or a deletion.",
        {"record": record},
    )


def _never_deleted(found: re.Match[str]) -> tuple[str, dict[str, Param]]:
    record = record_words(found["table"])
    return f"The database never deletes {record}.", {"record": record}


def _period_closed(found: re.Match[str]) -> tuple[str, dict[str, Param]]:
    month = found["month"] or ""
    where = f"{month} " if month else ""
    return (
        f"The ledger month {where}is closed: post the entry in an open month.",
        {"month": month},
    )


def _unbalanced(found: re.Match[str]) -> tuple[str, dict[str, Param]]:
    return "The database refused a journal entry whose debits and credits differ.", {}


def _own_name(found: re.Match[str]) -> tuple[str, dict[str, Param]]:
    return (
        "The database writes the audit trail only in the name of the officer who is logged in.",
        {},
    )


Explain = Callable[[re.Match[str]], tuple[str, dict[str, Param]]]
KNOWN_RULES: tuple[tuple[str, re.Pattern[str], Explain], ...] = (
    ("database.append_only", re.compile(r"^(?P<table>\w+) is append-only"), _append_only),
    (
        "database.never_deleted",
        re.compile(r"^(?P<table>\w+) rows are never deleted"),
        _never_deleted,
    ),
    (
        "database.period_closed",
        re.compile(r"^the ledger period (?:(?P<month>\d{4}-\d{2}) )?(?:of this entry )?is closed"),
        _period_closed,
    ),
    ("database.unbalanced", re.compile(r"^journal entry \S+ does not balance"), _unbalanced),
    (
        "database.own_name",
        re.compile(r"^audit events are written in the name of the connected role"),
        _own_name,
    ),
)
"""Refusals whose words name tables or numbers: said again for the officer."""

RULE_STATES = {"P0001", "23514", "23000", "42501"}  # raise_exception, check, integrity, privilege
LOST_STATES = ("08", "57P")  # connection exceptions, operator intervention (shutdown)


def translate(error: DBAPIError) -> CompfundError:
    """The fund's words for a database error; the driver's error stays as ``__cause__``."""
    state = getattr(error.orig, "sqlstate", None) or ""
    text = _primary_message(error)
    if error.connection_invalidated or state.startswith(LOST_STATES):
        return DatabaseUnreachable(LOST_MESSAGE, key="database.connection_lost")
    if state == "25006" or "readonly database" in text or "read-only" in text:
        return ReadOnlyRefusal(READ_ONLY_MESSAGE, key="database.read_only")
    if state in {"40001", "40P01"} or "database is locked" in text:
        return ConcurrentEdit(
            "The database was busy with another officer's work: try again in a moment.",
            key="database.busy",
        )
    if state == "42501" and text.startswith("permission denied"):
        return PermissionDenied(
            "The database does not let your login make this change: it checks every "
            "officer's own role.",
            key="database.permission_denied",
        )
    for key, pattern, explain in KNOWN_RULES:
        found = pattern.search(text)
        if found:
            message, params = explain(found)
            return RuleViolation(message, key=key, params=params)
    if state == "23505" or text.startswith("UNIQUE constraint failed"):
        return RuleViolation(
            "The database refused the change: the record already exists.", key="database.duplicate"
        )
    if state == "23503" or text.startswith("FOREIGN KEY constraint failed"):
        return RuleViolation(
            "The database refused the change: it refers to a record that does not exist, "
            "or removes one that others refer to.",
            key="database.missing_reference",
        )
    if state in RULE_STATES or isinstance(error, IntegrityError):
        rule = text.rstrip(".")
        return RuleViolation(
            f"The database refused the change: {rule}.", key="database.rule", params={"rule": rule}
        )
    if isinstance(error, OperationalError):
        return DatabaseUnreachable(
            f"The database could not do this: {text}.",
            key="database.failed",
            params={"detail": text},
        )
    return RuleViolation(
        f"The database refused the action: {text}.", key="database.refused", params={"detail": text}
    )


def _primary_message(error: DBAPIError) -> str:
    """The driver's one-line message (PostgreSQL's primary message; SQLite's whole text)."""
    primary = getattr(getattr(error.orig, "diag", None), "message_primary", None)
    lines = str(primary or error.orig or "").strip().splitlines()
    return lines[0] if lines else ""
