"""retention: erasure requests (an administrator asks, an approver approves)

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROLES = (
    "caseworker",
    "fund_officer",
    "approver",
    "finance_officer",
    "enforcement_officer",
    "auditor",
    "admin",
)


def upgrade() -> None:
    op.create_table(
        "erasure_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("survivor_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("requested_by", sa.String(length=63), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("approved_by", sa.String(length=63), nullable=True),
        sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["survivor_id"],
            ["survivors.id"],
            name=op.f("fk_erasure_requests_survivor_id_survivors"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_erasure_requests")),
    )
    with op.batch_alter_table("erasure_requests", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_erasure_requests_survivor_id"), ["survivor_id"], unique=False
        )
    if op.get_bind().dialect.name != "postgresql":
        return
    staff = ", ".join(f"compfund_{r}" for r in ROLES)
    op.execute(f"GRANT SELECT ON erasure_requests TO {staff}")
    op.execute("GRANT INSERT ON erasure_requests TO compfund_admin")
    op.execute("GRANT UPDATE (approved_by, erased_at) ON erasure_requests TO compfund_approver")
    op.execute("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO " + staff)
    # The approver carries out the erasure: only the identifying columns, nothing else.
    op.execute(
        "GRANT UPDATE (name_km, name_latin, date_of_birth, phone, address, guardian_name, "
        "guardian_phone, version) ON survivors TO compfund_approver"
    )
    op.execute("GRANT UPDATE (number) ON identity_documents TO compfund_approver")
    op.execute("GRANT UPDATE (content) ON application_documents TO compfund_approver")
    # Asking and approving are two people, whoever writes.
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


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS erasure_requests_four_eyes() CASCADE")
    op.drop_table("erasure_requests")
