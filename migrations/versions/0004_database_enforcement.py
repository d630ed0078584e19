"""database enforcement: grants per role and caseworkers' province by row-level security

Every desk connects to the shared PostgreSQL as the officer's own role, so rules kept
only in Python could be bypassed with a database client. Here each group role gets only
what its job needs, and a caseworker's role sees and writes only rows of survivors of
their own responsible province (row-level security, forced for the table owner too).
Nothing changes on SQLite (one desk; the services enforce the same rules).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
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
INTAKE = (
    "survivors",
    "identity_documents",
    "identifications",
    "applications",
    "application_documents",
)
# Who writes what (INSERT, UPDATE). Reading is granted to all staff; rows are filtered below.
WRITERS = {
    "caseworker": INTAKE,
    "fund_officer": ("applications", "application_documents"),
    "approver": ("applications",),
    "admin": ("users",),
}
# How each intake table reaches the survivor whose province scopes it.
SCOPE = {
    "survivors": "compfund_in_scope(province_code)",
    "identity_documents": "EXISTS (SELECT 1 FROM survivors s WHERE s.id = survivor_id)",
    "identifications": "EXISTS (SELECT 1 FROM survivors s WHERE s.id = survivor_id)",
    "applications": "EXISTS (SELECT 1 FROM identifications i WHERE i.id = identification_id)",
    "application_documents": "EXISTS (SELECT 1 FROM applications a WHERE a.id = application_id)",
}


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    staff = ", ".join(f"compfund_{r}" for r in ROLES)
    tables = ("provinces", "users", "audit_events", "chain_heads", *INTAKE)
    op.execute(f"REVOKE ALL ON {', '.join(tables)} FROM {staff}")
    op.execute(f"GRANT SELECT ON {', '.join(tables)} TO {staff}")
    op.execute(f"GRANT INSERT ON audit_events TO {staff}")
    op.execute(f"GRANT UPDATE ON chain_heads TO {staff}")
    for role, writes in WRITERS.items():
        op.execute(f"GRANT INSERT, UPDATE ON {', '.join(writes)} TO compfund_{role}")
    op.execute(
        """CREATE FUNCTION compfund_in_scope(province text) RETURNS boolean
        LANGUAGE sql STABLE AS $$
            SELECT NOT pg_has_role(session_user, 'compfund_caseworker', 'MEMBER')
                OR province = (SELECT u.province_code FROM users u WHERE u.login = session_user)
        $$"""
    )
    for table, condition in SCOPE.items():
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY {table}_province_scope ON {table} "
            f"USING ({condition}) WITH CHECK ({condition})"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in SCOPE:
        op.execute(f"DROP POLICY IF EXISTS {table}_province_scope ON {table}")
        op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
    op.execute("DROP FUNCTION IF EXISTS compfund_in_scope(text)")
