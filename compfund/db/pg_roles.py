"""PostgreSQL roles: each officer logs in as their own role, a member of a group role.

Group roles (``compfund_caseworker`` ...) carry the grants. No officer's login may
create or alter roles: compfund asks the database to, through the officer-manager
functions (migrations/officer_logins.py), which act only on officers' logins inside
compfund's groups, never on the caller's own, and record each change in the audit trail
in the caller's name. A role changes, and an officer with money rights first logs in,
only when another officer confirms it (migrations/officer_rights.py). Passwords reach the server only as SCRAM-SHA-256 verifiers
computed on this desk, never as clear text.
"""

from __future__ import annotations

import re

from sqlalchemy import text
from sqlalchemy.orm import Session

from compfund.errors import InvalidInput
from compfund.permissions import Role

LOGIN_RE = re.compile(r"^[a-z][a-z0-9_]{1,62}$")


def group_role(role: Role) -> str:
    return f"compfund_{role.value}"


def check_login(login: str) -> str:
    if not LOGIN_RE.match(login) or login.startswith(("pg_", "compfund_")):
        raise InvalidInput(
            f"{login!r} cannot be a login: use 2 to 63 lower-case letters, digits or _, "
            "starting with a letter (not pg_ or compfund_)."
        )
    return login


def _scram_verifier(session: Session, login: str, password: str) -> str:
    raw = session.connection().connection.dbapi_connection
    pgconn = raw.pgconn  # type: ignore[union-attr]
    verifier = pgconn.encrypt_password(password.encode(), login.encode(), b"scram-sha-256")
    return bytes(verifier).decode()


def role_exists(session: Session, login: str) -> bool:
    found = session.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": login})
    return found.first() is not None


def create_login_role(session: Session, login: str, role: Role, password: str) -> None:
    """Create the officer's database role inside its group (the group may connect here)."""
    if role_exists(session, login):
        raise InvalidInput(f"A database role named {login!r} already exists on this server.")
    session.execute(
        text("SELECT public.compfund_officer_create(:login, :group, :verifier)"),
        {
            "login": login,
            "group": group_role(role),
            "verifier": _scram_verifier(session, login, password),
        },
    )


def set_login_enabled(session: Session, login: str, enabled: bool) -> None:
    function = "compfund_officer_enable" if enabled else "compfund_officer_disable"
    session.execute(text(f"SELECT public.{function}(:login)"), {"login": login})


def set_password(session: Session, login: str, password: str) -> None:
    session.execute(
        text("SELECT public.compfund_officer_set_password(:login, :verifier)"),
        {"login": login, "verifier": _scram_verifier(session, login, password)},
    )


def session_user(session: Session) -> str:
    return str(session.execute(text("SELECT session_user")).scalar_one())


def confirm_request(session: Session, login: str) -> None:
    """The database applies another administrator's proposed change of ``login``'s rights,
    confirmed by this session's officer (never the proposer, never ``login``)."""
    session.execute(text("SELECT public.compfund_officer_confirm(:login)"), {"login": login})


def refuse_request(session: Session, login: str, reason: str) -> None:
    session.execute(
        text("SELECT public.compfund_officer_refuse(:login, :reason)"),
        {"login": login, "reason": reason},
    )


def is_session_user(session: Session, login: str) -> bool:
    """Is ``login`` the role this session connected as? Every desk connects as its own
    officer; the schema's owner also works in officers' names on one connection (the
    demo), and then the services write what the database's functions would."""
    return bool(session.execute(text("SELECT session_user = :l"), {"l": login}).scalar())


def set_group(session: Session, login: str, role: Role) -> None:
    """Move ``login`` to ``role``'s group: for the schema's owner only (an administrator's
    role no longer may: ``compfund_officer_confirm`` moves officers)."""
    session.execute(
        text("SELECT public.compfund_officer_set_group(:login, :group)"),
        {"login": login, "group": group_role(role)},
    )
