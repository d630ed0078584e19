"""Officers: adding them, logging in on each database, and what is refused."""

import pytest
from sqlalchemy import func, select, text

from compfund.db.uow import UnitOfWork
from compfund.desk import Desk
from compfund.errors import AuthenticationFailed, InvalidInput, PermissionDenied, RuleViolation
from compfund.models import User
from compfund.officers import add_user, list_users, set_user_disabled
from compfund.permissions import Role
from tests.conftest import PASSWORD, TestDatabase


def _user_count(db: TestDatabase) -> int:
    with db.engine.connect() as conn:
        return int(conn.execute(select(func.count(User.id))).scalar_one())


def test_admin_adds_a_caseworker_who_can_log_in(database: TestDatabase) -> None:
    cw = database.officer("cw_one", Role.CASEWORKER, "kh-2")
    assert cw.actor.role is Role.CASEWORKER
    assert cw.actor.province_code == "KH-2"
    logins = [u.login for u in database.admin().read(list_users)]
    assert database.login("cw_one") in logins


def test_wrong_password_is_refused(database: TestDatabase) -> None:
    database.officer("fo", Role.FUND_OFFICER)
    with pytest.raises(AuthenticationFailed, match="Wrong login or password"):
        Desk.log_in(database.url, database.login("fo"), "not the password at all")


def test_unknown_login_is_refused_like_a_wrong_password(database: TestDatabase) -> None:
    database.admin()
    with pytest.raises(AuthenticationFailed):
        Desk.log_in(database.url, database.login("nobody"), PASSWORD)


def test_duplicate_login_is_refused_and_nothing_written(database: TestDatabase) -> None:
    database.officer("ap", Role.APPROVER)
    before = _user_count(database)
    with pytest.raises(RuleViolation, match="already exists"):
        database.admin().do(add_user, database.login("ap"), role=Role.AUDITOR, password=PASSWORD)
    assert _user_count(database) == before


@pytest.mark.parametrize(
    ("role", "province", "message"),
    [
        (Role.CASEWORKER, None, "needs a responsible province"),
        (Role.CASEWORKER, "KH-99", "Unknown province code"),
        (Role.APPROVER, "KH-1", "Only caseworkers"),
    ],
)
def test_bad_officer_details_are_refused(
    database: TestDatabase, role: Role, province: str | None, message: str
) -> None:
    admin = database.admin()
    before = _user_count(database)
    with pytest.raises(InvalidInput, match=message):
        admin.do(
            add_user, database.login("x_bad"), role=role, password=PASSWORD, province_code=province
        )
    assert _user_count(database) == before


def test_short_password_is_refused(database: TestDatabase) -> None:
    with pytest.raises(InvalidInput, match="at least 12"):
        database.admin().do(add_user, database.login("shorty"), role=Role.AUDITOR, password="short")


def test_only_an_admin_manages_officers(database: TestDatabase) -> None:
    fo = database.officer("fo2", Role.FUND_OFFICER)
    with pytest.raises(PermissionDenied, match="fund officer may not manage users"):
        fo.do(add_user, database.login("sneaky"), role=Role.ADMIN, password=PASSWORD)


def test_disabled_officer_cannot_log_in(database: TestDatabase) -> None:
    database.officer("leaver", Role.AUDITOR)
    database.admin().do(set_user_disabled, database.login("leaver"), True)
    with pytest.raises(AuthenticationFailed):
        Desk.log_in(database.url, database.login("leaver"), PASSWORD)


def test_sqlite_keeps_argon2id_hashes(database: TestDatabase) -> None:
    if database.kind != "sqlite":
        pytest.skip("PostgreSQL keeps no application password hash")
    database.admin()
    with database.engine.connect() as conn:
        stored = conn.execute(select(User.password_hash)).scalar_one()
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored


@pytest.mark.postgres_only
def test_postgresql_officer_connects_as_their_own_role(database: TestDatabase) -> None:
    cw = database.officer("cw_pp", Role.CASEWORKER, "KH-12")
    with UnitOfWork(cw.engine, cw.actor, read_only=True) as uow:
        who = uow.session.execute(text("SELECT session_user")).scalar_one()
        groups = (
            uow.session.execute(
                text(
                    "SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
                    "JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = session_user"
                )
            )
            .scalars()
            .all()
        )
    assert who == database.login("cw_pp")
    assert groups == ["compfund_caseworker"]
    with database.engine.connect() as conn:
        hashes = conn.execute(select(User.password_hash)).scalars().all()
    assert hashes and all(h is None for h in hashes)
