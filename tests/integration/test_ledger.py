"""The fund's ledger: balanced, append-only, chained; closed periods stay closed; the fund's
bank never overdrawn; and ``ledger check`` lists whatever got past all that."""

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from compfund.clock import today_in_cambodia
from compfund.errors import InvalidInput, PermissionDenied, RuleViolation
from compfund.ledger.accounts import AccountKind
from compfund.ledger.balances import fund_balance, survivor_statement, trial_balance
from compfund.ledger.check import Problem, check_ledger
from compfund.ledger.corrections import reverse_entry
from compfund.ledger.exchange import exchange, set_rate
from compfund.ledger.income import record_income
from compfund.ledger.journal import Line, post
from compfund.ledger.periods import confirm_close, request_close
from compfund.ledger.sign_rules import FundShortfall
from compfund.money import Currency, Money
from compfund.permissions import Action, Role
from compfund.service import service
from tests.conftest import TestDatabase
from tests.integration.ledger_plant import plant_entry, tamper
from tests.integration.money_data import office

KHR, USD = Currency.KHR, Currency.USD
LAST_MONTH = today_in_cambodia().replace(day=1) - timedelta(days=1)
LEDGER_TABLES = {
    "ledger_accounts",
    "journal_entries",
    "journal_postings",
    "ledger_periods",
    "exchange_rates",
    "income_receipts",
}
# The journal is its own hash chain (each entry carries who and when), so its rows are not
# copied into the audit trail as well.
JOURNAL_TABLES = {"journal_entries", "journal_postings"}


@pytest.fixture
def finance(database: TestDatabase):
    return database.officer("fin", Role.FINANCE_OFFICER)


def _funded(finance, amount: str = "100000000", currency: Currency = KHR, day: date | None = None):
    return finance.do(
        record_income,
        "appropriation",
        "Ministry of Economy and Finance",
        "MEF-2026-0012",
        day or today_in_cambodia(),
        Money.of(amount, currency),
    )


def test_income_raises_the_fund_balance(finance) -> None:
    _funded(finance)
    _funded(finance, "25000", USD)
    assert finance.read(fund_balance) == [Money.of("100000000", KHR), Money.of("25000", USD)]
    assert finance.read(check_ledger).sound


def test_trial_balance_sums_to_zero_per_currency(finance) -> None:
    _funded(finance)
    finance.do(
        record_income,
        "donor",
        "Partner donor",
        "DON-7",
        today_in_cambodia(),
        Money.of("5000.50", USD),
        restriction="rehabilitation grants only",
    )
    rows = finance.read(trial_balance)
    for currency in Currency:
        assert sum(r.balance.minor for r in rows if r.balance.currency is currency) == 0
    assert {r.kind for r in rows} == {
        AccountKind.FUND_BANK,
        AccountKind.INCOME_APPROPRIATION,
        AccountKind.INCOME_DONOR,
    }


def test_bad_income_is_refused_and_nothing_posted(finance) -> None:
    with pytest.raises(InvalidInput, match="appropriation or a donor"):
        finance.do(record_income, "gift", "x", "y", today_in_cambodia(), Money.of("1", KHR))
    with pytest.raises(InvalidInput, match="positive"):
        _funded(finance, "-5")
    assert finance.read(trial_balance) == []


def test_only_finance_records_income(database: TestDatabase) -> None:
    fo = database.officer("fo", Role.FUND_OFFICER)
    with pytest.raises(PermissionDenied):
        fo.do(record_income, "donor", "x", "y", today_in_cambodia(), Money.of("1", KHR))


@service(Action.RECORD_INCOME, writes=True)
def _post_unbalanced(*, actor, uow) -> int:
    return post(
        uow,
        kind="test",
        memo="off by one riel",
        lines=[
            Line(AccountKind.FUND_BANK, Money(100, KHR)),
            Line(AccountKind.INCOME_DONOR, Money(-99, KHR)),
        ],
    )


def test_an_unbalanced_entry_is_refused(finance) -> None:
    with pytest.raises(RuleViolation, match="must balance"):
        finance.do(_post_unbalanced)
    assert finance.read(check_ledger).entries == 0


def test_a_correction_is_a_reversal_never_an_edit(finance) -> None:
    entry = _funded(finance, "5000000")
    reversal = finance.do(reverse_entry, entry, "Entered twice by mistake, see MEF letter")
    assert reversal == entry + 1
    assert finance.read(fund_balance)[0] == Money.zero(KHR)
    with pytest.raises(RuleViolation, match="already reversed"):
        finance.do(reverse_entry, entry, "Entered twice by mistake, again")
    assert finance.read(check_ledger).sound


def test_journal_rows_cannot_be_changed_even_by_the_owner(finance, database) -> None:
    _funded(finance)
    for statement in (
        "UPDATE journal_postings SET amount_minor = 1",
        "DELETE FROM journal_entries",
    ):
        with pytest.raises(DBAPIError, match="append-only"), database.engine.begin() as conn:
            conn.execute(text(statement))


