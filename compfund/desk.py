"""The desk: how the window and the command line reach the services.

A ``Desk`` is one logged-in officer on one database, and the boundary of the core:

- ``do`` runs a service in its own unit of work and commits;
- ``read`` runs a service that declared ``writes=False`` in a unit of work the database
  keeps read-only, and refuses any other: what records an access is never run as a read;
- both turn the database's own refusals (triggers, constraints, grants, a lost
  connection) into ``CompfundError`` with a stable key (``compfund.db.refusals``), so
  the window and the command line show the same words;
- a refused permission is kept in the audit trail.

The window holds a Desk and never a Session; the command line gets one only as a
context manager (``with logged_in_desk(options) as desk:``), which closes it.
"""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Any, TypeVar

from sqlalchemy import Engine
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

from compfund.actor import Actor
from compfund.auth import log_in
from compfund.db.audit_hook import record_event
from compfund.db.refusals import READ_ONLY_MESSAGE, translate
from compfund.db.uow import UnitOfWork, run_in_unit_of_work
from compfund.db.urls import chosen_url, shown, without_password
from compfund.errors import PermissionDenied, ReadOnlyRefusal
from compfund.permissions import Action

R = TypeVar("R")


class Desk:
    def __init__(self, engine: Engine, actor: Actor) -> None:
        self.engine = engine
        self.actor = actor

    @classmethod
    def log_in(cls, database: str | URL | None, login: str, password: str) -> Desk:
        """Log ``login`` in on ``database`` (a URL); raises AuthenticationFailed etc."""
        url = database if isinstance(database, URL) else chosen_url(database)
        engine, actor = log_in(url, login, password)
        return cls(engine, actor)

    def unlock(self, password: str) -> None:
        """Prove the same officer is back at a locked window (wrong password: refused,
        counted towards the lockout and audited like any failed login)."""
        engine, _actor = log_in(self.engine.url, self.actor.login, password)
        engine.dispose()

    @property
    def database(self) -> str:
        return shown(self.engine.url)

    def may(self, action: Action) -> bool:
        return self.actor.may(action)

    def do(self, service: Callable[..., R], *args: Any, **kwargs: Any) -> R:
        """Run a service and commit; retried from the start after a serialization failure or
        a deadlock (see ``run_in_unit_of_work``)."""
        try:
            return run_in_unit_of_work(
                self.engine,
                self.actor,
                lambda uow: service(*args, actor=self.actor, uow=uow, **kwargs),
            )
        except PermissionDenied as refusal:
            self._record_refusal(service, refusal)
            raise
        except DBAPIError as error:
            raise self._refused_by_database(service, error) from error

    def read(self, query: Callable[..., R], *args: Any, **kwargs: Any) -> R:
        """Run a service that only reads, in a transaction the database keeps read-only."""
        if getattr(query, "compfund_writes", True) is not False:
            raise ReadOnlyRefusal(READ_ONLY_MESSAGE, key="desk.writing_service_read")
        try:
            with UnitOfWork(self.engine, self.actor, read_only=True) as uow:
                return query(*args, actor=self.actor, uow=uow, **kwargs)
        except PermissionDenied as refusal:
            self._record_refusal(query, refusal)
            raise
        except DBAPIError as error:
            raise self._refused_by_database(query, error) from error

    def _refused_by_database(self, service: Callable[..., Any], error: DBAPIError) -> Exception:
        refusal = translate(error)
        if isinstance(refusal, PermissionDenied):  # a grant or policy said no: keep it too
            self._record_refusal(service, refusal)
        return refusal

    def _record_refusal(self, service: Callable[..., Any], refusal: PermissionDenied) -> None:
        """A refused action is kept in the audit trail, after its own work was rolled back."""
        action = getattr(service, "compfund_action", None)
        with UnitOfWork(self.engine, self.actor) as uow:
            record_event(
                uow.session,
                event_name="refused",
                entity=str(action) if action else service.__name__,
                detail=refusal.message[:500],
            )
            uow.commit()

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Desk:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def chosen_database(given: str | None) -> str:
    """The database this desk opens: ``given``, else $COMPFUND_DATABASE_URL, else the one in
    the officer's settings, else their own embedded file (password never included)."""
    from compfund import config

    return without_password(chosen_url(given, config.load().database_url))


def database_label(database: str | None) -> str:
    """The database as it may be shown on screen: the password hidden."""
    return shown(chosen_url(database))


def keyring_key(database: str | None) -> str:
    """The name under which a password for ``database`` is kept in the OS keyring."""
    return without_password(chosen_url(database))


def is_shared(database: str | None) -> bool:
    """True for the shared PostgreSQL database, where passwords may be kept in the keyring."""
    return chosen_url(database).get_backend_name() == "postgresql"
