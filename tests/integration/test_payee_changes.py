"""Where money goes (issue 10): payee details are proposed by a caseworker of the
survivor's province or a fund officer and take effect only when a finance officer who did
not propose them confirms them; meanwhile the survivor is not paid."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from compfund.disbursements.payee import PayeeInput, show_payee_details
from compfund.disbursements.payee_change import (
    AWAITING,
    confirm_payee_change,
    payee_changes_pending,
    propose_payee_change,
    refuse_payee_change,
    show_payee,
)
from compfund.disbursements.payment_batch import build_batch, release_batch
from compfund.enums import Channel, PayeeChangeStatus
from compfund.errors import ConcurrentEdit, InvalidInput, NotFound, PermissionDenied, RuleViolation
from compfund.four_eyes import FourEyesRequired
from compfund.models import AuditEvent
from compfund.officer_rights import confirm_request
from compfund.officers import set_role
from compfund.permissions import Role
from tests.conftest import PASSWORD, TestDatabase
from tests.integration.money_data import USD, Office, office

BANK = Channel.BANK_TRANSFER
WING = PayeeInput(Channel.MOBILE_MONEY, "Sok Sokha", "Wing", "097 765 4321")


@pytest.fixture
def fund(database: TestDatabase) -> Office:
    return office(database)


def _events(fund: Office, entity: str) -> list[AuditEvent]:
    with fund.database.engine.connect() as conn:
        rows = conn.execute(
            select(AuditEvent.__table__)
            .where(AuditEvent.entity == entity)
            .order_by(AuditEvent.chain_seq)
        ).all()
    return rows  # type: ignore[return-value]


def test_a_change_is_proposed_then_confirmed_by_finance(fund: Office) -> None:
    survivor, _app = fund.eligible()
    version = fund.payee(survivor)  # proposed by the fund officer, confirmed by finance
    assert version == 1
    change = fund.caseworker.do(propose_payee_change, survivor, WING, expected_version=1)
    assert (change.status, change.replaces_version, change.account) == (
        PayeeChangeStatus.PENDING,
        1,
        None,  # a caseworker reads no account, not even masked
    )
    shown = fund.fund_officer.do(show_payee_details, survivor, "Checking the bank account")
    assert (shown.channel, shown.account, shown.version) == (BANK, "****5678", 1)  # unchanged
    waiting = fund.finance.read(payee_changes_pending)
    assert [(c.id, c.account, c.payee_name) for c in waiting] == [(change.id, "****4321", None)]
    seen = fund.finance.do(show_payee, survivor, "Checking the change against the ID card")
    assert (seen.changes[0].account, seen.changes[0].payee_name) == ("097 765 4321", "Sok Sokha")
    decided = fund.finance.do(confirm_payee_change, change.id, expected_version=change.version)
    assert decided.details_version == 2
    assert (decided.change.status, decided.change.decided_by) == (
        PayeeChangeStatus.CONFIRMED,
        fund.database.login("fin"),
    )
    now = fund.fund_officer.do(show_payee_details, survivor, "Checking after the change")
    assert (now.channel, now.account, now.version) == (Channel.MOBILE_MONEY, "****4321", 2)
    trail = _events(fund, "payee_details") + _events(fund, "payee_changes")
    assert {(e.event, e.entity) for e in trail} == {
        ("insert", "payee_details"),
        ("update", "payee_details"),
        ("insert", "payee_changes"),
        ("update", "payee_changes"),
    }
    updated = [e for e in trail if e.entity == "payee_details" and e.event == "update"][0]
    assert updated.new_values["account"] == "<identifying>"
    assert (updated.old_values["channel"], updated.new_values["channel"]) == (
        "bank_transfer",
        "mobile_money",
    )
    blob = " ".join(str((e.old_values, e.new_values)) for e in trail)
    assert "097 765 4321" not in blob and "Sok Sokha" not in blob and "0001-2345-678" not in blob


def test_the_first_details_wait_for_confirmation_too(fund: Office) -> None:
    survivor, _app = fund.eligible()
    change = fund.fund_officer.do(propose_payee_change, survivor, WING)
    with pytest.raises(NotFound):
        fund.fund_officer.do(show_payee_details, survivor, "Checking the mobile number")
    fund.finance.do(confirm_payee_change, change.id)
    assert fund.fund_officer.do(show_payee_details, survivor, "Checking again").version == 1


def test_the_proposer_never_confirms_their_own_change(fund: Office) -> None:
    """A fund officer moved to finance after proposing a change may not confirm it."""
    survivor, _app = fund.eligible()
    change = fund.fund_officer.do(propose_payee_change, survivor, WING)
    with pytest.raises(PermissionDenied):  # a fund officer does not confirm at all
        fund.fund_officer.do(confirm_payee_change, change.id)
    fund.database.admin().do(set_role, fund.database.login("fo"), Role.FINANCE_OFFICER)
    fund.database.confirmer().do(confirm_request, fund.database.login("fo"))
    moved = fund.database.desk_for(fund.database.login("fo"), PASSWORD)
    with pytest.raises(FourEyesRequired):
        moved.do(confirm_payee_change, change.id)
    with pytest.raises(FourEyesRequired):
        moved.do(refuse_payee_change, change.id, "I would rather not have typed it")
    assert fund.finance.read(payee_changes_pending)[0].status is PayeeChangeStatus.PENDING


def test_a_refused_change_leaves_the_details_as_they_were(fund: Office) -> None:
    survivor, _app = fund.eligible()
    fund.payee(survivor)
    change = fund.caseworker.do(propose_payee_change, survivor, WING, expected_version=1)
    with pytest.raises(RuleViolation, match="already awaits"):
        fund.fund_officer.do(propose_payee_change, survivor, WING, expected_version=1)
    with pytest.raises(InvalidInput, match="at least 10 characters"):
        fund.finance.do(refuse_payee_change, change.id, "no")
    refused = fund.finance.do(
        refuse_payee_change, change.id, "The survivor says the number is not hers"
    )
    assert refused.change.status is PayeeChangeStatus.REFUSED
    with pytest.raises(RuleViolation, match="refused already"):
        fund.finance.do(confirm_payee_change, change.id)
    assert (
        fund.fund_officer.do(show_payee_details, survivor, "Checking the bank account").version == 1
    )
    assert fund.finance.read(payee_changes_pending) == ()


def test_proposals_name_the_version_they_replace(fund: Office) -> None:
    survivor, _app = fund.eligible()
    fund.payee(survivor)
    with pytest.raises(InvalidInput, match="propose your change with that version"):
        fund.fund_officer.do(propose_payee_change, survivor, WING)
    with pytest.raises(ConcurrentEdit):
        fund.fund_officer.do(propose_payee_change, survivor, WING, expected_version=7)
    change = fund.fund_officer.do(propose_payee_change, survivor, WING, expected_version=1)
    with pytest.raises(ConcurrentEdit):
        fund.finance.do(confirm_payee_change, change.id, expected_version=change.version + 1)


def test_a_caseworker_proposes_only_for_their_own_province(fund: Office) -> None:
    survivor, _app = fund.eligible()
    other = fund.database.officer("cw_btb", Role.CASEWORKER, "KH-2")
    with pytest.raises(NotFound):
        other.do(propose_payee_change, survivor, WING)
    assert other.read(payee_changes_pending) == ()


def test_instalments_wait_while_a_payee_change_awaits_confirmation(fund: Office) -> None:
    fund.fund("10000", USD)
    waiting, _app = fund.approved("1000")
    paid, _app2 = fund.approved("500")
    change = fund.fund_officer.do(propose_payee_change, waiting, WING, expected_version=1)
    first, _ = fund.eligible()  # first details, proposed on the same channel as the batch
    fund.fund_officer.do(
        propose_payee_change, first, PayeeInput(BANK, "Chan Dara", "ABA Bank", "1234 5678")
    )
    batch = fund.finance.do(build_batch, USD, BANK)
    assert [p.survivor_code for p in batch.payments] == [paid]
    assert f"{waiting} instalment 1: {AWAITING}" in batch.skipped
    assert batch.skipped == (f"{waiting} instalment 1: {AWAITING}",)  # no award for `first` yet
    fund.approver.do(release_batch, batch.id)
    fund.finance.do(confirm_payee_change, change.id)
    after = fund.finance.do(build_batch, USD, Channel.MOBILE_MONEY)
    assert [p.survivor_code for p in after.payments] == [waiting]


def test_a_change_is_not_confirmed_while_a_built_batch_pays_the_old_details(fund: Office) -> None:
    fund.fund("10000", USD)
    survivor, _app = fund.approved("1000")
    batch = fund.finance.do(build_batch, USD, BANK)
    change = fund.fund_officer.do(propose_payee_change, survivor, WING, expected_version=1)
    with pytest.raises(RuleViolation, match=f"batch {batch.id} pays this survivor"):
        fund.finance.do(confirm_payee_change, change.id)
    released = fund.approver.do(release_batch, batch.id)
    assert "0001-2345-678" in released.instruction_file  # a released batch is not altered
    assert fund.finance.do(confirm_payee_change, change.id).details_version == 2
