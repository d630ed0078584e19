"""Need to know (issue 9): payee names, account numbers and instruction files are read in
clear only by finance officers; every other officer's own login, in plain SQL (psql,
DBeaver ...), is refused by the database itself."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest

from compfund.permissions import Role
from tests.conftest import TestDatabase, cheap_passwords, fresh_database
from tests.integration.money_data import Office, office
from tests.integration.test_database_enforcement import raw_sql_as

pytestmark = pytest.mark.postgres_only

ISSUE = "issue 9: bank details are readable in clear by every officer who reads money"

# The test office's logins (tests.integration.money_data.office) and one more each.
NOT_FINANCE = ("fo", "ap", "enf", "au", "admin")
CLEAR = (
    ("payee_details", "payee_name"),
    ("payee_details", "account"),
    ("payments", "payee_name"),
    ("payments", "account"),
    ("payment_batches", "instruction_file"),
)


@pytest.fixture(scope="module")
def paid(request: pytest.FixtureRequest) -> Iterator[Office]:
    """One office with a released batch: payee details, a payment, an instruction file."""
    with cheap_passwords(), fresh_database(request, "postgresql") as db:
        fund = office(db)
        db.officer("au", Role.AUDITOR)
        fund.released_payment()
        yield fund


def _refused(db: TestDatabase, login: str, sql: str) -> None:
    with raw_sql_as(db, login) as cur, pytest.raises(psycopg.errors.InsufficientPrivilege):
        cur.execute(sql)


@pytest.mark.xfail(strict=True, reason=ISSUE)
@pytest.mark.parametrize("login", NOT_FINANCE)
@pytest.mark.parametrize(("table", "column"), CLEAR)
def test_an_officer_not_in_finance_cannot_select_bank_details(
    paid: Office, login: str, table: str, column: str
) -> None:
    _refused(paid.database, login, f"SELECT {column} FROM {table}")


@pytest.mark.xfail(strict=True, reason=ISSUE)
@pytest.mark.parametrize("login", NOT_FINANCE)
@pytest.mark.parametrize("table", sorted({t for t, _c in CLEAR}))
def test_select_star_on_a_table_with_bank_details_is_refused(
    paid: Office, login: str, table: str
) -> None:
    _refused(paid.database, login, f"SELECT * FROM {table}")


@pytest.mark.xfail(strict=True, reason=ISSUE)
@pytest.mark.parametrize("login", NOT_FINANCE)
def test_an_account_number_cannot_be_guessed_through_a_where_clause(
    paid: Office, login: str
) -> None:
    """Counting the rows whose account starts with a guess reads the account digit by digit."""
    _refused(paid.database, login, "SELECT count(*) FROM payee_details WHERE account LIKE '0%'")
    _refused(paid.database, login, "SELECT count(*) FROM payments WHERE payee_name LIKE 'S%'")


@pytest.mark.xfail(strict=True, reason=ISSUE)
def test_a_fund_officer_cannot_read_payee_details_back_through_returning(paid: Office) -> None:
    """A fund officer records payee details (INSERT, UPDATE) but reads none back in clear."""
    db = paid.database
    _refused(db, "fo", "UPDATE payee_details SET version = version RETURNING payee_name, account")
    _refused(db, "fo", "UPDATE payee_details SET version = version WHERE account LIKE '0%'")


@pytest.mark.parametrize(("table", "column"), CLEAR)
def test_a_caseworker_reads_no_bank_details(paid: Office, table: str, column: str) -> None:
    _refused(paid.database, "cw", f"SELECT {column} FROM {table}")


def test_a_finance_officer_reads_bank_details_in_clear(paid: Office) -> None:
    with raw_sql_as(paid.database, "fin") as cur:
        cur.execute("SELECT payee_name, account FROM payee_details")
        assert cur.fetchall() == [("Sok Sokha", "0001-2345-678")]
        cur.execute("SELECT payee_name, account FROM payments")
        assert cur.fetchall() == [("Sok Sokha", "0001-2345-678")]
        cur.execute("SELECT instruction_file FROM payment_batches")
        (file,) = cur.fetchone() or ("",)
        assert "0001-2345-678" in file and "Sok Sokha" in file
