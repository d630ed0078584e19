"""No money moves on one officer's word (issue 10): each attack is plain SQL (psql,
DBeaver ...) by the officer the rule restrains, on their own login, against an office
with money in it: a funded bank account, an approved award with a payment in a batch
built but not released, a second instalment still scheduled, and a recommended award
above the threshold (two approvers)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import psycopg
import pytest

from compfund.awards.award import recommend_award
from compfund.awards.award_decision import approve_award
from compfund.clock import today_in_cambodia
from compfund.disbursements.payment_batch import build_batch
from compfund.enums import Channel, HeadOfLoss
from compfund.money import Money
from compfund.permissions import Role
from tests.conftest import TestDatabase, fresh_database, record_by_hand
from tests.integration.money_data import USD, Office, office
from tests.security.conftest import raw_sql_as

pytestmark = pytest.mark.postgres_only

REFUSED = (psycopg.errors.InsufficientPrivilege, psycopg.errors.CheckViolation)


@dataclass
class Money_:
    """What the attacks aim at, read by the schema's owner."""

    fund: Office
    batch: int  # built by "fin", not released
    batched: int  # the instalment in it
    scheduled: int  # the award's second instalment, not batched
    big_award: int  # recommended, above the threshold

    @property
    def db(self) -> TestDatabase:
        return self.fund.database

    def login(self, name: str) -> str:
        return self.db.login(name)

    def one(self, sql: str, *args: object) -> Any:
        with self.db.engine.connect() as conn:
            return conn.exec_driver_sql(sql, args).scalar()


@pytest.fixture
def money(request: pytest.FixtureRequest) -> Iterator[Money_]:
    with fresh_database(request, "postgresql") as db:
        fund = office(db)
        db.officer("au", Role.AUDITOR)
        fund.fund("10000", USD)
        survivor, app = fund.eligible()
        fund.payee(survivor, Channel.BANK_TRANSFER)
        fund.fund_officer.do(
            recommend_award,
            app,
            USD,
            {HeadOfLoss.LOST_WAGES: Money.of("1000", USD)},
            instalments=2,
        )
        fund.approver.do(approve_award, app)
        batch = fund.finance.do(build_batch, USD, Channel.BANK_TRANSFER, due_by=today_in_cambodia())
        _s2, app2 = fund.eligible()
        fund.fund_officer.do(
            recommend_award, app2, USD, {HeadOfLoss.LOST_WAGES: Money.of("3000", USD)}
        )
        with db.engine.connect() as conn:
            batched, scheduled = (
                int(
                    conn.exec_driver_sql(
                        f"SELECT id FROM instalments WHERE status = '{s}'"
                    ).scalar_one()
                )
                for s in ("batched", "scheduled")
            )
            big = int(
                conn.exec_driver_sql(
                    "SELECT id FROM awards WHERE status = 'recommended'"
                ).scalar_one()
            )
        yield Money_(fund, batch.id, batched, scheduled, big)


def refused(db: TestDatabase, login: str, *statements: str) -> str:
    """The statements, in one transaction, are refused by the database (at the latest when
    it commits), as the officer's own login; what the database said."""
    with raw_sql_as(db, login) as cur:
        cur.execute("BEGIN")
        with pytest.raises(REFUSED) as refusal:
            for statement in statements:
                cur.execute(statement)
            cur.execute("COMMIT")
        cur.execute("ROLLBACK")
    return str(refusal.value.diag.message_primary)


# -- payment batches --------------------------------------------------------------------------


def test_a_finance_officer_cannot_insert_a_batch_already_released(money: Money_) -> None:
    refused(
        money.db,
        "fin",
        "INSERT INTO payment_batches (currency, channel, status, line_count, total_minor, "
        "built_by, built_at, released_by, released_at, version) VALUES ('USD', "
        f"'bank_transfer', 'released', 1, 100000, '{money.login('fin')}', now(), "
        f"'{money.login('ap')}', now(), 1)",
    )


def test_a_batch_is_built_in_the_connected_officers_name(money: Money_) -> None:
    refused(
        money.db,
        "fin",
        "INSERT INTO payment_batches (currency, channel, status, line_count, total_minor, "
        f"built_by, built_at, version) VALUES ('USD', 'bank_transfer', 'built', 0, 0, "
        f"'{money.login('ap')}', now(), 1)",
    )


