"""The one way a command gets a desk: ``with logged_in_desk(options) as desk:``.

The officer named by ``--user`` logs in (password from $COMPFUND_PASSWORD or a prompt)
on a database whose schema is current; leaving the block closes the desk.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from compfund.cli.passwords import acting_password
from compfund.db import migrate
from compfund.db.engine import open_engine
from compfund.db.urls import chosen_url
from compfund.desk import Desk
from compfund.errors import AuthenticationFailed, RuleViolation

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from compfund.cli.main import Globals

R = TypeVar("R")


def require_schema(engine: Engine) -> None:
    if not migrate.is_current(engine):
        raise RuleViolation(
            "This database's schema is missing or out of date: run `compfund db upgrade` first."
        )


def logged_in_desk(options: Globals) -> Desk:
    """The officer named by --user, logged in; use it as a context manager."""
    if not options.user:
        raise AuthenticationFailed("Log in for this command: add --user LOGIN.")
    url = chosen_url(options.db)
    engine = open_engine(url)
    try:
        require_schema(engine)
    finally:
        engine.dispose()
    return Desk.log_in(url, options.user, acting_password(options.user))


def on_desk(options: Globals, work: Callable[[Desk], R]) -> R:
    """``work`` done at the --user officer's desk (a one-call command's shorthand)."""
    with logged_in_desk(options) as desk:
        return work(desk)
