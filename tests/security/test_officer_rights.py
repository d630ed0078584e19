"""Officers who hold money rights (issue 10): an administrator's own login, in plain SQL
(psql, DBeaver ...), cannot give an officer approver, finance officer or administrator
rights, nor change anyone's role, without a second administrator or an approver
confirming: the classic way round four eyes is one person with two logins."""

from __future__ import annotations

import psycopg
import pytest

from compfund.officers import add_user
from compfund.permissions import Role
from tests.conftest import PASSWORD, TestDatabase, plain_client
from tests.security.conftest import raw_sql_as

pytestmark = pytest.mark.postgres_only

REFUSED = (
    psycopg.errors.InsufficientPrivilege,
    psycopg.errors.InvalidParameterValue,
    psycopg.errors.CheckViolation,
)


def _verifier(cur: psycopg.Cursor[tuple[object, ...]], login: str) -> str:
    raw = cur.connection.pgconn.encrypt_password(
        PASSWORD.encode(), login.encode(), b"scram-sha-256"
    )
    return bytes(raw).decode()


def _one(db: TestDatabase, sql: str, *args: object) -> object:
    with db.engine.connect() as conn:
        return conn.exec_driver_sql(sql, args).scalar()


def _in_group(db: TestDatabase, login: str, group: str) -> bool:
    return bool(_one(db, "SELECT pg_has_role(%s, %s, 'MEMBER')", login, group))


def _cannot_connect(db: TestDatabase, login: str) -> None:
    with pytest.raises(psycopg.OperationalError), plain_client(db, login):
        pass


@pytest.mark.xfail(strict=True, reason="an administrator regroups an officer alone")
def test_an_admin_cannot_make_a_fund_officer_an_approver_with_set_group(
    office: TestDatabase,
) -> None:
    fund_officer = office.login("fund_officer")
    with raw_sql_as(office, "admin") as cur, pytest.raises(REFUSED):
        cur.execute(
            "SELECT public.compfund_officer_set_group(%s, 'compfund_approver')", (fund_officer,)
        )
    assert not _in_group(office, fund_officer, "compfund_approver")


@pytest.mark.xfail(strict=True, reason="an administrator updates users.role alone")
def test_an_admin_cannot_update_an_officers_role(office: TestDatabase) -> None:
    fund_officer = office.login("fund_officer")
    with raw_sql_as(office, "admin") as cur, pytest.raises(REFUSED):
        cur.execute("UPDATE users SET role = 'approver' WHERE login = %s", (fund_officer,))
    assert _one(office, "SELECT role FROM users WHERE login = %s", fund_officer) == "fund_officer"


@pytest.mark.xfail(strict=True, reason="a new approver logs in at once")
@pytest.mark.parametrize("role", [Role.APPROVER, Role.FINANCE_OFFICER, Role.ADMIN])
def test_an_officer_with_money_rights_added_by_one_admin_cannot_log_in(
    office: TestDatabase, role: Role
) -> None:
    login = office.login("second_login")
    office.admin().do(add_user, login, role=role, password=PASSWORD)
    _cannot_connect(office, login)


@pytest.mark.xfail(strict=True, reason="an administrator enables a new approver alone")
def test_an_admin_cannot_enable_an_approver_nobody_confirmed(office: TestDatabase) -> None:
    login = office.login("second_login")
    office.admin().do(add_user, login, role=Role.APPROVER, password=PASSWORD)
    with raw_sql_as(office, "admin") as cur, pytest.raises(REFUSED):
        cur.execute("SELECT public.compfund_officer_enable(%s)", (login,))
    _cannot_connect(office, login)


@pytest.mark.xfail(strict=True, reason="an administrator creates an approver in plain SQL")
@pytest.mark.parametrize("role", [Role.APPROVER, Role.FINANCE_OFFICER, Role.ADMIN])
def test_an_approver_made_in_plain_sql_cannot_log_in(office: TestDatabase, role: Role) -> None:
    login = office.login("made")
    with raw_sql_as(office, "admin") as cur:
        cur.execute(
            "INSERT INTO users (login, display_name, role, disabled, created_at, version, "
            "failed_logins) VALUES (%s, %s, %s, false, now(), 1, 0)",
            (login, login, role.value),
        )
        try:
            cur.execute(
                "SELECT public.compfund_officer_create(%s, %s, %s)",
                (login, f"compfund_{role.value}", _verifier(cur, login)),
            )
        except REFUSED:
            pass
        try:
            cur.execute("SELECT public.compfund_officer_enable(%s)", (login,))
        except REFUSED:
            pass
    _cannot_connect(office, login)
