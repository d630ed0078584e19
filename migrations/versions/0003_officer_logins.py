"""0003_officer_logins: officers' logins managed only through the officer-manager functions (PostgreSQL)

Revision ID: 0003_officer_logins
Revises: 0002_rules_hold
Create Date: 2026-12-03 12:30:00

No officer's login has CREATEROLE any more. A NOLOGIN role, compfund_officer_manager
(with CREATEROLE), owns the SECURITY DEFINER functions through which administrators
create, disable, re-enable, re-password and regroup officers' logins
(migrations/officer_logins.py). The officer groups may connect to the database since
0002_rules_hold, so a login needs no grant of its own. SQLite: nothing (one desk, the services hold the rules).
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from migrations.guards import is_postgresql
from migrations.officer_logins import (
    create_manager,
    no_createrole_for_officers,
    officer_functions,
)

revision: str = "0003_officer_logins"
down_revision: str | None = "0002_rules_hold"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if not is_postgresql():
        return
    create_manager()
    no_createrole_for_officers()
    officer_functions()
    # An administrator's role changes an officer's name, role, province and whether they
    # are disabled, never a login (the database role it names) nor the sign-in counters.
    op.execute("REVOKE UPDATE ON users FROM compfund_admin")
    op.execute(
        "GRANT UPDATE (display_name, role, province_code, disabled, version) ON users "
        "TO compfund_admin"
    )


def downgrade() -> None:
    raise NotImplementedError(
        "compfund's migrations go forward only: a revision cannot be downgraded"
    )
