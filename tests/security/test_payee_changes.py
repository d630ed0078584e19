"""Where money goes (issue 10): a payee's channel, institution, account or name changes only
when a finance officer who did not propose the change confirms it. Each attack is plain
SQL by the officer's own login (psql, DBeaver ...), refused by the database itself."""

from __future__ import annotations

from datetime import timedelta

import psycopg
import pytest

from compfund.applications.survivors import register_survivor
from compfund.clock import today_in_cambodia
from compfund.disbursements.payee import PayeeInput
from compfund.disbursements.payee_change import (
    confirm_payee_change,
    propose_payee_change,
    refuse_payee_change,
)
from compfund.disbursements.payment_batch import build_batch
from compfund.enums import Channel
from compfund.officers import set_role
from compfund.permissions import Role
from tests.conftest import TestDatabase
from tests.integration.intake_data import domestic_servant_minor
from tests.integration.money_data import USD, Office, office
from tests.integration.test_database_enforcement import raw_sql_as

WING = PayeeInput(Channel.MOBILE_MONEY, "Sok Sokha", "Wing", "097 765 4321")

pytestmark = pytest.mark.postgres_only


@pytest.fixture
def fund(database: TestDatabase) -> Office:
    return office(database)


def _survivor_id(db: TestDatabase, code: str) -> int:
    with db.engine.connect() as conn:
        return int(
            conn.exec_driver_sql("SELECT id FROM survivors WHERE code = %s", (code,)).scalar_one()
        )


