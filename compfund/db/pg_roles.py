"""PostgreSQL roles: each officer logs in as their own role, a member of a group role.

Group roles (``compfund_caseworker`` ...) carry the grants; ``compfund user add`` creates
the officer's login role inside the right group. Passwords are sent to the server only
as SCRAM-SHA-256 verifiers computed on this desk, never as clear text in a statement.
"""

from __future__ import annotations

import re

from psycopg import sql
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


def _execute(session: Session, statement: sql.Composable) -> None:
    """Run DDL composed by psycopg itself (identifiers and literals quoted by the driver)."""
    raw = session.connection().connection.dbapi_connection
    with raw.cursor() as cursor:  # type: ignore[union-attr]
        cursor.execute(statement)


def _scram_verifier(session: Session, login: str, password: str) -> str:
    raw = session.connection().connection.dbapi_connection
    pgconn = raw.pgconn  # type: ignore[union-attr]
    verifier = pgconn.encrypt_password(password.encode(), login.encode(), b"scram-sha-256")
    return bytes(verifier).decode()


def create_login_role(session: Session, login: str, role: Role, password: str) -> None:
    """Create the officer's database role inside its group, able to connect here only."""
    exists = session.execute(
        text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": login}
    ).first()
    if exists:
        raise InvalidInput(f"A database role named {login!r} already exists on this server.")
    verifier = _scram_verifier(session, login, password)
    extra = sql.SQL(" CREATEROLE" if role is Role.ADMIN else "")
    _execute(
        session,
        sql.SQL("CREATE ROLE {login} LOGIN{extra} PASSWORD {verifier} IN ROLE {group}").format(
            login=sql.Identifier(login),
            extra=extra,
            verifier=sql.Literal(verifier),
            group=sql.Identifier(group_role(role)),
        ),
    )
    database = session.execute(text("SELECT current_database()")).scalar_one()
    _execute(
        session,
        sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(
            sql.Identifier(database), sql.Identifier(login)
        ),
    )


def set_login_enabled(session: Session, login: str, enabled: bool) -> None:
    _execute(
        session,
        sql.SQL("ALTER ROLE {} {}").format(
            sql.Identifier(login), sql.SQL("LOGIN" if enabled else "NOLOGIN")
        ),
    )


def session_user(session: Session) -> str:
    return str(session.execute(text("SELECT session_user")).scalar_one())
