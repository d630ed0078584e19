"""The ``@service`` decorator: every service names its action and says whether it writes.

A service is ``fn(..., *, actor: Actor, uow: UnitOfWork)``. Before it runs, the actor's
role is checked against ``compfund.permissions.PERMISSIONS``; a refusal raises
``PermissionDenied`` and changes nothing. ``writes=False`` promises the service only
reads: ``Desk.read`` runs only those, in a transaction the database keeps read-only, so
a service that records what it shows (an identifying access, an export) must say
``writes=True`` or be refused. ``SERVICES`` and ``WRITING`` list every decorated service,
so a test can prove that none lacks an entry in the table.

Also here: the scope look-ups every package uses (a caseworker sees only the survivors
of their own province).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from compfund.actor import Actor
from compfund.codes import parse_application_code, parse_survivor_code
from compfund.db.uow import RELOAD, UnitOfWork
from compfund.errors import ConcurrentEdit, NotFound, PermissionDenied
from compfund.models import Application, Survivor
from compfund.permissions import Action, allowed

P = ParamSpec("P")
R = TypeVar("R")

SERVICES: dict[str, Action] = {}
"""Qualified service name -> the action it performs."""
WRITING: set[str] = set()
"""Qualified names of the services that write (``writes=True``)."""


def require(actor: Actor, action: Action) -> None:
    if not allowed(actor.role, action):
        role = actor.role.label
        article = "An" if role[0] in "aeiou" else "A"
        raise PermissionDenied(
            f"{article} {role} may not {action.value}: ask an officer whose role allows it."
        )


def require_province(actor: Actor, province_code: str) -> None:
    """A caseworker acts only for survivors of their own responsible province."""
    if actor.scoped_province not in (None, province_code):
        raise PermissionDenied(
            f"Caseworkers of {actor.province_code} act only for survivors of their own "
            f"province; this survivor belongs to {province_code}."
        )


def in_scope(actor: Actor, province_code: str) -> bool:
    return actor.scoped_province in (None, province_code)


def not_found_for(actor: Actor, what: str) -> NotFound:
    """A look-up that found nothing the actor may see. For a caseworker, records of other
    provinces are not there at all (on PostgreSQL row-level security hides them), so the
    answer is the same whether the record exists elsewhere or not."""
    if actor.scoped_province is not None:
        return NotFound(f"No {what} among the survivors of {actor.province_code}.")
    return NotFound(f"No {what}.")


def service(action: Action, *, writes: bool) -> Callable[[Callable[P, R]], Callable[P, R]]:
    def decorate(fn: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(fn)
        def run(*args: P.args, **kwargs: P.kwargs) -> R:
            actor = kwargs.get("actor")
            uow = kwargs.get("uow")
            if not isinstance(actor, Actor) or not isinstance(uow, UnitOfWork):
                raise TypeError(f"{fn.__name__} needs actor= and uow= keyword arguments")
            require(actor, action)
            uow.session.info["actor"] = actor  # the audit hook records who acted
            try:
                result = fn(*args, **kwargs)
                uow.session.flush()
            except StaleDataError as exc:  # a version column did not match: saved elsewhere
                raise ConcurrentEdit(RELOAD) from exc
            return result

        run.compfund_action = action  # type: ignore[attr-defined]
        run.compfund_writes = writes  # type: ignore[attr-defined]
        name = f"{fn.__module__}.{fn.__qualname__}"
        SERVICES[name] = action
        if writes:
            WRITING.add(name)
        return run

    return decorate


def survivor_in_scope(uow: UnitOfWork, actor: Actor, code: str) -> Survivor:
    """The survivor with ``code``, if the actor may act for them."""
    canonical = parse_survivor_code(code)
    survivor = uow.session.execute(
        select(Survivor).where(Survivor.code == canonical)
    ).scalar_one_or_none()
    if survivor is None or not in_scope(actor, survivor.province_code):
        raise not_found_for(actor, f"survivor has the code {canonical}")
    return survivor


def application_in_scope(uow: UnitOfWork, actor: Actor, code: str) -> Application:
    canonical = parse_application_code(code)
    application = uow.session.execute(
        select(Application).where(Application.code == canonical)
    ).scalar_one_or_none()
    if application is None or not in_scope(
        actor, application.identification.survivor.province_code
    ):
        raise not_found_for(actor, f"application has the code {canonical}")
    return application


__all__ = [
    "SERVICES",
    "WRITING",
    "application_in_scope",
    "in_scope",
    "not_found_for",
    "require",
    "require_province",
    "service",
    "survivor_in_scope",
]
