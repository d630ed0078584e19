"""The history of an application's status: every step of the workflow, who took it, why."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from compfund.enums import ApplicationStatus
from compfund.models.base import Base, UTCDateTime, stored


class StatusChange(Base):
    """One transition of ``compfund.workflow.TRANSITIONS`` applied to an application.

    Four-eyes checks read it (who recommended the award, who made the decision under
    review) and so does the review window (when the decision was made)."""

    __tablename__ = "status_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    from_status: Mapped[ApplicationStatus] = mapped_column(stored(ApplicationStatus, "from_status"))
    to_status: Mapped[ApplicationStatus] = mapped_column(stored(ApplicationStatus, "to_status"))
    step: Mapped[str] = mapped_column(String(40))
    actor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    reason: Mapped[str | None] = mapped_column(Text)
