"""Column types shared by the money migrations (0020 onwards), written out as the models
render them, without importing the models."""

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


def foreign_key(table: str, column: str, target: str, key: str = "id") -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.{key}"], name=op.f(f"fk_{table}_{column}_{target}")
    )
