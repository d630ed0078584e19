"""Awards: recommended by a fund officer under the policy, decided by another officer."""

from __future__ import annotations

from datetime import timedelta

import psycopg
import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from compfund.awards.award import recommend_award
from compfund.awards.award_decision import approve_award, reject_award
from compfund.awards.award_policy import current_award_policy, set_award_policy
from compfund.awards.award_view import awards_awaiting_decision, show_award
from compfund.awards.other_compensation import record_other_compensation
from compfund.clock import today_in_cambodia
from compfund.enums import (
    ApplicationStatus,
    ApplicationType,
    AwardStatus,
    HeadOfLoss,
    OtherSource,
    Payee,
    PolicyLimit,
)
from compfund.errors import ConcurrentEdit, InvalidInput, PermissionDenied, RuleViolation
from compfund.ledger.accounts import AccountKind
from compfund.ledger.balances import trial_balance
from compfund.ledger.check import check_ledger
from compfund.models import Application, AuditEvent
from compfund.money import Money
from compfund.permissions import Role
from tests.conftest import PASSWORD, TestDatabase
from tests.integration.intake_data import domestic_servant_minor
from tests.integration.money_data import KHR, USD, Office, office

H = HeadOfLoss


def usd(amount: str) -> Money:
    return Money.of(amount, USD)


@pytest.fixture
def fund(database: TestDatabase) -> Office:
    return office(database)


def _status(fund: Office, application: str) -> ApplicationStatus:
    with fund.database.engine.connect() as conn:
        return ApplicationStatus(
            conn.execute(
                select(Application.status).where(Application.code == application)
            ).scalar_one()
        )


def test_recommend_and_approve_posts_the_award_and_schedules_instalments(fund: Office) -> None:
    _sv, app = fund.eligible()
    view = fund.fund_officer.do(
        recommend_award,
        app,
        USD,
        {H.LOST_WAGES: usd("1200"), H.MEDICAL_COSTS: usd("300.01")},
        instalments=3,
    )
    assert (view.status, view.amount, view.two_approvers) == (
        AwardStatus.RECOMMENDED,
        usd("1500.01"),
        False,
    )
    assert _status(fund, app) is ApplicationStatus.AWARD_RECOMMENDED
    approved = fund.approver.do(approve_award, app)
    assert approved.status is AwardStatus.APPROVED and approved.entry_seq is not None
    assert [i.amount for i in approved.instalments] == [usd("500.01"), usd("500"), usd("500")]
    assert _status(fund, app) is ApplicationStatus.APPROVED
    balances = {r.kind: r.balance for r in fund.finance.read(trial_balance)}
    assert balances[AccountKind.AWARD_EXPENSE] == usd("1500.01")
    assert balances[AccountKind.AWARDS_PAYABLE] == -usd("1500.01")
    assert fund.finance.read(check_ledger).sound


def test_only_an_eligible_application_gets_an_award(fund: Office) -> None:
    _sv, app = fund.eligible()
    fund.fund_officer.do(recommend_award, app, USD, {H.OTHER: usd("10")})
    with pytest.raises(RuleViolation, match="award recommended: an award is recommended only"):
        fund.fund_officer.do(recommend_award, app, USD, {H.OTHER: usd("10")})


def test_the_recommender_never_decides_and_only_approvers_approve(fund: Office) -> None:
    _sv, app = fund.eligible()
    fund.fund_officer.do(recommend_award, app, USD, {H.OTHER: usd("10")})
    with pytest.raises(PermissionDenied, match="may not approve award"):
        fund.fund_officer.do(approve_award, app)
    # An approver cannot recommend, so their own recommendation never reaches them; the
    # rule itself is still checked against the officer who recommended.
    assert fund.approver.do(approve_award, app).decided_by == fund.database.login("ap")


def test_above_the_threshold_two_different_approvers_are_needed(fund: Office) -> None:
    _sv, app = fund.eligible()
    view = fund.fund_officer.do(
        recommend_award, app, USD, {H.LOST_WAGES: usd("2500")}, instalments=2
    )
    assert view.two_approvers  # the default policy: above USD 2,000
    first = fund.approver.do(approve_award, app)
    assert first.status is AwardStatus.AWAITING_SECOND_APPROVAL and first.entry_seq is None
    with pytest.raises(PermissionDenied, match="already approved this award"):
        fund.approver.do(approve_award, app)
    with pytest.raises(PermissionDenied, match="already approved"):
        fund.approver.do(reject_award, app, "Changed my mind about it")
    assert fund.approver2.do(approve_award, app).status is AwardStatus.APPROVED
    assert [v.application_code for v in fund.approver.read(awards_awaiting_decision)] == []


