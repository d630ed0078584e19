"""Alembic builds the whole schema from empty, identical to the models, on both databases.

These tests run the migrations themselves (``database_from_empty``), not a copy of the
session's template as other tests get."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from compfund.db.migrate import heads, is_current
from compfund.models import Base
from tests.conftest import TestDatabase


def test_there_is_a_single_migration_head() -> None:
    assert len(heads()) == 1


def test_migrated_schema_has_no_difference_from_the_models(
    database_from_empty: TestDatabase,
) -> None:
    database = database_from_empty  # migrated from empty for this test
    with database.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "target_metadata": Base.metadata}
        )
        diff = compare_metadata(context, Base.metadata)
    assert diff == []
    assert is_current(database.engine)


def test_every_table_is_migrated_and_provinces_are_seeded(
    database_from_empty: TestDatabase,
) -> None:
    database = database_from_empty  # migrated from empty for this test
    tables = set(inspect(database.engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    with database.engine.connect() as conn:
        count = conn.execute(text("SELECT count(*) FROM provinces")).scalar_one()
        pp = conn.execute(text("SELECT name_km FROM provinces WHERE code = 'KH-12'")).scalar_one()
    assert count == 25
    assert pp == "ភ្នំពេញ"
