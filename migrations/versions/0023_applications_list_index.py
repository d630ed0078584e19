"""an index for the applications list: newest first, page by page

The window's list and ``application_page`` order every application by creation time,
then id. Without an index the database sorts all of them for each page; at national
scale (bench/national_scale.py: 30,000 applications) the fund officer's first page
grew faster than the fund. A B-tree on (created_at, id) is read backwards for the
newest-first order on both databases.

Revision ID: 0023
Revises: 0022
Create Date: 2026-11-28 21:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_applications_created_at_id", "applications", ["created_at", "id"])


def downgrade() -> None:
    op.drop_index("ix_applications_created_at_id", table_name="applications")
