"""Logging in: who is at this desk.

- Embedded SQLite: the officer's Argon2id hash in ``users`` is checked here.
- Shared PostgreSQL: the server checks the password; we connect *as* the officer's own
  role and look the officer up by ``session_user``.
"""

from __future__ import annotations

from sqlalchemy import Engine, select
from sqlalchemy.engine import URL

from compfund.actor import Actor
from compfund.db import pg_roles
from compfund.db.engine import open_engine
from compfund.db.uow import UnitOfWork
from compfund.errors import AuthenticationFailed
from compfund.models import User
from compfund.passwords import HASHER, hash_password, verify_password
from compfund.permissions import Role

_WRONG = "Wrong login or password."
_LOGGING_IN = Actor(None, "(logging in)", Role.AUDITOR, "")


def _actor(user: User) -> Actor:
    return Actor(user.id, user.login, user.role, user.display_name, user.province_code)


def _lookup(engine: Engine, login: str) -> User | None:
    with UnitOfWork(engine, _LOGGING_IN, read_only=True) as uow:
        user = uow.session.execute(select(User).where(User.login == login)).scalar_one_or_none()
        if user is not None:
            uow.session.expunge(user)
        return user


def log_in(url: URL, login: str, password: str) -> tuple[Engine, Actor]:
    """Open the database as ``login``; returns the engine to use and the acting officer."""
    login = login.strip().lower()
    if not password:
        raise AuthenticationFailed("No password given.")
    if url.get_backend_name() == "postgresql":
        return _log_in_postgresql(url, login, password)
    engine = open_engine(url)
    user = _lookup(engine, login)
    if (
        user is None
        or user.password_hash is None
        or not verify_password(user.password_hash, password)
    ):
        engine.dispose()
        raise AuthenticationFailed(_WRONG)
    if user.disabled:
        engine.dispose()
        raise AuthenticationFailed("This account is disabled: ask an administrator.")
    if HASHER.check_needs_rehash(user.password_hash):
        _rehash(engine, user, password)
    return engine, _actor(user)


def _rehash(engine: Engine, user: User, password: str) -> None:
    with UnitOfWork(engine, _actor(user)) as uow:
        row = uow.session.get(User, user.id)
        if row is not None:
            row.password_hash = hash_password(password)
            uow.commit()


def _log_in_postgresql(url: URL, login: str, password: str) -> tuple[Engine, Actor]:
    engine = open_engine(url.set(username=login, password=password))
    with UnitOfWork(engine, _LOGGING_IN, read_only=True) as uow:
        who = pg_roles.session_user(uow.session)
        user = uow.session.execute(select(User).where(User.login == who)).scalar_one_or_none()
        actor = _actor(user) if user is not None and not user.disabled else None
    if actor is None:
        engine.dispose()
        raise AuthenticationFailed(
            f"The database role {login!r} is not a compfund officer here, or is disabled."
        )
    return engine, actor
