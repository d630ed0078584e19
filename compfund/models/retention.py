"""Erasing a survivor's identifying data once their cases are long closed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from compfund.models.base import Base, UTCDateTime


class ErasureRequest(Base):
    """An administrator asks; an approver who did not ask approves, and the erasure runs."""

    __tablename__ = "erasure_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    survivor_id: Mapped[int] = mapped_column(ForeignKey("survivors.id"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    requested_by: Mapped[str] = mapped_column(String(63))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime())
    approved_by: Mapped[str | None] = mapped_column(String(63))
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
