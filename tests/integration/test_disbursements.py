"""Disbursements: batches built by finance, released by another officer, payments recorded."""

from __future__ import annotations

import csv
import io
import re

import psycopg
import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError, IntegrityError

from compfund.disbursements.batch_view import instalments_due, show_batch
from compfund.disbursements.payee import PayeeInput, show_payee_details
from compfund.disbursements.payee_change import confirm_payee_change, propose_payee_change
from compfund.disbursements.payment import (
    confirm_payment,
    record_failure,
    record_return,
    reissue_instalment,
)
from compfund.disbursements.payment_batch import (
    FundShortfall,
    build_batch,
    cancel_batch,
    release_batch,
)
from compfund.enums import BatchStatus, Channel, InstalmentStatus, Payee, PaymentStatus
from compfund.errors import ConcurrentEdit, InvalidInput, PermissionDenied, RuleViolation
from compfund.ledger.balances import fund_balance, trial_balance
from compfund.ledger.check import check_ledger
from compfund.ledger.corrections import reverse_entry
from compfund.ledger.exchange import exchange
from compfund.models import AuditEvent, Instalment, JournalEntry, Payment, PaymentBatch
from compfund.money import Money
from compfund.permissions import Role
from tests.conftest import PASSWORD, TestDatabase
from tests.integration.intake_data import domestic_servant_minor
from tests.integration.money_data import KHR, USD, Office, office

BANK = Channel.BANK_TRANSFER


def usd(amount: str) -> Money:
    return Money.of(amount, USD)


@pytest.fixture
def fund(database: TestDatabase) -> Office:
    return office(database)


def _balances(fund: Office) -> dict[str, Money]:
    """Each account kind's total per currency (the survivors' accounts added together)."""
    totals: dict[str, Money] = {}
    for row in fund.finance.read(trial_balance):
        name = f"{row.kind.value}:{row.balance.currency.value}"
        totals[name] = totals.get(name, Money.zero(row.balance.currency)) + row.balance
    return totals


def _rows(fund: Office, model: type) -> list:
    with fund.database.engine.connect() as conn:
        return list(conn.execute(select(model.__table__).order_by(model.__table__.c.id)).all())


def test_a_batch_is_built_released_and_paid(fund: Office) -> None:
    fund.fund("10000", USD)
    survivor, _app = fund.approved("1500", instalments=2)
    fund.approved("100", currency=USD, channel=Channel.MOBILE_MONEY)  # another channel
    batch = fund.finance.do(build_batch, USD, BANK)
    assert (len(batch.payments), batch.total) == (1, usd("750"))  # only the first is due
    assert fund.finance.read(fund_balance)[1] == usd("10000")  # nothing moves until release
    released = fund.approver.do(release_batch, batch.id)
    assert released.file_name == f"compfund-batch-{batch.id}-bank_transfer-USD.csv"
    lines = list(csv.DictReader(io.StringIO(released.instruction_file)))
    assert [(ln["key"], ln["survivor"], ln["amount"]) for ln in lines] == [
        (batch.payments[0].key, survivor, "750.00")
    ]
    assert _balances(fund)["payments_in_transit:USD"] == usd("750")
    paid = fund.finance.do(confirm_payment, batch.payments[0].key, "ACLEDA TX 88121")
    assert paid.changed and paid.status is PaymentStatus.PAID
    balances = _balances(fund)
    assert balances["payments_in_transit:USD"].is_zero()
    assert balances["fund_bank:USD"] == usd("9250")
    assert balances["awards_payable:USD"] == -usd("850")  # 750 + 100 still owed
    assert fund.finance.read(check_ledger).sound


def test_the_maker_never_releases_and_finance_cannot_release(fund: Office) -> None:
    fund.fund("10000", USD)
    fund.approved("100")
    batch = fund.finance.do(build_batch, USD, BANK)
    with pytest.raises(PermissionDenied, match="may not release batch"):
        fund.finance.do(release_batch, batch.id)
    with pytest.raises(DBAPIError, match="releaser_not_maker"), fund.database.engine.begin() as c:
        c.execute(text("UPDATE payment_batches SET status = 'released', released_by = built_by"))
    assert fund.approver.read(show_batch, batch.id).status is BatchStatus.BUILT


