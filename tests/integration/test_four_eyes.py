"""One table of four-eyes cases, run against the services and against PostgreSQL.

Each case names an officer who took the first step of a pair and then tries the second.
The services refuse them (on both databases). On the shared PostgreSQL database the
trigger named in the pair refuses them too, when the same officer goes around the
service: the case's ``bypass`` is the SQL that officer would type, run as their own
login.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy import text

from compfund import four_eyes
from compfund.actor import Actor
from compfund.awards.award import recommend_award
from compfund.awards.award_decision import approve_award
from compfund.clock import today_in_cambodia
from compfund.db.uow import UnitOfWork
from compfund.desk import Desk
from compfund.disbursements.payee import PayeeInput
from compfund.disbursements.payee_change import confirm_payee_change, propose_payee_change
from compfund.disbursements.payment_batch import build_batch
from compfund.disbursements.payment_batch import release_batch as release
from compfund.enums import AwardStatus, Channel, HeadOfLoss
from compfund.errors import CompfundError, PermissionDenied, RuleViolation
from compfund.four_eyes import AWARD_SECOND_APPROVAL, BATCH_RELEASE, FourEyesRequired, Pair
from compfund.ledger.periods import confirm_close, request_close
from compfund.money import Money
from compfund.permissions import Action
from compfund.service import service
from tests.conftest import TestDatabase
from tests.integration.money_data import USD, Office, office


@dataclass(frozen=True)
class Started:
    """The first step taken: who took it, and what the second step is."""

    first: Desk
    second_step: Callable[[], object]
    bypass: str
    params: dict[str, object]


def _award_approved_once(fund: Office) -> Started:
    _sv, app = fund.eligible()
    fund.fund_officer.do(recommend_award, app, USD, {HeadOfLoss.LOST_WAGES: Money.of("2500", USD)})
    assert fund.approver.do(approve_award, app).status is AwardStatus.AWAITING_SECOND_APPROVAL
    return Started(
        fund.approver,
        lambda: fund.approver.do(approve_award, app),
        "UPDATE awards SET status = 'approved', decided_by = session_user, "
        "decided_at = now() WHERE status = 'awaiting_second_approval'",
        {},
    )


def _batch_built(fund: Office) -> Started:
    fund.fund("10000", USD)
    fund.approved("1000")
    batch = fund.finance.do(
        build_batch, USD, Channel.BANK_TRANSFER, due_by=today_in_cambodia() + timedelta(days=31)
    )
    return Started(
        fund.finance,
        lambda: fund.finance.do(release, batch.id),
        "UPDATE payment_batches SET status = 'released', released_by = session_user, "
        "released_at = now() WHERE id = :batch",
        {"batch": batch.id},
    )


def _close_asked(fund: Office) -> Started:
    fund.finance.do(request_close, "2026-01")
    return Started(fund.finance, lambda: fund.finance.do(confirm_close, "2026-01"), "", {})


def _payee_change_proposed(fund: Office) -> Started:
    survivor, _app = fund.eligible()
    data = PayeeInput(Channel.BANK_TRANSFER, "Sok Sokha", "ABA Bank", "6666 6666")
    change = fund.fund_officer.do(propose_payee_change, survivor, data)
    return Started(
        fund.fund_officer, lambda: fund.fund_officer.do(confirm_payee_change, change.id), "", {}
    )


@dataclass(frozen=True)
class Case:
    pair: Pair
    start: Callable[[Office], Started]


CASES = [
    Case(AWARD_SECOND_APPROVAL, _award_approved_once),
    Case(BATCH_RELEASE, _batch_built),
    Case(four_eyes.PERIOD_CLOSE, _close_asked),
    Case(four_eyes.PAYEE_CHANGE, _payee_change_proposed),  # the database's: test_payee_changes
]
IDS = [case.pair.key for case in CASES]


def test_the_table_has_every_pair_outside_the_workflow() -> None:
    tested = {case.pair for case in CASES}
    assert tested | {four_eyes.ERASURE} == set(four_eyes.PAIRS)  # erasure: test_retention


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_the_service_refuses_the_officer_who_took_the_first_step(
    database: TestDatabase, case: Case
) -> None:
    started = case.start(office(database))
    with pytest.raises(PermissionDenied) as refused:
        started.second_step()
    if case.pair is AWARD_SECOND_APPROVAL:  # both steps are an approver's: the pair stops it
        assert isinstance(refused.value, FourEyesRequired)
        assert refused.value.key == "four_eyes.award_second_approval"
    # otherwise the second step is another role's, so the role stops the officer first


@pytest.mark.postgres_only
@pytest.mark.parametrize(
    "case", [c for c in CASES if c.pair.database_guard], ids=lambda c: c.pair.key
)
def test_postgresql_refuses_the_same_officer_going_around_the_service(
    database: TestDatabase, case: Case
) -> None:
    started = case.start(office(database))

    @service(Action.VIEW_CASES, writes=True)
    def around_the_service(*, actor: Actor, uow: UnitOfWork) -> int:
        return uow.session.execute(text(started.bypass), started.params).rowcount  # type: ignore[attr-defined, no-any-return]

    with pytest.raises(CompfundError) as refused:
        started.first.do(around_the_service)
    assert isinstance(refused.value, RuleViolation | PermissionDenied)
    with database.engine.connect() as conn:
        triggers = conn.execute(
            text("SELECT tgname FROM pg_trigger WHERE tgname = :name"),
            {"name": case.pair.database_guard},
        ).scalars()
        assert list(triggers) == [case.pair.database_guard]


@pytest.mark.postgres_only
def test_with_the_services_check_gone_the_trigger_still_refuses_a_second_approval(
    database: TestDatabase, monkeypatch: pytest.MonkeyPatch
) -> None:
    started = _award_approved_once(office(database))
    monkeypatch.setattr(Pair, "check", lambda self, actor, first_taken_by: None)
    with pytest.raises(RuleViolation) as refused:
        started.second_step()
    assert refused.value.key == "database.rule"
    assert "neither recommended nor already approved" in refused.value.message
