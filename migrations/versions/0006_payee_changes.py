"""0006_payee_changes: a payee's details change only on a finance officer's confirmation

Revision ID: 0006_payee_changes
Revises: 0005_money_rules
Create Date: 2026-12-04 09:00:00

Issue 10, where money goes. Found: a fund officer changed a payee's account with a plain
UPDATE of ``payee_details`` (no version change, no audit event) and the next batch paid
the new account. Now (migrations/payee_changes.py says how each part works):

- a change of a payee's channel, institution, account or name, the first record too, is
  proposed in ``payee_changes`` by a caseworker of the survivor's province or a fund
  officer, and takes effect only when a finance officer who did not propose it confirms
  it; ``payee_details`` holds confirmed details only;
- on PostgreSQL no officer's role writes ``payee_details``: a proposal is inserted in the
  name of the connected role (a trigger), confirmed or refused only through
  ``compfund_payee_confirm`` / ``compfund_payee_refuse`` (SECURITY DEFINER, finance
  officers, never the proposer); the payee's name and account of a proposal are read in
  clear by finance only (the others read ``payee_changes_masked``);
- no payment is created for a survivor whose payee change awaits confirmation (both
  databases, a trigger on ``payments``);
- on PostgreSQL, what an officer's login writes to either table comes with its audit event
  from the same transaction (as 0005_money_rules holds for the other money tables).

The details on file stay as they are: they were recorded before this rule.
"""

from __future__ import annotations

from collections.abc import Sequence

from migrations.guards import is_postgresql
from migrations.payee_changes import (
    create_table,
    decision_functions,
    grants,
    masked_view,
    payments_wait_for_confirmation,
    proposal_trigger,
    recorded,
    sqlite_guards,
)

revision: str = "0006_payee_changes"
down_revision: str | None = "0005_money_rules"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_table()
    masked_view()
    if not is_postgresql():
        sqlite_guards()
        return
    grants()
    proposal_trigger()
    payments_wait_for_confirmation()
    decision_functions()
    recorded()


def downgrade() -> None:
    raise NotImplementedError(
        "compfund's migrations go forward only: a revision cannot be downgraded"
    )
