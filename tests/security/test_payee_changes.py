"""Where money goes (issue 10): a payee's channel, institution, account or name changes only
when a finance officer who did not propose the change confirms it. Each attack is plain
SQL by the officer's own login (psql, DBeaver ...), refused by the database itself."""

from __future__ import annotations

import psycopg
import pytest

from tests.conftest import TestDatabase
from tests.integration.money_data import Office, office
from tests.integration.test_database_enforcement import raw_sql_as

pytestmark = pytest.mark.postgres_only


@pytest.fixture
def fund(database: TestDatabase) -> Office:
    return office(database)


def _survivor_id(db: TestDatabase, code: str) -> int:
    with db.engine.connect() as conn:
        return int(
            conn.exec_driver_sql("SELECT id FROM survivors WHERE code = %s", (code,)).scalar_one()
        )


@pytest.mark.xfail(strict=True, reason="attack first: a fund officer updates payee_details")
def test_a_fund_officer_cannot_change_an_account_with_a_plain_update(fund: Office) -> None:
    """The incident: a fund officer's UPDATE, no version change, no audit event."""
    fund.approved("1000")
    with (
        raw_sql_as(fund.database, "fo") as cur,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        cur.execute("UPDATE payee_details SET account = '6666-6666-666', institution = 'ABA Bank'")


@pytest.mark.xfail(strict=True, reason="attack first: a fund officer inserts payee_details")
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
