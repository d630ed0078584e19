"""The ledger from the command line: income, trial balance, check (exit 5 when broken)."""

from pathlib import Path

import pytest

from compfund.permissions import Role
from tests.conftest import PASSWORD, TestDatabase
from tests.integration.cli_helpers import Cli
from tests.integration.ledger_plant import plant_entry, tamper


@pytest.fixture
def cli(database: TestDatabase, tmp_path: Path) -> tuple[Cli, list[str], TestDatabase]:
    if database.kind != "sqlite":
        pytest.skip("the ledger commands are exercised on the embedded database here")
    database.officer("fin", Role.FINANCE_OFFICER)
    url = database.url.render_as_string(hide_password=False)
    return Cli(tmp_path), ["--db", url, "--user", "fin", "--json"], database


def _income(run, common, amount: str, reference: str, currency: str = "USD"):
    """An appropriation recorded from the command line; its run."""
    added = run(
        *common,
        "income",
        "add",
        "--source",
        "appropriation",
        "--from",
        "Ministry of Economy and Finance",
        "--reference",
        reference,
        "--amount",
        amount,
        "--currency",
        currency,
        password=PASSWORD,
    )
    assert added.code == 0, added.stderr
    return added


def test_income_then_trial_balance_then_check(cli) -> None:
    run, common, _ = cli
    added = _income(run, common, "250000000", "MEF-12", "KHR")
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
    tamper(db, "UPDATE journal_postings SET amount_minor = amount_minor * 10")
    check = run(*common, "ledger", "check", password=PASSWORD)
    assert check.code == 5
    [problem] = check.json()["problems"]
    assert problem["entry"] == 1
    assert "postings (what the balances are made of) differ" in problem["problem"]


def test_ledger_check_lists_every_problem_one_line_each(cli) -> None:
    run, common, db = cli
    _income(run, common, "1200", "MEF-1")
    _income(run, common, "300", "MEF-2")
    tamper(db, "UPDATE journal_entries SET memo = 'edited' WHERE chain_seq = 1")
    plant_entry(db, {"fund_bank:USD": -470_150_000, "exchange_clearing:USD": 470_150_000})
    expected = [
        "Entry 1 was changed after it was recorded: what it says no longer matches its seal.",
        "The fund's USD bank account carries a credit balance of -4,700,000.00 USD: it went "
        "into credit at entry 3.",
    ]
    checked = run(*common, "ledger", "check", password=PASSWORD)
    assert checked.code == 5
    assert checked.json() == {
        "sound": False,
        "entries": 3,
        "problems": [
            {"entry": 1, "problem": expected[0]},
            {"entry": 3, "problem": expected[1]},
        ],
    }
    text = run(*[a for a in common if a != "--json"], "ledger", "check", password=PASSWORD)
    assert text.code == 5
    assert text.stdout.splitlines() == [
        "Ledger check FAILED: 2 problems in 3 entries checked:",
        *(f"  {line}" for line in expected),
    ]


def test_an_exchange_the_fund_cannot_cover_is_refused_saying_the_balance(cli) -> None:
    run, common, _ = cli
    _income(run, common, "1200", "MEF-1")
    rate = run(*common, "rates", "set", "USD", "KHR", "4100", "--source", "NBC", password=PASSWORD)
    assert rate.code == 0, rate.stderr
    exchange = ["ledger", "exchange", "--amount", "5000", "--currency", "USD", "--to", "KHR"]
    refused = run(*common, *exchange, password=PASSWORD)
    assert refused.code == 1
    assert refused.error() == {
        "code": "fund_shortfall",
        "message": "The fund's USD bank account holds 1,200.00 USD; an exchange of 5,000.00 "
        "USD would overdraw it.",
    }
    assert run(*common, "ledger", "check", password=PASSWORD).json()["sound"]