def test_a_fund_officer_cannot_change_an_account_with_a_plain_update(fund: Office) -> None:
    """The incident: a fund officer's UPDATE, no version change, no audit event."""
    fund.approved("1000")
    with (
        raw_sql_as(fund.database, "fo") as cur,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        cur.execute("UPDATE payee_details SET account = '6666-6666-666', institution = 'ABA Bank'")


def test_a_fund_officer_cannot_insert_payee_details(fund: Office) -> None:
    survivor, _app = fund.eligible()
    sid = _survivor_id(fund.database, survivor)
    with (
        raw_sql_as(fund.database, "fo") as cur,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        cur.execute(
            "INSERT INTO payee_details (survivor_id, payee, payee_name, channel, institution, "
            "account, updated_by, updated_at, version) VALUES "
            f"({sid}, 'survivor', 'Somebody Else', 'bank_transfer', 'ABA Bank', '6666-666', "
            "session_user, now(), 1)"
        )


def _propose(sid: int, replaces: str = "NULL", by: str = "session_user") -> str:
    """The INSERT a proposer would type."""
    return (
        "INSERT INTO payee_changes (survivor_id, payee, payee_name, channel, institution, "
        "account, replaces_version, status, proposed_by, proposed_at, version) VALUES "
        f"({sid}, 'survivor', 'Sok Sokha', 'mobile_money', 'Wing', '097 765 4321', {replaces}, "
        f"'pending', {by}, now(), 1)"
    )


def _one(db: TestDatabase, sql: str) -> object:
    with db.engine.connect() as conn:
        return conn.exec_driver_sql(sql).scalar_one()


def test_a_fund_officers_proposal_is_read_back_masked(fund: Office) -> None:
    survivor, _app = fund.eligible()
    sid = _survivor_id(fund.database, survivor)
    fund.fund_officer.do(propose_payee_change, survivor, WING)
    with raw_sql_as(fund.database, "fo") as cur:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            cur.execute(_propose(sid) + " RETURNING account")
        for column in ("payee_name", "account", "*"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                cur.execute(f"SELECT {column} FROM payee_changes")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            cur.execute("SELECT count(*) FROM payee_changes WHERE account LIKE '0%'")
        cur.execute("SELECT account, status FROM payee_changes_masked")
        assert cur.fetchall() == [("****4321", "pending")]
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            cur.execute("UPDATE payee_changes SET status = 'confirmed'")
    with raw_sql_as(fund.database, "fin") as cur:
        cur.execute("SELECT payee_name, account FROM payee_changes")
        assert cur.fetchall() == [("Sok Sokha", "097 765 4321")]


def test_a_proposal_made_by_hand_without_its_audit_event_does_not_happen(fund: Office) -> None:
    survivor, _app = fund.eligible()
    sid = _survivor_id(fund.database, survivor)
    for login in ("fo", "cw"):
        with raw_sql_as(fund.database, login) as cur:
            with pytest.raises(psycopg.errors.CheckViolation, match="through compfund"):
                cur.execute(_propose(sid))
    assert _one(fund.database, "SELECT count(*) FROM payee_changes") == 0


def test_a_proposer_cannot_propose_in_another_officers_name(fund: Office) -> None:
    survivor, _app = fund.eligible()
    sid = _survivor_id(fund.database, survivor)
    someone = f"'{fund.database.login('cw')}'"
    for login in ("fo", "cw"):
        with raw_sql_as(fund.database, login) as cur:
            other = someone if login == "fo" else f"'{fund.database.login('fo')}'"
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                cur.execute(_propose(sid, by=other))


def test_a_proposal_is_born_pending(fund: Office) -> None:
    survivor, _app = fund.eligible()
    sid = _survivor_id(fund.database, survivor)
    born_confirmed = _propose(sid).replace("'pending'", "'confirmed'")
    with raw_sql_as(fund.database, "fo") as cur, pytest.raises(psycopg.errors.CheckViolation):
        cur.execute(born_confirmed)


def test_a_caseworker_cannot_propose_for_another_province(fund: Office) -> None:
    elsewhere = fund.database.officer("cw_btb", Role.CASEWORKER, "KH-2")
    code = elsewhere.do(register_survivor, domestic_servant_minor())
    sid = _survivor_id(fund.database, code)
    with (
        raw_sql_as(fund.database, "cw") as cur,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        cur.execute(_propose(sid))  # row-level security: not a survivor of KH-1
    elsewhere.do(propose_payee_change, code, WING)  # their own province's survivor
    with raw_sql_as(fund.database, "cw") as cur:
        cur.execute("SELECT count(*) FROM payee_changes")
        assert cur.fetchone() == (0,)


def test_only_a_finance_officer_confirms_and_never_their_own_proposal(fund: Office) -> None:
    db = fund.database
    survivor, _app = fund.eligible()
    change = fund.fund_officer.do(propose_payee_change, survivor, WING).id
    for login in ("fo", "cw", "ap", "enf"):
        with raw_sql_as(db, login) as cur, pytest.raises(psycopg.errors.InsufficientPrivilege):
            cur.execute(f"SELECT compfund_payee_confirm({change}, 1)")
    # the proposer, moved to finance, still may not confirm their own proposal
    db.admin().do(set_role, db.login("fo"), Role.FINANCE_OFFICER)
    with raw_sql_as(db, "fo") as cur:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            cur.execute(f"SELECT compfund_payee_confirm({change}, 1)")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            cur.execute(f"SELECT compfund_payee_refuse({change}, 1, 'my own typo, sorry')")
    # another finance officer's confirmation by hand, with no audit event, does not happen
    with raw_sql_as(db, "fin") as cur:
        with pytest.raises(psycopg.errors.CheckViolation, match="through compfund"):
            cur.execute(f"SELECT compfund_payee_confirm({change}, 1)")
    assert _one(db, "SELECT count(*) FROM payee_details") == 0
    assert fund.finance.do(confirm_payee_change, change).details_version == 1
    with raw_sql_as(db, "fin") as cur:
        cur.execute(f"SELECT compfund_payee_confirm({change}, 1)")  # decided: nothing again
        assert cur.fetchone() == (None,)
    confirmed = "SELECT status, decided_by FROM payee_changes"
    with db.engine.connect() as conn:
        assert tuple(conn.exec_driver_sql(confirmed).one()) == ("confirmed", db.login("fin"))
        details = conn.exec_driver_sql(
            "SELECT account, updated_by, version FROM payee_details"
        ).one()
    assert tuple(details) == ("097 765 4321", db.login("fin"), 1)


def test_a_decided_change_never_changes(fund: Office) -> None:
    survivor, _app = fund.eligible()
    change = fund.fund_officer.do(propose_payee_change, survivor, WING)
    fund.finance.do(refuse_payee_change, change.id, "the number is not hers")
    with fund.database.engine.begin() as owner, pytest.raises(Exception, match="never changes"):
        owner.exec_driver_sql("UPDATE payee_changes SET status = 'confirmed'")
    with fund.database.engine.begin() as owner, pytest.raises(Exception, match="never deleted"):
        owner.exec_driver_sql("DELETE FROM payee_changes")


def test_no_payment_is_made_for_a_survivor_whose_payee_change_waits(fund: Office) -> None:
    """A finance officer inserting the payment by hand is refused by the database."""
    db = fund.database
    fund.fund("10000", USD)
    waiting, _app = fund.approved("1000")
    fund.approved("500")
    fund.fund_officer.do(propose_payee_change, waiting, WING, expected_version=1)
    batch = fund.finance.do(
        build_batch, USD, Channel.BANK_TRANSFER, due_by=today_in_cambodia() + timedelta(days=1)
    )
    assert len(batch.payments) == 1 and "awaiting confirmation" in batch.skipped[0]
    instalment = _one(
        db,
        "SELECT i.id FROM instalments i JOIN survivors s ON s.id = i.survivor_id "
        f"WHERE s.code = '{waiting}'",
    )
    with raw_sql_as(db, "fin") as cur, pytest.raises(psycopg.errors.CheckViolation):
        cur.execute(
            "INSERT INTO payments (instalment_id, batch_id, attempt, idempotency_key, channel, "
            "currency, amount_minor, payee_name, account, institution, status, updated_by, "
            f"version) VALUES ({instalment}, {batch.id}, 1, 'PAY-HAND-MADE-0001', "
            "'bank_transfer', 'USD', 100000, 'Sok Sokha', '0001-2345-678', 'ACLEDA Bank', "
            "'batched', session_user, 1)"
        )
