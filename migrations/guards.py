"""Triggers and grants shared by the money migrations (0020 onwards), on both databases.

Kept here, not in compfund, because migrations must not depend on today's models. A
guard written once reads the same on SQLite and PostgreSQL: a condition on OLD/NEW that,
when true, refuses the statement with a message an officer can understand.

On SQLite a later ``batch_alter_table`` recreates a table and drops its triggers: such a
migration must create them again.
"""

from __future__ import annotations

from alembic import op

ROLES = (
    "caseworker",
    "fund_officer",
    "approver",
    "finance_officer",
    "enforcement_officer",
    "auditor",
    "admin",
)
STAFF = ", ".join(f"compfund_{r}" for r in ROLES)
MONEY_READERS = ", ".join(f"compfund_{r}" for r in ROLES if r != "caseworker")


def is_postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def distinct(a: str, b: str) -> str:
    """A null-safe "differs" comparison in the running dialect."""
    return f"{a} IS DISTINCT FROM {b}" if is_postgresql() else f"{a} IS NOT {b}"


def guard(name: str, table: str, events: str, condition: str, message: str) -> None:
    """Refuse ``events`` (e.g. "UPDATE" or "UPDATE OR DELETE") on ``table`` when ``condition``
    holds. ``condition`` may use OLD and NEW as the event allows."""
    quoted = message.replace("'", "''")
    if not is_postgresql():
        for event in (e.strip() for e in events.split(" OR ")):
            op.execute(
                f"CREATE TRIGGER trg_{name}_{event.lower()} BEFORE {event} ON {table} "
                f"WHEN {condition} BEGIN SELECT RAISE(ABORT, '{quoted}'); END"
            )
        return
    returned = "OLD" if "DELETE" in events else "NEW"
    op.execute(
        f"""CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF {condition} THEN
                RAISE EXCEPTION '{quoted}' USING ERRCODE = 'check_violation';
            END IF;
            RETURN {returned};
        END $$"""
    )
    op.execute(
        f"CREATE TRIGGER trg_{name} BEFORE {events} ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {name}()"
    )


def never_deleted(table: str) -> None:
    """Rows of ``table`` are kept for ever (and on PostgreSQL never truncated)."""
    message = f"{table} rows are never deleted"
    if not is_postgresql():
        op.execute(
            f"CREATE TRIGGER trg_{table}_no_delete BEFORE DELETE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
        )
        return
    op.execute(
        f"""CREATE FUNCTION {table}_kept() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION '{message}' USING ERRCODE = 'insufficient_privilege';
        END $$"""
    )
    op.execute(
        f"CREATE TRIGGER trg_{table}_no_delete BEFORE DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {table}_kept()"
    )
    op.execute(
        f"CREATE TRIGGER trg_{table}_no_truncate BEFORE TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {table}_kept()"
    )


def append_only(table: str) -> None:
    """No row of ``table`` may ever be updated or deleted, by anyone."""
    never_deleted(table)
    message = f"{table} is append-only"
    if not is_postgresql():
        op.execute(
            f"CREATE TRIGGER trg_{table}_no_update BEFORE UPDATE ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
        )
        return
    op.execute(
        f"CREATE TRIGGER trg_{table}_no_update BEFORE UPDATE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {table}_kept()"
    )


def officer_check(session_user_is: str) -> str:
    """PostgreSQL: a condition true when the connected role is a compfund officer and
    ``session_user_is`` (a SQL boolean about session_user) holds. The schema owner (the
    demo, migrations, tests) is not an officer."""
    return (
        f"EXISTS (SELECT 1 FROM users u WHERE u.login = session_user::text) AND ({session_user_is})"
    )


def drop_functions(*names: str) -> None:
    if is_postgresql():
        for fn in names:
            op.execute(f"DROP FUNCTION IF EXISTS {fn}() CASCADE")


_POLICY_TABLES = (
    ("policy_versions", "UPDATE OR DELETE"),
    ("policy_amounts", "INSERT OR UPDATE OR DELETE"),
)


def used_policy_guard(used: str, message: str, lock: int, *, replace: bool = False) -> None:
    """An eligibility policy version that something has used, and its amounts, never
    change. ``used`` is a SQL condition with ``{}`` for the version's id; ``replace``
    swaps the guard an earlier migration made for this one."""
    if not is_postgresql():
        guarded = (
            ("policy_versions", "UPDATE", used.format("OLD.id")),
            ("policy_versions", "DELETE", used.format("OLD.id")),
            ("policy_amounts", "INSERT", used.format("NEW.policy_version_id")),
            (
                "policy_amounts",
                "UPDATE",
                f"{used.format('OLD.policy_version_id')} OR {used.format('NEW.policy_version_id')}",
            ),
            ("policy_amounts", "DELETE", used.format("OLD.policy_version_id")),
        )
        for table, verb, condition in guarded:
            name = f"trg_{table}_used_no_{verb.lower()}"
            if replace:
                op.execute(f"DROP TRIGGER IF EXISTS {name}")
            op.execute(
                f"CREATE TRIGGER {name} BEFORE {verb} ON {table} "
                f"WHEN {condition} BEGIN SELECT RAISE(ABORT, '{message}'); END"
            )
        return
    refuse = f"RAISE EXCEPTION '{message}' USING ERRCODE = 'integrity_constraint_violation'"
    checks = {
        # each OLD or NEW field is read only where the operation has that row
        "policy_versions": f"IF {used.format('OLD.id')} THEN {refuse}; END IF;",
        "policy_amounts": (
            f"IF TG_OP <> 'INSERT' THEN IF {used.format('OLD.policy_version_id')} THEN "
            f"{refuse}; END IF; END IF; "
            f"IF TG_OP <> 'DELETE' THEN IF {used.format('NEW.policy_version_id')} THEN "
            f"{refuse}; END IF; END IF;"
        ),
    }
    for table, verbs in _POLICY_TABLES:
        op.execute(
            f"""CREATE OR REPLACE FUNCTION {table}_used_unchanged() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                -- wait for decisions and awards being made now, then look at the committed ones
                PERFORM pg_advisory_xact_lock({lock});
                {checks[table]}
                IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
                RETURN NEW;
            END $$"""
        )
        if not replace:
            op.execute(
                f"CREATE TRIGGER trg_{table}_used_unchanged BEFORE {verbs} ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {table}_used_unchanged()"
            )
