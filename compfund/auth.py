"""Logging in: who is at this desk. Every login, failed login and lockout is audited.

- Embedded SQLite: the officer's Argon2id hash in ``users`` is checked here.
- Shared PostgreSQL: the server checks the password; we connect *as* the officer's own
  role and look the officer up by ``session_user``. A failed attempt never gets a
  connection, so it is reported through the ``compfund_gate`` role, which may only call
  the login functions (migrations/guards.py, ``login_gate``).

On SQLite, after ``LOCK_AFTER`` wrong passwords in a row an account is locked for
``LOCK_MINUTES``. On PostgreSQL the gate slows a login down per client address instead
(migrations/rules_hold.py): a lock there would be a lock anyone could set.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Engine, select, text, update
from sqlalchemy.engine import URL

from compfund.actor import Actor
from compfund.clock import as_utc, in_cambodia, utc_now
from compfund.db import pg_roles
from compfund.db.audit_hook import record_event
from compfund.db.engine import open_engine
from compfund.db.uow import UnitOfWork
from compfund.errors import AuthenticationFailed, CompfundError
from compfund.models import User
from compfund.passwords import HASHER, hash_password, verify_password
from compfund.permissions import Role

LOCK_AFTER = 5
LOCK_MINUTES = 15
GATE_LOGIN, GATE_PASSWORD = "compfund_gate", "compfund-gate"

_WRONG = "Wrong login or password."
_UNAUTHENTICATED = Actor(None, "(unauthenticated)", Role.AUDITOR, "")


def _actor(user: User) -> Actor:
    return Actor(user.id, user.login, user.role, user.display_name, user.province_code)


def locked_message(until: datetime) -> str:
    return (
        f"This account is locked after {LOCK_AFTER} wrong passwords, until "
        f"{in_cambodia(until):%H:%M} (Cambodia time). Try again then, or ask an administrator."
    )


def log_in(url: URL, login: str, password: str) -> tuple[Engine, Actor]:
    """Open the database as ``login``; returns the engine to use and the acting officer."""
    login = login.strip().lower()
    if not password:
        raise AuthenticationFailed("No password given.")
    if url.get_backend_name() == "postgresql":
        return _log_in_postgresql(url, login, password)
    engine = open_engine(url)
    try:
        return engine, _log_in_sqlite(engine, login, password)
    except CompfundError:
        engine.dispose()
        raise


def _log_in_sqlite(engine: Engine, login: str, password: str) -> Actor:
    with UnitOfWork(engine, _UNAUTHENTICATED) as uow:
        user = uow.session.execute(select(User).where(User.login == login)).scalar_one_or_none()
        now = utc_now()
        if user is not None and user.locked_until and as_utc(user.locked_until) > now:
            record_event(
                uow.session,
                event_name="login_refused",
                entity="users",
                entity_id=login,
                detail="account locked",
            )
            uow.commit()
            raise AuthenticationFailed(locked_message(user.locked_until))
        if (
            user is None
            or user.password_hash is None
            or not verify_password(user.password_hash, password)
        ):
            _count_failure(uow, user, login, now)
            uow.commit()
            if user is not None and user.locked_until and as_utc(user.locked_until) > now:
                raise AuthenticationFailed(locked_message(user.locked_until))
            raise AuthenticationFailed(_WRONG)
        if user.disabled:
            record_event(
                uow.session,
                event_name="login_refused",
                entity="users",
                entity_id=login,
                detail="account disabled",
            )
            uow.commit()
            raise AuthenticationFailed("This account is disabled: ask an administrator.")
        values: dict[str, object] = {"failed_logins": 0, "locked_until": None}
        if HASHER.check_needs_rehash(user.password_hash):
            values["password_hash"] = hash_password(password)
        # Plain UPDATEs: bookkeeping of logins is recorded as login events, not as edits.
        uow.session.execute(update(User).where(User.id == user.id).values(**values))
        actor = _actor(user)
        uow.session.info["actor"] = actor
        record_event(uow.session, event_name="login", entity="users", entity_id=login)
        uow.commit()
        return actor


def _count_failure(uow: UnitOfWork, user: User | None, login: str, now: datetime) -> None:
    if user is None:
        record_event(uow.session, event_name="login_failed", entity="users", detail="unknown login")
        return
    record_event(
        uow.session,
        event_name="login_failed",
        entity="users",
        entity_id=login,
        detail="wrong password",
    )
    failures = user.failed_logins + 1
    if failures >= LOCK_AFTER:
        until = now + timedelta(minutes=LOCK_MINUTES)
        uow.session.execute(
            update(User).where(User.id == user.id).values(failed_logins=0, locked_until=until)
        )
        user.locked_until = until
        record_event(
            uow.session,
            event_name="lockout",
            entity="users",
            entity_id=login,
            detail=f"locked after {LOCK_AFTER} wrong passwords",
        )
    else:
        uow.session.execute(update(User).where(User.id == user.id).values(failed_logins=failures))


# -- PostgreSQL ------------------------------------------------------------------------


def _gate(url: URL) -> Engine | None:
    try:
        return open_engine(url.set(username=GATE_LOGIN, password=GATE_PASSWORD))
    except CompfundError:
        return None  # an older schema or a server that keeps the gate closed


def _gate_call(url: URL, sql: str, login: str) -> object:
    gate = _gate(url)
    if gate is None:
        return None
    try:
        with gate.begin() as conn:
            return conn.execute(text(sql), {"login": login}).scalar()
    finally:
        gate.dispose()


def waiting_message(seconds: int) -> str:
    unit = "second" if seconds == 1 else "seconds"
    return f"Too many wrong passwords for this login from this desk: try again in {seconds} {unit}."


def _log_in_postgresql(url: URL, login: str, password: str) -> tuple[Engine, Actor]:
    """The server checks the password. After wrong ones the gate makes this desk wait a
    little longer each time before trying the login again (at most half a minute): it
    never locks an officer out, so nobody can keep an officer from working by failing
    on purpose."""
    wait = _gate_call(url, "SELECT compfund_login_wait(:login)", login)
    if isinstance(wait, int) and wait > 0:
        raise AuthenticationFailed(waiting_message(wait))
    try:
        engine = open_engine(url.set(username=login, password=password))
    except AuthenticationFailed:
        wait = _gate_call(url, "SELECT compfund_login_failed(:login)", login)
        if isinstance(wait, int) and wait > 0:
            raise AuthenticationFailed(f"{_WRONG} {waiting_message(wait)}") from None
        raise AuthenticationFailed(_WRONG) from None
    try:
        actor = _officer(engine)
    except CompfundError:
        engine.dispose()
        raise
    return engine, actor


def _officer(engine: Engine) -> Actor:
    with UnitOfWork(engine, _UNAUTHENTICATED) as uow:
        who = pg_roles.session_user(uow.session)
        user = uow.session.execute(select(User).where(User.login == who)).scalar_one_or_none()
        if user is None or user.disabled:
            raise AuthenticationFailed(
                f"The database role {who!r} is not a compfund officer here, or is disabled."
            )
        actor = _actor(user)
        uow.session.info["actor"] = actor
        uow.session.execute(text("SELECT compfund_login_succeeded()"))
        record_event(uow.session, event_name="login", entity="users", entity_id=who)
        uow.commit()
        return actor
