"""The unit of work: one Session for one user action, rolled back unless committed.

``run_in_unit_of_work`` is how a desk runs an action: it commits, and when PostgreSQL
answers a serialization failure or a deadlock (SQLSTATE 40001, 40P01), it rolls back and
runs the whole action again, a bounded number of times, so an officer never sees an
error that only meant "someone else was writing at the same moment".
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from types import TracebackType
from typing import TypeVar

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from compfund.actor import Actor
from compfund.db.audit_hook import install_audit_hook
from compfund.db.engine import READ_ONLY
from compfund.errors import ConcurrentEdit, DatabaseUnreachable

R = TypeVar("R")
RETRIED_SQLSTATES = {"40001": "serialization failure", "40P01": "deadlock detected"}
MAX_ATTEMPTS = 5
RELOAD = "Someone else saved this record first: reload it and try again."


class UnitOfWork:
    """``with UnitOfWork(engine, actor) as uow: ...; uow.commit()``.

    Leaving the block without ``commit()`` (or with an exception) rolls everything back,
    so a refused action leaves nothing half-written.
    """

    def __init__(self, engine: Engine, actor: Actor, *, read_only: bool = False) -> None:
        self.engine = engine
        self.actor = actor
        self.read_only = read_only
        self._session: Session | None = None

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("UnitOfWork used outside its with-block")
        return self._session

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def __enter__(self) -> UnitOfWork:
        bind = self.engine.execution_options(**{READ_ONLY: True}) if self.read_only else self.engine
        self._session = Session(bind=bind, expire_on_commit=False, autoflush=True)
        self._session.info["actor"] = self.actor
        install_audit_hook(self._session)
        return self

    def commit(self) -> None:
        if self.read_only:
            raise RuntimeError("a read-only unit of work cannot commit")
        try:
            self.session.commit()
        except StaleDataError as exc:
            raise ConcurrentEdit(RELOAD) from exc
        except DBAPIError as exc:
            if exc.connection_invalidated:
                raise DatabaseUnreachable(
                    "The connection to the database was lost while saving; "
                    "check whether the change was saved before trying again."
                ) from exc
            raise

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        session = self.session
        try:
            session.rollback()
        except Exception:
            if exc is None:  # never hide the error that is already on its way out
                raise
        finally:
            session.close()
            self._session = None


def retried(exc: BaseException) -> bool:
    """True for the database's "try again" answers: serialization failure and deadlock."""
    return isinstance(exc, DBAPIError) and (
        getattr(exc.orig, "sqlstate", None) in RETRIED_SQLSTATES
    )


def run_in_unit_of_work(
    engine: Engine,
    actor: Actor,
    work: Callable[[UnitOfWork], R],
    *,
    attempts: int = MAX_ATTEMPTS,
) -> R:
    """Run ``work`` in a unit of work and commit it, again from the start (in a fresh
    transaction) after a serialization failure or a deadlock, at most ``attempts`` times."""
    for attempt in range(1, attempts + 1):
        try:
            with UnitOfWork(engine, actor) as uow:
                result = work(uow)
                uow.commit()
                return result
        except DBAPIError as exc:
            if not retried(exc):
                raise
            if attempt == attempts:
                raise ConcurrentEdit(
                    f"The database stayed busy with other officers' work ({attempts} tries): "
                    "try again in a moment."
                ) from exc
            time.sleep(random.uniform(0.01, 0.05) * 2**attempt)  # jitter only
    raise AssertionError("unreachable")
