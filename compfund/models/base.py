"""The declarative base with one constraint naming convention, and shared column types."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import DateTime, Dialect, Enum, Index, MetaData, TypeDecorator, text
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator[datetime]):
    """A moment stored in UTC and always handed back timezone-aware (SQLite keeps none)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored: give a timezone")
        moment = value.astimezone(UTC)
        return moment.replace(tzinfo=None) if dialect.name == "sqlite" else moment

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


IDENTIFYING = {"identifying": True}
"""Column ``info`` marking data that identifies a survivor (TIPSE Art. 49): never shown,
exported or logged in clear to roles that do not need it."""


def unique_where(name: str, column: str, where: str) -> Index:
    """A partial unique index, the same on SQLite and PostgreSQL: ``column`` is unique among
    the rows where ``where`` holds (e.g. one paid payment per instalment)."""
    return Index(name, column, unique=True, sqlite_where=text(where), postgresql_where=text(where))


def stored(enum: type[StrEnum], name: str) -> Enum:
    """A text column limited to ``enum``'s values (portable: no native PostgreSQL enum)."""
    return Enum(
        enum,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=max(len(m.value) for m in enum),
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )
