"""0005_money_rules: no money moves on one officer's word, through any client (PostgreSQL)

Revision ID: 0005_money_rules
Revises: 0004_bank_details
Create Date: 2026-12-03 16:00:00

Issue 10: every INSERT and UPDATE an officer's role can run on awards, instalments,
payment batches, payments and ledger periods keeps the rules the services keep, by
``session_user``; a payment is exactly its instalment, to the payee's details on record;
the ledger's sign rules hold at every commit (migrations/money_rules.py says which rule
is where). SQLite (one desk): nothing, the services hold the rules.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from migrations import money_rules
from migrations.guards import is_postgresql

revision: str = "0005_money_rules"
down_revision: str | None = "0004_bank_details"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # which events are about a record (both databases): the trail check below, case files
    op.create_index(
        "ix_audit_events_entity_entity_id", "audit_events", ["entity", "entity_id"], unique=False
    )
    if not is_postgresql():
        return
    money_rules.batches()
    money_rules.payments()
    money_rules.instalments()
    money_rules.awards()
    money_rules.periods()
    money_rules.sign_rules()
    money_rules.recorded()


def downgrade() -> None:
    raise NotImplementedError(
        "compfund's migrations go forward only: a revision cannot be downgraded"
    )
