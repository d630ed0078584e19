"""The unit of work: one Session for one user action, rolled back unless committed."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from compfund.actor import Actor
from compfund.db.audit_hook import install_audit_hook
from compfund.db.engine import READ_ONLY
from compfund.errors import DatabaseUnreachable


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
        finally:
            session.close()
            self._session = None
