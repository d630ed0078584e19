"""0007_officer_rights: officers with money rights, and role changes, wait for a second officer's confirmation

Revision ID: 0007_officer_rights
Revises: 0006_payee_changes
Create Date: 2026-12-04 10:00:00

Issue 10: an officer added with approver, finance officer or administrator rights, and
any change of an officer's role, takes effect only when another administrator or an
approver confirms it (never the proposer, never the officer it names). Both databases:
the ``officer_role_requests`` table, kept for auditors. PostgreSQL: the database holds it
against an administrator's own login (migrations/officer_rights.py says how).
"""

from __future__ import annotations

from collections.abc import Sequence

from migrations import officer_rights
from migrations.guards import is_postgresql

revision: str = "0007_officer_rights"
down_revision: str | None = "0006_payee_changes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    officer_rights.requests_table()
    if not is_postgresql():
        return
    officer_rights.grants()
    officer_rights.triggers()
    officer_rights.create_and_enable()
    officer_rights.decide_functions()


def downgrade() -> None:
    raise NotImplementedError(
        "compfund's migrations go forward only: a revision cannot be downgraded"
    )
