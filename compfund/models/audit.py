"""The append-only audit trail: every change made through any service."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from compfund.models.base import Base, UTCDateTime


class AuditEvent(Base):
    """Who did what, when, to which record, with old and new values. Never updated."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    actor_login: Mapped[str] = mapped_column(String(63))
    event: Mapped[str] = mapped_column(String(30))  # insert, update, delete, refused, ...
    entity: Mapped[str] = mapped_column(String(60))
    entity_id: Mapped[str | None] = mapped_column(String(40))
    old_values: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    new_values: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    detail: Mapped[str | None] = mapped_column(String(500))
