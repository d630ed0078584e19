"""Guarded state changes: ``UPDATE ... WHERE status = <expected>``, never read-then-write.

The database decides which of two desks moves a row: the second finds no row in the
expected state (on PostgreSQL it waits for the first to commit, then re-reads) and is
told so. Every such change bumps the row's version, so an ORM save from a desk holding
an older copy is refused too, and is written to the audit trail like any other change.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, update
from sqlalchemy import text as sql

from compfund.actor import Actor
from compfund.clock import utc_now
from compfund.db.audit_hook import append_events, audit_row, masked
from compfund.db.uow import UnitOfWork
from compfund.models.base import Base


def on_own_login(uow: UnitOfWork, actor: Actor) -> bool:
    """PostgreSQL, with the officer connected as their own role (every desk): where the
    officer's role may not write a record, a database function does it in their name and
    the service writes the audit event. The schema's owner, who may read and write
    everything, also works in officers' names on one connection (the demo): for it the
    service writes the record itself, as on SQLite."""
    if uow.dialect != "postgresql":
        return False
    return bool(
        uow.session.execute(sql("SELECT session_user = :login"), {"login": actor.login}).scalar()
    )


def advance(
    uow: UnitOfWork,
    model: type[Base],
    ids: Sequence[int],
    expected: StrEnum,
    values: dict[str, Any],
    *,
    versions: Sequence[int] | None = None,
) -> int:
    """Move the rows ``ids`` of ``model`` from status ``expected`` to ``values`` in one
    statement; with ``versions``, each row must also still be at that version. Returns how
    many rows moved (the caller decides what fewer means)."""
    if not ids:
        return 0
    table: Any = model.__table__
    uow.session.flush()
    if versions is None:
        which: ColumnElement[bool] = table.c.id.in_(list(ids))
    else:
        which = or_(
            *(
                and_(table.c.id == i, table.c.version == v)
                for i, v in zip(ids, versions, strict=True)
            )
        )
    statement = (
        update(table)
        .where(which, table.c.status == expected.value)
        .values(**values, version=table.c.version + 1)
        .returning(table.c.id)
    )
    moved = [int(i) for i in uow.session.execute(statement).scalars()]
    if moved:
        now = utc_now()
        shown = {name: masked(table.c[name], value) for name, value in values.items()}
        append_events(
            uow.session,
            [
                audit_row(
                    uow.session,
                    event_name="update",
                    entity=table.name,
                    entity_id=str(i),
                    old_values={"status": expected.value},
                    new_values=shown,
                    at=now,
                )
                for i in sorted(moved)
            ],
        )
    # ORM copies of these rows in this session are now stale: read them afresh.
    for obj in list(uow.session.identity_map.values()):
        if isinstance(obj, model) and getattr(obj, "id", None) in moved:
            uow.session.expire(obj)
    return len(moved)
