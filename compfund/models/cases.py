"""Formal identifications, applications to the fund and their attached documents."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from compfund.enums import (
    ApplicationStatus,
    ApplicationType,
    ExploitationForm,
    IdentifyingAuthority,
)
from compfund.models.base import Base, UTCDateTime, stored
from compfund.models.people import Survivor

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024


class Identification(Base):
    """One formal identification: one exploitation episode, by one authority."""

    __tablename__ = "identifications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    survivor_id: Mapped[int] = mapped_column(ForeignKey("survivors.id"), index=True)
    authority: Mapped[IdentifyingAuthority] = mapped_column(
        stored(IdentifyingAuthority, "identifying_authority")
    )
    officer_name: Mapped[str] = mapped_column(String(120))
    identified_on: Mapped[date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(200))
    form_reference: Mapped[str] = mapped_column(String(60))
    exploitation_form: Mapped[ExploitationForm] = mapped_column(
        stored(ExploitationForm, "exploitation_form")
    )
    country_code: Mapped[str] = mapped_column(String(2))
    act_established: Mapped[bool] = mapped_column(Boolean)
    means_established: Mapped[bool] = mapped_column(Boolean)
    purpose_established: Mapped[bool] = mapped_column(Boolean)
    minor_at_time: Mapped[bool] = mapped_column(Boolean)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())

    survivor: Mapped[Survivor] = relationship()


class Application(Base):
    """A claim made to the fund for a survivor, on exactly one identification."""

    __tablename__ = "applications"
    __table_args__ = (
        # the applications list, newest first, page by page (see bench/national_scale.py)
        Index(None, "created_at", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    identification_id: Mapped[int] = mapped_column(ForeignKey("identifications.id"), index=True)
    application_type: Mapped[ApplicationType] = mapped_column(
        stored(ApplicationType, "application_type")
    )
    status: Mapped[ApplicationStatus] = mapped_column(
        stored(ApplicationStatus, "application_status"), index=True
    )
    submitting_organisation: Mapped[str] = mapped_column(String(120))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    version: Mapped[int] = mapped_column(Integer)

    identification: Mapped[Identification] = relationship()

    __mapper_args__ = {"version_id_col": version}


class ApplicationDocument(Base):
    """A file attached to an application, kept in the database with its SHA-256."""

    __tablename__ = "application_documents"
    __table_args__ = (
        CheckConstraint(
            f"size_bytes >= 0 AND size_bytes <= {MAX_ATTACHMENT_BYTES}", name="size_within_cap"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(100))
    description: Mapped[str | None] = mapped_column(Text)
    size_bytes: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary, info={"content": True})
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime())