def test_exchange_goes_through_clearing_at_a_recorded_rate(finance) -> None:
    _funded(finance, "10000", USD)
    finance.do(
        set_rate,
        today_in_cambodia(),
        USD,
        KHR,
        "4012.50",
        "National Bank of Cambodia official rate",
    )
    entry, got, used = finance.do(exchange, Money.of("1000", USD), KHR, "Riel for cash grants")
    assert got == Money.of("4012500", KHR)
    assert used.source.startswith("National Bank")
    assert finance.read(fund_balance) == [Money.of("4012500", KHR), Money.of("9000", USD)]
    clearing = [r for r in finance.read(trial_balance) if r.kind is AccountKind.EXCHANGE_CLEARING]
    assert sorted(r.balance.amount_text() for r in clearing) == ["-4012500.00", "1000.00"]
    assert finance.read(check_ledger).sound


def test_exchange_without_a_rate_is_refused(finance) -> None:
    _funded(finance, "10000", USD)
    with pytest.raises(RuleViolation, match="No USD/KHR exchange rate"):
        finance.do(exchange, Money.of("10", USD), KHR, "x")


def test_a_closed_period_refuses_entries_in_services_and_raw_sql(database, finance) -> None:
    _funded(finance, day=LAST_MONTH)
    approver = database.officer("ap", Role.APPROVER)
    month = f"{LAST_MONTH:%Y-%m}"
    finance.do(request_close, month)
    with pytest.raises(PermissionDenied, match="An approver confirms"):
        finance.do(confirm_close, month)
    approver.do(confirm_close, month)
    with pytest.raises(RuleViolation, match=f"period {month} is closed"):
        _funded(finance, day=LAST_MONTH)
    with pytest.raises(DBAPIError, match="closed"), database.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO journal_entries (chain_seq, entry_date, recorded_at, actor_login, kind, "
                "memo, lines, prev_hash, row_hash) VALUES (999, :d, CURRENT_TIMESTAMP, 'x', 'x', "
                "'x', '[]', 'x', 'x')"
            ),
            {"d": LAST_MONTH},
        )
    with pytest.raises(DBAPIError, match="stays closed"), database.engine.begin() as conn:
        conn.execute(text("UPDATE ledger_periods SET closed_at = NULL"))
    _funded(finance)  # the current month is open
    assert finance.read(check_ledger).sound


def test_the_same_officer_cannot_ask_and_confirm_a_close(database) -> None:
    approver = database.officer("ap", Role.APPROVER)
    with pytest.raises(PermissionDenied, match="finance officer asks"):
        approver.do(request_close, "2026-01")


def test_a_changed_journal_row_is_found_by_ledger_check(database, finance) -> None:
    _funded(finance)
    _funded(finance, "3")
    tamper(database, "UPDATE journal_entries SET memo = 'edited' WHERE chain_seq = 1")
    result = finance.read(check_ledger)
    assert not result.sound
    assert result.problems == (Problem(1, f"Entry 1 {CHANGED}"),)  # one change, one problem


CHANGED = "was changed after it was recorded: what it says no longer matches its seal."


def test_ledger_check_lists_every_bad_entry_past_a_broken_chain(database, finance) -> None:
    for amount in ("100", "200", "300", "400"):
        _funded(finance, amount, USD)
    tamper(
        database,
        "UPDATE journal_entries SET memo = 'edited' WHERE chain_seq = 1",
        "UPDATE journal_postings SET amount_minor = amount_minor * 10 WHERE entry_seq = 3",
    )
    result = finance.read(check_ledger)
    assert (result.sound, result.entries) == (False, 4)
    assert result.problems == (
        Problem(1, f"Entry 1 {CHANGED}"),
        Problem(
            3, "Entry 3's postings (what the balances are made of) differ from its recorded lines."
        ),
    )


def test_ledger_check_finds_an_overdrawn_bank_and_an_overpaid_survivor(database) -> None:
    fund = office(database)
    fund.fund("1200", USD)
    survivor, _app = fund.approved("1000")  # entry 2: USD 1,000.00 payable to the survivor
    overdraw = plant_entry(
        database, {"fund_bank:USD": -470_120_000, "exchange_clearing:USD": 470_120_000}
    )
    overpay = plant_entry(
        database, {f"awards_payable:USD:{survivor}": 110_000, "award_expense:USD": -110_000}
    )
    result = fund.finance.read(check_ledger)
    assert (overdraw, overpay, result.entries) == (3, 4, 4)
    assert result.problems == (
        Problem(
            3,
            "The fund's USD bank account carries a credit balance of -4,700,000.00 USD: it "
            "went into credit at entry 3.",
        ),
        Problem(
            4,
            f"The USD awards payable to {survivor} carry a debit balance of 100.00 USD: they "
            "went into debit at entry 4.",
        ),
    )


