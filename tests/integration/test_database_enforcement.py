"""On the shared database the rules hold for raw SQL too, as the officer's own role."""

from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import pytest

from compfund.applications.application import create_application, record_identification
from compfund.applications.survivors import register_survivor
from compfund.enums import ApplicationType
from compfund.permissions import Role
from tests.conftest import TestDatabase, plain_client
from tests.integration.intake_data import domestic_servant_minor, fisherman, poipet_identification

pytestmark = pytest.mark.postgres_only


@contextmanager
def raw_sql_as(db: TestDatabase, login: str) -> Iterator[psycopg.Cursor]:
    """A plain database client (psql, DBeaver ...) logged in as the officer."""
    with plain_client(db, db.login(login)) as cur:
        yield cur


@pytest.fixture
def two_provinces(database: TestDatabase) -> TestDatabase:
    for name, province, data in (
        ("cw_bmc", "KH-1", fisherman()),
        ("cw_btb", "KH-2", domestic_servant_minor()),
    ):
        desk = database.officer(name, Role.CASEWORKER, province)
        ident = desk.do(
            record_identification, desk.do(register_survivor, data), poipet_identification()
        )
        desk.do(create_application, ident, ApplicationType.INTERIM_GRANT, "DOSVY")
    database.officer("auditor", Role.AUDITOR)
    return database


def test_a_caseworker_reads_only_their_provinces_rows(two_provinces: TestDatabase) -> None:
    with raw_sql_as(two_provinces, "cw_bmc") as cur:
        cur.execute("SELECT province_code FROM survivors")
        assert cur.fetchall() == [("KH-1",)]
        for table in ("identifications", "applications", "identity_documents"):
            cur.execute(f"SELECT count(*) FROM {table}")
            assert cur.fetchone() == (1,), table
    with raw_sql_as(two_provinces, "auditor") as cur:
        cur.execute("SELECT count(*) FROM survivors")
        assert cur.fetchone() == (2,)


def test_a_caseworker_cannot_write_into_another_province(two_provinces: TestDatabase) -> None:
    with raw_sql_as(two_provinces, "cw_bmc") as cur:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            cur.execute("UPDATE survivors SET province_code = 'KH-2'")
        cur.execute("UPDATE survivors SET phone = '000' WHERE province_code = 'KH-2'")
        assert cur.rowcount == 0  # invisible rows cannot be touched


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_events SET detail = 'edited'",
        "DELETE FROM audit_events",
        "TRUNCATE audit_events",
    ],
)
def test_no_officer_can_change_the_audit_trail(two_provinces: TestDatabase, statement: str) -> None:
    for login in ("cw_bmc", "auditor", "admin"):
        with (
            raw_sql_as(two_provinces, login) as cur,
            pytest.raises(psycopg.errors.InsufficientPrivilege),
        ):
            cur.execute(statement)


def test_an_officer_cannot_write_audit_events_in_another_name(two_provinces: TestDatabase) -> None:
    with (
        raw_sql_as(two_provinces, "cw_bmc") as cur,
        pytest.raises(psycopg.errors.InsufficientPrivilege, match="name of the connected role"),
    ):
        cur.execute(
            "INSERT INTO audit_events (chain_seq, occurred_at, actor_login, event, entity, "
            "prev_hash, row_hash) VALUES (999999, now(), 'someone_else', 'x', 'x', '', '')"
        )


def test_an_auditor_only_reads(two_provinces: TestDatabase) -> None:
    with raw_sql_as(two_provinces, "auditor") as cur:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            cur.execute("UPDATE applications SET status = 'approved'")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            cur.execute(
                "INSERT INTO users (login, display_name, role, disabled, created_at, "
                "version) VALUES ('x', 'x', 'admin', false, now(), 1)"
            )


def test_only_an_admin_role_writes_officers(two_provinces: TestDatabase) -> None:
    with (
        raw_sql_as(two_provinces, "cw_bmc") as cur,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        cur.execute("UPDATE users SET role = 'admin'")