@pytest.mark.postgres_only
def test_self_release_is_refused_by_the_database_too(fund: Office) -> None:
    fund.fund("10000", USD)
    fund.approved("100")
    batch = fund.finance.do(build_batch, USD, BANK)
    db = fund.database

    def raw(login: str, released_by: str) -> None:
        with psycopg.connect(
            host=db.url.host,
            port=db.url.port,
            dbname=db.url.database,
            user=db.login(login),
            password=PASSWORD,
            autocommit=True,
        ) as conn:
            conn.execute(
                "UPDATE payment_batches SET status = 'released', released_by = %s, "
                "released_at = now(), version = version + 1 WHERE id = %s",
                (db.login(released_by), batch.id),
            )

    refused = "only an approver who did not build a payment batch may release it"
    with pytest.raises(psycopg.errors.CheckViolation, match=refused):
        raw("fin", "ap")  # the maker, in an approver's name
    # An approver releases only through compfund_release_batch, in their own name and with
    # the file the database builds (0004_bank_details): their role updates no batch itself.
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="payment_batches"):
        raw("ap", "ap2")  # an approver, in another's name
    assert fund.approver.read(show_batch, batch.id).status is BatchStatus.BUILT


def test_a_batch_that_would_take_the_fund_below_zero_is_refused(fund: Office) -> None:
    fund.fund("600", USD)
    fund.approved("1000")
    with pytest.raises(FundShortfall, match="a shortfall of 400.00 USD") as refused:
        fund.finance.do(build_batch, USD, BANK)
    assert refused.value.shortfall == usd("400")
    more = fund.fund("500", USD)
    batch = fund.finance.do(build_batch, USD, BANK)
    fund.finance.do(reverse_entry, more, "Recorded against the wrong transfer")  # back to 600
    before = _balances(fund)
    with pytest.raises(FundShortfall, match="holds 600.00 USD for it, a shortfall of 400.00 USD"):
        fund.approver.do(release_batch, batch.id)
    assert _balances(fund) == before
    assert fund.approver.read(show_batch, batch.id).status is BatchStatus.BUILT
    assert {p.status for p in fund.approver.read(show_batch, batch.id).payments} == {
        PaymentStatus.BATCHED
    }


def test_an_exchange_leaves_the_money_of_built_batches_alone(fund: Office) -> None:
    fund.fund("1100", USD)
    fund.approved("1000")
    batch = fund.finance.do(build_batch, USD, BANK)
    fund.rate("4100")
    refused = (
        "The fund's USD bank account holds 1,100.00 USD, 1,000.00 USD of it for payment "
        "batches built and not yet released; an exchange of 300.00 USD would leave those "
        "batches 200.00 USD short."
    )
    with pytest.raises(FundShortfall, match=f"^{re.escape(refused)}$"):
        fund.finance.do(exchange, usd("300"), KHR, "Riel for cash grants")
    fund.finance.do(exchange, usd("100"), KHR, "Riel for cash grants")  # the free money
    fund.approver.do(release_batch, batch.id)
    assert fund.finance.read(fund_balance) == [Money.of("410000", KHR), usd("0")]
    assert fund.finance.read(check_ledger).sound


def test_a_correction_never_leaves_a_survivor_paid_more_than_owed(fund: Office) -> None:
    survivor, key = fund.released_payment()
    fund.finance.do(confirm_payment, key, "ACLEDA TX 1")
    with fund.database.engine.connect() as conn:
        award = conn.execute(
            select(JournalEntry.chain_seq).where(JournalEntry.kind == "award")
        ).scalar_one()
    refused = (
        f"The USD awards payable to {survivor} come to 0.00 USD owed; the reversal of entry "
        f"{award} would pay 1,000.00 USD out of them: 1,000.00 USD more than is owed."
    )
    before = _balances(fund)
    with pytest.raises(RuleViolation, match=f"^{re.escape(refused)}$"):
        fund.finance.do(reverse_entry, award, "Approved against the wrong application")
    assert _balances(fund) == before
    assert fund.finance.read(check_ledger).sound


