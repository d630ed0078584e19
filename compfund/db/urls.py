"""Database URLs: the default embedded file, PostgreSQL URLs, and hiding passwords."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from compfund.errors import InvalidInput

ENV_URL = "COMPFUND_DATABASE_URL"


def default_sqlite_path() -> Path:
    return Path(user_data_dir("compfund", appauthor=False)) / "compfund.sqlite"


def parse_url(text: str) -> URL:
    """A SQLAlchemy URL for ``text``; plain ``postgresql://`` goes through psycopg 3."""
    try:
        url = make_url(text.strip())
    except ArgumentError:
        raise InvalidInput(
            f"{text!r} is not a database URL: use sqlite:///PATH or "
            "postgresql://HOST[:PORT]/DATABASE."
        ) from None
    if url.get_backend_name() == "postgresql":
        return url.set(drivername="postgresql+psycopg")
    if url.get_backend_name() == "sqlite":
        return url.set(drivername="sqlite+pysqlite")
    raise InvalidInput(f"compfund runs on SQLite or PostgreSQL, not {url.get_backend_name()!r}.")


def chosen_url(given: str | None, configured: str | None = None) -> URL:
    """``--db`` if given, else $COMPFUND_DATABASE_URL, else the configured URL, else the file."""
    for candidate in (given, os.environ.get(ENV_URL), configured):
        if candidate:
            return parse_url(candidate)
    return parse_url(f"sqlite:///{default_sqlite_path()}")


def shown(url: URL) -> str:
    """The URL as it may be printed or stored: the password hidden."""
    return url.render_as_string(hide_password=True)


def without_password(url: URL) -> str:
    """The URL with no password at all: the keyring's service name and the config value."""
    # URL.set(password=None) keeps the old password in SQLAlchemy 2.1; _replace drops it.
    return url._replace(password=None).render_as_string(hide_password=False)


def is_postgresql(url: URL) -> bool:
    return url.get_backend_name() == "postgresql"
