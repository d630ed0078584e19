"""The ledger from the command line: income, trial balance, check (exit 5 when broken)."""

from pathlib import Path

import pytest

from compfund.permissions import Role
from tests.conftest import PASSWORD, TestDatabase
from tests.integration.cli_helpers import Cli


@pytest.fixture
def cli(database: TestDatabase, tmp_path: Path) -> tuple[Cli, list[str], TestDatabase]:
    if database.kind != "sqlite":
        pytest.skip("the ledger commands are exercised on the embedded database here")
    database.officer("fin", Role.FINANCE_OFFICER)
    url = database.url.render_as_string(hide_password=False)
    return Cli(tmp_path), ["--db", url, "--user", "fin", "--json"], database


def test_income_then_trial_balance_then_check(cli) -> None:
    run, common, _ = cli
    added = run(
        *common,
        "income",
        "add",
        "--source",
        "appropriation",
        "--from",
        "Ministry of Economy and Finance",
        "--reference",
        "MEF-12",
        "--amount",
        "250000000",
        "--currency",
        "KHR",
        password=PASSWORD,
    )
    assert added.code == 0, added.stderr
    assert added.json()["fund_balance"][0] == {"amount": "250000000.00", "currency": "KHR"}
    tb = run(*common, "ledger", "trial-balance", password=PASSWORD).json()
    assert {(a["account"], a["debit"], a["credit"]) for a in tb["accounts"]} == {
        ("fund_bank:KHR", "250000000.00", "0.00"),
        ("income_appropriation:KHR", "0.00", "250000000.00"),
    }
    check = run(*common, "ledger", "check", password=PASSWORD)
    assert check.code == 0 and check.json()["sound"]


def test_money_typed_with_too_many_decimals_is_a_usage_error(cli) -> None:
    run, common, _ = cli
    bad = run(
        *common,
        "income",
        "add",
        "--source",
        "donor",
        "--from",
        "x",
        "--reference",
        "y",
        "--amount",
        "10.001",
        "--currency",
        "USD",
        password=PASSWORD,
    )
    assert bad.code == 2 and "more than 2 digits" in bad.error()["message"]


def test_a_tampered_journal_fails_the_check_with_exit_5(cli) -> None:
    run, common, db = cli
    run(
        *common,
        "income",
        "add",
        "--source",
        "donor",
        "--from",
        "Partner",
        "--reference",
        "D1",
        "--amount",
        "100",
        "--currency",
        "USD",
        password=PASSWORD,
    )
    with db.engine.begin() as conn:
        conn.exec_driver_sql("DROP TRIGGER trg_journal_postings_no_update")
        conn.exec_driver_sql("UPDATE journal_postings SET amount_minor = amount_minor * 10")
    check = run(*common, "ledger", "check", password=PASSWORD)
    assert check.code == 5
    assert check.json()["entry"] == 1 and "postings differ" in check.json()["problem"]
