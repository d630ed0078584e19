"""Shadowing (CVE-2018-1058's family): a temporary object named after a table or function
that a rule reads must not change what the rule reads, for the officer it restrains."""

import psycopg
import pytest

from tests.conftest import TestDatabase
from tests.security.conftest import raw_sql_as

pytestmark = pytest.mark.postgres_only


def attempt(cur: psycopg.Cursor, statement: str) -> bool:
    """Run ``statement``; False when the database refuses it for want of a privilege."""
    try:
        cur.execute(statement)
    except psycopg.errors.InsufficientPrivilege:
        return False
    return True


def test_a_temporary_users_table_does_not_widen_a_caseworkers_province(
    office: TestDatabase,
) -> None:
    with raw_sql_as(office, "cw_bmc") as cur:
        if attempt(cur, "CREATE TEMP TABLE users (login text, province_code text)"):
            cur.execute("INSERT INTO users VALUES (session_user, 'KH-2')")
        cur.execute("SELECT province_code FROM survivors")
        assert cur.fetchall() == [("KH-1",)]
        cur.execute("UPDATE survivors SET phone = '012 000 000' WHERE province_code = 'KH-2'")
        assert cur.rowcount == 0


def test_a_temporary_pg_tables_does_not_let_a_caseworker_write_in_an_approvers_name(
    office: TestDatabase,
) -> None:
    approver = office.login("approver")
    with raw_sql_as(office, "cw_bmc") as cur:
        if attempt(
            cur, "CREATE TEMP TABLE pg_tables (schemaname name, tablename name, tableowner name)"
        ):
            cur.execute(
                "INSERT INTO pg_tables VALUES (current_schema(), 'audit_events', session_user)"
            )
        cur.execute("SELECT length, last_hash FROM chain_heads WHERE chain = 'audit'")
        length, last_hash = cur.fetchone()  # type: ignore[misc]
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            cur.execute(
                "INSERT INTO audit_events (chain_seq, occurred_at, actor_login, event, entity, "
                "prev_hash, row_hash) VALUES (%s, now(), %s, 'award_approved', 'awards', %s, %s)",
                (length + 1, approver, last_hash, "f" * 64),
            )


def test_no_officer_creates_temporary_or_schema_objects(office: TestDatabase) -> None:
    for login in ("cw_bmc", "fund_officer", "approver", "finance_officer", "auditor", "admin"):
        with raw_sql_as(office, login) as cur:
            for statement in (
                "CREATE TEMP TABLE scratch (x int)",
                "CREATE TEMP VIEW scratch_v AS SELECT 1",
                "CREATE FUNCTION pg_temp.users() RETURNS int LANGUAGE sql AS 'SELECT 1'",
                "CREATE TABLE public.scratch (x int)",
                "CREATE SCHEMA scratch",
            ):
                assert not attempt(cur, statement), (login, statement)


def test_no_name_a_rule_reads_can_be_shadowed(office: TestDatabase) -> None:
    """Every table of compfund's schema and the catalog views a rule reads, from the
    catalog, so that tables added later are tried too."""
    with office.engine.connect() as conn:
        names = [
            row[0]
            for row in conn.exec_driver_sql(
                "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace "
                "AND relkind IN ('r', 'v', 'p') ORDER BY relname"
            )
        ]
    assert "users" in names and "chain_heads" in names
    with raw_sql_as(office, "cw_bmc") as cur:
        for name in [*names, "pg_tables", "pg_roles", "pg_auth_members"]:
            assert not attempt(cur, f'CREATE TEMP TABLE "{name}" (x int)'), name
