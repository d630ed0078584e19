"""disbursements: payee details, instalments, payment batches, payments, reconciliation

Written by hand (drafted with autogenerate, then checked against compfund/models). Also:

- a payment only moves forward (batched -> released -> paid | failed, paid -> returned,
  batched -> cancelled) and its key, amount, payee and instalment never change; an
  instalment's amount never changes and its status follows the same map; no payment,
  instalment, batch or reconciliation is ever deleted;
- at most one payment of an instalment in flight and at most one paid (partial unique
  indexes): the database itself refuses a double payment;
- a batch is released by someone other than its maker; on PostgreSQL only an approver
  may release, in their own name, checked against ``session_user``;
- a reconciliation's differences are resolved once, with the resolution kept;
- PostgreSQL grants to the fund's group roles.

Revision ID: 0021
Revises: 0020
Create Date: 2026-11-28 18:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from migrations.columns import currency, enum, foreign_key, moment
from migrations.guards import (
    MONEY_READERS,
    STAFF,
    append_only,
    distinct,
    drop_functions,
    guard,
    is_postgresql,
    never_deleted,
    officer_check,
)

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CHANNELS = ("bank_transfer", "mobile_money", "cash_dosvy")
PAYMENT_MOVES = (
    "batched>released",
    "batched>cancelled",
    "released>paid",
    "released>failed",
    "paid>returned",
)
INSTALMENT_MOVES = (
    "scheduled>scheduled",
    "scheduled>batched",
    "batched>scheduled",
    "batched>released",
    "released>paid",
    "released>failed",
    "paid>returned",
    "failed>scheduled",
    "returned>scheduled",
)


def upgrade() -> None:
    op.create_table(
        "payee_details",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("survivor_id", sa.Integer(), nullable=False),
        sa.Column("payee", enum("payee", "survivor", "guardian"), nullable=False),
        sa.Column("payee_name", sa.String(length=120), nullable=False),
        sa.Column("channel", enum("channel", *CHANNELS), nullable=False),
        sa.Column("institution", sa.String(length=80), nullable=True),
        sa.Column("account", sa.String(length=40), nullable=True),
        sa.Column("dosvy_province", sa.String(length=5), nullable=True),
        sa.Column("updated_by", sa.String(length=63), nullable=False),
        sa.Column("updated_at", moment(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        foreign_key("payee_details", "dosvy_province", "provinces", "code"),
        foreign_key("payee_details", "survivor_id", "survivors"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payee_details")),
        sa.UniqueConstraint("survivor_id", name=op.f("uq_payee_details_survivor_id")),
    )
    op.create_table(
        "instalments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("award_id", sa.Integer(), nullable=False),
        sa.Column("survivor_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("currency", currency(), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column(
            "status",
            enum(
                "instalment_status",
                "scheduled",
                "batched",
                "released",
                "paid",
                "failed",
                "returned",
            ),
            nullable=False,
        ),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("amount_minor > 0", name=op.f("ck_instalments_positive")),
        foreign_key("instalments", "award_id", "awards"),
        foreign_key("instalments", "survivor_id", "survivors"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_instalments")),
        sa.UniqueConstraint("award_id", "seq", name=op.f("uq_instalments_award_id_seq")),
    )
    with op.batch_alter_table("instalments", schema=None) as batch_op:
        for column in ("award_id", "due_on", "status", "survivor_id"):
            batch_op.create_index(batch_op.f(f"ix_instalments_{column}"), [column])
    op.create_table(
        "payment_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("currency", currency(), nullable=False),
        sa.Column("channel", enum("channel", *CHANNELS), nullable=False),
        sa.Column("status", enum("batch_status", "built", "released", "cancelled"), nullable=False),
        sa.Column("line_count", sa.Integer(), nullable=False),
        sa.Column("total_minor", sa.BigInteger(), nullable=False),
        sa.Column("built_by", sa.String(length=63), nullable=False),
        sa.Column("built_at", moment(), nullable=False),
        sa.Column("released_by", sa.String(length=63), nullable=True),
        sa.Column("released_at", moment(), nullable=True),
        sa.Column("instruction_file", sa.Text(), nullable=True),
        sa.Column("instruction_sha256", sa.String(length=64), nullable=True),
        sa.Column("cancelled_by", sa.String(length=63), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "released_by IS NULL OR released_by <> built_by",
            name=op.f("ck_payment_batches_releaser_not_maker"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_batches")),
    )
    with op.batch_alter_table("payment_batches", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_payment_batches_status"), ["status"])
    _payments()
    _reconciliation()
    _guards()
    if is_postgresql():
        _grants()


def _payments() -> None:
    op.create_table(
        "payments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("instalment_id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("idempotency_key", sa.String(length=40), nullable=False),
        sa.Column("channel", enum("channel", *CHANNELS), nullable=False),
        sa.Column("currency", currency(), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("payee_name", sa.String(length=120), nullable=False),
        sa.Column("account", sa.String(length=40), nullable=True),
        sa.Column("institution", sa.String(length=80), nullable=True),
        sa.Column(
            "status",
            enum(
                "payment_status", "batched", "released", "paid", "failed", "returned", "cancelled"
            ),
            nullable=False,
        ),
        sa.Column("paid_on", sa.Date(), nullable=True),
        sa.Column("paid_reference", sa.String(length=80), nullable=True),
        sa.Column("failure_reason", sa.Text(), nullable=True),
        sa.Column("return_reason", sa.Text(), nullable=True),
        sa.Column("updated_by", sa.String(length=63), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("amount_minor > 0", name=op.f("ck_payments_positive")),
        foreign_key("payments", "batch_id", "payment_batches"),
        foreign_key("payments", "instalment_id", "instalments"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payments")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_payments_idempotency_key")),
    )
    with op.batch_alter_table("payments", schema=None) as batch_op:
        for column in ("batch_id", "instalment_id", "status"):
            batch_op.create_index(batch_op.f(f"ix_payments_{column}"), [column])
        for name, where in (
            ("uq_payments_open_instalment", "status IN ('batched', 'released')"),
            ("uq_payments_paid_instalment", "status = 'paid'"),
        ):
            batch_op.create_index(
                name,
                ["instalment_id"],
                unique=True,
                sqlite_where=sa.text(where),
                postgresql_where=sa.text(where),
            )


def _reconciliation() -> None:
    op.create_table(
        "reconciliations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("imported_by", sa.String(length=63), nullable=False),
        sa.Column("imported_at", moment(), nullable=False),
        foreign_key("reconciliations", "batch_id", "payment_batches"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reconciliations")),
        sa.UniqueConstraint("batch_id", "sha256", name=op.f("uq_reconciliations_batch_id_sha256")),
    )
    with op.batch_alter_table("reconciliations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reconciliations_batch_id"), ["batch_id"])
    op.create_table(
        "reconciliation_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reconciliation_id", sa.Integer(), nullable=False),
        sa.Column(
            "category",
            enum(
                "match_category",
                "matched",
                "missing",
                "unexpected",
                "amount_mismatch",
                "payee_mismatch",
                "duplicate",
            ),
            nullable=False,
        ),
        sa.Column("payment_id", sa.Integer(), nullable=True),
        sa.Column("row_number", sa.Integer(), nullable=True),
        sa.Column("statement_key", sa.String(length=80), nullable=True),
        sa.Column("statement_currency", sa.String(length=3), nullable=True),
        sa.Column("statement_minor", sa.BigInteger(), nullable=True),
        sa.Column("statement_payee", sa.String(length=120), nullable=True),
        sa.Column("statement_reference", sa.String(length=80), nullable=True),
        sa.Column("resolution", sa.Text(), nullable=True),
        sa.Column("resolved_by", sa.String(length=63), nullable=True),
        sa.Column("resolved_at", moment(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        foreign_key("reconciliation_lines", "payment_id", "payments"),
        foreign_key("reconciliation_lines", "reconciliation_id", "reconciliations"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reconciliation_lines")),
    )
    with op.batch_alter_table("reconciliation_lines", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_reconciliation_lines_reconciliation_id"), ["reconciliation_id"]
        )


def _moves(moves: tuple[str, ...]) -> str:
    listed = ", ".join(f"'{m}'" for m in moves)
    return f"(OLD.status || '>' || NEW.status) NOT IN ({listed})"


def _changed(*columns: str) -> str:
    return " OR ".join(distinct(f"NEW.{c}", f"OLD.{c}") for c in columns)


def _guards() -> None:
    for table in ("payments", "instalments", "payment_batches", "reconciliation_lines"):
        never_deleted(table)
    append_only("reconciliations")
    guard(
        "payments_forward_only",
        "payments",
        "UPDATE",
        _moves(PAYMENT_MOVES)
        + " OR "
        + _changed(
            "instalment_id",
            "batch_id",
            "attempt",
            "idempotency_key",
            "channel",
            "currency",
            "amount_minor",
            "payee_name",
            "account",
        ),
        "a payment only moves forward (released, then paid or failed; paid, then returned) "
        "and its key, amount and payee never change",
    )
    guard(
        "instalments_forward_only",
        "instalments",
        "UPDATE",
        _moves(INSTALMENT_MOVES) + " OR " + _changed("award_id", "seq", "currency", "amount_minor"),
        "an instalment's amount never changes and it moves only along its states",
    )
    guard(
        "payment_batches_released_once",
        "payment_batches",
        "UPDATE",
        "OLD.status <> 'built' OR " + _changed("currency", "channel", "built_by", "total_minor"),
        "a released or cancelled payment batch is final",
    )
    guard(
        "reconciliation_lines_resolved_once",
        "reconciliation_lines",
        "UPDATE",
        "OLD.resolution IS NOT NULL OR "
        + _changed("reconciliation_id", "category", "payment_id", "statement_key"),
        "a reconciliation difference is resolved once; its resolution is kept",
    )
    if is_postgresql():
        guard(
            "payment_batches_four_eyes",
            "payment_batches",
            "UPDATE",
            "NEW.status = 'released' AND "
            + officer_check(
                "session_user::text = OLD.built_by "
                "OR NOT pg_has_role(session_user, 'compfund_approver', 'MEMBER') "
                "OR NEW.released_by IS DISTINCT FROM session_user::text"
            ),
            "only an approver who did not build a payment batch may release it, in their own name",
        )


def _grants() -> None:
    tables = (
        "payee_details, instalments, payment_batches, payments, reconciliations, "
        "reconciliation_lines"
    )
    op.execute(f"GRANT SELECT ON {tables} TO {MONEY_READERS}")
    op.execute("GRANT INSERT, UPDATE ON payee_details TO compfund_fund_officer")
    op.execute("GRANT INSERT ON instalments TO compfund_approver")
    op.execute("GRANT UPDATE ON instalments, payment_batches, payments TO compfund_approver")
    op.execute(
        "GRANT INSERT, UPDATE ON instalments, payment_batches, payments, reconciliation_lines "
        "TO compfund_finance_officer"
    )
    op.execute("GRANT INSERT ON reconciliations TO compfund_finance_officer")
    op.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {STAFF}")


def downgrade() -> None:
    for table in (
        "reconciliation_lines",
        "reconciliations",
        "payments",
        "payment_batches",
        "instalments",
        "payee_details",
    ):
        op.drop_table(table)
    drop_functions(
        "payments_forward_only",
        "instalments_forward_only",
        "payment_batches_released_once",
        "reconciliation_lines_resolved_once",
        "payment_batches_four_eyes",
        *(
            f"{t}_kept"
            for t in (
                "payments",
                "instalments",
                "payment_batches",
                "reconciliation_lines",
                "reconciliations",
            )
        ),
    )