def test_rejection_needs_a_reason_and_is_final(fund: Office) -> None:
    _sv, app = fund.eligible()
    fund.fund_officer.do(recommend_award, app, USD, {H.OTHER: usd("10")})
    with pytest.raises(InvalidInput, match="reason for rejecting"):
        fund.approver.do(reject_award, app, "no")
    rejected = fund.approver.do(reject_award, app, "Heads of loss not supported by documents")
    assert rejected.decision_reason == "Heads of loss not supported by documents"
    assert _status(fund, app) is ApplicationStatus.REJECTED
    with pytest.raises(RuleViolation, match="already rejected"):
        fund.approver2.do(approve_award, app)
    assert fund.finance.read(trial_balance) == []


def test_a_riel_award_converts_the_dollar_policy_at_the_recorded_rate(fund: Office) -> None:
    _sv, app = fund.eligible()
    with pytest.raises(RuleViolation, match="No USD/KHR exchange rate"):
        fund.fund_officer.do(recommend_award, app, KHR, {H.LOST_WAGES: Money.of("1", KHR)})
    fund.rate("4100")
    view = fund.fund_officer.do(
        recommend_award, app, KHR, {H.LOST_WAGES: Money.of("20000000", KHR)}
    )
    assert view.rate == "4100"
    assert view.heads[0].cap == Money.of("12300000", KHR)  # USD 3,000 at 4,100
    assert view.amount == Money.of("12300000", KHR) and view.two_approvers


def test_interim_grant_is_the_policy_amount_and_is_deducted_from_the_final_award(
    fund: Office,
) -> None:
    survivor, interim = fund.eligible(kind=ApplicationType.INTERIM_GRANT)
    with pytest.raises(InvalidInput, match="assess no heads"):
        fund.fund_officer.do(recommend_award, interim, USD, {H.OTHER: usd("1")})
    grant = fund.fund_officer.do(recommend_award, interim, USD)
    assert grant.amount == usd("200")
    fund.approver.do(approve_award, interim)
    _same, final = fund.eligible(survivor_code=survivor)
    view = fund.fund_officer.do(recommend_award, final, USD, {H.LOST_WAGES: usd("1000")})
    assert (view.gross, view.amount) == (usd("1000"), usd("800"))
    assert [(d.kind.value, d.deducted) for d in view.deductions] == [("interim_grant", usd("200"))]


def test_only_money_actually_received_is_deducted(fund: Office) -> None:
    survivor, app = fund.eligible()
    with pytest.raises(PermissionDenied):
        fund.fund_officer.do(
            record_other_compensation,
            survivor,
            OtherSource.COURT_RECOVERY,
            "x",
            today_in_cambodia(),
            usd("1"),
        )
    with pytest.raises(InvalidInput, match="an order to pay is not money received"):
        fund.enforcement.do(
            record_other_compensation,
            survivor,
            OtherSource.COURT_RECOVERY,
            "Order 12/2026, payable next month",
            today_in_cambodia() + timedelta(days=30),
            usd("500"),
        )
    fund.enforcement.do(
        record_other_compensation,
        survivor,
        OtherSource.SETTLEMENT,
        "Settlement receipt 44",
        today_in_cambodia(),
        usd("300"),
    )
    view = fund.fund_officer.do(recommend_award, app, USD, {H.LOST_WAGES: usd("1000")})
    assert view.amount == usd("700")


def test_an_approver_is_stopped_when_the_figures_no_longer_hold(fund: Office) -> None:
    survivor, app = fund.eligible()
    fund.fund_officer.do(recommend_award, app, USD, {H.LOST_WAGES: usd("1000")})
    fund.enforcement.do(
        record_other_compensation,
        survivor,
        OtherSource.COURT_RECOVERY,
        "Recovery R-9",
        today_in_cambodia(),
        usd("100"),
    )
    with pytest.raises(RuleViolation, match="would now be 900.00 USD, not 1,000.00 USD"):
        fund.approver.do(approve_award, app)
    assert fund.approver.read(show_award, app).status is AwardStatus.RECOMMENDED


def test_the_cap_per_survivor_spans_their_awards(fund: Office) -> None:
    survivor, first = fund.eligible()
    fund.fund_officer.do(
        recommend_award, first, USD, {H.LOST_WAGES: usd("3000"), H.MEDICAL_COSTS: usd("1500")}
    )
    _same, second = fund.eligible(survivor_code=survivor)
    view = fund.fund_officer.do(recommend_award, second, USD, {H.PSYCHOLOGICAL_HARM: usd("1500")})
    assert view.amount == usd("500")  # USD 5,000 cap, 4,500 already recommended


