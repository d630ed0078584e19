"""The workflow on both databases: every (from, to) pair is tried, and only the table's
pairs succeed; then role, province, reason, four eyes and each condition one by one."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from compfund.applications.application import move_application, submit_application
from compfund.applications.survivors import register_survivor
from compfund.eligibility.decisions import check_eligibility
from compfund.enums import ApplicationStatus as S
from compfund.errors import CompfundError, InvalidInput, NotFound, PermissionDenied
from compfund.four_eyes import FourEyesRequired
from compfund.models import Application, StatusChange
from compfund.permissions import PERMISSIONS, Role
from compfund.workflow import TRANSITIONS, Condition, TransitionRefused, steps_from
from tests.conftest import TestDatabase
from tests.integration.intake_data import fisherman
from tests.integration.workflow_office import Office, open_office

ROW = {(t.source, t.target): t for t in TRANSITIONS}


@pytest.fixture
def office(database: TestDatabase) -> Office:
    return open_office(database)


def status_of(office: Office, code: str) -> S:
    with office.db.engine.connect() as conn:
        return conn.execute(select(Application.status).where(Application.code == code)).scalar_one()


def attempt(office: Office, code: str, source: S, target: S) -> bool:
    """Try the step as an officer the table would allow (any officer for a pair it lacks)."""
    row = ROW.get((source, target))
    roles = PERMISSIONS[row.action] if row else frozenset({Role.FUND_OFFICER})
    who = "cw" if Role.CASEWORKER in roles else "fo2" if Role.FUND_OFFICER in roles else "ap2"
    try:
        if row is not None and row.condition is Condition.BY_ELIGIBILITY_CHECK:
            office[who].do(check_eligibility, code)
        elif row is not None and row.condition is Condition.BY_AWARD:
            office.award_step(code, target, who)
        else:
            office[who].do(move_application, code, target, reason=f"test {target.value}")
    except CompfundError:
        assert status_of(office, code) is source
        return False
    assert status_of(office, code) is target
    return True


@pytest.mark.parametrize("source", list(S), ids=lambda s: s.value)
def test_only_the_tables_pairs_succeed(office: Office, source: S) -> None:
    succeeded = set()
    for target in S:
        via = S.REJECTED if (source, target) == (S.REVIEW_REQUESTED, S.REJECTED) else None
        code = office.application_in(source, via=via)
        if target is S.INELIGIBLE and source is S.UNDER_REVIEW:
            code = office.new_application(eligible=False)
            office["cw"].do(submit_application, code)
            office["fo1"].do(move_application, code, S.UNDER_REVIEW)
        row = ROW.get((source, target))
        if row is not None and row.condition is Condition.AFTER_REVIEW_WINDOW:
            office.backdate_decision(code, 91)
        if attempt(office, code, source, target):
            succeeded.add(target)
    assert succeeded == {t.target for t in steps_from(source)}


def test_each_step_is_recorded_with_who_and_why(office: Office) -> None:
    code = office.application_in(S.INFORMATION_REQUESTED)
    with office.db.engine.connect() as conn:
        steps = conn.execute(
            select(StatusChange.from_status, StatusChange.to_status, StatusChange.step)
            .join(Application, Application.id == StatusChange.application_id)
            .where(Application.code == code)
            .order_by(StatusChange.id)
        ).all()
    assert [tuple(s) for s in steps] == [
        (S.DRAFT, S.SUBMITTED, "submit"),
        (S.SUBMITTED, S.UNDER_REVIEW, "start review"),
        (S.UNDER_REVIEW, S.INFORMATION_REQUESTED, "request information"),
    ]


def test_an_award_is_approved_by_an_approver_not_its_recommender(office: Office) -> None:
    code = office.application_in(S.AWARD_RECOMMENDED)  # recommended by fo1
    with pytest.raises(PermissionDenied, match="fund officer may not approve award"):
        office.award_step(code, S.APPROVED, "fo1")
    office.award_step(code, S.APPROVED, "ap2")
    assert status_of(office, code) is S.APPROVED


@pytest.mark.parametrize(
    ("source", "target", "who"),
    [
        (S.ELIGIBLE, S.AWARD_RECOMMENDED, "fo2"),
        (S.AWARD_RECOMMENDED, S.APPROVED, "ap2"),
        (S.AWARD_RECOMMENDED, S.REJECTED, "ap2"),
    ],
)
def test_the_award_steps_are_taken_only_with_the_award(
    office: Office, source: S, target: S, who: str
) -> None:
    """No application is approved without the award approved with it."""
    code = office.application_in(source)
    with pytest.raises(TransitionRefused, match="only with its award"):
        office[who].do(move_application, code, target, reason="no award")
    assert status_of(office, code) is source


def test_the_rejecting_approver_cannot_decide_the_review(office: Office) -> None:
    code = office.application_in(S.REVIEW_REQUESTED, via=S.REJECTED)  # ap1 rejected it
    with pytest.raises(FourEyesRequired, match="another officer must reopen on review"):
        office["ap1"].do(move_application, code, S.UNDER_REVIEW, reason="I was wrong")
    office["ap2"].do(move_application, code, S.UNDER_REVIEW, reason="pay slips found")
    assert status_of(office, code) is S.UNDER_REVIEW


def test_a_reviewer_cannot_review_their_own_decision(office: Office) -> None:
    code = office.application_in(S.REVIEW_REQUESTED)  # fo1 found it ineligible
    with pytest.raises(FourEyesRequired, match="you made .* ineligible"):
        office["fo1"].do(move_application, code, S.INELIGIBLE, reason="upheld")
    office["fo2"].do(move_application, code, S.INELIGIBLE, reason="the means was not shown")
    assert status_of(office, code) is S.INELIGIBLE


def test_upholding_returns_only_to_the_decision_under_review(office: Office) -> None:
    code = office.application_in(S.REVIEW_REQUESTED)
    with pytest.raises(TransitionRefused, match="decision under review was ineligible"):
        office["fo2"].do(move_application, code, S.REJECTED, reason="upheld")


def test_review_must_be_asked_within_the_window(office: Office) -> None:
    code = office.application_in(S.INELIGIBLE)
    office.backdate_decision(code, 91)
    with pytest.raises(TransitionRefused, match="review window .* closed on"):
        office["cw"].do(move_application, code, S.REVIEW_REQUESTED, reason="late")
    office["fo1"].do(move_application, code, S.CLOSED, reason="no review asked")


def test_a_decided_application_is_closed_only_after_the_window(office: Office) -> None:
    code = office.application_in(S.INELIGIBLE)
    with pytest.raises(TransitionRefused, match="review may be asked for until"):
        office["fo1"].do(move_application, code, S.CLOSED, reason="done")


def test_eligibility_is_found_only_by_the_check(office: Office) -> None:
    code = office.application_in(S.UNDER_REVIEW)
    with pytest.raises(TransitionRefused, match="only by the eligibility check"):
        office["fo1"].do(move_application, code, S.ELIGIBLE)


def test_a_step_needing_a_reason_refuses_none(office: Office) -> None:
    code = office.application_in(S.SUBMITTED)
    with pytest.raises(InvalidInput, match="Give a reason to hold as possible duplicate"):
        office["fo1"].do(move_application, code, S.ON_HOLD, reason="  ")


def test_the_role_comes_from_the_permission_table(office: Office) -> None:
    code = office.application_in(S.SUBMITTED)
    with pytest.raises(PermissionDenied, match="caseworker may not decide eligibility"):
        office["cw"].do(move_application, code, S.UNDER_REVIEW)
    auditor = office.db.officer("auditor", Role.AUDITOR)
    with pytest.raises(PermissionDenied, match="auditor may not withdraw application"):
        auditor.do(move_application, code, S.WITHDRAWN, reason="no")


def test_a_caseworker_of_another_province_does_not_find_it(office: Office) -> None:
    code = office.application_in(S.DRAFT)
    other = office.db.officer("cw_btb", Role.CASEWORKER, "KH-2")
    other.do(register_survivor, fisherman(province="KH-2"))
    with pytest.raises(NotFound, match="among the survivors of KH-2"):
        other.do(move_application, code, S.WITHDRAWN, reason="not mine")
    assert status_of(office, code) is S.DRAFT
