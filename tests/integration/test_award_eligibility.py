"""What an award takes from the eligibility work: the stored decision, the heads of loss
claimed, the eligibility policy's interim grant and cap per survivor, and the workflow."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from compfund.applications.application import (
    create_application,
    record_identification,
    submit_application,
)
from compfund.applications.claims import record_disclosure
from compfund.applications.consent import record_consent
from compfund.applications.survivors import register_survivor
from compfund.awards.award import recommend_award
from compfund.awards.award_decision import approve_award, reject_award
from compfund.awards.award_view import show_award
from compfund.eligibility.decisions import check_eligibility
from compfund.eligibility_policy import PolicyAmounts, amend_policy, set_policy
from compfund.enums import ApplicationType, EligibilityOutcome, HeadOfLoss
from compfund.errors import InvalidInput, RuleViolation
from compfund.models import Application, StatusChange
from compfund.money import Money
from tests.conftest import TestDatabase
from tests.integration.eligibility_data import (
    adult_consent,
    fisherman_losses,
    nothing_received,
    policy_from_today,
)
from tests.integration.intake_data import poipet_identification
from tests.integration.money_data import KHR, USD, Office, next_person, office

H = HeadOfLoss


def usd(amount: str) -> Money:
    return Money.of(amount, USD)


@pytest.fixture
def fund(database: TestDatabase) -> Office:
    return office(database)


def _marked_eligible_by_hand(fund: Office, application: str) -> None:
    """The owner's SQL, bypassing the eligibility check (as the old stand-in did)."""
    with fund.database.engine.begin() as conn:
        conn.execute(
            text("UPDATE applications SET status = 'eligible' WHERE code = :code"),
            {"code": application},
        )


def test_an_award_needs_a_stored_decision_that_found_the_application_eligible(
    fund: Office,
) -> None:
    cw = fund.caseworker
    survivor = cw.do(register_survivor, next_person())
    not_trafficking = dataclasses.replace(poipet_identification(), means_established=False)
    ident = cw.do(record_identification, survivor, not_trafficking)
    refused = cw.do(create_application, ident, ApplicationType.INTERIM_GRANT, "DOSVY")
    cw.do(record_consent, refused, adult_consent())
    cw.do(record_disclosure, refused, nothing_received())
    cw.do(submit_application, refused)
    assert fund.fund_officer.do(check_eligibility, refused).outcome is EligibilityOutcome.INELIGIBLE
    _marked_eligible_by_hand(fund, refused)
    with pytest.raises(RuleViolation, match=rf"{refused} is marked eligible but its latest"):
        fund.fund_officer.do(recommend_award, refused, USD)

    ident = cw.do(record_identification, survivor, poipet_identification())
    unchecked = cw.do(create_application, ident, ApplicationType.INTERIM_GRANT, "DOSVY")
    _marked_eligible_by_hand(fund, unchecked)
    with pytest.raises(RuleViolation, match=rf"{unchecked} .*no stored eligibility decision"):
        fund.fund_officer.do(recommend_award, unchecked, USD)


def test_an_assessment_is_allowed_up_to_what_was_claimed_and_only_for_heads_claimed(
    fund: Office,
) -> None:
    _sv, app = fund.eligible(claims=fisherman_losses())  # lost wages USD 2,400, ...
    with pytest.raises(InvalidInput, match="claims nothing for other: assess only the heads"):
        fund.fund_officer.do(recommend_award, app, USD, {H.OTHER: usd("50")})
    view = fund.fund_officer.do(
        recommend_award, app, USD, {H.LOST_WAGES: usd("3000"), H.MEDICAL_COSTS: usd("100")}
    )
    wages, medical = view.heads
    assert (wages.claimed, wages.assessed, wages.cap, wages.allowed) == (
        usd("2400"),
        usd("3000"),
        usd("3000"),
        usd("2400"),  # never more than the survivor claimed
    )
    assert (medical.claimed, medical.allowed) == (usd("180"), usd("100"))
    assert view.amount == usd("2500")


def test_a_claim_in_dollars_counts_in_riel_at_the_recorded_rate(fund: Office) -> None:
    _sv, app = fund.eligible(claims=fisherman_losses())
    with pytest.raises(RuleViolation, match="No USD/KHR exchange rate"):
        fund.fund_officer.do(recommend_award, app, KHR, {H.MEDICAL_COSTS: Money.of("1", KHR)})
    fund.rate("4100")
    view = fund.fund_officer.do(
        recommend_award, app, KHR, {H.MEDICAL_COSTS: Money.of("1000000", KHR)}
    )
    assert view.heads[0].claimed == Money.of("738000", KHR)  # USD 180 at 4,100
    assert view.amount == Money.of("738000", KHR)


