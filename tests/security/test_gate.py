"""The public login gate: anyone may log in as it (its password is in the README), so it
must not let a stranger lock officers out, learn who they are, or flood the trail."""

import psycopg
import pytest

from compfund.desk import Desk
from compfund.errors import AuthenticationFailed
from migrations.rules_hold import (
    GATE_TIMEOUT,
    MAX_LOGINS_PER_CLIENT,
    MAX_WAIT_SECONDS,
    TRAIL_CAP_PER_MINUTE,
)
from tests.conftest import PASSWORD, TestDatabase
from tests.security.conftest import as_gate

pytestmark = pytest.mark.postgres_only


def _connects(db: TestDatabase, login: str) -> bool:
    url = db.url
    try:
        psycopg.connect(
            host=url.host, port=url.port, dbname=url.database, user=login, password=PASSWORD
        ).close()
    except psycopg.OperationalError:
        return False
    return True


def _trail_length(db: TestDatabase) -> int:
    with db.engine.connect() as conn:
        return int(conn.exec_driver_sql("SELECT count(*) FROM audit_events").scalar_one())


def test_a_thousand_failures_do_not_lock_an_administrator_out(office: TestDatabase) -> None:
    admin = office.login("admin")
    before = _trail_length(office)
    with as_gate(office) as cur:
        for _ in range(1000):
            cur.execute("SELECT compfund_login_failed(%s)", (admin,))
    assert _trail_length(office) - before <= TRAIL_CAP_PER_MINUTE
    assert _connects(office, admin)  # the server never locks the role
    # A desk at the attacker's own address waits at most half a minute, then logs in.
    with as_gate(office) as cur:
        cur.execute("SELECT compfund_login_wait(%s)", (admin,))
        (wait,) = cur.fetchone()  # type: ignore[misc]
    assert 0 < wait <= MAX_WAIT_SECONDS
    with pytest.raises(AuthenticationFailed, match=f"try again in {wait} seconds"):
        Desk.log_in(office.url, admin, PASSWORD)
    with office.engine.begin() as conn:
        conn.exec_driver_sql(
            f"UPDATE login_failures SET last_failed_at = now() - interval '{wait} seconds'"
        )
    assert Desk.log_in(office.url, admin, PASSWORD).actor.login == admin


def test_the_gate_answers_alike_for_real_and_unknown_logins(office: TestDatabase) -> None:
    answers = {}
    with as_gate(office) as cur:
        for login in (office.login("approver"), office.login("nobody_here")):
            seen = []
            for _ in range(8):
                cur.execute("SELECT compfund_login_failed(%s)", (login,))
                seen.append(cur.fetchone())
            answers[login] = seen
    assert len(set(map(tuple, answers.values()))) == 1


@pytest.mark.parametrize(
    "catalog", ["pg_roles", "pg_auth_members", "pg_user", "pg_group", "pg_stat_activity"]
)
def test_the_gate_cannot_list_officers(office: TestDatabase, catalog: str) -> None:
    with as_gate(office) as cur, pytest.raises(psycopg.errors.InsufficientPrivilege):
        cur.execute(f"SELECT * FROM pg_catalog.{catalog}")


def test_the_gate_executes_only_its_two_functions(office: TestDatabase) -> None:
    with as_gate(office) as cur:
        cur.execute(
            "SELECT p.oid::regprocedure::text FROM pg_proc p "
            "WHERE p.pronamespace = 'public'::regnamespace "
            "AND has_function_privilege(current_user, p.oid, 'EXECUTE') ORDER BY 1"
        )
        assert [r[0] for r in cur.fetchall()] == [
            "compfund_login_failed(text)",
            "compfund_login_wait(text)",
        ]


def test_the_gate_reads_and_writes_no_table(office: TestDatabase) -> None:
    with as_gate(office) as cur:
        for statement in (
            "SELECT * FROM users",
            "SELECT * FROM audit_events",
            "SELECT * FROM survivors",
            "UPDATE chain_heads SET length = 0",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                cur.execute(statement)


def test_strangers_noise_does_not_hide_a_guess_at_a_real_login(office: TestDatabase) -> None:
    approver = office.login("approver")
    with as_gate(office) as cur:
        cur.execute(
            "SELECT count(compfund_login_failed('junk' || g)) FROM generate_series(1, 60) g"
        )
        cur.execute("SELECT compfund_login_failed(%s)", (approver,))
    with office.engine.connect() as conn:
        recorded = conn.exec_driver_sql(
            "SELECT count(*) FROM audit_events WHERE event = 'login_failed' AND entity_id = %s",
            (approver,),
        ).scalar_one()
    assert recorded == 1


def test_the_gate_keeps_a_bounded_count_per_address(office: TestDatabase) -> None:
    with as_gate(office) as cur:
        cur.execute(
            "SELECT count(compfund_login_failed(md5(g::text))) FROM generate_series(1, 500) g"
        )
    with office.engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT count(*) FROM login_failures").scalar_one()
    assert rows <= MAX_LOGINS_PER_CLIENT


def test_the_gate_cannot_hold_the_trail_open(office: TestDatabase) -> None:
    with as_gate(office) as cur:
        for setting in ("statement_timeout", "lock_timeout", "idle_in_transaction_session_timeout"):
            cur.execute(f"SHOW {setting}")
            assert cur.fetchone() == (GATE_TIMEOUT,), setting
