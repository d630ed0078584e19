"""Officers who hold money rights (issue 10): an administrator's own login, in plain SQL
(psql, DBeaver ...), cannot give an officer approver, finance officer or administrator
rights, nor change anyone's role, without a second administrator or an approver
confirming: the classic way round four eyes is one person with two logins."""

from __future__ import annotations

import psycopg
import pytest

from compfund.officers import add_user, set_role
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


def test_an_admin_cannot_make_a_fund_officer_an_approver_with_set_group(
    office: TestDatabase,
) -> None:
    fund_officer = office.login("fund_officer")
    with raw_sql_as(office, "admin") as cur, pytest.raises(REFUSED):
        cur.execute(
            "SELECT public.compfund_officer_set_group(%s, 'compfund_approver')", (fund_officer,)
        )
    assert not _in_group(office, fund_officer, "compfund_approver")


def test_an_admin_cannot_update_an_officers_role(office: TestDatabase) -> None:
    fund_officer = office.login("fund_officer")
    with raw_sql_as(office, "admin") as cur, pytest.raises(REFUSED):
        cur.execute("UPDATE users SET role = 'approver' WHERE login = %s", (fund_officer,))
    assert _one(office, "SELECT role FROM users WHERE login = %s", fund_officer) == "fund_officer"


@pytest.mark.parametrize("role", [Role.APPROVER, Role.FINANCE_OFFICER, Role.ADMIN])
def test_an_officer_with_money_rights_added_by_one_admin_cannot_log_in(
    office: TestDatabase, role: Role
) -> None:
    login = office.login("second_login")
    office.admin().do(add_user, login, role=role, password=PASSWORD)
    _cannot_connect(office, login)


def test_an_admin_cannot_enable_an_approver_nobody_confirmed(office: TestDatabase) -> None:
    login = office.login("second_login")
    office.admin().do(add_user, login, role=Role.APPROVER, password=PASSWORD)
    with raw_sql_as(office, "admin") as cur, pytest.raises(REFUSED):
        cur.execute("SELECT public.compfund_officer_enable(%s)", (login,))
    _cannot_connect(office, login)


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


# -- the way that is left: a second officer confirms, in their own name ---------------------


def _proposed_approver(office: TestDatabase) -> str:
    login = office.login("second_login")
    office.admin().do(add_user, login, role=Role.APPROVER, password=PASSWORD)
    return login


def test_the_proposer_cannot_confirm_their_own_request(office: TestDatabase) -> None:
    login = _proposed_approver(office)
    with raw_sql_as(office, "admin") as cur, pytest.raises(REFUSED):
        cur.execute("SELECT public.compfund_officer_confirm(%s)", (login,))
    _cannot_connect(office, login)


def test_an_officer_cannot_confirm_a_change_about_themselves(office: TestDatabase) -> None:
    approver = office.login("approver")
    office.admin().do(set_role, approver, Role.ADMIN)
    with raw_sql_as(office, "approver") as cur, pytest.raises(REFUSED):
        cur.execute("SELECT public.compfund_officer_confirm(%s)", (approver,))
    assert not _in_group(office, approver, "compfund_admin")
    assert _one(office, "SELECT role FROM users WHERE login = %s", approver) == "approver"


@pytest.mark.parametrize("who", ["fund_officer", "finance_officer", "auditor", "cw_bmc"])
def test_only_an_administrator_or_an_approver_confirms(office: TestDatabase, who: str) -> None:
    login = _proposed_approver(office)
    with raw_sql_as(office, who) as cur, pytest.raises(REFUSED):
        cur.execute("SELECT public.compfund_officer_confirm(%s)", (login,))
    _cannot_connect(office, login)


def test_a_request_cannot_be_forged_as_decided(office: TestDatabase) -> None:
    login = office.login("second_login")
    office.confirmer()
    with raw_sql_as(office, "admin") as cur:
        cur.execute(
            "INSERT INTO users (login, display_name, role, disabled, created_at, version, "
            "failed_logins) VALUES (%s, %s, 'approver', true, now(), 1, 0)",
            (login, login),
        )
        with pytest.raises(REFUSED):
            cur.execute(
                "INSERT INTO officer_role_requests (login, kind, role, proposed_by, "
                "proposed_at, decided_by, decided_at, outcome) VALUES "
                "(%s, 'new_officer', 'approver', %s, now(), %s, now(), 'confirmed')",
                (login, office.login("admin"), office.login("admin2")),
            )
        with pytest.raises(REFUSED):  # in another administrator's name
            cur.execute(
                "INSERT INTO officer_role_requests (login, kind, role, proposed_by, "
                "proposed_at) VALUES (%s, 'new_officer', 'approver', %s, now())",
                (login, office.login("admin2")),
            )


def test_a_request_cannot_be_decided_by_hand(office: TestDatabase) -> None:
    login = _proposed_approver(office)
    for who in ("admin", "approver"):
        with raw_sql_as(office, who) as cur, pytest.raises(REFUSED):
            cur.execute(
                "UPDATE officer_role_requests SET outcome = 'confirmed', decided_by = %s, "
                "decided_at = now() WHERE login = %s",
                (office.login("admin2"), login),
            )
    with raw_sql_as(office, "admin") as cur, pytest.raises(REFUSED):
        cur.execute("UPDATE users SET disabled = false WHERE login = %s", (login,))
    _cannot_connect(office, login)


def test_an_approver_confirms_in_their_own_name_and_the_officer_logs_in(
    office: TestDatabase,
) -> None:
    login = _proposed_approver(office)
    with raw_sql_as(office, "approver") as cur:
        cur.execute("SELECT public.compfund_officer_confirm(%s)", (login,))
    with plain_client(office, login) as cur:
        cur.execute("SELECT session_user")
        assert cur.fetchone() == (login,)
    decided = _one(
        office,
        "SELECT decided_by || ' ' || outcome FROM officer_role_requests WHERE login = %s",
        login,
    )
    assert decided == f"{office.login('approver')} confirmed"
    last = _one(
        office,
        "SELECT actor_login || ' ' || event FROM audit_events ORDER BY chain_seq DESC LIMIT 1",
    )
    assert last == f"{office.login('approver')} officer_request_confirmed"


def test_a_second_administrator_confirms_a_role_change(office: TestDatabase) -> None:
    fund_officer = office.login("fund_officer")
    office.admin().do(set_role, fund_officer, Role.APPROVER)
    assert not _in_group(office, fund_officer, "compfund_approver")
    with raw_sql_as(office, "admin2") as cur:
        cur.execute("SELECT public.compfund_officer_confirm(%s)", (fund_officer,))
    assert _in_group(office, fund_officer, "compfund_approver")
    assert not _in_group(office, fund_officer, "compfund_fund_officer")
    assert _one(office, "SELECT role FROM users WHERE login = %s", fund_officer) == "approver"


def test_a_refused_officer_stays_out(office: TestDatabase) -> None:
    login = _proposed_approver(office)
    with raw_sql_as(office, "admin2") as cur:
        with pytest.raises(REFUSED):
            cur.execute("SELECT public.compfund_officer_refuse(%s, '')", (login,))
        cur.execute("SELECT public.compfund_officer_refuse(%s, 'not known to us')", (login,))
    with raw_sql_as(office, "admin") as cur, pytest.raises(REFUSED):
        cur.execute("SELECT public.compfund_officer_enable(%s)", (login,))
    _cannot_connect(office, login)
    assert _one(office, "SELECT reason FROM officer_role_requests WHERE login = %s", login) == (
        "not known to us"
    )
