"""Column types and constraints shared by the migrations, written out as the models render
them (with the naming convention of compfund.models.base), without importing the models."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


def enum(name: str, *values: str) -> sa.Enum:
    """A text column limited to ``values`` by a named CHECK constraint (no native enum)."""
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True)


def currency() -> sa.Enum:
    return enum("currency", "KHR", "USD")


def moment() -> sa.DateTime:
    """A timestamp stored in UTC."""
    return sa.DateTime(timezone=True)


def big_id() -> sa.Column[int]:
    """The id of a table that grows with every event (BIGINT, SQLite's INTEGER rowid)."""
    return sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False)


def foreign_key(table: str, column: str, target: str, key: str = "id") -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.{key}"], name=op.f(f"fk_{table}_{column}_{target}")
    )


def primary_key(table: str, column: str = "id") -> sa.PrimaryKeyConstraint:
    return sa.PrimaryKeyConstraint(column, name=op.f(f"pk_{table}"))


def unique(table: str, *columns: str) -> sa.UniqueConstraint:
    return sa.UniqueConstraint(*columns, name=op.f(f"uq_{table}_{'_'.join(columns)}"))


def check(table: str, name: str, condition: str) -> sa.CheckConstraint:
    return sa.CheckConstraint(condition, name=op.f(f"ck_{table}_{name}"))


def index(table: str, *columns: str) -> None:
    """One plain index per column, named by the convention."""
    for column in columns:
        op.create_index(op.f(f"ix_{table}_{column}"), table, [column], unique=False)
