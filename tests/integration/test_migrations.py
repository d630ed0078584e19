"""Alembic builds the whole schema from empty, identical to the models, on both databases.

These tests run the migrations themselves (``database_from_empty``), not a copy of the
session's template as other tests get.

The chain starts at one baseline revision, the squash of the migrations 0001..0024 written
before the schema was first released (scripts/compare_schema.py compares what the two
build); it is forward only.
"""

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import CheckConstraint, inspect, text

from compfund.db.migrate import alembic_config, current_revision, heads, is_current
from compfund.models import Base
from migrations import money_rules, rules_hold
from tests.conftest import TestDatabase

DATABASE_ONLY_TABLES = rules_hold.DATABASE_ONLY_TABLES + money_rules.DATABASE_ONLY_TABLES

BASELINE = "0001_baseline"


def test_there_is_a_single_migration_head() -> None:
    assert len(heads()) == 1


def test_the_chain_starts_at_the_baseline() -> None:
    assert ScriptDirectory.from_config(alembic_config()).get_bases() == [BASELINE]


def test_migrated_schema_has_no_difference_from_the_models(
    database_from_empty: TestDatabase,
) -> None:
    database = database_from_empty  # migrated from empty for this test
    with database.engine.connect() as conn:
        context = MigrationContext.configure(
            conn,
            opts={
                "compare_type": True,
                "compare_server_default": True,
                "target_metadata": Base.metadata,
                # tables only the database's own functions use (PostgreSQL)
                "include_name": lambda name, kind, _parent: (
                    kind != "table" or name not in DATABASE_ONLY_TABLES
                ),
            },
        )
        diff = compare_metadata(context, Base.metadata)
    assert diff == []
    assert is_current(database.engine)


def test_every_check_constraint_of_the_models_is_in_the_database(
    database_from_empty: TestDatabase,
) -> None:
    database = database_from_empty
    # compare_metadata does not look at CHECK constraints: the enums' and the rules'.
    inspector = inspect(database.engine)
    missing, extra = {}, {}
    for table in Base.metadata.sorted_tables:
        declared = {str(c.name) for c in table.constraints if isinstance(c, CheckConstraint)}
        found = {str(c["name"]) for c in inspector.get_check_constraints(table.name)}
        if declared - found:
            missing[table.name] = sorted(declared - found)
        if found - declared:
            extra[table.name] = sorted(found - declared)
    assert (missing, extra) == ({}, {})


def test_every_table_is_migrated_and_the_defaults_are_seeded(
    database_from_empty: TestDatabase,
) -> None:
    database = database_from_empty  # migrated from empty for this test
    tables = set(inspect(database.engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    with database.engine.connect() as conn:

        def one(sql: str) -> object:
            return conn.execute(text(sql)).scalar_one()

        assert one("SELECT count(*) FROM provinces") == 25
        assert one("SELECT name_km FROM provinces WHERE code = 'KH-12'") == "ភ្នំពេញ"
        assert one("SELECT count(*) FROM policy_versions") == 1
        assert one("SELECT count(*) FROM policy_amounts WHERE policy_version_id = 1") == 2
        assert one("SELECT count(*) FROM award_policies") == 1
        limits = conn.execute(text("SELECT limit_name FROM award_policy_amounts")).scalars()
        assert sorted(limits) == sorted(
            [
                "two_approvers_above",
                "lost_wages",
                "medical_costs",
                "psychological_harm",
                "rehabilitation_and_travel",
                "other",
            ]
        )
        heads_ = conn.execute(text("SELECT chain, length FROM chain_heads ORDER BY chain")).all()
        assert [tuple(h) for h in heads_] == [("audit", 0), ("journal", 0)]


def test_the_schema_cannot_be_downgraded(database_from_empty: TestDatabase) -> None:
    database = database_from_empty
    config = alembic_config()
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        with pytest.raises(NotImplementedError, match="cannot be downgraded"):
            command.downgrade(config, "base")

    assert [current_revision(database.engine)] == heads()
    assert set(Base.metadata.tables) <= set(inspect(database.engine).get_table_names())
