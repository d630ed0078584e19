"""logins: failed attempts, lockouts, and the PostgreSQL gate an unauthenticated attempt may call

On PostgreSQL a wrong password never gets a connection, so the desk reports it through
``compfund_login_failed(login)``, a SECURITY DEFINER function that the public
``compfund_gate`` role may execute and nothing else. The function counts the failure,
locks the officer's role (NOLOGIN) after too many, and appends the event to the audit
chain with the same canonical hash as compfund.audit.chain.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GATE = "compfund_gate"
GATE_PASSWORD = "compfund-gate"  # public on purpose: the role may only call the functions
LOCK_AFTER = 5
LOCK_MINUTES = 15


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("failed_logins", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.add_column(sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        _postgresql_gate()


def _postgresql_gate() -> None:
    # Functions run by their owner (SECURITY DEFINER) may record events for others.
    op.execute(
        """CREATE OR REPLACE FUNCTION audit_events_actor_check() RETURNS trigger
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
            IF officer.failed_logins + 1 >= {LOCK_AFTER} THEN
                UPDATE users SET failed_logins = 0,
                       locked_until = now() + interval '{LOCK_MINUTES} minutes'
                 WHERE id = officer.id;
                EXECUTE format('ALTER ROLE %I NOLOGIN', p_login);
                PERFORM compfund_audit_append('(unauthenticated)', 'lockout', 'users',
                                              p_login, 'locked after {LOCK_AFTER} wrong passwords');
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
    op.execute(
        f"""DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{GATE}') THEN
            CREATE ROLE {GATE} LOGIN PASSWORD '{GATE_PASSWORD}';
        END IF;
        EXECUTE format('GRANT CONNECT ON DATABASE %I TO {GATE}', current_database());
        END $$"""
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
    staff = ", ".join(
        f"compfund_{r}"
        for r in (
            "caseworker",
            "fund_officer",
            "approver",
            "finance_officer",
            "enforcement_officer",
            "auditor",
            "admin",
        )
    )
    op.execute(f"GRANT EXECUTE ON FUNCTION compfund_login_succeeded() TO {staff}")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for fn in (
            "compfund_login_failed(text)",
            "compfund_login_lock(text)",
            "compfund_login_succeeded()",
            "compfund_audit_append(text, text, text, text, text)",
        ):
            op.execute(f"DROP FUNCTION IF EXISTS {fn}")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("locked_until")
        batch_op.drop_column("failed_logins")
