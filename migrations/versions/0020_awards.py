"""awards: award policy, awards by heads of loss, deductions, other compensation received

Written by hand (drafted with autogenerate, then checked against compfund/models). Also:

- the documented default award policy (below);
- append-only triggers on the policy, heads, deductions and other-compensation tables;
- on awards: an award starts as a recommendation, its figures never change, a decided
  award is final, and (PostgreSQL) only an approver, in their own name and neither the
  recommender nor the first approver, may approve or reject it, whatever client is used;
- PostgreSQL grants to the fund's group roles (caseworkers see none of this).

Revision ID: 0020
Revises: 0012
Create Date: 2026-11-28 18:30:00
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime

import sqlalchemy as sa
from alembic import op

from migrations.columns import currency, enum, foreign_key, moment
from migrations.guards import (
    MONEY_READERS,
    STAFF,
    append_only,
    drop_functions,
    guard,
    is_postgresql,
    never_deleted,
    officer_check,
)

revision: str = "0020"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

HEADS = ("lost_wages", "medical_costs", "psychological_harm", "rehabilitation_and_travel", "other")
LIMITS = ("interim_grant", "survivor_cap", "two_approvers_above", *HEADS)

# The default award policy. Placeholder figures until the fund's board sets its own (an
# administrator adds a new version with `set_award_policy`; versions are never edited):
# in US dollars (the fund's reference currency); a riel award converts each figure at the
# finance officer's recorded USD/KHR rate for the day of the calculation.
DEFAULT_POLICY_USD_CENTS = {
    "interim_grant": 200_00,  # rehabilitation grant soon after identification
    "survivor_cap": 5_000_00,  # all compensation awards to one survivor together
    "two_approvers_above": 2_000_00,  # an award above this needs two distinct approvers
    "lost_wages": 3_000_00,
    "medical_costs": 1_500_00,
    "psychological_harm": 1_500_00,
    "rehabilitation_and_travel": 1_000_00,
    "other": 500_00,
}
DEFAULT_NOTE = (
    "Default award policy shipped with compfund: placeholder figures in USD, to be replaced "
    "by the fund's own. Interim grant deducted from the final award; only compensation "
    "actually received from other sources is deducted (never what was merely ordered); "
    "recoveries pay the victim in full first, then reimburse the fund."
)


def upgrade() -> None:
    op.create_table(
        "award_policies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("currency", currency(), nullable=False),
        sa.Column(
            "recovery_order", enum("recovery_order", "victim_first", "fund_first"), nullable=False
        ),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=63), nullable=False),
        sa.Column("created_at", moment(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_award_policies")),
        sa.UniqueConstraint("effective_from", name=op.f("uq_award_policies_effective_from")),
    )
    op.create_table(
        "award_policy_amounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("award_policy_id", sa.Integer(), nullable=False),
        sa.Column("currency", currency(), nullable=False),
        sa.Column("limit_name", enum("policy_limit", *LIMITS), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("amount_minor >= 0", name=op.f("ck_award_policy_amounts_not_negative")),
        foreign_key("award_policy_amounts", "award_policy_id", "award_policies"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_award_policy_amounts")),
        sa.UniqueConstraint(
            "award_policy_id",
            "currency",
            "limit_name",
            name=op.f("uq_award_policy_amounts_award_policy_id_currency_limit_name"),
        ),
    )
    op.create_table(
        "other_compensation_received",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("survivor_id", sa.Integer(), nullable=False),
        sa.Column(
            "source",
            enum("other_source", "court_recovery", "settlement", "other"),
            nullable=False,
        ),
        sa.Column("reference", sa.String(length=80), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("currency", currency(), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("recorded_by", sa.String(length=63), nullable=False),
        sa.Column("recorded_at", moment(), nullable=False),
        sa.CheckConstraint(
            "amount_minor > 0", name=op.f("ck_other_compensation_received_positive")
        ),
        foreign_key("other_compensation_received", "survivor_id", "survivors"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_other_compensation_received")),
    )
    with op.batch_alter_table("other_compensation_received", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_other_compensation_received_survivor_id"), ["survivor_id"], unique=False
        )
    _awards()
    _default_policy()
    for table in (
        "award_policies",
        "award_policy_amounts",
        "award_heads",
        "award_deductions",
        "other_compensation_received",
    ):
        append_only(table)
    _award_guards()
    if is_postgresql():
        _grants()


def _awards() -> None:
    op.create_table(
        "awards",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("survivor_id", sa.Integer(), nullable=False),
        sa.Column("kind", enum("award_kind", "interim_grant", "compensation"), nullable=False),
        sa.Column(
            "status",
            enum("award_status", "recommended", "awaiting_second_approval", "approved", "rejected"),
            nullable=False,
        ),
        sa.Column("currency", currency(), nullable=False),
        sa.Column("award_policy_id", sa.Integer(), nullable=False),
        sa.Column("calculated_on", sa.Date(), nullable=False),
        sa.Column("rate_id", sa.Integer(), nullable=True),
        sa.Column("rate", sa.String(length=40), nullable=True),
        sa.Column("gross_minor", sa.BigInteger(), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("two_approvers", sa.Boolean(), nullable=False),
        sa.Column("payee", enum("payee", "survivor", "guardian"), nullable=False),
        sa.Column("instalments", sa.Integer(), nullable=False),
        sa.Column("first_due_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("recommended_by", sa.String(length=63), nullable=False),
        sa.Column("recommended_at", moment(), nullable=False),
        sa.Column("first_approved_by", sa.String(length=63), nullable=True),
        sa.Column("first_approved_at", moment(), nullable=True),
        sa.Column("decided_by", sa.String(length=63), nullable=True),
        sa.Column("decided_at", moment(), nullable=True),
        sa.Column("decision_reason", sa.Text(), nullable=True),
        sa.Column("entry_seq", sa.BigInteger(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "decided_by IS NULL OR (decided_by <> recommended_by AND "
            "(first_approved_by IS NULL OR decided_by <> first_approved_by))",
            name=op.f("ck_awards_decider_not_recommender_nor_first_approver"),
        ),
        sa.CheckConstraint(
            "first_approved_by IS NULL OR first_approved_by <> recommended_by",
            name=op.f("ck_awards_first_approver_not_recommender"),
        ),
        sa.CheckConstraint(
            "gross_minor >= 0 AND amount_minor >= 0", name=op.f("ck_awards_not_negative")
        ),
        sa.CheckConstraint(
            "instalments BETWEEN 1 AND 24", name=op.f("ck_awards_instalments_1_to_24")
        ),
        foreign_key("awards", "application_id", "applications"),
        foreign_key("awards", "award_policy_id", "award_policies"),
        foreign_key("awards", "entry_seq", "journal_entries", "chain_seq"),
        foreign_key("awards", "rate_id", "exchange_rates"),
        foreign_key("awards", "survivor_id", "survivors"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_awards")),
    )
    with op.batch_alter_table("awards", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_awards_application_id"), ["application_id"])
        batch_op.create_index(batch_op.f("ix_awards_status"), ["status"])
        batch_op.create_index(batch_op.f("ix_awards_survivor_id"), ["survivor_id"])
        batch_op.create_index(
            "uq_awards_live_application",
            ["application_id"],
            unique=True,
            sqlite_where=sa.text("status <> 'rejected'"),
            postgresql_where=sa.text("status <> 'rejected'"),
        )
    op.create_table(
        "award_heads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("award_id", sa.Integer(), nullable=False),
        sa.Column("head", enum("head_of_loss", *HEADS), nullable=False),
        sa.Column("claimed_minor", sa.BigInteger(), nullable=True),
        sa.Column("assessed_minor", sa.BigInteger(), nullable=False),
        sa.Column("cap_minor", sa.BigInteger(), nullable=False),
        sa.Column("allowed_minor", sa.BigInteger(), nullable=False),
        foreign_key("award_heads", "award_id", "awards"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_award_heads")),
        sa.UniqueConstraint("award_id", "head", name=op.f("uq_award_heads_award_id_head")),
    )
    op.create_table(
        "award_deductions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("award_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            enum("deduction_kind", "interim_grant", "other_compensation"),
            nullable=False,
        ),
        sa.Column("interim_award_id", sa.Integer(), nullable=True),
        sa.Column("other_compensation_id", sa.Integer(), nullable=True),
        sa.Column("source_currency", currency(), nullable=False),
        sa.Column("source_minor", sa.BigInteger(), nullable=False),
        sa.Column("deducted_minor", sa.BigInteger(), nullable=False),
        foreign_key("award_deductions", "award_id", "awards"),
        foreign_key("award_deductions", "interim_award_id", "awards"),
        foreign_key("award_deductions", "other_compensation_id", "other_compensation_received"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_award_deductions")),
    )
    with op.batch_alter_table("award_deductions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_award_deductions_award_id"), ["award_id"])


def _default_policy() -> None:
    policies = sa.table(
        "award_policies",
        sa.column("id", sa.Integer),
        sa.column("name", sa.String),
        sa.column("effective_from", sa.Date),
        sa.column("currency", sa.String),
        sa.column("recovery_order", sa.String),
        sa.column("note", sa.Text),
        sa.column("created_by", sa.String),
        sa.column("created_at", sa.DateTime(timezone=True)),
    )
    created = datetime(2026, 11, 28, tzinfo=UTC)
    if not is_postgresql():
        created = created.replace(tzinfo=None)
    op.bulk_insert(
        policies,
        [
            {
                "id": 1,
                "name": "Default award policy",
                "effective_from": date(2000, 1, 1),
                "currency": "USD",
                "recovery_order": "victim_first",
                "note": DEFAULT_NOTE,
                "created_by": "(migration 0020)",
                "created_at": created,
            }
        ],
    )
    amounts = sa.table(
        "award_policy_amounts",
        sa.column("award_policy_id", sa.Integer),
        sa.column("currency", sa.String),
        sa.column("limit_name", sa.String),
        sa.column("amount_minor", sa.BigInteger),
    )
    op.bulk_insert(
        amounts,
        [
            {"award_policy_id": 1, "currency": "USD", "limit_name": k, "amount_minor": v}
            for k, v in DEFAULT_POLICY_USD_CENTS.items()
        ],
    )
    if is_postgresql():
        op.execute(
            "SELECT setval(pg_get_serial_sequence('award_policies', 'id'), "
            "(SELECT max(id) FROM award_policies))"
        )


def _award_guards() -> None:
    never_deleted("awards")
    guard(
        "awards_start_recommended",
        "awards",
        "INSERT",
        "NEW.status <> 'recommended'",
        "an award starts as a recommendation",
    )
    guard(
        "awards_decided_final",
        "awards",
        "UPDATE",
        "OLD.status IN ('approved', 'rejected') OR NEW.amount_minor <> OLD.amount_minor "
        "OR NEW.gross_minor <> OLD.gross_minor OR NEW.currency <> OLD.currency "
        "OR NEW.application_id <> OLD.application_id OR NEW.survivor_id <> OLD.survivor_id "
        "OR NEW.recommended_by <> OLD.recommended_by OR NEW.instalments <> OLD.instalments "
        "OR NEW.kind <> OLD.kind",
        "an award's figures never change and a decided award is final",
    )
    if is_postgresql():
        guard(
            "awards_four_eyes",
            "awards",
            "UPDATE",
            "NEW.status <> OLD.status AND "
            + officer_check(
                "session_user::text IN (OLD.recommended_by, coalesce(OLD.first_approved_by, '')) "
                "OR NOT pg_has_role(session_user, 'compfund_approver', 'MEMBER') "
                "OR session_user::text IS DISTINCT FROM CASE WHEN NEW.status = "
                "'awaiting_second_approval' THEN NEW.first_approved_by ELSE NEW.decided_by END"
            ),
            "only an approver who neither recommended nor already approved an award may "
            "approve or reject it, in their own name",
        )


def _grants() -> None:
    op.execute(f"GRANT SELECT ON award_policies, award_policy_amounts TO {STAFF}")
    op.execute("GRANT INSERT ON award_policies, award_policy_amounts TO compfund_admin")
    tables = "awards, award_heads, award_deductions, other_compensation_received"
    op.execute(f"GRANT SELECT ON {tables} TO {MONEY_READERS}")
    op.execute("GRANT INSERT ON awards, award_heads, award_deductions TO compfund_fund_officer")
    op.execute("GRANT UPDATE ON awards TO compfund_approver")
    op.execute("GRANT INSERT ON other_compensation_received TO compfund_enforcement_officer")
    op.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {STAFF}")


def downgrade() -> None:
    for table in (
        "award_deductions",
        "award_heads",
        "awards",
        "other_compensation_received",
        "award_policy_amounts",
        "award_policies",
    ):
        op.drop_table(table)
    drop_functions(
        "awards_start_recommended",
        "awards_decided_final",
        "awards_four_eyes",
        *(
            f"{t}_kept"
            for t in (
                "awards",
                "award_policies",
                "award_policy_amounts",
                "award_heads",
                "award_deductions",
                "other_compensation_received",
            )
        ),
    )