def test_a_batch_whose_payments_changed_is_not_released(money: Money_) -> None:
    """A finance officer cancels a payment of a built batch by hand: the approver, who
    reviewed the batch's lines and total, cannot release what no longer matches them."""
    with raw_sql_as(money.db, "fin") as cur:
        cur.execute("BEGIN")
        cur.execute("UPDATE payments SET status = 'cancelled' WHERE batch_id = %s", (money.batch,))
        cur.execute("UPDATE instalments SET status = 'scheduled' WHERE id = %s", (money.batched,))
        cur.execute("SELECT id FROM payments WHERE batch_id = %s", (money.batch,))
        (payment,) = cur.fetchone()  # type: ignore[misc]
        record_by_hand(cur, "payments", payment)
        record_by_hand(cur, "instalments", money.batched)
        cur.execute("COMMIT")
    version = money.one("SELECT version FROM payment_batches WHERE id = %s", money.batch)
    refused(money.db, "ap", f"SELECT compfund_release_batch({money.batch}, {version})")


# -- payments ---------------------------------------------------------------------------------


def _payment(money: Money_, batch: int, status: str, amount: int, account: str) -> str:
    return (
        "INSERT INTO payments (instalment_id, batch_id, attempt, idempotency_key, channel, "
        "currency, amount_minor, payee_name, account, institution, status, updated_by, version) "
        f"VALUES ({money.scheduled}, {batch}, 1, 'PAY-ATTACK-{status}', 'bank_transfer', 'USD', "
        f"{amount}, 'Sok Sokha', '{account}', 'ACLEDA Bank', '{status}', "
        f"'{money.login('fin')}', 1)"
    )


def test_a_payment_of_100_times_the_instalment_to_ones_own_account_is_refused(
    money: Money_,
) -> None:
    amount = int(money.one("SELECT amount_minor FROM instalments WHERE id = %s", money.scheduled))
    refused(
        money.db,
        "fin",
        f"UPDATE instalments SET status = 'batched' WHERE id = {money.scheduled}",
        _payment(money, money.batch, "batched", amount * 100, "9999-0000-111"),
    )


def test_a_payment_to_another_account_than_the_payees_is_refused(money: Money_) -> None:
    amount = int(money.one("SELECT amount_minor FROM instalments WHERE id = %s", money.scheduled))
    refused(
        money.db,
        "fin",
        f"UPDATE instalments SET status = 'batched' WHERE id = {money.scheduled}",
        _payment(money, money.batch, "batched", amount, "9999-0000-111"),
    )


@pytest.mark.parametrize("status", ["released", "paid", "failed", "returned", "cancelled"])
def test_a_payment_starts_batched(money: Money_, status: str) -> None:
    amount = int(money.one("SELECT amount_minor FROM instalments WHERE id = %s", money.scheduled))
    refused(money.db, "fin", _payment(money, money.batch, status, amount, "0001-2345-678"))


@pytest.mark.parametrize("login", ["fin", "ap"])
def test_a_payment_of_a_batch_not_released_is_not_released(money: Money_, login: str) -> None:
    refused(
        money.db,
        login,
        f"UPDATE payments SET status = 'released' WHERE batch_id = {money.batch}",
        f"UPDATE instalments SET status = 'released' WHERE id = {money.batched}",
    )


@pytest.mark.parametrize("login", ["fin", "ap"])
def test_an_instalment_does_not_move_to_released_by_update(money: Money_, login: str) -> None:
    refused(
        money.db, login, f"UPDATE instalments SET status = 'released' WHERE id = {money.batched}"
    )


def test_an_instalment_is_not_batched_without_a_payment(money: Money_) -> None:
    refused(
        money.db, "fin", f"UPDATE instalments SET status = 'batched' WHERE id = {money.scheduled}"
    )


# -- instalments ------------------------------------------------------------------------------


def _instalment(money: Money_, status: str, amount: int, seq: int = 9) -> str:
    award, survivor = (
        money.one("SELECT award_id FROM instalments WHERE id = %s", money.batched),
        money.one("SELECT survivor_id FROM instalments WHERE id = %s", money.batched),
    )
    return (
        "INSERT INTO instalments (award_id, survivor_id, seq, due_on, currency, amount_minor, "
        f"status, version) VALUES ({award}, {survivor}, {seq}, current_date, 'USD', {amount}, "
        f"'{status}', 1)"
    )


@pytest.mark.parametrize("login", ["fin", "ap"])
def test_no_instalment_is_added_beyond_the_awards_amount(money: Money_, login: str) -> None:
    refused(money.db, login, _instalment(money, "scheduled", 10_000_000))


@pytest.mark.parametrize("status", ["batched", "released", "paid", "failed", "returned"])
def test_an_instalment_starts_scheduled(money: Money_, status: str) -> None:
    refused(money.db, "ap", _instalment(money, status, 1))


