"""An administrator changes other officers' accounts (both databases): disable, enable,
reset a password, move to another role, give a caseworker another province. Never their
own account; no other role may; each change is in the audit trail."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select, text

from compfund.audit.verify import verify_chains
from compfund.desk import Desk
from compfund.errors import (
    AuthenticationFailed,
    InvalidInput,
    NotFound,
    PermissionDenied,
    RuleViolation,
)
from compfund.models import AuditEvent, User
from compfund.officer_rights import confirm_request
from compfund.officers import (
    disable_user,
    enable_user,
    list_users,
    reset_password,
    set_province,
    set_role,
)
from compfund.permissions import Role
from tests.conftest import PASSWORD, TestDatabase

NEW_PASSWORD = "a brand new long password"


def _groups(db: TestDatabase, login: str) -> list[str]:
    with db.engine.connect() as conn:
        return list(
            conn.execute(
                text(
                    "SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
                    "JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = :n ORDER BY 1"
                ),
                {"n": login},
            ).scalars()
        )


def _events(db: TestDatabase, entity: str) -> list[tuple[str, str, str | None]]:
    with db.engine.connect() as conn:
        rows = conn.execute(
            select(AuditEvent.event, AuditEvent.actor_login, AuditEvent.detail)
            .where(AuditEvent.entity == entity)
            .order_by(AuditEvent.chain_seq)
        )
        return [(e, a, d) for e, a, d in rows]


def _user_events(db: TestDatabase) -> list[tuple[str, str, Any]]:
    with db.engine.connect() as conn:
        rows = conn.execute(
            select(AuditEvent.event, AuditEvent.actor_login, AuditEvent.new_values)
            .where(AuditEvent.entity == "users", AuditEvent.event == "update")
            .order_by(AuditEvent.chain_seq)
        )
        return [(e, a, v) for e, a, v in rows]


def test_a_disabled_officer_cannot_log_in_until_enabled(database: TestDatabase) -> None:
    database.officer("leaver", Role.AUDITOR)
    login = database.login("leaver")
    admin = database.admin()

    assert admin.do(disable_user, login).disabled is True
    with pytest.raises(AuthenticationFailed):
        Desk.log_in(database.url, login, PASSWORD)
    with pytest.raises(RuleViolation, match="already disabled"):
        admin.do(disable_user, login)

    assert admin.do(enable_user, login).disabled is False
    assert database.desk_for(login).actor.login == login

    admin_login = database.login("admin")
    changes = _user_events(database)
    assert ("update", admin_login, {"disabled": True}) in changes
    assert any(v.get("disabled") is False for _, _, v in changes)
    if database.kind == "postgresql":
        events = [(e, a) for e, a, _ in _events(database, "database_role")]
        assert ("officer_login_disabled", admin_login) in events
        assert ("officer_login_enabled", admin_login) in events


def test_enabling_lifts_a_lock_after_wrong_passwords(database: TestDatabase) -> None:
    if database.kind == "postgresql":
        pytest.skip("PostgreSQL locks no login after wrong passwords: the gate slows them")
    database.officer("ap", Role.APPROVER)
    login = database.login("ap")
    for _ in range(5):
        with pytest.raises(AuthenticationFailed):
            Desk.log_in(database.url, login, "not the password at all")
    with pytest.raises(AuthenticationFailed, match="locked"):
        Desk.log_in(database.url, login, PASSWORD)
    admin = database.admin()
    admin.do(disable_user, login)
    admin.do(enable_user, login)
    assert database.desk_for(login).actor.login == login


def test_after_a_reset_the_old_password_is_refused_and_the_new_one_works(
    database: TestDatabase,
) -> None:
    database.officer("fo", Role.FUND_OFFICER)
    login = database.login("fo")

    database.admin().do(reset_password, login, password=NEW_PASSWORD)

    with pytest.raises(AuthenticationFailed, match="Wrong login or password"):
        Desk.log_in(database.url, login, PASSWORD)
    assert database.desk_for(login, NEW_PASSWORD).actor.login == login
    with pytest.raises(InvalidInput, match="at least 12"):
        database.admin().do(reset_password, login, password="short")
    if database.kind == "postgresql":
        events = [(e, a) for e, a, _ in _events(database, "database_role")]
        assert ("officer_password_reset", database.login("admin")) in events
    else:
        with database.engine.connect() as conn:
            stored = conn.execute(select(User.password_hash).where(User.login == login))
            assert stored.scalar_one().startswith("$argon2id$")


def test_a_new_role_changes_what_the_officer_may_do(database: TestDatabase) -> None:
    auditor = database.officer("au", Role.AUDITOR)
    login = database.login("au")
    with pytest.raises(PermissionDenied):
        auditor.read(list_users)

    proposed = database.admin().do(set_role, login, Role.ADMIN)

    assert proposed.role is Role.AUDITOR  # until a second officer confirms
    assert proposed.waiting is not None and proposed.waiting.role is Role.ADMIN
    assert database.desk_for(login).actor.role is Role.AUDITOR
    database.confirmer().do(confirm_request, login)
    again = database.desk_for(login)
    assert again.actor.role is Role.ADMIN
    assert login in {u.login for u in again.read(list_users)}
    if database.kind == "postgresql":
        assert _groups(database, login) == ["compfund_admin"]
        confirmed = [
            (a, d)
            for e, a, d in _events(database, "officer_role_requests")
            if e == "officer_request_confirmed"
        ]
        assert confirmed == [
            (
                database.login("admin2"),
                f"role_change of {login} as admin, proposed by {database.login('admin')} "
                "(login group compfund_auditor, now compfund_admin)",
            )
        ]


def test_a_caseworker_comes_with_a_province_and_leaves_it(database: TestDatabase) -> None:
    database.officer("fo", Role.FUND_OFFICER)
    login = database.login("fo")
    admin = database.admin()
    with pytest.raises(InvalidInput, match="needs a responsible province"):
        admin.do(set_role, login, Role.CASEWORKER)
    with pytest.raises(InvalidInput, match="Only caseworkers"):
        admin.do(set_role, login, Role.APPROVER, province_code="KH-2")
    with pytest.raises(RuleViolation, match="already has the role fund officer"):
        admin.do(set_role, login, Role.FUND_OFFICER)

    admin.do(set_role, login, Role.CASEWORKER, province_code="kh-2")
    moved = database.confirmer().do(confirm_request, login)
    assert (moved.role, moved.province_code) == (Role.CASEWORKER, "KH-2")
    desk = database.desk_for(login)
    assert (desk.actor.role, desk.actor.province_code) == (Role.CASEWORKER, "KH-2")

    admin.do(set_role, login, Role.APPROVER)
    moved = database.confirmer().do(confirm_request, login)
    assert (moved.role, moved.province_code) == (Role.APPROVER, None)
    assert database.desk_for(login).actor.province_code is None
    if database.kind == "postgresql":
        assert _groups(database, login) == ["compfund_approver"]


def test_a_caseworker_gets_another_province(database: TestDatabase) -> None:
    database.officer("cw", Role.CASEWORKER, "KH-2")
    database.officer("ap", Role.APPROVER)
    admin = database.admin()

    assert admin.do(set_province, database.login("cw"), "KH-12").province_code == "KH-12"
    assert database.desk_for(database.login("cw")).actor.province_code == "KH-12"
    with pytest.raises(RuleViolation, match="already responsible for KH-12"):
        admin.do(set_province, database.login("cw"), "KH-12")
    with pytest.raises(InvalidInput, match="Unknown province code"):
        admin.do(set_province, database.login("cw"), "KH-99")
    with pytest.raises(InvalidInput, match="Only caseworkers"):
        admin.do(set_province, database.login("ap"), "KH-1")


SERVICES: dict[str, tuple[Callable[..., Any], tuple[Any, ...], dict[str, Any]]] = {
    "disable": (disable_user, (), {}),
    "enable": (enable_user, (), {}),
    "reset password": (reset_password, (), {"password": NEW_PASSWORD}),
    "set role": (set_role, (Role.AUDITOR,), {}),
    "set province": (set_province, ("KH-1",), {}),
}


@pytest.mark.parametrize("change", list(SERVICES))
def test_nobody_changes_their_own_account(database: TestDatabase, change: str) -> None:
    service, args, kwargs = SERVICES[change]
    admin = database.admin()
    with pytest.raises(RuleViolation, match="your own account"):
        admin.do(service, database.login("admin"), *args, **kwargs)
    assert database.desk_for(database.login("admin")).actor.role is Role.ADMIN


@pytest.mark.parametrize("change", list(SERVICES))
def test_only_an_administrator_changes_officers(database: TestDatabase, change: str) -> None:
    service, args, kwargs = SERVICES[change]
    database.officer("cw", Role.CASEWORKER, "KH-2")
    approver = database.officer("ap", Role.APPROVER)
    with pytest.raises(PermissionDenied, match="approver may not manage users"):
        approver.do(service, database.login("cw"), *args, **kwargs)
    assert database.desk_for(database.login("cw")).actor.province_code == "KH-2"


def test_an_unknown_login_is_not_found(database: TestDatabase) -> None:
    with pytest.raises(NotFound, match="No officer has the login"):
        database.admin().do(disable_user, database.login("ghost"))


def test_the_audit_trail_still_verifies_after_every_change(database: TestDatabase) -> None:
    database.officer("cw", Role.CASEWORKER, "KH-2")
    login = database.login("cw")
    admin = database.admin()
    admin.do(disable_user, login)
    admin.do(enable_user, login)
    admin.do(reset_password, login, password=NEW_PASSWORD)
    admin.do(set_province, login, "KH-3")
    admin.do(set_role, login, Role.AUDITOR)
    database.confirmer().do(confirm_request, login)
    auditor = database.desk_for(login, NEW_PASSWORD)
    report, _journal = auditor.read(verify_chains)
    assert report.intact, report.problem
