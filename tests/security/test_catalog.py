"""What the catalog says of compfund's functions and privileges, read from the catalog
itself (so that what a later migration adds is held to the same rules)."""

import psycopg
import pytest

from tests.conftest import TestDatabase
from tests.security.conftest import raw_sql_as

pytestmark = pytest.mark.postgres_only
FIXED = "search_path=pg_catalog, public, pg_temp"


def _rows(db: TestDatabase, sql: str) -> list[tuple[object, ...]]:
    with db.engine.connect() as conn:
        return [tuple(r) for r in conn.exec_driver_sql(sql)]


def test_every_function_fixes_its_search_path(office: TestDatabase) -> None:
    functions = _rows(
        office,
        "SELECT p.oid::regprocedure::text, coalesce(p.proconfig, '{}') FROM pg_proc p "
        "WHERE p.pronamespace = 'public'::regnamespace ORDER BY 1",
    )
    assert len(functions) > 20
    assert [name for name, config in functions if FIXED not in config] == []  # type: ignore[operator]


def test_no_function_is_executable_by_public(office: TestDatabase) -> None:
    public = _rows(
        office,
        "SELECT p.oid::regprocedure::text FROM pg_proc p "
        "WHERE p.pronamespace = 'public'::regnamespace AND (p.proacl IS NULL OR EXISTS ("
        "SELECT 1 FROM aclexplode(p.proacl) a WHERE a.grantee = 0)) ORDER BY 1",
    )
    assert public == []
    defaults = _rows(
        office,
        "SELECT count(*) FROM pg_default_acl WHERE defaclobjtype = 'f' AND NOT EXISTS ("
        "SELECT 1 FROM aclexplode(defaclacl) a WHERE a.grantee = 0)",
    )
    assert defaults[0][0] >= 1  # new functions are closed to PUBLIC too


def test_public_has_no_temp_or_create_on_the_database(office: TestDatabase) -> None:
    rows = _rows(
        office,
        "SELECT has_database_privilege('public', current_database(), 'TEMP'), "
        "has_database_privilege('public', current_database(), 'CREATE'), "
        "has_database_privilege('public', current_database(), 'CONNECT'), "
        "has_schema_privilege('public', 'public', 'CREATE')",
    )
    assert rows == [(False, False, False, False)]


def test_an_officer_cannot_become_another_role(office: TestDatabase) -> None:
    owner = _rows(
        office, "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()"
    )[0][0]
    with raw_sql_as(office, "cw_bmc") as cur:
        for statement in (
            "SET ROLE compfund_approver",
            "SET ROLE compfund_admin",
            f'SET ROLE "{owner}"',
            f'SET SESSION AUTHORIZATION "{office.login("approver")}"',
            "SET ROLE postgres",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                cur.execute(statement)


def test_an_officer_cannot_call_the_gates_or_the_trails_functions(office: TestDatabase) -> None:
    approver = office.login("approver")
    with raw_sql_as(office, "cw_bmc") as cur:
        for statement in (
            f"SELECT compfund_login_failed('{approver}')",
            "SELECT compfund_audit_append('x', 'x', 'x', NULL, NULL)",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                cur.execute(statement)
