"""Reconciliation: a statement matched against a batch; every difference left for a person."""

from __future__ import annotations

import pytest

from compfund.codes import new_payment_key
from compfund.disbursements.batch_view import BatchView, show_batch
from compfund.disbursements.payment_batch import build_batch, release_batch
from compfund.disbursements.reconciliation import (
    open_differences,
    reconcile_statement,
    resolve_difference,
)
from compfund.enums import Channel, MatchCategory, PaymentStatus
from compfund.errors import ConcurrentEdit, InvalidInput, PermissionDenied, RuleViolation
from compfund.ledger.check import check_ledger
from compfund.permissions import Role
from tests.conftest import TestDatabase
from tests.integration.money_data import MONEY_TABLES, USD, Office, office


@pytest.fixture
def released(database: TestDatabase) -> tuple[Office, BatchView]:
    fund = office(database)
    fund.fund("10000", USD)
    for amount in ("100", "200", "300", "400"):
        fund.approved(amount)
    batch = fund.finance.do(build_batch, USD, Channel.BANK_TRANSFER)
    fund.approver.do(release_batch, batch.id)
    return fund, batch


def _statement(*lines: str) -> bytes:
    return ("Key,Amount,Currency,Payee,Reference\n" + "\n".join(lines) + "\n").encode()


def test_every_category_is_found_and_left_for_a_person(released) -> None:
    fund, batch = released
    p100, p200, p300, p400 = batch.payments
    stray = new_payment_key()
    statement = _statement(
        f"{p100.key},100.00,USD,0001 2345 678,TX-1",  # matched
        f"{p200.key},20.00,USD,0001-2345-678,TX-2",  # amount mismatch
        f"{p400.key},400.00,USD,9999-0000-111,TX-4",  # payee mismatch
        f"{stray},55.00,USD,0001-2345-678,TX-9",  # unexpected
        f"{p100.key},100.00,USD,0001-2345-678,TX-1b",  # duplicate
    )  # p300 missing
    result = fund.finance.do(reconcile_statement, batch.id, "acleda-2026-11.csv", statement)
    assert result.counts == {
        "matched": 1,
        "missing": 1,
        "unexpected": 1,
        "amount_mismatch": 1,
        "payee_mismatch": 1,
        "duplicate": 1,
    }
    found = {(d.category, d.key) for d in result.differences}
    assert found == {
        (MatchCategory.AMOUNT_MISMATCH, p200.key),
        (MatchCategory.PAYEE_MISMATCH, p400.key),
        (MatchCategory.UNEXPECTED, stray),
        (MatchCategory.DUPLICATE, p100.key),
        (MatchCategory.MISSING, p300.key),
    }
    mismatch = next(d for d in result.differences if d.category is MatchCategory.AMOUNT_MISMATCH)
    assert mismatch.detail == "statement shows 20.00 USD, the batch paid 200.00 USD"
    assert mismatch.row == 3
    # Nothing was fixed silently: every payment is still as released.
    assert result.confirmed == 0
    statuses = {p.status for p in fund.finance.read(show_batch, batch.id).payments}
    assert statuses == {PaymentStatus.RELEASED}


def test_a_difference_is_resolved_once_with_its_resolution_kept(released) -> None:
    fund, batch = released
    result = fund.finance.do(
        reconcile_statement, batch.id, "st.csv", _statement(f"{new_payment_key()},1.00,USD,x,y")
    )
    assert len(fund.finance.read(open_differences)) == 5  # 4 missing, 1 unexpected
    first = result.differences[0]
    with pytest.raises(InvalidInput, match="how the difference was resolved"):
        fund.finance.do(resolve_difference, first.line_id, "ok")
    with pytest.raises(PermissionDenied):
        fund.approver.do(resolve_difference, first.line_id, "Bank statement was cut off early")
    done = fund.finance.do(
        resolve_difference,
        first.line_id,
        "Bank statement was cut off early; asked ACLEDA for the full one",
        expected_version=first.version,
    )
    assert done.resolution.startswith("Bank statement was cut off")
    with pytest.raises(RuleViolation, match="already resolved"):
        fund.finance.do(resolve_difference, first.line_id, "Another resolution later")
    other = fund.database.officer("fin2", Role.FINANCE_OFFICER)
    with pytest.raises(ConcurrentEdit):
        other.do(
            resolve_difference,
            first.line_id,
            "Resolved from an older screen",
            expected_version=first.version,
        )
    assert len(fund.finance.read(open_differences)) == 4


def test_matched_lines_are_confirmed_only_when_asked(released) -> None:
    fund, batch = released
    lines = [
        f"{p.key},{p.amount.amount_text()},USD,0001-2345-678,TX-{n}"
        for n, p in enumerate(batch.payments)
    ]
    fund.approved("10")
    unreleased = fund.finance.do(build_batch, USD, Channel.BANK_TRANSFER)
    with pytest.raises(RuleViolation, match="built: reconcile a released one"):
        fund.finance.do(reconcile_statement, unreleased.id, "s.csv", _statement(*lines))
    result = fund.finance.do(
        reconcile_statement, batch.id, "s.csv", _statement(*lines), confirm_matched=True
    )
    assert result.counts["matched"] == 4 and result.differences == ()
    assert result.confirmed == 4
    with pytest.raises(RuleViolation, match="already imported as reconciliation"):
        fund.finance.do(reconcile_statement, batch.id, "again.csv", _statement(*lines))
    assert fund.finance.read(check_ledger).sound


def test_money_records_written_through_services_are_audited(released) -> None:
    """The audit hook sees every money table the disbursement round trip writes."""
    from sqlalchemy import select

    from compfund.models import AuditEvent

    fund, batch = released
    statement = _statement(f"{batch.payments[0].key},100.00,USD,0001-2345-678,TX-1")
    fund.finance.do(reconcile_statement, batch.id, "bank.csv", statement)
    with fund.database.engine.connect() as conn:
        audited = set(
            conn.execute(select(AuditEvent.entity).where(AuditEvent.event == "insert")).scalars()
        )
    # Policies come from the migration's documented default; deductions need other income.
    written = MONEY_TABLES - {
        "award_policies",
        "award_policy_amounts",
        "award_deductions",
        "other_compensation_received",
    }
    assert written <= audited, written - audited
