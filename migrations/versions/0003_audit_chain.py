"""audit chain: hash-link every audit event; the acting user is session_user on PostgreSQL

Revision ID: 0003
Revises: 0001
Create Date: 2026-11-28
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GENESIS = "0" * 64
HASHED = (
    "chain_seq",
    "occurred_at",
    "actor_login",
    "event",
    "entity",
    "entity_id",
    "old_values",
    "new_values",
    "detail",
)


def _digest(content: dict[str, Any], prev_hash: str) -> str:
    # A frozen copy of compfund.audit.chain.row_digest as it was when this ran.
    body = {}
    for key, value in content.items():
        if isinstance(value, datetime):
            moment = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
            value = moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        body[key] = value
    body["prev_hash"] = prev_hash
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _set_append_only_triggers(enabled: bool) -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        verb = "ENABLE" if enabled else "DISABLE"
        op.execute(f"ALTER TABLE audit_events {verb} TRIGGER trg_audit_events_append_only")
        return
    if enabled:
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER IF NOT EXISTS trg_audit_events_no_{verb.lower()} BEFORE {verb} "
                "ON audit_events BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END"
            )
    else:
        op.execute("DROP TRIGGER IF EXISTS trg_audit_events_no_update")
        op.execute("DROP TRIGGER IF EXISTS trg_audit_events_no_delete")


def upgrade() -> None:
    op.create_table(
        "chain_heads",
        sa.Column("chain", sa.String(length=20), nullable=False),
        sa.Column("length", sa.BigInteger(), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("chain", name=op.f("pk_chain_heads")),
    )
    _set_append_only_triggers(False)
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("chain_seq", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("prev_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("row_hash", sa.String(length=64), nullable=True))

    # Link the events written before the chain existed, in the order they were written.
    events = sa.table(
        "audit_events",
        sa.column("id"),
        sa.column("chain_seq"),
        sa.column("prev_hash"),
        sa.column("row_hash"),
        sa.column("occurred_at", sa.DateTime(timezone=True)),
        *(sa.column(n) for n in ("actor_login", "event", "entity", "entity_id", "detail")),
        sa.column("old_values", sa.JSON()),
        sa.column("new_values", sa.JSON()),
    )
    bind = op.get_bind()
    rows = bind.execute(sa.select(events).order_by(events.c.id)).mappings().all()
    last_hash, seq = GENESIS, 0
    for row in rows:
        seq += 1
        content = {k: row[k] for k in HASHED if k != "chain_seq"}
        content["chain_seq"] = seq
        row_hash = _digest(content, last_hash)
        bind.execute(
            events.update()
            .where(events.c.id == row["id"])
            .values(chain_seq=seq, prev_hash=last_hash, row_hash=row_hash)
        )
        last_hash = row_hash
    op.bulk_insert(
        sa.table("chain_heads", sa.column("chain"), sa.column("length"), sa.column("last_hash")),
        [{"chain": "audit", "length": seq, "last_hash": last_hash}],
    )
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.alter_column("chain_seq", existing_type=sa.BigInteger(), nullable=False)
        batch_op.alter_column("prev_hash", existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column("row_hash", existing_type=sa.String(length=64), nullable=False)
        batch_op.create_unique_constraint(batch_op.f("uq_audit_events_chain_seq"), ["chain_seq"])
    _set_append_only_triggers(True)
    if bind.dialect.name == "postgresql":
        _postgresql_actor_is_session_user()


def _postgresql_actor_is_session_user() -> None:
    """An officer's role can only write audit events in its own name.

    Only the table's owner (migrations, demo, first setup) may record another actor.
    """
    op.execute(
        """CREATE FUNCTION audit_events_actor_check() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF NEW.actor_login IS DISTINCT FROM session_user::text
               AND NOT pg_has_role(session_user,
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
    op.execute(f"GRANT SELECT, UPDATE ON chain_heads TO {staff}")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS trg_audit_events_actor ON audit_events")
        op.execute("DROP FUNCTION IF EXISTS audit_events_actor_check()")
    _set_append_only_triggers(False)
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_audit_events_chain_seq"), type_="unique")
        batch_op.drop_column("row_hash")
        batch_op.drop_column("prev_hash")
        batch_op.drop_column("chain_seq")
    _set_append_only_triggers(True)
    op.drop_table("chain_heads")
