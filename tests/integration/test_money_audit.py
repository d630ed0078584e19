"""Every money table written through a service is in the audit trail, identities masked."""

from __future__ import annotations

from sqlalchemy import select

from compfund.awards.award import recommend_award
from compfund.awards.award_policy import current_award_policy, set_award_policy
from compfund.awards.other_compensation import record_other_compensation
from compfund.clock import today_in_cambodia
from compfund.disbursements.payment import confirm_payment
from compfund.disbursements.payment_batch import build_batch, release_batch
from compfund.disbursements.reconciliation import reconcile_statement
from compfund.enums import Channel, HeadOfLoss, OtherSource, PolicyLimit
from compfund.models import AuditEvent
from compfund.money import Money
from tests.conftest import TestDatabase
from tests.integration.money_data import MONEY_TABLES, USD, office


def test_every_money_table_written_by_a_service_is_audited(database: TestDatabase) -> None:
    fund = office(database)
    policy = fund.approver.read(current_award_policy)
    fund.database.admin().do(
        set_award_policy, "Next year", today_in_cambodia(), USD, dict(policy.amounts)
    )
    assert PolicyLimit.TWO_APPROVERS_ABOVE in {limit for _c, limit in policy.amounts}
    fund.fund("10000", USD)
    survivor, app = fund.eligible()
    fund.enforcement.do(
        record_other_compensation,
        survivor,
        OtherSource.SETTLEMENT,
        "Receipt 1",
        today_in_cambodia(),
        Money.of("10", USD),
    )
    fund.approved("1000")
    batch = fund.finance.do(build_batch, USD, Channel.BANK_TRANSFER)
    fund.approver.do(release_batch, batch.id)
    key = batch.payments[0].key
    fund.finance.do(confirm_payment, key, "TX-1")
    fund.finance.do(
        reconcile_statement,
        batch.id,
        "s.csv",
        f"key,amount,currency,payee\n{key},1,USD,x\n".encode(),
    )
    deducted = fund.fund_officer.do(
        recommend_award, app, USD, {HeadOfLoss.OTHER: Money.of("100", USD)}
    )
    assert deducted.amount == Money.of("90", USD)
    with database.engine.connect() as conn:
        events = conn.execute(
            select(AuditEvent.entity, AuditEvent.event, AuditEvent.new_values)
        ).all()
    assert MONEY_TABLES <= {entity for entity, _e, _v in events}
    updated = {entity for entity, event, _v in events if event == "update"}
    assert {"payments", "instalments", "payment_batches", "awards"} <= updated
    blob = " ".join(str(v) for _e, _ev, v in events)
    assert "0001-2345-678" not in blob and "Sok Sokha" not in blob