def test_interim_grant_and_cap_come_from_the_eligibility_policy_version_in_force(
    fund: Office,
) -> None:
    survivor, before = fund.eligible(kind=ApplicationType.INTERIM_GRANT)
    _other, after = fund.eligible(kind=ApplicationType.INTERIM_GRANT)
    _same, compensation = fund.eligible(survivor_code=survivor)
    first = fund.fund_officer.do(recommend_award, before, USD)
    assert first.amount == usd("200")  # the shipped default version
    new_figures = policy_from_today(
        amounts=(
            PolicyAmounts(usd("250"), usd("1000")),
            PolicyAmounts(Money.of("1000000", KHR), Money.of("4000000", KHR)),
        )
    )
    version = fund.database.admin().do(set_policy, new_figures)
    second = fund.fund_officer.do(recommend_award, after, USD)
    assert second.amount == usd("250")
    assert first.policy_version_id != version and second.policy_version_id == version
    # The first award keeps the figures of the version it used.
    assert fund.approver.do(approve_award, before).amount == usd("200")
    # The cap per survivor is the new version's too (USD 1,000, less the USD 200 grant).
    view = fund.fund_officer.do(recommend_award, compensation, USD, {H.LOST_WAGES: usd("2500")})
    assert (view.gross, view.amount) == (usd("1000"), usd("800"))
    with pytest.raises(RuleViolation, match="used by eligibility decisions or awards"):
        fund.database.admin().do(amend_policy, version, new_figures)
    # No decision used the new version, only awards: the database keeps it as it was too.
    with pytest.raises(DBAPIError, match="or an award: it cannot be changed, only superseded"):
        with fund.database.engine.begin() as conn:
            conn.execute(
                text("UPDATE policy_amounts SET award_cap_minor = 1 WHERE policy_version_id = :v"),
                {"v": version},
            )


def test_award_steps_go_through_the_workflow_table(fund: Office) -> None:
    _sv, approved = fund.eligible()
    fund.fund_officer.do(recommend_award, approved, USD, {H.LOST_WAGES: usd("100")})
    fund.approver.do(approve_award, approved)
    _sv, rejected = fund.eligible()
    fund.fund_officer.do(recommend_award, rejected, USD, {H.LOST_WAGES: usd("100")})
    fund.approver.do(reject_award, rejected, "The wages claimed are not on any record")
    with fund.database.engine.connect() as conn:
        steps = conn.execute(
            select(Application.code, StatusChange.step, StatusChange.reason)
            .join(Application, Application.id == StatusChange.application_id)
            .where(Application.code.in_([approved, rejected]))
            .order_by(StatusChange.id)
        ).all()
    award_steps = [(code, step, reason) for code, step, reason in steps if "award" in step]
    assert award_steps == [
        (approved, "recommend award", None),
        (approved, "approve award", None),
        (rejected, "recommend award", None),
        (rejected, "reject award", "The wages claimed are not on any record"),
    ]
    assert fund.approver.read(show_award, rejected).status.value == "rejected"


def test_a_policy_that_keeps_the_interim_grant_apart_deducts_nothing_for_it(
    fund: Office,
) -> None:
    survivor, interim = fund.eligible(kind=ApplicationType.INTERIM_GRANT)
    fund.fund_officer.do(recommend_award, interim, USD)
    fund.approver.do(approve_award, interim)
    _same, final = fund.eligible(survivor_code=survivor)
    kept_apart = policy_from_today(interim_deducted_from_award=False)
    fund.database.admin().do(set_policy, kept_apart)
    view = fund.fund_officer.do(recommend_award, final, USD, {H.LOST_WAGES: usd("1000")})
    assert (view.gross, view.amount, view.deductions) == (usd("1000"), usd("1000"), ())


def test_a_policy_may_not_deduct_what_was_merely_ordered(fund: Office) -> None:
    ordered = policy_from_today(deduct_only_what_was_paid=False)
    with pytest.raises(RuleViolation, match="never what a court merely ordered"):
        fund.database.admin().do(set_policy, ordered)
