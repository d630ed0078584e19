"""The audit hook: every flushed insert, update and delete becomes an audit event.

It runs after each flush, on the same connection and in the same transaction, so an
audit row exists exactly when the change it describes is committed. Secrets are never
copied (password hashes), attachment contents are summarised by their size, and a
survivor's identifying fields (names, birth date, document numbers, contacts) are
recorded only as "changed", so the trail itself never reveals who a survivor is.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session, UOWTransaction

from compfund.clock import utc_now
from compfund.db.chain import append
from compfund.models import AuditEvent, Base
from compfund.models.audit import AUDIT_HASHED

_MARK = "compfund_audit_hook"


def install_audit_hook(session: Session) -> None:
    if not session.info.get(_MARK):
        event.listen(session, "after_flush", _record_flush)
        session.info[_MARK] = True


def acting_login(session: Session) -> str:
    actor = session.info.get("actor")
    return actor.login if actor else "(unknown)"


def audit_row(
    session: Session,
    *,
    event_name: str,
    entity: str,
    entity_id: str | None = None,
    old_values: dict[str, Any] | None = None,
    new_values: dict[str, Any] | None = None,
    detail: str | None = None,
    at: datetime | None = None,
) -> dict[str, Any]:
    """One audit event as the chain stores it: the only place such a row is built."""
    return {
        "occurred_at": at or utc_now(),
        "actor_login": acting_login(session),
        "event": event_name,
        "entity": entity,
        "entity_id": entity_id,
        "old_values": old_values,
        "new_values": new_values,
        "detail": detail,
    }


def record_event(
    session: Session,
    *,
    event_name: str,
    entity: str,
    entity_id: str | None = None,
    detail: str | None = None,
    new_values: dict[str, Any] | None = None,
) -> None:
    """Append one audit event (a login, a refusal, an identifying access ...)."""
    append_events(
        session,
        [
            audit_row(
                session,
                event_name=event_name,
                entity=entity,
                entity_id=entity_id,
                new_values=new_values,
                detail=detail,
            )
        ],
    )


def append_events(session: Session, rows: list[dict[str, Any]]) -> None:
    """Link ``rows`` onto the audit chain, in this session's transaction."""
    append(session.connection(), "audit", AuditEvent.__table__, rows, AUDIT_HASHED)  # type: ignore[arg-type]


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    return value


def _columns(obj: Base) -> list[Any]:
    return [a for a in inspect(obj).mapper.column_attrs]


def masked(column: Any, value: Any) -> Any:
    """The one masking rule: a value as the trail keeps it. Secrets and identifying
    columns (``info={"secret": True}`` / ``{"identifying": True}``) never appear."""
    if value is None:
        return None
    if column.info.get("secret"):
        return "<secret>"
    if column.info.get("identifying"):
        return "<identifying>"
    return _plain(value)


def _values(obj: Base, *, which: str) -> dict[str, Any]:
    state = inspect(obj)
    out: dict[str, Any] = {}
    for attr in _columns(obj):
        column = attr.columns[0]
        hist = state.attrs[attr.key].history
        if which == "old":
            value = hist.deleted[0] if hist.deleted else (hist.unchanged or [None])[0]
        else:
            value = getattr(obj, attr.key)
        out[attr.key] = masked(column, value)
    return out


def _changed(obj: Base) -> tuple[dict[str, Any], dict[str, Any]]:
    state = inspect(obj)
    old: dict[str, Any] = {}
    new: dict[str, Any] = {}
    for attr in _columns(obj):
        hist = state.attrs[attr.key].history
        if not hist.has_changes():
            continue
        column = attr.columns[0]
        old[attr.key] = masked(column, hist.deleted[0] if hist.deleted else None)
        new[attr.key] = masked(column, hist.added[0] if hist.added else None)
    return old, new


def _record_flush(session: Session, _flush: UOWTransaction) -> None:
    now = utc_now()
    rows: list[dict[str, Any]] = []

    def add(obj: Base, name: str, old: dict[str, Any] | None, new: dict[str, Any] | None) -> None:
        if isinstance(obj, AuditEvent):
            return
        identity = inspect(obj).mapper.primary_key_from_instance(obj)
        rows.append(
            audit_row(
                session,
                event_name=name,
                entity=type(obj).__tablename__,
                entity_id=",".join(str(k) for k in identity if k is not None) or None,
                old_values=old,
                new_values=new,
                at=now,
            )
        )

    for obj in session.new:
        add(obj, "insert", None, _values(obj, which="new"))
    for obj in session.dirty:
        if session.is_modified(obj, include_collections=False):
            old, new = _changed(obj)
            if new:
                add(obj, "update", old, new)
    for obj in session.deleted:
        add(obj, "delete", _values(obj, which="old"), None)
    if rows:
        append_events(session, rows)