def test_a_failed_payment_returns_the_money_and_is_reissued_with_a_new_key(fund: Office) -> None:
    fund.fund("5000", USD)
    fund.approved("1000")
    first = fund.finance.do(build_batch, USD, BANK)
    fund.approver.do(release_batch, first.id)
    key = first.payments[0].key
    with pytest.raises(InvalidInput, match="Say why"):
        fund.finance.do(record_failure, key, "")
    fund.finance.do(record_failure, key, "Account number does not exist")
    assert fund.finance.read(fund_balance)[1] == usd("5000")
    with pytest.raises(RuleViolation, match="is failed: it cannot be recorded as paid"):
        fund.finance.do(confirm_payment, key, "late confirmation")
    with pytest.raises(RuleViolation, match="No USD instalments"):
        fund.finance.do(build_batch, USD, BANK)
    fund.finance.do(reissue_instalment, first.payments[0].instalment_id)
    second = fund.finance.do(build_batch, USD, BANK)
    assert second.payments[0].attempt == 2 and second.payments[0].key != key
    fund.approver.do(release_batch, second.id)
    fund.finance.do(confirm_payment, second.payments[0].key, "TX 2")
    assert fund.finance.read(fund_balance)[1] == usd("4000")
    assert _balances(fund)["awards_payable:USD"].is_zero()
    assert fund.finance.read(check_ledger).sound


def test_a_returned_payment_is_owed_again_until_reissued_and_paid(fund: Office) -> None:
    fund.fund("5000", USD)
    fund.approved("1000")
    batch = fund.finance.do(build_batch, USD, BANK)
    fund.approver.do(release_batch, batch.id)
    key = batch.payments[0].key
    fund.finance.do(confirm_payment, key, "TX 1")
    with pytest.raises(RuleViolation, match="only a failed or returned"):
        fund.finance.do(reissue_instalment, batch.payments[0].instalment_id)
    fund.finance.do(record_return, key, "Account closed by the bank")
    assert fund.finance.do(record_return, key, "Account closed by the bank").changed is False
    assert _balances(fund)["awards_payable:USD"] == -usd("1000")
    assert fund.finance.read(fund_balance)[1] == usd("5000")
    fund.finance.do(reissue_instalment, batch.payments[0].instalment_id)
    again = fund.finance.do(build_batch, USD, BANK)
    fund.approver.do(release_batch, again.id)
    fund.finance.do(confirm_payment, again.payments[0].key, "TX 3")
    paid = [p for p in _rows(fund, Payment) if p.status == "paid"]
    assert sum(p.amount_minor for p in paid) == usd("1000").minor
    assert fund.finance.read(check_ledger).sound


def test_cash_through_dosvy_is_confirmed_with_the_signed_receipt(fund: Office) -> None:
    fund.fund("10000000", KHR)
    fund.rate("4100")
    fund.approved("400000", currency=KHR, channel=Channel.CASH_DOSVY)
    batch = fund.finance.do(build_batch, KHR, Channel.CASH_DOSVY)
    released = fund.approver.do(release_batch, batch.id)
    assert "DOSVY Banteay Meanchey" in released.instruction_file
    with pytest.raises(InvalidInput, match="receipt the payee signed"):
        fund.finance.do(confirm_payment, batch.payments[0].key)
    assert fund.finance.do(confirm_payment, batch.payments[0].key, "DOSVY-BMC-0042").changed


