"""The append-only audit trail: every change made through any service, hash-chained."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from compfund.models.base import Base, UTCDateTime

_ID = BigInteger().with_variant(Integer, "sqlite")


class AuditEvent(Base):
    """Who did what, when, to which record, with old and new values. Never updated.

    ``chain_seq``, ``prev_hash`` and ``row_hash`` link every event to the one before
    (see ``compfund.db.chain``).
    """

    __tablename__ = "audit_events"
    # the events about one record (0005_money_rules)
    __table_args__ = (Index("ix_audit_events_entity_entity_id", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(_ID, primary_key=True)
    chain_seq: Mapped[int] = mapped_column(BigInteger, unique=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    actor_login: Mapped[str] = mapped_column(String(63))
    event: Mapped[str] = mapped_column(String(30))  # insert, update, delete, refused, ...
    entity: Mapped[str] = mapped_column(String(60))
    entity_id: Mapped[str | None] = mapped_column(String(40))
    old_values: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    new_values: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    detail: Mapped[str | None] = mapped_column(String(500))
    prev_hash: Mapped[str] = mapped_column(String(64))
    row_hash: Mapped[str] = mapped_column(String(64))
    # The province of the survivor the event is about, set by the shared database (row-
    # level security hides it from other provinces' caseworkers); not hashed: "?" when the
    # survivor can no longer be found, NULL for an event about no survivor.
    scope_province: Mapped[str | None] = mapped_column(String(5))


AUDIT_HASHED = (
    "chain_seq",
    "occurred_at",
    "actor_login",
    "event",
    "entity",
    "entity_id",
    "old_values",
    "new_values",
    "detail",
)
"""The audit columns each row's hash covers (with the previous row's hash)."""


class ChainHead(Base):
    """The last link of each hash chain; writers lock this row to append."""

    __tablename__ = "chain_heads"

    chain: Mapped[str] = mapped_column(String(20), primary_key=True)
    length: Mapped[int] = mapped_column(BigInteger)
    last_hash: Mapped[str] = mapped_column(String(64))
