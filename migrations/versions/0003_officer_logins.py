"""0003_officer_logins: officers' logins managed only through the officer-manager functions (PostgreSQL)

Revision ID: 0003_officer_logins
Revises: 0002_rules_hold
Create Date: 2026-12-03 12:30:00

(Being written: until then this revision changes nothing.)
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0003_officer_logins"
down_revision: str | None = "0002_rules_hold"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    raise NotImplementedError(
        "compfund's migrations go forward only: a revision cannot be downgraded"
    )
