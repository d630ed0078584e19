"""Logins, failed logins, refused actions and lockouts are in the audit trail."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, text, update

from compfund.audit.verify import verify_chains
from compfund.auth import LOCK_AFTER
from compfund.desk import Desk
from compfund.errors import AuthenticationFailed, PermissionDenied
from compfund.models import AuditEvent, User
from compfund.officers import add_user
from compfund.permissions import Role
from tests.conftest import PASSWORD, TestDatabase


def _events(db: TestDatabase, *names: str) -> list[tuple[str, str, str | None]]:
    with db.engine.connect() as conn:
        rows = conn.execute(
            select(AuditEvent.event, AuditEvent.actor_login, AuditEvent.entity_id)
            .where(AuditEvent.event.in_(names))
            .order_by(AuditEvent.chain_seq)
        )
        return [tuple(r) for r in rows]


def test_a_login_is_recorded_in_the_officers_name(database: TestDatabase) -> None:
    database.officer("fo", Role.FUND_OFFICER)
    login = database.login("fo")
    assert ("login", login, login) in _events(database, "login")


def test_a_failed_login_is_recorded_without_the_password(database: TestDatabase) -> None:
    database.officer("fo", Role.FUND_OFFICER)
    with pytest.raises(AuthenticationFailed, match="Wrong login or password"):
        Desk.log_in(database.url, database.login("fo"), "Tr0ub4dor&3-wrong")
    assert ("login_failed", "(unauthenticated)", database.login("fo")) in _events(
        database, "login_failed"
    )
    with database.engine.connect() as conn:
        blob = " ".join(str(r) for r in conn.execute(select(AuditEvent)).all())
    assert "Tr0ub4dor" not in blob


def test_repeated_wrong_passwords_lock_the_account_on_a_desk_file(
    database: TestDatabase,
) -> None:
    if database.kind == "postgresql":
        pytest.skip("the shared database slows a login down instead: see the next test")
    database.officer("ap", Role.APPROVER)
    login = database.login("ap")
    for _ in range(LOCK_AFTER - 1):
        with pytest.raises(AuthenticationFailed, match="Wrong login or password"):
            Desk.log_in(database.url, login, "wrong password!!")
    with pytest.raises(AuthenticationFailed, match="locked after 5 wrong passwords"):
        Desk.log_in(database.url, login, "wrong password!!")
    # Even the right password is refused while the lock lasts.
    with pytest.raises(AuthenticationFailed, match="locked"):
        Desk.log_in(database.url, login, PASSWORD)
    assert ("lockout", "(unauthenticated)", login) in _events(database, "lockout")
    # The lock lifts by itself when its time is over.
    with database.engine.begin() as conn:
        conn.execute(
            update(User)
            .where(User.login == login)
            .values(locked_until=datetime.now(UTC) - timedelta(minutes=1))
        )
    assert Desk.log_in(database.url, login, PASSWORD).actor.login == login


@pytest.mark.postgres_only
def test_on_the_shared_database_wrong_passwords_slow_a_login_down(database: TestDatabase) -> None:
    """A lock there would be a lock anyone could set on any officer through the public
    gate: each wrong password from this desk makes it wait longer before trying again."""
    database.officer("ap", Role.APPROVER)
    login = database.login("ap")
    for _ in range(LOCK_AFTER - 1):
        with pytest.raises(AuthenticationFailed, match=r"^Wrong login or password\.$"):
            Desk.log_in(database.url, login, "wrong password!!")
    with pytest.raises(AuthenticationFailed, match="try again in 1 second\\."):
        Desk.log_in(database.url, login, "wrong password!!")
    with pytest.raises(AuthenticationFailed, match="try again in 1 second"):
        Desk.log_in(database.url, login, PASSWORD)  # not even tried while the desk waits
    assert ("lockout", "(unauthenticated)", login) in _events(database, "lockout")
    with database.engine.begin() as conn:
        conn.execute(text("UPDATE login_failures SET last_failed_at = now() - interval '2 s'"))
    assert Desk.log_in(database.url, login, PASSWORD).actor.login == login
    with database.engine.connect() as conn:  # the right password forgives this desk
        assert conn.execute(text("SELECT count(*) FROM login_failures")).scalar_one() == 0


def test_the_chain_still_verifies_after_failed_logins(database: TestDatabase) -> None:
    """On PostgreSQL these events are hashed by the database function: same algorithm."""
    database.officer("fo", Role.FUND_OFFICER)
    for _ in range(LOCK_AFTER + 1):
        with pytest.raises(AuthenticationFailed):
            Desk.log_in(database.url, database.login("fo"), "nope nope nope")
    with pytest.raises(AuthenticationFailed):
        Desk.log_in(database.url, database.login("ghost"), "nope nope nope")
    auditor = database.officer("auditor", Role.AUDITOR)
    report, _journal = auditor.read(verify_chains)
    assert report.intact, report.problem


def test_a_refused_action_is_recorded(database: TestDatabase) -> None:
    fo = database.officer("fo", Role.FUND_OFFICER)
    with pytest.raises(PermissionDenied):
        fo.do(add_user, database.login("sneaky"), role=Role.ADMIN, password=PASSWORD)
    refused = [e for e in _events(database, "refused")]
    assert refused == [("refused", database.login("fo"), None)]
    with database.engine.connect() as conn:
        assert (
            conn.execute(text("SELECT count(*) FROM users WHERE login LIKE '%sneaky'")).scalar()
            == 0
        )