def test_no_instalment_of_an_award_not_approved(money: Money_) -> None:
    survivor = money.one("SELECT survivor_id FROM awards WHERE id = %s", money.big_award)
    refused(
        money.db,
        "ap",
        "INSERT INTO instalments (award_id, survivor_id, seq, due_on, currency, amount_minor, "
        f"status, version) VALUES ({money.big_award}, {survivor}, 1, current_date, 'USD', "
        "100, 'scheduled', 1)",
    )


# -- awards -----------------------------------------------------------------------------------


def test_one_approver_cannot_approve_a_two_approver_award_alone(money: Money_) -> None:
    refused(
        money.db,
        "ap",
        "UPDATE awards SET status = 'approved', decided_by = session_user, decided_at = now() "
        f"WHERE id = {money.big_award}",
    )


def test_an_approver_cannot_drop_the_second_approval(money: Money_) -> None:
    refused(
        money.db,
        "ap",
        "UPDATE awards SET two_approvers = false, status = 'approved', "
        f"decided_by = session_user, decided_at = now() WHERE id = {money.big_award}",
    )


def _award(money: Money_, status: str, recommended_by: str, two: bool = True) -> str:
    row = (
        "application_id, survivor_id, kind, currency, award_policy_id, calculated_on, "
        "gross_minor, amount_minor, payee, instalments, recommended_at, version"
    )
    return (
        f"INSERT INTO awards ({row}, status, two_approvers, recommended_by) "
        f"SELECT {row.replace('version', '1')}, '{status}', {two}, '{recommended_by}' "
        f"FROM awards WHERE id = {money.big_award}"
    )


def test_an_award_is_recommended_in_the_connected_officers_name(money: Money_) -> None:
    with money.db.engine.begin() as conn:  # the live award is in the way: rejected
        conn.exec_driver_sql(
            "UPDATE awards SET status = 'rejected', decided_by = 'owner', decided_at = now(), "
            f"decision_reason = 'test' WHERE id = {money.big_award}"
        )
    refused(money.db, "fo", _award(money, "recommended", money.login("ap2")))


def test_an_award_above_the_threshold_needs_two_approvers(money: Money_) -> None:
    with money.db.engine.begin() as conn:
        conn.exec_driver_sql(
            "UPDATE awards SET status = 'rejected', decided_by = 'owner', decided_at = now(), "
            f"decision_reason = 'test' WHERE id = {money.big_award}"
        )
    refused(money.db, "fo", _award(money, "recommended", money.login("fo"), two=False))


# -- ledger periods ---------------------------------------------------------------------------


@pytest.mark.parametrize("login", ["fin", "ap"])
def test_a_period_is_not_inserted_closed(money: Money_, login: str) -> None:
    refused(
        money.db,
        login,
        "INSERT INTO ledger_periods (month, close_requested_by, close_requested_at, closed_by, "
        f"closed_at) VALUES ('2026-01', '{money.login('fin')}', now(), '{money.login('ap')}', "
        "now())",
    )


def test_the_officer_who_asked_to_close_a_period_does_not_close_it(money: Money_) -> None:
    with raw_sql_as(money.db, "fin") as cur:
        cur.execute("BEGIN")
        cur.execute(
            "INSERT INTO ledger_periods (month, close_requested_by, close_requested_at) "
            "VALUES ('2026-01', session_user, now())"
        )
        record_by_hand(cur, "ledger_periods", "2026-01")
        cur.execute("COMMIT")
    refused(
        money.db,
        "fin",
        "UPDATE ledger_periods SET closed_by = session_user, closed_at = now() "
        "WHERE month = '2026-01'",
    )


def test_a_close_is_asked_for_in_the_connected_officers_name(money: Money_) -> None:
    refused(
        money.db,
        "ap",
        "INSERT INTO ledger_periods (month, close_requested_by, close_requested_at) "
        f"VALUES ('2026-01', '{money.login('fin')}', now())",
    )


# -- the ledger's sign rules ------------------------------------------------------------------


def _entry(money: Money_, lines: dict[str, int]) -> tuple[str, ...]:
    """An entry written by hand, chained on the journal's head (the database does not
    recompute the hash: ledger check does), with postings to ``lines`` (key: minor)."""
    length, last = (
        money.one("SELECT length FROM chain_heads WHERE chain = 'journal'"),
        money.one("SELECT last_hash FROM chain_heads WHERE chain = 'journal'"),
    )
    seq = int(length) + 1
    statements = [
        "INSERT INTO journal_entries (chain_seq, entry_date, recorded_at, actor_login, kind, "
        f"memo, lines, prev_hash, row_hash) VALUES ({seq}, current_date, now(), session_user, "
        f"'exchange', 'by hand', '[]', '{last}', '{'e' * 64}')"
    ]
    for key, minor in lines.items():
        statements.append(
            "INSERT INTO journal_postings (entry_seq, account_id, currency, amount_minor) "
            f"SELECT {seq}, id, currency, {minor} FROM ledger_accounts WHERE key = '{key}'"
        )
    return tuple(statements)


