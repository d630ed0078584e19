"""Provinces, officers (users), survivors and their identity documents."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from compfund.enums import DocumentType, Sex
from compfund.models.base import IDENTIFYING, Base, UTCDateTime, stored
from compfund.permissions import Role


class ProvinceRow(Base):
    __tablename__ = "provinces"

    code: Mapped[str] = mapped_column(String(5), primary_key=True)
    name_en: Mapped[str] = mapped_column(String(40))
    name_km: Mapped[str] = mapped_column(String(40))


class User(Base):
    """An officer. On PostgreSQL the login is also their own database role."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(
            "role <> 'caseworker' OR province_code IS NOT NULL", name="caseworker_has_province"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    login: Mapped[str] = mapped_column(String(63), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[Role] = mapped_column(stored(Role, "role"))
    province_code: Mapped[str | None] = mapped_column(ForeignKey("provinces.code"))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    # Argon2id hash on the embedded SQLite database only; PostgreSQL checks passwords itself.
    password_hash: Mapped[str | None] = mapped_column(String(200), info={"secret": True})
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Consecutive wrong passwords, and the lock they caused (see compfund.auth).
    failed_logins: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    version: Mapped[int] = mapped_column(Integer)

    __mapper_args__ = {"version_id_col": version}


class Survivor(Base):
    __tablename__ = "survivors"
    __table_args__ = (
        CheckConstraint(
            "date_of_birth IS NOT NULL OR birth_year IS NOT NULL", name="birth_known_or_estimated"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)
    name_km: Mapped[str] = mapped_column(String(120), info=IDENTIFYING)
    name_latin: Mapped[str] = mapped_column(String(120), info=IDENTIFYING)
    sex: Mapped[Sex] = mapped_column(stored(Sex, "sex"))
    date_of_birth: Mapped[date | None] = mapped_column(Date, info=IDENTIFYING)
    birth_year: Mapped[int | None] = mapped_column(Integer)
    province_code: Mapped[str] = mapped_column(ForeignKey("provinces.code"), index=True)
    phone: Mapped[str | None] = mapped_column(String(40), info=IDENTIFYING)
    address: Mapped[str | None] = mapped_column(Text, info=IDENTIFYING)
    guardian_name: Mapped[str | None] = mapped_column(String(120), info=IDENTIFYING)
    guardian_relationship: Mapped[str | None] = mapped_column(String(40))
    guardian_phone: Mapped[str | None] = mapped_column(String(40), info=IDENTIFYING)
    registered_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    registered_at: Mapped[datetime] = mapped_column(UTCDateTime())
    version: Mapped[int] = mapped_column(Integer)

    documents: Mapped[list[IdentityDocument]] = relationship(back_populates="survivor")

    __mapper_args__ = {"version_id_col": version}


class IdentityDocument(Base):
    __tablename__ = "identity_documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    survivor_id: Mapped[int] = mapped_column(ForeignKey("survivors.id"), index=True)
    document_type: Mapped[DocumentType] = mapped_column(stored(DocumentType, "document_type"))
    number: Mapped[str | None] = mapped_column(String(40), info=IDENTIFYING, index=True)
    issued_by: Mapped[str | None] = mapped_column(String(120))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())

    survivor: Mapped[Survivor] = relationship(back_populates="documents")
