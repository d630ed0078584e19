"""award figures from the eligibility policy: one source for the interim grant and the cap

The interim grant and the cap per survivor, per currency, were in two places: the
eligibility policy's ``policy_amounts`` (migration 0006) and the award policy's
``award_policy_amounts`` (0020, limits ``interim_grant`` and ``survivor_cap``). From now
on awards read them from the eligibility policy version in force, so:

- the award policy's ``interim_grant`` and ``survivor_cap`` rows are deleted, and its
  ``policy_limit`` CHECK no longer allows them (the table stays append-only: its
  triggers are set aside only for this deletion). The shipped default award policy held
  USD 200 and USD 5,000, the same as the default eligibility version's USD figures;
- ``awards.policy_version_id`` records the eligibility policy version an award used. It
  is left empty for awards calculated before this migration (they used the award
  policy's own figures); ``awards_decided_final`` now also refuses changing it or the
  award policy an award used.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-08 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from migrations.guards import append_only, distinct, drop_functions, guard, is_postgresql

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

HEADS = ("lost_wages", "medical_costs", "psychological_harm", "rehabilitation_and_travel", "other")
MOVED = ("interim_grant", "survivor_cap")  # now only in policy_amounts
KEPT = ("two_approvers_above", *HEADS)
LIMIT_CHECK = "ck_award_policy_amounts_policy_limit"
TRIGGERS = ("trg_award_policy_amounts_no_delete", "trg_award_policy_amounts_no_update")

FINAL = (
    "OLD.status IN ('approved', 'rejected') OR NEW.amount_minor <> OLD.amount_minor "
    "OR NEW.gross_minor <> OLD.gross_minor OR NEW.currency <> OLD.currency "
    "OR NEW.application_id <> OLD.application_id OR NEW.survivor_id <> OLD.survivor_id "
    "OR NEW.recommended_by <> OLD.recommended_by OR NEW.instalments <> OLD.instalments "
    "OR NEW.kind <> OLD.kind"
)
FINAL_MESSAGE = "an award's figures never change and a decided award is final"


def _in(values: tuple[str, ...]) -> str:
    return "limit_name IN (" + ", ".join(f"'{v}'" for v in values) + ")"


def _limits(allowed: tuple[str, ...]) -> None:
    """Allow only ``allowed`` as the award policy's limits (SQLite rebuilds the table)."""
    if is_postgresql():
        op.drop_constraint(op.f(LIMIT_CHECK), "award_policy_amounts", type_="check")
        op.create_check_constraint(op.f(LIMIT_CHECK), "award_policy_amounts", _in(allowed))
        return
    with op.batch_alter_table("award_policy_amounts", recreate="always") as batch_op:
        batch_op.drop_constraint(op.f(LIMIT_CHECK), type_="check")
        batch_op.create_check_constraint(op.f(LIMIT_CHECK), _in(allowed))
    append_only("award_policy_amounts")  # the rebuilt table lost its triggers


def _set_aside_append_only(sql: str) -> None:
    """Run ``sql`` on award_policy_amounts with its append-only triggers set aside."""
    if is_postgresql():
        for trigger in TRIGGERS:
            op.execute(f"ALTER TABLE award_policy_amounts DISABLE TRIGGER {trigger}")
        op.execute(sql)
        for trigger in TRIGGERS:
            op.execute(f"ALTER TABLE award_policy_amounts ENABLE TRIGGER {trigger}")
        return
    for trigger in TRIGGERS:
        op.execute(f"DROP TRIGGER {trigger}")
    op.execute(sql)  # _limits rebuilds the table and its triggers next


def _decided_final(condition: str) -> None:
    if is_postgresql():
        drop_functions("awards_decided_final")
    else:
        op.execute("DROP TRIGGER trg_awards_decided_final_update")
    guard("awards_decided_final", "awards", "UPDATE", condition, FINAL_MESSAGE)


def upgrade() -> None:
    _set_aside_append_only(f"DELETE FROM award_policy_amounts WHERE {_in(MOVED)}")
    _limits(KEPT)
    fk = op.f("fk_awards_policy_version_id_policy_versions")
    if is_postgresql():
        op.add_column("awards", sa.Column("policy_version_id", sa.Integer(), nullable=True))
        op.create_foreign_key(fk, "awards", "policy_versions", ["policy_version_id"], ["id"])
    elif "policy_version_id" not in {
        c["name"] for c in sa.inspect(op.get_bind()).get_columns("awards")
    }:
        # SQLite adds a column with its foreign key without rebuilding the table (and a
        # downgrade leaves it, so an upgrade after one finds it there already).
        op.execute(
            f"ALTER TABLE awards ADD COLUMN policy_version_id INTEGER "
            f"CONSTRAINT {fk} REFERENCES policy_versions (id)"
        )
    _decided_final(
        f"{FINAL} OR NEW.award_policy_id <> OLD.award_policy_id "
        f"OR {distinct('NEW.policy_version_id', 'OLD.policy_version_id')}"
    )


def downgrade() -> None:
    _decided_final(FINAL)
    if is_postgresql():
        op.drop_constraint(
            op.f("fk_awards_policy_version_id_policy_versions"), "awards", type_="foreignkey"
        )
        op.drop_column("awards", "policy_version_id")
    # SQLite keeps the (harmless, nullable) column: dropping a column with a foreign key
    # means rebuilding awards, which instalments and deductions reference.
    _limits((*MOVED, *KEPT))
    # Each award policy gets back the figures of the eligibility version in force on its
    # first day (or the first version, for one older than any), in its own currency.
    _set_aside_append_only(
        "INSERT INTO award_policy_amounts (award_policy_id, currency, limit_name, amount_minor) "
        "SELECT p.id, p.currency, l.name, CASE l.name WHEN 'interim_grant' "
        "THEN a.interim_grant_minor ELSE a.award_cap_minor END "
        "FROM award_policies p "
        "JOIN (SELECT 'interim_grant' AS name UNION ALL SELECT 'survivor_cap') l ON 1 = 1 "
        "JOIN policy_amounts a ON a.currency = p.currency AND a.policy_version_id = coalesce("
        "(SELECT v.id FROM policy_versions v WHERE v.effective_from <= p.effective_from "
        "ORDER BY v.effective_from DESC LIMIT 1), "
        "(SELECT v.id FROM policy_versions v ORDER BY v.effective_from LIMIT 1))"
    )
    if not is_postgresql():
        append_only("award_policy_amounts")