def test_a_minor_is_paid_through_their_guardian(fund: Office) -> None:
    _sv, app = fund.eligible(domestic_servant_minor("KH-1"))
    view = fund.fund_officer.do(recommend_award, app, USD, {H.PSYCHOLOGICAL_HARM: usd("600")})
    assert view.payee is Payee.GUARDIAN


def test_two_desks_deciding_the_same_award_do_not_both_win(fund: Office) -> None:
    _sv, app = fund.eligible()
    seen = fund.fund_officer.do(recommend_award, app, USD, {H.OTHER: usd("10")})
    fund.approver.do(approve_award, app, expected_version=seen.version)
    with pytest.raises(ConcurrentEdit, match="reload"):
        fund.approver2.do(
            reject_award, app, "Looked at an older copy", expected_version=seen.version
        )


def test_a_new_policy_version_applies_from_its_date(fund: Office) -> None:
    admin = fund.database.admin()
    threshold = PolicyLimit.TWO_APPROVERS_ABOVE
    figures = {(USD, limit): usd("100") for limit in PolicyLimit if limit is not threshold}
    with pytest.raises(InvalidInput, match="missing: two_approvers_above"):
        admin.do(set_award_policy, "2027 policy", today_in_cambodia(), USD, figures)
    figures[(USD, threshold)] = usd("1000")
    figures[(KHR, PolicyLimit.LOST_WAGES)] = Money.of("350000", KHR)
    admin.do(set_award_policy, "2027 policy", today_in_cambodia(), USD, figures)
    assert fund.approver.read(current_award_policy).name == "2027 policy"
    fund.rate("4100")
    _sv, app = fund.eligible()
    view = fund.fund_officer.do(
        recommend_award,
        app,
        KHR,
        {H.LOST_WAGES: Money.of("900000", KHR), H.OTHER: Money.of("900000", KHR)},
    )
    # its own riel figure for lost wages; USD 100 converted for the other head
    assert [h.cap for h in view.heads] == [Money.of("350000", KHR), Money.of("410000", KHR)]


def test_every_award_change_is_in_the_audit_trail(fund: Office) -> None:
    _sv, app = fund.eligible()
    fund.fund_officer.do(recommend_award, app, USD, {H.OTHER: usd("10")})
    fund.approver.do(approve_award, app)
    with fund.database.engine.connect() as conn:
        events = conn.execute(
            select(AuditEvent.entity, func.count())
            .where(AuditEvent.entity.in_(["awards", "award_heads", "instalments"]))
            .group_by(AuditEvent.entity)
        ).all()
    assert dict(events) == {"awards": 2, "award_heads": 1, "instalments": 1}


def test_a_decided_award_cannot_be_changed_even_by_the_owner(fund: Office) -> None:
    _sv, app = fund.eligible()
    fund.fund_officer.do(recommend_award, app, USD, {H.OTHER: usd("10")})
    fund.approver.do(approve_award, app)
    for statement in (
        "UPDATE awards SET amount_minor = 999999",
        "UPDATE awards SET status = 'rejected'",
        "DELETE FROM awards",
        "UPDATE award_heads SET allowed_minor = 1",
    ):
        with pytest.raises(DBAPIError), fund.database.engine.begin() as conn:
            conn.execute(text(statement))


@pytest.mark.postgres_only
def test_self_approval_is_refused_by_the_database_too(fund: Office) -> None:
    _sv, app = fund.eligible()
    fund.fund_officer.do(recommend_award, app, USD, {H.LOST_WAGES: usd("2500")})
    fund.approver.do(approve_award, app)  # first of two
    db = fund.database
    url = db.url

    def raw(login: str, statement: str) -> None:
        with psycopg.connect(
            host=url.host,
            port=url.port,
            dbname=url.database,
            user=db.login(login),
            password=PASSWORD,
            autocommit=True,
        ) as conn:
            conn.execute(statement)

    approve_as = (
        "UPDATE awards SET status = 'approved', decided_by = '{who}', "
        "decided_at = now(), version = version + 1"
    )
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        raw("fo", approve_as.format(who=db.login("ap2")))  # the recommender: no grant at all
    with pytest.raises(psycopg.errors.CheckViolation, match="only an approver who neither"):
        raw("ap", approve_as.format(who=db.login("ap2")))  # first approver, another's name
    with pytest.raises(psycopg.errors.CheckViolation, match="neither recommended nor already"):
        raw("ap", approve_as.format(who=db.login("ap")))  # first approver, own name
    db.officer("ap3", Role.APPROVER)
    with pytest.raises(psycopg.errors.CheckViolation, match="made through compfund"):
        raw("ap3", approve_as.format(who=db.login("ap3")))  # a second approver, by hand
    fund.approver2.do(approve_award, app)  # through compfund, which records it
    assert fund.approver.read(show_award, app).status is AwardStatus.APPROVED
