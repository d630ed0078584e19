"""Need to know (issue 9): payee names, account numbers and instruction files are read in
clear only by finance officers; every other officer's own login, in plain SQL (psql,
DBeaver ...), is refused by the database itself."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

import psycopg
import pytest

from compfund.disbursements.payment_batch import build_batch
from compfund.enums import Channel
from compfund.permissions import Role
from tests.conftest import TestDatabase, cheap_passwords, fresh_database, record_by_hand
from tests.integration.money_data import USD, Office, office
from tests.integration.test_database_enforcement import raw_sql_as

pytestmark = pytest.mark.postgres_only

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


@pytest.mark.parametrize("login", NOT_FINANCE)
@pytest.mark.parametrize(("table", "column"), CLEAR)
def test_an_officer_not_in_finance_cannot_select_bank_details(
    paid: Office, login: str, table: str, column: str
) -> None:
    _refused(paid.database, login, f"SELECT {column} FROM {table}")


@pytest.mark.parametrize("login", NOT_FINANCE)
@pytest.mark.parametrize("table", sorted({t for t, _c in CLEAR}))
def test_select_star_on_a_table_with_bank_details_is_refused(
    paid: Office, login: str, table: str
) -> None:
    _refused(paid.database, login, f"SELECT * FROM {table}")


@pytest.mark.parametrize("login", NOT_FINANCE)
def test_an_account_number_cannot_be_guessed_through_a_where_clause(
    paid: Office, login: str
) -> None:
    """Counting the rows whose account starts with a guess reads the account digit by digit."""
    _refused(paid.database, login, "SELECT count(*) FROM payee_details WHERE account LIKE '0%'")
    _refused(paid.database, login, "SELECT count(*) FROM payments WHERE payee_name LIKE 'S%'")


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


@pytest.mark.parametrize("login", [*NOT_FINANCE, "fin"])
def test_every_officer_who_reads_money_sees_the_account_masked(paid: Office, login: str) -> None:
    with raw_sql_as(paid.database, login) as cur:
        for view in ("payee_details_masked", "payments_masked"):
            cur.execute(f"SELECT account, institution FROM {view}")
            assert cur.fetchall() == [("****5678", "ACLEDA Bank")], view
    with raw_sql_as(paid.database, login) as cur, pytest.raises(psycopg.errors.UndefinedColumn):
        cur.execute("SELECT payee_name FROM payee_details_masked")


def test_a_caseworker_reads_no_masked_bank_details_either(paid: Office) -> None:
    for view in ("payee_details_masked", "payments_masked"):
        _refused(paid.database, "cw", f"SELECT * FROM {view}")


RELEASE = "SELECT compfund_release_batch(%s, %s)"


def _batch(db: TestDatabase) -> tuple[int, int]:
    with db.engine.connect() as conn:
        row = conn.exec_driver_sql(
            "SELECT id, version FROM payment_batches ORDER BY id DESC LIMIT 1"
        ).one()
    return int(row[0]), int(row[1])


@pytest.mark.parametrize("login", ["cw", "fo", "fin", "enf", "au", "admin"])
def test_only_an_approver_may_call_the_release_function(paid: Office, login: str) -> None:
    db = paid.database
    batch, version = _batch(db)
    _refused(db, login, RELEASE % (batch, version))


@pytest.mark.parametrize("login", ["ap", "fin", "au"])
def test_nobody_calls_the_instruction_file_builder_directly(paid: Office, login: str) -> None:
    batch, _version = _batch(paid.database)
    _refused(paid.database, login, f"SELECT compfund_instruction_file({batch})")
    _refused(paid.database, login, "SELECT compfund_csv_cell('x', true)")


def test_a_released_batch_does_not_hand_its_file_over_again(paid: Office) -> None:
    db = paid.database
    batch, version = _batch(db)
    for login in ("ap", "ap2"):
        with raw_sql_as(db, login) as cur:
            cur.execute(RELEASE, (batch, version))
            assert cur.fetchone() == (None,)


def test_the_functions_run_safely_and_only_the_release_as_its_owner(paid: Office) -> None:
    """Read from the catalog: a fixed search_path with pg_temp last, SECURITY DEFINER only
    where the caller must read what their role may not, EXECUTE closed to PUBLIC."""
    with paid.database.engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT p.proname, p.prosecdef, p.proconfig, "
            "has_function_privilege('public', p.oid, 'EXECUTE'), "
            "has_function_privilege('compfund_approver', p.oid, 'EXECUTE') "
            "FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
            "WHERE n.nspname = 'public' AND p.proname IN "
            "('compfund_release_batch', 'compfund_instruction_file', 'compfund_csv_cell') "
            "ORDER BY p.proname"
        ).all()
    path = ["search_path=pg_catalog, public, pg_temp"]
    assert [tuple(r) for r in rows] == [
        ("compfund_csv_cell", False, path, False, False),
        ("compfund_instruction_file", False, path, False, False),
        ("compfund_release_batch", True, path, False, True),
    ]


@pytest.fixture
def built(request: pytest.FixtureRequest) -> Iterator[Office]:
    """An office with one batch built and waiting for release."""
    with fresh_database(request, "postgresql") as db:
        fund = office(db)
        fund.fund("10000", USD)
        fund.approved("1000")
        fund.finance.do(build_batch, USD, Channel.BANK_TRANSFER)
        yield fund


def test_the_approver_releasing_gets_the_file_in_their_own_name(built: Office) -> None:
    """The release function takes no officer: it releases as the login calling it, and a
    temporary table named after what it reads changes nothing (schema-qualified names)."""
    db = built.database
    batch, version = _batch(db)
    with raw_sql_as(db, "ap") as cur:
        try:
            cur.execute(
                "CREATE TEMP TABLE payments (id int, batch_id int, instalment_id int, "
                "idempotency_key text, payee_name text, channel text, institution text, "
                "account text, amount_minor bigint, currency text)"
            )
            cur.execute(
                "INSERT INTO pg_temp.payments VALUES "
                f"(1, {batch}, 1, 'PAY-X', 'Thief', 'bank_transfer', 'Mine', '666', 1, 'USD')"
            )
        except psycopg.errors.InsufficientPrivilege:
            pass  # no TEMP on the database: the shadow cannot even be made
        cur.execute("BEGIN")
        cur.execute(RELEASE, (batch, version))
        (file,) = cur.fetchone() or (None,)
        record_by_hand(cur, "payment_batches", batch)  # or the release is refused
        cur.execute("COMMIT")
    assert file is not None and "Sok Sokha" in file and "0001-2345-678" in file
    assert "Thief" not in file
    with db.engine.connect() as conn:
        released = conn.exec_driver_sql(
            "SELECT status, released_by, instruction_file, instruction_sha256 "
            f"FROM payment_batches WHERE id = {batch}"
        ).one()
    assert tuple(released[:3]) == ("released", db.login("ap"), file)
    assert released[3] == hashlib.sha256(file.encode()).hexdigest()


@pytest.mark.parametrize("login", NOT_FINANCE)
def test_the_payee_on_a_bank_statement_is_not_read_in_clear_either(
    paid: Office, login: str
) -> None:
    """A reconciled statement keeps the payee the bank reported: an account or a name."""
    _refused(paid.database, login, "SELECT statement_payee FROM reconciliation_lines")
