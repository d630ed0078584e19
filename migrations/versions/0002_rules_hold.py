"""rules hold: the database's rules cannot be bent by the officer they restrain

Revision ID: 0002_rules_hold
Revises: 0001_baseline
Create Date: 2026-12-03 12:30:00

Every officer connects to the shared PostgreSQL database as their own role; tried with
psql, one officer alone could bend the rules the baseline wrote (issue 9). This revision
(migrations/rules_hold.py says how each part works):

- fixes every function's search_path (pg_catalog, public, pg_temp) and closes temporary
  and schema objects, and EXECUTE on functions, to PUBLIC;
- moves the chain heads only by appending (a trigger), never by an officer's UPDATE;
- replaces the login gate's lock, which anyone could set on any officer, by a growing
  wait per login and client address, and caps what the gate writes to the trail;
- row-level security on the audit trail (a caseworker reads their own province's
  survivors' events) and on every table holding a survivor's data.

On SQLite it only adds ``audit_events.scope_province`` (unused there: one desk).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from migrations.guards import is_postgresql, province_scope
from migrations.rules_hold import (
    MORE_SCOPE,
    audit_events_scope,
    chain_heads_move_by_append,
    close_functions_to_public,
    close_role_catalog,
    close_the_database,
    fix_every_search_path,
    own_name_checks,
    province_scope_function,
    slowing_gate,
    survivor_province_function,
)

revision: str = "0002_rules_hold"
down_revision: str | None = "0001_baseline"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # the province of the survivor an event is about: set by the database, not hashed
    op.add_column("audit_events", sa.Column("scope_province", sa.String(5), nullable=True))
    if not is_postgresql():
        return
    close_the_database()
    chain_heads_move_by_append()
    own_name_checks()
    slowing_gate()
    province_scope_function()
    survivor_province_function()
    audit_events_scope()
    for table, condition in MORE_SCOPE.items():
        province_scope(table, condition)
    # last: what the steps above created is held to the same rules
    fix_every_search_path()
    close_functions_to_public()
    close_role_catalog()


def downgrade() -> None:
    raise NotImplementedError(
        "compfund's migrations go forward only: a revision cannot be downgraded"
    )