def test_ledger_check_finds_a_bank_that_was_overdrawn_for_a_while(database, finance) -> None:
    _funded(finance, "1200", USD)
    plant_entry(database, {"fund_bank:USD": -500_000, "exchange_clearing:USD": 500_000})
    plant_entry(database, {"fund_bank:USD": 300_000, "exchange_clearing:USD": -300_000})
    plant_entry(database, {"fund_bank:USD": 100_000, "exchange_clearing:USD": -100_000})
    assert finance.read(check_ledger).problems == (
        Problem(
            2,
            "The fund's USD bank account went into credit at entry 2 (as far as -3,800.00 "
            "USD) until entry 4 brought it back.",
        ),
    )


def test_an_exchange_that_would_overdraw_the_bank_is_refused(finance) -> None:
    _funded(finance, "1200", USD)
    finance.do(set_rate, today_in_cambodia(), USD, KHR, "4100", "NBC official rate")
    refused = "The fund's USD bank account holds 1,200.00 USD; an exchange of 5,000.00 USD would overdraw it."
    with pytest.raises(FundShortfall, match=f"^{re.escape(refused)}$") as error:
        finance.do(exchange, Money.of("5000", USD), KHR, "Riel for cash grants")
    assert error.value.shortfall == Money.of("3800", USD)
    assert finance.read(fund_balance) == [Money.zero(KHR), Money.of("1200", USD)]
    checked = finance.read(check_ledger)
    assert checked.sound and checked.entries == 1


def test_an_exchange_is_checked_again_under_the_journal_lock(finance, monkeypatch) -> None:
    """A desk whose first look at the balance came before another desk's exchange committed
    (here: its first look skipped) is still refused, by the balance after its own entry."""
    from compfund.ledger import exchange as exchanging

    checked = exchanging.refuse_overdraft
    monkeypatch.setattr(
        exchanging,
        "refuse_overdraft",
        lambda uow, amount, posted=False: checked(uow, amount, posted=True) if posted else None,
    )
    _funded(finance, "1200", USD)
    finance.do(set_rate, today_in_cambodia(), USD, KHR, "4100", "NBC official rate")
    refused = (
        "The fund's USD bank account holds 1,200.00 USD; this exchange would take 5,000.00 "
        "USD from it: a shortfall of 3,800.00 USD."
    )
    with pytest.raises(FundShortfall, match=f"^{re.escape(refused)}$"):
        finance.do(exchange, Money.of("5000", USD), KHR, "Riel for cash grants")
    assert finance.read(fund_balance) == [Money.zero(KHR), Money.of("1200", USD)]


def test_a_reversal_that_would_overdraw_the_bank_is_refused(finance) -> None:
    income = _funded(finance, "1000", USD)
    finance.do(set_rate, today_in_cambodia(), USD, KHR, "4100", "NBC official rate")
    finance.do(exchange, Money.of("800", USD), KHR, "Riel for cash grants")
    refused = (
        "The fund's USD bank account holds 200.00 USD; the reversal of entry 1 would take "
        "1,000.00 USD from it: a shortfall of 800.00 USD."
    )
    with pytest.raises(FundShortfall, match=f"^{re.escape(refused)}$"):
        finance.do(reverse_entry, income, "Entered twice by mistake, see MEF letter")
    assert finance.read(fund_balance) == [Money.of("3280000", KHR), Money.of("200", USD)]
    assert finance.read(check_ledger).sound


@pytest.mark.postgres_only
def test_postgresql_refuses_an_unbalanced_entry_at_commit(database, finance) -> None:
    _funded(finance)
    with pytest.raises(DBAPIError, match="does not balance"), database.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO journal_postings (entry_seq, account_id, currency, "
                "amount_minor) VALUES (1, 1, 'KHR', 5)"
            )
        )


def test_statement_is_an_identifying_access(database, finance) -> None:
    from compfund.applications.survivors import register_survivor
    from tests.integration.intake_data import fisherman

    cw = database.officer("cw", Role.CASEWORKER, "KH-1")
    code = cw.do(register_survivor, fisherman())
    assert finance.do(survivor_statement, code, "Preparing the payment voucher for July") == []
    with pytest.raises(InvalidInput, match="Say why"):
        finance.do(survivor_statement, code, "")


def test_every_ledger_model_is_audited_and_the_journal_chained(database, finance) -> None:
    from sqlalchemy import select

    from compfund.audit.verify import verify_chains
    from compfund.models import AuditEvent

    _funded(finance, "10000", USD, day=LAST_MONTH)
    finance.do(set_rate, today_in_cambodia(), USD, KHR, "4100", "NBC official rate")
    finance.do(exchange, Money.of("10", USD), KHR, "Riel for cash grants")
    finance.do(request_close, f"{LAST_MONTH:%Y-%m}")
    with database.engine.connect() as conn:
        audited = set(
            conn.execute(select(AuditEvent.entity).where(AuditEvent.event == "insert")).scalars()
        )
    assert LEDGER_TABLES - JOURNAL_TABLES <= audited
    auditor = database.officer("auditor", Role.AUDITOR)
    audit, journal = auditor.read(verify_chains)
    assert audit.intact and journal.intact and journal.rows == 2
