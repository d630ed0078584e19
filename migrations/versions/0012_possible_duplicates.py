"""possible duplicates: applications held because their survivor may be registered already

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "possible_duplicates"


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("survivor_id", sa.Integer(), nullable=False),
        sa.Column("existing_survivor_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("reasons", sa.String(length=400), nullable=False),
        sa.Column("flagged_by_id", sa.Integer(), nullable=False),
        sa.Column("flagged_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "resolution",
            sa.Enum(
                "linked",
                "overridden",
                name="duplicate_resolution",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=True,
        ),
        sa.Column("resolved_by_id", sa.Integer(), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolution_reason", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "score >= 0 AND score <= 100", name=op.f("ck_possible_duplicates_score_is_a_percentage")
        ),
        sa.CheckConstraint(
            "(resolution IS NULL) = (resolved_by_id IS NULL) "
            "AND (resolution IS NULL) = (resolved_at IS NULL) "
            "AND (resolution IS NULL) = (resolution_reason IS NULL)",
            name=op.f("ck_possible_duplicates_resolution_complete"),
        ),
        *(
            sa.ForeignKeyConstraint(
                [column], [f"{target}.id"], name=op.f(f"fk_{TABLE}_{column}_{target}")
            )
            for column, target in (
                ("application_id", "applications"),
                ("survivor_id", "survivors"),
                ("existing_survivor_id", "survivors"),
                ("flagged_by_id", "users"),
                ("resolved_by_id", "users"),
            )
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{TABLE}")),
        sa.UniqueConstraint(
            "application_id",
            "existing_survivor_id",
            name=op.f(f"uq_{TABLE}_application_id_existing_survivor_id"),
        ),
    )
    with op.batch_alter_table(TABLE, schema=None) as batch_op:
        for column in ("application_id", "survivor_id", "existing_survivor_id"):
            batch_op.create_index(batch_op.f(f"ix_{TABLE}_{column}"), [column], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        _postgresql_grants()


ROLES = (
    "caseworker",
    "fund_officer",
    "approver",
    "finance_officer",
    "enforcement_officer",
    "auditor",
    "admin",
)
WRITES = {
    # a caseworker's submission may be held (screened within their province)
    "caseworker": (("INSERT", TABLE),),
    # a fund officer screens across provinces, links (moving the identification to the
    # registered survivor and copying identity documents over) or overrides
    "fund_officer": (
        ("INSERT, UPDATE", TABLE),
        ("UPDATE", "identifications"),
        ("INSERT", "identity_documents"),
    ),
}
# A caseworker sees the possible duplicates of their province's applications and of their
# province's survivors (a merged record stays theirs after a link moved the application
# away), never the registered survivor's details: those rows scope themselves. What a
# caseworker is told of a hold across provinces is decided by the service: "referred".
SCOPE = (
    "EXISTS (SELECT 1 FROM applications a WHERE a.id = application_id) "
    "OR EXISTS (SELECT 1 FROM survivors s WHERE s.id = survivor_id)"
)


def _postgresql_grants() -> None:
    staff = ", ".join(f"compfund_{r}" for r in ROLES)
    op.execute(f"GRANT SELECT ON {TABLE} TO {staff}")
    op.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {staff}")
    for role, grants in WRITES.items():
        for privileges, tables in grants:
            op.execute(f"GRANT {privileges} ON {tables} TO compfund_{role}")
    op.execute(f"ALTER TABLE {TABLE} ENABLE ROW LEVEL SECURITY")
    op.execute(f"ALTER TABLE {TABLE} FORCE ROW LEVEL SECURITY")
    op.execute(
        f"CREATE POLICY {TABLE}_province_scope ON {TABLE} USING ({SCOPE}) WITH CHECK ({SCOPE})"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("REVOKE UPDATE ON identifications FROM compfund_fund_officer")
        op.execute("REVOKE INSERT ON identity_documents FROM compfund_fund_officer")
    op.drop_table(TABLE)
