"""0002_rules_hold: the database's rules hold against the officers they restrain (PostgreSQL)

Revision ID: 0002_rules_hold
Revises: 0001_baseline
Create Date: 2026-12-03 12:30:00

(Being written: until then this revision changes nothing.)
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0002_rules_hold"
down_revision: str | None = "0001_baseline"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    raise NotImplementedError(
        "compfund's migrations go forward only: a revision cannot be downgraded"
    )