def test_the_funds_bank_account_never_carries_a_credit_balance(money: Money_) -> None:
    with money.db.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO ledger_accounts (key, kind, currency) "
            "VALUES ('exchange_clearing:USD', 'exchange_clearing', 'USD') ON CONFLICT DO NOTHING"
        )
    lines = {"fund_bank:USD": -470_000_000, "exchange_clearing:USD": 470_000_000}
    said = refused(money.db, "fin", *_entry(money, lines))
    assert said.startswith(
        "the fund's USD bank account would carry a balance of -4,690,000.00 USD, on the wrong side"
    )


def test_awards_payable_never_carry_a_debit_balance(money: Money_) -> None:
    key = money.one("SELECT key FROM ledger_accounts WHERE kind = 'awards_payable' LIMIT 1")
    payable = int(
        money.one(
            "SELECT sum(p.amount_minor) FROM journal_postings p JOIN ledger_accounts a "
            "ON a.id = p.account_id WHERE a.key = %s",
            key,
        )
    )
    # a debit USD 100 larger than what is owed (payable is a credit: negative)
    lines = {str(key): -payable + 100_00, "fund_bank:USD": payable - 100_00}
    refused(money.db, "fin", *_entry(money, lines))


def test_the_attacks_aim_at_a_sound_office(money: Money_) -> None:
    """The fixture is what the attacks think it is (so a refusal is the rule's, not a typo's)."""
    assert money.one("SELECT status FROM payment_batches WHERE id = %s", money.batch) == "built"
    assert money.one("SELECT status FROM awards WHERE id = %s", money.big_award) == "recommended"
    assert money.one("SELECT two_approvers FROM awards WHERE id = %s", money.big_award) is True
    assert money.one("SELECT count(*) FROM payments") == 1


# -- what a payment is paid to ----------------------------------------------------------------


def test_a_batched_payments_bank_does_not_change(money: Money_) -> None:
    refused(
        money.db,
        "fin",
        f"UPDATE payments SET institution = 'Another Bank' WHERE batch_id = {money.batch}",
    )


def test_an_instalment_is_not_moved_to_another_survivor(money: Money_) -> None:
    other = money.one("SELECT survivor_id FROM awards WHERE id = %s", money.big_award)
    refused(
        money.db,
        "fin",
        f"UPDATE instalments SET survivor_id = {other} WHERE id = {money.scheduled}",
    )


def test_a_built_batchs_line_count_does_not_change(money: Money_) -> None:
    refused(
        money.db,
        "fin",
        f"UPDATE payment_batches SET line_count = 0 WHERE id = {money.batch}",
    )


# -- what is written by hand is in the trail, or not written ------------------------------


def test_an_instalment_brought_forward_by_hand_is_refused(money: Money_) -> None:
    """Brought forward, it would join the next batch early, with nothing in the trail."""
    refused(
        money.db,
        "fin",
        f"UPDATE instalments SET due_on = '2020-01-01' WHERE id = {money.scheduled}",
    )


def test_an_awards_note_is_not_rewritten_by_hand(money: Money_) -> None:
    refused(
        money.db,
        "ap",
        f"UPDATE awards SET note = 'agreed by phone' WHERE id = {money.big_award}",
    )


def test_an_exchange_rate_is_not_recorded_by_hand(money: Money_) -> None:
    refused(
        money.db,
        "fin",
        "INSERT INTO exchange_rates (rate_date, base, quote, rate, source, recorded_by, "
        "recorded_at) VALUES (current_date, 'USD', 'KHR', '9999', 'by hand', session_user, now())",
    )


def test_a_change_in_the_trail_is_accepted(money: Money_) -> None:
    """The rule asks for the event, not for compfund: an officer who writes it, in their
    own name, in the same transaction, may make the change."""
    with raw_sql_as(money.db, "ap") as cur:
        cur.execute("BEGIN")
        cur.execute(f"UPDATE awards SET note = 'seen' WHERE id = {money.big_award}")
        record_by_hand(cur, "awards", money.big_award)
        cur.execute("COMMIT")
    assert money.one("SELECT note FROM awards WHERE id = %s", money.big_award) == "seen"