def test_the_database_refuses_a_second_payment_of_an_instalment(fund: Office) -> None:
    fund.fund("5000", USD)
    fund.approved("1000")
    batch = fund.finance.do(build_batch, USD, BANK)
    fund.approver.do(release_batch, batch.id)
    fund.finance.do(confirm_payment, batch.payments[0].key, "TX 1")
    engine = fund.database.engine
    with pytest.raises(DBAPIError, match="only moves forward"), engine.begin() as conn:
        conn.execute(text("UPDATE payments SET status = 'released'"))
    with pytest.raises(DBAPIError, match="amount never changes"), engine.begin() as conn:
        conn.execute(text("UPDATE instalments SET amount_minor = amount_minor + 1"))
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO payments (instalment_id, batch_id, attempt, idempotency_key, "
                "channel, currency, amount_minor, payee_name, status, updated_by, version) "
                "SELECT instalment_id, batch_id, 2, 'PAY-COPY', channel, currency, amount_minor, "
                "payee_name, 'paid', 'x', 1 FROM payments"
            )
        )
    with pytest.raises(DBAPIError, match="never deleted"), engine.begin() as conn:
        conn.execute(text("DELETE FROM payments"))


def test_a_cancelled_batch_puts_its_instalments_back(fund: Office) -> None:
    fund.fund("5000", USD)
    fund.approved("1000")
    batch = fund.finance.do(build_batch, USD, BANK)
    fund.finance.do(cancel_batch, batch.id)
    assert [i.status for i in fund.finance.read(instalments_due)] == [InstalmentStatus.SCHEDULED]
    with pytest.raises(RuleViolation, match="cancelled, not waiting for release"):
        fund.approver.do(release_batch, batch.id)
    rebuilt = fund.finance.do(build_batch, USD, BANK)
    assert rebuilt.payments[0].attempt == 2


def test_payee_details_changed_on_two_desks_never_overwrite_silently(fund: Office) -> None:
    survivor, _app = fund.eligible()
    version = fund.payee(survivor)
    other_desk = fund.database.officer("fo2", Role.FUND_OFFICER)
    seen = fund.fund_officer.do(show_payee_details, survivor, "Checking the bank account")
    assert seen.version == version
    new = PayeeInput(Channel.MOBILE_MONEY, "Sok Sokha", "Wing", "097 765 4321")
    with pytest.raises(InvalidInput, match="open them and propose your change with that version"):
        other_desk.do(propose_payee_change, survivor, new)
    change = fund.fund_officer.do(
        propose_payee_change, survivor, new, expected_version=seen.version
    )
    fund.finance.do(confirm_payee_change, change.id)
    typo = PayeeInput(BANK, "Sok Sokha", "ABA Bank", "000 111 222")
    with pytest.raises(ConcurrentEdit, match="reload"):
        other_desk.do(propose_payee_change, survivor, typo, expected_version=seen.version)
    assert (
        fund.fund_officer.do(show_payee_details, survivor, "Checking after the conflict").channel
        is Channel.MOBILE_MONEY
    )
    with fund.database.engine.connect() as conn:
        logged = (
            conn.execute(
                select(AuditEvent.new_values).where(
                    AuditEvent.entity.in_(["payee_details", "payee_changes"])
                )
            )
            .scalars()
            .all()
        )
    assert logged and all(v.get("account") in ("<identifying>", None) for v in logged)


def test_a_minor_is_paid_to_the_guardian_and_stale_details_are_left_out(fund: Office) -> None:
    fund.fund("5000", USD)
    survivor, _app = fund.approved("300", person=domestic_servant_minor("KH-1"))
    details = fund.fund_officer.do(show_payee_details, survivor, "Preparing the payment")
    assert details.payee is Payee.GUARDIAN
    with fund.database.engine.begin() as conn:  # records corrected: she is in fact an adult
        conn.execute(text("UPDATE survivors SET birth_year = birth_year - 10"))
    with pytest.raises(RuleViolation, match="name the guardian; update them before paying"):
        fund.finance.do(build_batch, USD, BANK)


def test_building_two_batches_at_once_does_not_batch_an_instalment_twice(fund: Office) -> None:
    fund.fund("5000", USD)
    fund.approved("1000")
    fund.finance.do(build_batch, USD, BANK)
    with pytest.raises(RuleViolation, match="No USD instalments"):
        fund.finance.do(build_batch, USD, BANK)
    batches = _rows(fund, PaymentBatch)
    assert len(batches) == 1 and len(_rows(fund, Instalment)) == 1
