"""The security tier: attacks on the shared PostgreSQL database, each made with plain SQL
by the officer the rule restrains, logged in as their own role (psql, DBeaver ...)."""

from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import pytest

from compfund.applications.application import create_application, record_identification
from compfund.applications.survivors import register_survivor
from compfund.auth import GATE_LOGIN, GATE_PASSWORD
from compfund.enums import ApplicationType
from compfund.permissions import Role
from tests.conftest import TestDatabase, plain_client
from tests.integration.intake_data import domestic_servant_minor, fisherman, poipet_identification
from tests.integration.test_database_enforcement import raw_sql_as

__all__ = ["raw_sql_as", "as_gate", "office"]


@contextmanager
def as_gate(db: TestDatabase) -> Iterator[psycopg.Cursor]:
    """The public login gate, as anyone who read its password in the README."""
    with plain_client(db, GATE_LOGIN, GATE_PASSWORD) as cur:
        yield cur


@pytest.fixture
def office(database: TestDatabase) -> TestDatabase:
    """Two provinces' caseworkers with a survivor and an application each, and one officer
    of every other role."""
    for name, province, data in (
        ("cw_bmc", "KH-1", fisherman()),
        ("cw_btb", "KH-2", domestic_servant_minor()),
    ):
        desk = database.officer(name, Role.CASEWORKER, province)
        ident = desk.do(
            record_identification, desk.do(register_survivor, data), poipet_identification()
        )
        desk.do(create_application, ident, ApplicationType.INTERIM_GRANT, "DOSVY")
    for role in Role:
        if role not in (Role.CASEWORKER, Role.ADMIN):
            database.officer(role.value, role)
    return database
