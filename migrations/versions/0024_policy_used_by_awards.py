"""a policy version used by an award is kept as it was, in the database too

Since 0022 an award records the eligibility policy version whose interim grant and cap
it used (``awards.policy_version_id``). The service already refuses to amend such a
version; the triggers of 0006 counted only eligibility decisions, so raw SQL could
still change the figures an award was calculated from. They now count both.

Every officer may read the policy in force and whether a version is used; on
PostgreSQL a caseworker, who reads no money, is granted the one column of ``awards``
that tells it (``policy_version_id``), nothing else.

Revision ID: 0024
Revises: 0023
Create Date: 2026-11-28 21:55:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from migrations.guards import is_postgresql, used_policy_guard

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

POLICY_LOCK = 74_610_006  # compfund.eligibility_policy.POLICY_LOCK
BY_DECISIONS = "EXISTS (SELECT 1 FROM eligibility_decisions WHERE policy_version_id = {})"
BY_AWARDS = "EXISTS (SELECT 1 FROM awards WHERE policy_version_id = {})"
USED = (
    "policy version is used by an eligibility decision or an award: it cannot be changed, "
    "only superseded"
)
USED_BEFORE = (
    "policy version is used by an eligibility decision: it cannot be changed, only superseded"
)


def upgrade() -> None:
    both = f"({BY_DECISIONS.replace('{}', '{0}')} OR {BY_AWARDS.replace('{}', '{0}')})"
    used_policy_guard(both, USED, POLICY_LOCK, replace=True)
    if is_postgresql():
        op.execute("GRANT SELECT (policy_version_id) ON awards TO compfund_caseworker")


def downgrade() -> None:
    if is_postgresql():
        op.execute("REVOKE SELECT (policy_version_id) ON awards FROM compfund_caseworker")
    used_policy_guard(BY_DECISIONS, USED_BEFORE, POLICY_LOCK, replace=True)
