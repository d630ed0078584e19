"""Opening engines: SQLite with foreign keys, WAL and BEGIN IMMEDIATE; PostgreSQL via psycopg 3.

A connection run with the ``READ_ONLY`` execution option (a read-only unit of work) is
read-only in the database itself: ``SET TRANSACTION READ ONLY`` on PostgreSQL,
``PRAGMA query_only`` on SQLite. Work that tries to write there (an identifying access
that must be recorded, say) is refused by the database, not merely rolled back.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError, OperationalError

from compfund.errors import AuthenticationFailed, DatabaseUnreachable
from compfund.private_files import private_file, private_folder

READ_ONLY = "compfund_read_only"
_AUTH_MARKERS = (
    "password authentication failed",
    "no password supplied",
    "does not exist",  # role "x" does not exist
    "is not permitted to log in",
    "permission denied for database",
    "authentication failed",
)


def open_engine(url: URL) -> Engine:
    """An engine for ``url`` that has been proven to connect (or a clear error)."""
    if url.get_backend_name() == "sqlite":
        engine = _sqlite_engine(url)
    else:
        engine = _postgresql_engine(url)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except OperationalError as exc:
        engine.dispose()
        raise translate_connect_error(exc, url) from None
    return engine


def translate_connect_error(exc: DBAPIError, url: URL) -> Exception:
    message = str(exc.orig) if exc.orig is not None else str(exc)
    if url.get_backend_name() == "postgresql" and any(m in message for m in _AUTH_MARKERS):
        if "database" in message and "does not exist" in message and "role" not in message:
            return DatabaseUnreachable(f"The database {url.database!r} does not exist.")
        return AuthenticationFailed("Wrong login or password for the shared database.")
    where = url.render_as_string(hide_password=True)
    first_line = message.strip().splitlines()[0] if message.strip() else "no answer"
    return DatabaseUnreachable(f"Cannot reach the database at {where}: {first_line}")


def _sqlite_engine(url: URL) -> Engine:
    if url.database and url.database != ":memory:":
        path = Path(url.database).expanduser()
        try:
            private_folder(path.parent)
            private_file(path)  # SQLite gives its -wal and -shm files the same mode
        except OSError as exc:
            raise DatabaseUnreachable(f"Cannot create {path}: {exc}") from None
    engine = create_engine(url, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # Take transaction control away from pysqlite so BEGIN is ours (see below).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA busy_timeout = 30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # Writes take the write lock at BEGIN, so two desks never both read-then-write.
        # query_only belongs to the connection, not the transaction: set it every time.
        read_only = conn.get_execution_options().get(READ_ONLY, False)
        conn.exec_driver_sql(f"PRAGMA query_only = {'ON' if read_only else 'OFF'}")
        conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

    return engine


def _postgresql_engine(url: URL) -> Engine:
    engine = create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 10})

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # The first statement of the transaction psycopg opens: nothing ran before it.
        if conn.get_execution_options().get(READ_ONLY, False):
            conn.exec_driver_sql("SET TRANSACTION READ ONLY")

    return engine
