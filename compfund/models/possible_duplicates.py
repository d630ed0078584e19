"""Possible duplicates: an application held because its survivor may be registered already."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from compfund.enums import DuplicateResolution
from compfund.models.base import Base, UTCDateTime, stored


class PossibleDuplicate(Base):
    """One registered survivor whom the survivor of an application may be.

    Written when duplicate detection holds the application; resolved by a fund officer,
    who links the application to the registered survivor or overrides with a reason.
    ``survivor_id`` is the survivor registered with the application; after a link it is
    a merged record that duplicate detection no longer compares with.
    """

    __tablename__ = "possible_duplicates"
    __table_args__ = (
        UniqueConstraint("application_id", "existing_survivor_id"),
        CheckConstraint("score >= 0 AND score <= 100", name="score_is_a_percentage"),
        CheckConstraint(
            "(resolution IS NULL) = (resolved_by_id IS NULL) "
            "AND (resolution IS NULL) = (resolved_at IS NULL) "
            "AND (resolution IS NULL) = (resolution_reason IS NULL)",
            name="resolution_complete",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    survivor_id: Mapped[int] = mapped_column(ForeignKey("survivors.id"), index=True)
    existing_survivor_id: Mapped[int] = mapped_column(ForeignKey("survivors.id"), index=True)
    score: Mapped[int] = mapped_column(Integer)
    reasons: Mapped[str] = mapped_column(String(400))
    flagged_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    flagged_at: Mapped[datetime] = mapped_column(UTCDateTime())
    resolution: Mapped[DuplicateResolution | None] = mapped_column(
        stored(DuplicateResolution, "duplicate_resolution")
    )
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    resolution_reason: Mapped[str | None] = mapped_column(Text)
