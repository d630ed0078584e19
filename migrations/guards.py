"""What the database itself enforces, on both databases: triggers, their functions, the
fund's roles, grants and row-level security. The migrations call these; the baseline
(0001_baseline) says which table gets which guard and which role may do what.

Kept here, not in compfund, because migrations must not depend on today's models. A
guard written once reads the same on SQLite and PostgreSQL: a condition on OLD/NEW that,
when true, refuses the statement with a message an officer can understand. Roles,
grants, row-level security and the login gate exist on PostgreSQL only (SQLite is one
desk: the services enforce the same rules).

A helper's SQL is part of every database built by a migration that calls it: change
what a helper writes only together with a migration that changes the databases already
built (or add a new helper).

On SQLite a later ``batch_alter_table`` recreates a table and drops its triggers: such a
migration must create them again.

On PostgreSQL, 0002_rules_hold fixed every function's ``search_path`` and closed EXECUTE
to PUBLIC (migrations/rules_hold.py): a function a later migration creates, with these
helpers or not, must say ``SET search_path = pg_catalog, public, pg_temp`` itself
(tests/security/test_catalog.py lists them all from the catalog).
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
GATE = "compfund_gate"
GATE_PASSWORD = "compfund-gate"  # public on purpose: the role may only call the functions


def is_postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def distinct(a: str, b: str) -> str:
    """A null-safe "differs" comparison in the running dialect."""
    return f"{a} IS DISTINCT FROM {b}" if is_postgresql() else f"{a} IS NOT {b}"


# -- rows that never change ------------------------------------------------------------------


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
    """No row of ``table`` may ever be updated or deleted, by anyone: a deletion is refused
    as "rows are never deleted", an update as "is append-only"."""
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


def immutable(table: str, message: str | None = None) -> None:
    """No row of ``table`` may ever be updated or deleted (nor, on PostgreSQL, truncated),
    by anyone, the owner included: one message refuses all of them (by default
    "``table`` is append-only"). The audit trail, the journal and eligibility decisions."""
    message = message or f"{table} is append-only"
    if not is_postgresql():
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER trg_{table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
            )
        return
    op.execute(
        f"""CREATE FUNCTION {table}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION '{message}' USING ERRCODE = 'insufficient_privilege';
        END $$"""
    )
    op.execute(
        f"CREATE TRIGGER trg_{table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {table}_append_only()"
    )
    op.execute(
        f"CREATE TRIGGER trg_{table}_no_truncate BEFORE TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {table}_append_only()"
    )


def officer_check(session_user_is: str) -> str:
    """PostgreSQL: a condition true when the connected role is a compfund officer and
    ``session_user_is`` (a SQL boolean about session_user) holds. The schema owner (the
    demo, migrations, tests) is not an officer."""
    return (
        f"EXISTS (SELECT 1 FROM users u WHERE u.login = session_user::text) AND ({session_user_is})"
    )


_POLICY_TABLES = (
    ("policy_versions", "UPDATE OR DELETE"),
    ("policy_amounts", "INSERT OR UPDATE OR DELETE"),
)


def used_policy_guard(used: str, message: str, lock: int) -> None:
    """An eligibility policy version that something has used, and its amounts, never
    change. ``used`` is a SQL condition with ``{}`` (or ``{0}``) for the version's id;
    on PostgreSQL the check first takes the advisory lock ``lock`` exclusively, which
    decisions and awards being made hold shared."""
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
        op.execute(
            f"CREATE TRIGGER trg_{table}_used_unchanged BEFORE {verbs} ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {table}_used_unchanged()"
        )


# -- the ledger ------------------------------------------------------------------------------


def closed_periods_stay_closed() -> None:
    """The database itself refuses a journal entry dated in a closed month, whoever writes
    it, and a closed ledger period is never reopened (nor, on PostgreSQL, deleted)."""
    if not is_postgresql():
        op.execute(
            "CREATE TRIGGER trg_journal_entries_closed_period BEFORE INSERT ON journal_entries "
            "WHEN EXISTS (SELECT 1 FROM ledger_periods p WHERE p.closed_at IS NOT NULL "
            "AND p.month = strftime('%Y-%m', NEW.entry_date)) "
            "BEGIN SELECT RAISE(ABORT, 'the ledger period of this entry is closed'); END"
        )
        op.execute(
            "CREATE TRIGGER trg_ledger_periods_stay_closed BEFORE UPDATE ON ledger_periods "
            "WHEN OLD.closed_at IS NOT NULL "
            "BEGIN SELECT RAISE(ABORT, 'a closed ledger period stays closed'); END"
        )
        return
    op.execute(
        """CREATE FUNCTION journal_entries_open_period() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF EXISTS (SELECT 1 FROM ledger_periods p WHERE p.closed_at IS NOT NULL
                       AND p.month = to_char(NEW.entry_date, 'YYYY-MM')) THEN
                RAISE EXCEPTION 'the ledger period % is closed', to_char(NEW.entry_date, 'YYYY-MM')
                    USING ERRCODE = 'check_violation';
            END IF;
            RETURN NEW;
        END $$"""
    )
    op.execute(
        "CREATE TRIGGER trg_journal_entries_closed_period BEFORE INSERT ON journal_entries "
        "FOR EACH ROW EXECUTE FUNCTION journal_entries_open_period()"
    )
    op.execute(
        """CREATE FUNCTION ledger_periods_stay_closed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF OLD.closed_at IS NOT NULL THEN
                RAISE EXCEPTION 'a closed ledger period stays closed'
                    USING ERRCODE = 'check_violation';
            END IF;
            RETURN NEW;
        END $$"""
    )
    op.execute(
        "CREATE TRIGGER trg_ledger_periods_stay_closed BEFORE UPDATE OR DELETE ON ledger_periods "
        "FOR EACH ROW EXECUTE FUNCTION ledger_periods_stay_closed()"
    )


def journal_entries_balance() -> None:
    """PostgreSQL: an entry must balance per currency when its transaction commits (checked
    once per entry, at commit, so the postings can be inserted one by one). On SQLite the
    ledger service checks it in the same transaction."""
    op.execute(
        """CREATE FUNCTION journal_entry_balances() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF EXISTS (SELECT 1 FROM journal_postings WHERE entry_seq = NEW.entry_seq
                       GROUP BY currency HAVING sum(amount_minor) <> 0) THEN
                RAISE EXCEPTION 'journal entry % does not balance', NEW.entry_seq
                    USING ERRCODE = 'check_violation';
            END IF;
            RETURN NULL;
        END $$"""
    )
    op.execute(
        "CREATE CONSTRAINT TRIGGER trg_journal_postings_balance AFTER INSERT ON journal_postings "
        "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION journal_entry_balances()"
    )


# -- PostgreSQL: acting in one's own name ------------------------------------------------------


def audit_actor_is_session_user() -> None:
    """PostgreSQL: an officer's role can only write audit events in its own name. Only the
    table's owner (migrations, demo, first setup), and functions run as the owner
    (SECURITY DEFINER: the login gate), may record another actor."""
    op.execute(
        """CREATE FUNCTION audit_events_actor_check() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            IF NEW.actor_login IS DISTINCT FROM session_user::text
               AND NOT pg_has_role(current_user,
                   (SELECT tableowner FROM pg_tables
                    WHERE schemaname = current_schema() AND tablename = 'audit_events'),
                   'MEMBER') THEN
                RAISE EXCEPTION 'audit events are written in the name of the connected role %',
                    session_user USING ERRCODE = 'insufficient_privilege';
            END IF;
            RETURN NEW;
        END $$"""
    )
    op.execute(
        "CREATE TRIGGER trg_audit_events_actor BEFORE INSERT ON audit_events "
        "FOR EACH ROW EXECUTE FUNCTION audit_events_actor_check()"
    )


def erasure_four_eyes() -> None:
    """PostgreSQL: asking for an erasure and approving it are two people, whoever writes,
    and an erasure is approved in the name of the connected role."""
    op.execute(
        """CREATE FUNCTION erasure_requests_four_eyes() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF NEW.approved_by IS NOT NULL AND NEW.approved_by = NEW.requested_by THEN
                RAISE EXCEPTION 'the officer who asked for an erasure cannot approve it'
                    USING ERRCODE = 'insufficient_privilege';
            END IF;
            IF NEW.approved_by IS NOT NULL AND NEW.approved_by IS DISTINCT FROM session_user::text
               AND NOT pg_has_role(current_user, (SELECT tableowner FROM pg_tables
                   WHERE schemaname = current_schema() AND tablename = 'erasure_requests'),
                   'MEMBER') THEN
                RAISE EXCEPTION 'an erasure is approved in the name of the connected role'
                    USING ERRCODE = 'insufficient_privilege';
            END IF;
            RETURN NEW;
        END $$"""
    )
    op.execute(
        "CREATE TRIGGER trg_erasure_requests_four_eyes BEFORE UPDATE ON erasure_requests "
        "FOR EACH ROW EXECUTE FUNCTION erasure_requests_four_eyes()"
    )


# -- PostgreSQL: roles, the login gate, grants, row-level security ----------------------------


def create_roles() -> None:
    """Group roles for each fund role (officers' login roles join one of them) and the
    public ``compfund_gate`` login role.

    Roles are cluster-wide, so they are created only when missing. Nobody but the owner
    and the gate may connect unless granted (``compfund user add`` grants CONNECT).
    """
    for role in ROLES:
        op.execute(
            f"""DO $$ BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'compfund_{role}') THEN
                CREATE ROLE compfund_{role} NOLOGIN;
            END IF; END $$"""
        )
    op.execute(
        "DO $$ BEGIN EXECUTE format('REVOKE CONNECT ON DATABASE %I FROM PUBLIC', "
        "current_database()); END $$"
    )
    op.execute(
        f"""DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{GATE}') THEN
            CREATE ROLE {GATE} LOGIN PASSWORD '{GATE_PASSWORD}';
        END IF;
        EXECUTE format('GRANT CONNECT ON DATABASE %I TO {GATE}', current_database());
        END $$"""
    )


def grant(privileges: str, tables: str, roles: str) -> None:
    """``GRANT privileges ON tables TO roles``: ``roles`` as ``STAFF`` or "compfund_x, ...";
    ``privileges`` may name columns, e.g. "UPDATE (number)"."""
    op.execute(f"GRANT {privileges} ON {tables} TO {roles}")


def login_gate(lock_after: int, lock_minutes: int) -> None:
    """PostgreSQL: a wrong password never gets a connection, so the desk reports it through
    ``compfund_login_failed(login)``, a SECURITY DEFINER function that the public
    ``compfund_gate`` role may execute and nothing else. The function counts the failure,
    locks the officer's role (NOLOGIN) after ``lock_after`` in a row, for
    ``lock_minutes``, and appends the event to the audit chain with the same canonical
    hash as compfund.audit.chain."""
    op.execute(
        """CREATE FUNCTION compfund_audit_append(p_actor text, p_event text, p_entity text,
                                                 p_entity_id text, p_detail text)
        RETURNS void LANGUAGE plpgsql AS $$
        -- Appends one event hashed exactly as compfund.audit.chain.row_digest does.
        -- (\\:null below is SQLAlchemy's escape for a literal colon.)
        DECLARE
            head record;
            moment timestamptz := clock_timestamp();
            body text;
            digest text;
        BEGIN
            SELECT length, last_hash INTO head FROM chain_heads WHERE chain = 'audit' FOR UPDATE;
            body := '{"actor_login":' || to_json(p_actor)::text
                || ',"chain_seq":' || (head.length + 1)
                || ',"detail":' || coalesce(to_json(p_detail)::text, 'null')
                || ',"entity":' || to_json(p_entity)::text
                || ',"entity_id":' || coalesce(to_json(p_entity_id)::text, 'null')
                || ',"event":' || to_json(p_event)::text
                || ',"new_values"\\:null'
                || ',"occurred_at":"'
                || to_char(moment AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') || '"'
                || ',"old_values"\\:null'
                || ',"prev_hash":"' || head.last_hash || '"}';
            digest := encode(sha256(convert_to(body, 'UTF8')), 'hex');
            INSERT INTO audit_events (chain_seq, occurred_at, actor_login, event, entity,
                                      entity_id, old_values, new_values, detail,
                                      prev_hash, row_hash)
            VALUES (head.length + 1, moment, p_actor, p_event, p_entity, p_entity_id,
                    NULL, NULL, p_detail, head.last_hash, digest);
            UPDATE chain_heads SET length = head.length + 1, last_hash = digest
             WHERE chain = 'audit';
        END $$"""
    )
    op.execute(
        f"""CREATE FUNCTION compfund_login_failed(p_login text) RETURNS text
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
        DECLARE
            officer record;
        BEGIN
            IF p_login !~ '^[a-z][a-z0-9_]{{1,62}}$' THEN
                PERFORM compfund_audit_append('(unauthenticated)', 'login_failed', 'users',
                                              NULL, 'unknown login');
                RETURN 'failed';
            END IF;
            SELECT id, failed_logins INTO officer FROM users WHERE login = p_login FOR UPDATE;
            IF NOT FOUND THEN
                PERFORM compfund_audit_append('(unauthenticated)', 'login_failed', 'users',
                                              NULL, 'unknown login');
                RETURN 'failed';
            END IF;
            PERFORM compfund_audit_append('(unauthenticated)', 'login_failed', 'users',
                                          p_login, 'wrong password');
            IF officer.failed_logins + 1 >= {lock_after} THEN
                UPDATE users SET failed_logins = 0,
                       locked_until = now() + interval '{lock_minutes} minutes'
                 WHERE id = officer.id;
                EXECUTE format('ALTER ROLE %I NOLOGIN', p_login);
                PERFORM compfund_audit_append('(unauthenticated)', 'lockout', 'users',
                                              p_login, 'locked after {lock_after} wrong passwords');
                RETURN 'locked';
            END IF;
            UPDATE users SET failed_logins = officer.failed_logins + 1 WHERE id = officer.id;
            RETURN 'failed';
        END $$"""
    )
    op.execute(
        """CREATE FUNCTION compfund_login_lock(p_login text) RETURNS timestamptz
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
        -- The end of the officer's lock, or NULL; an expired lock is lifted here.
        DECLARE
            until timestamptz;
            disabled boolean;
        BEGIN
            SELECT u.locked_until, u.disabled INTO until, disabled
              FROM users u WHERE u.login = p_login FOR UPDATE;
            IF until IS NULL THEN
                RETURN NULL;
            END IF;
            IF until > now() THEN
                RETURN until;
            END IF;
            UPDATE users SET locked_until = NULL WHERE login = p_login;
            IF NOT disabled THEN
                EXECUTE format('ALTER ROLE %I LOGIN', p_login);
            END IF;
            RETURN NULL;
        END $$"""
    )
    op.execute(
        """CREATE FUNCTION compfund_login_succeeded() RETURNS void
        LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
            UPDATE users SET failed_logins = 0 WHERE login = session_user::text
        $$"""
    )
    for fn in (
        "compfund_login_failed(text)",
        "compfund_login_lock(text)",
        "compfund_login_succeeded()",
        "compfund_audit_append(text, text, text, text, text)",
    ):
        op.execute(f"REVOKE ALL ON FUNCTION {fn} FROM PUBLIC")
    op.execute(f"GRANT EXECUTE ON FUNCTION compfund_login_failed(text) TO {GATE}")
    op.execute(f"GRANT EXECUTE ON FUNCTION compfund_login_lock(text) TO {GATE}")
    op.execute(f"GRANT EXECUTE ON FUNCTION compfund_login_succeeded() TO {STAFF}")


def province_scope_function() -> None:
    """PostgreSQL: ``compfund_in_scope(province)``, true unless the connected role is a
    caseworker whose responsible province is another one."""
    op.execute(
        """CREATE FUNCTION compfund_in_scope(province text) RETURNS boolean
        LANGUAGE sql STABLE AS $$
            SELECT NOT pg_has_role(session_user, 'compfund_caseworker', 'MEMBER')
                OR province = (SELECT u.province_code FROM users u WHERE u.login = session_user)
        $$"""
    )


def province_scope(table: str, condition: str) -> None:
    """PostgreSQL: every role sees and writes only the rows of ``table`` for which
    ``condition`` holds (row-level security, forced for the table's owner too). The
    conditions lead, through the rows they reach, to ``compfund_in_scope``."""
    op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
    op.execute(
        f"CREATE POLICY {table}_province_scope ON {table} "
        f"USING ({condition}) WITH CHECK ({condition})"
    )
