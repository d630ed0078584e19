"""0004_bank_details: bank details in clear only for finance officers and the releasing approver (PostgreSQL)

Revision ID: 0004_bank_details
Revises: 0003_officer_logins
Create Date: 2026-12-03 12:30:00

(Being written: until then this revision changes nothing.)
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0004_bank_details"
down_revision: str | None = "0003_officer_logins"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    raise NotImplementedError(
        "compfund's migrations go forward only: a revision cannot be downgraded"
    )
