"""Eligibility decisions on both databases, on real cases; reproduction from stored
inputs; overrides; information requests and their clock; recheck against a new policy."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from compfund.applications.application import (
    create_application,
    move_application,
    record_identification,
    submit_application,
)
from compfund.applications.claims import record_disclosure, set_heads_of_loss
from compfund.applications.consent import record_consent
from compfund.applications.survivors import register_survivor
from compfund.clock import today_in_cambodia
from compfund.eligibility.decisions import (
    check_eligibility,
    extend_time_limit,
    override_rule,
    recheck,
)
from compfund.eligibility.rules import RULES_BY_NAME, outcome
from compfund.eligibility_policy import set_policy
from compfund.enums import ApplicationStatus as S
from compfund.enums import ApplicationType, EligibilityOutcome, RuleResult
from compfund.errors import InvalidInput, PermissionDenied, RuleViolation
from compfund.models import DecisionRuleResult, EligibilityDecision
from compfund.permissions import Role
from compfund.queries.information_requests import open_information_requests
from tests.conftest import TestDatabase
from tests.integration.eligibility_data import (
    adult_consent,
    bride,
    domestic_servitude_identification,
    embassy_identification,
    fisherman_losses,
    guardian_consent,
    nothing_received,
    policy_from_today,
    settlement_disclosed,
)
from tests.integration.intake_data import domestic_servant_minor, fisherman, poipet_identification

PASSED, FAILED, MISSING = RuleResult.PASSED, RuleResult.FAILED, RuleResult.MISSING


def results(report: object) -> dict[str, RuleResult]:
    return {line.rule: line.result for line in report.rules}  # type: ignore[attr-defined]


def reasons(report: object) -> dict[str, str]:
    return {line.rule: line.reason for line in report.rules}  # type: ignore[attr-defined]


@pytest.fixture
def fo(database: TestDatabase):  # type: ignore[no-untyped-def]
    return database.officer("fo", Role.FUND_OFFICER)


def submitted(
    db: TestDatabase,
    province: str,
    survivor,  # type: ignore[no-untyped-def]
    identification,  # type: ignore[no-untyped-def]
    *,
    kind: ApplicationType = ApplicationType.INTERIM_GRANT,
    consent=None,  # type: ignore[no-untyped-def]
    disclosure=None,  # type: ignore[no-untyped-def]
) -> str:
    cw = db.officer(f"cw_{province[3:]}_{kind.value[:3]}", Role.CASEWORKER, province)
    code = cw.do(register_survivor, survivor)
    app = cw.do(
        create_application,
        cw.do(record_identification, code, identification),
        kind,
        f"DOSVY {province}",
    )
    if consent is not None:
        cw.do(record_consent, app, consent)
    if disclosure is not None:
        cw.do(record_disclosure, app, disclosure)
    if kind is ApplicationType.COMPENSATION_AWARD:
        cw.do(set_heads_of_loss, app, fisherman_losses())
    cw.do(submit_application, app)
    return app


# -- the four cases --------------------------------------------------------------------------


def test_fisherman_deported_from_thailand_is_eligible(database: TestDatabase, fo) -> None:  # type: ignore[no-untyped-def]
    app = submitted(
        database,
        "KH-1",
        fisherman(),
        poipet_identification(),
        kind=ApplicationType.COMPENSATION_AWARD,
        consent=adult_consent(),
        disclosure=settlement_disclosed(),
    )
    report = fo.do(check_eligibility, app)
    assert report.outcome is EligibilityOutcome.ELIGIBLE
    assert report.status is S.ELIGIBLE
    assert set(results(report).values()) == {PASSED}
    assert "Poipet" in reasons(report)["identification"]
    assert "150.00 USD from the agent (the broker in Poipet)" in reasons(report)["disclosure"]
    assert "lost wages 2,400.00 USD" in reasons(report)["heads_of_loss"]


def test_minor_in_domestic_servitude_with_a_guardian_and_no_documents(
    database: TestDatabase,
    fo,  # type: ignore[no-untyped-def]
) -> None:
    app = submitted(
        database,
        "KH-2",
        domestic_servant_minor(),
        domestic_servitude_identification(),
        consent=guardian_consent(),
        disclosure=nothing_received(),
    )
    report = fo.do(check_eligibility, app)
    assert report.outcome is EligibilityOutcome.ELIGIBLE
    assert "means is not required for a minor" in reasons(report)["identification"]
    assert "commune chief's letter" in reasons(report)["identity"]
    assert "by the guardian" in reasons(report)["consent"]


def test_bride_identified_by_the_embassy_without_consent_or_disclosure(
    database: TestDatabase,
    fo,  # type: ignore[no-untyped-def]
) -> None:
    app = submitted(database, "KH-3", bride(), embassy_identification())
    report = fo.do(check_eligibility, app)
    assert report.outcome is EligibilityOutcome.INFORMATION_NEEDED
    assert report.status is S.INFORMATION_REQUESTED
    assert results(report)["identification"] is PASSED
    assert results(report)["consent"] is MISSING and results(report)["disclosure"] is MISSING
    assert report.information_due_on == today_in_cambodia() + timedelta(days=30)
    [request] = fo.read(open_information_requests)
    assert request.application == app and "no consent is recorded" in request.asked
    assert "not asked whether the survivor or family received money" in request.asked


def test_an_embassy_not_accepted_by_the_policy_makes_her_ineligible(
    database: TestDatabase,
    fo,  # type: ignore[no-untyped-def]
) -> None:
    police_only = policy_from_today(accepted_authorities=())
    with pytest.raises(InvalidInput, match="at least one identifying authority"):
        database.admin().do(set_policy, police_only)
    from compfund.enums import IdentifyingAuthority

    no_embassies = tuple(a for a in IdentifyingAuthority if a is not IdentifyingAuthority.EMBASSY)
    database.admin().do(set_policy, policy_from_today(accepted_authorities=no_embassies))
    app = submitted(
        database,
        "KH-3",
        bride(),
        embassy_identification(),
        consent=adult_consent(),
        disclosure=nothing_received(),
    )
    report = fo.do(check_eligibility, app)
    assert report.outcome is EligibilityOutcome.INELIGIBLE and report.status is S.INELIGIBLE
    assert "does not accept" in reasons(report)["identification"]


@pytest.mark.parametrize("extended", [False, True], ids=["no extension", "extension"])
def test_past_the_time_limit(database: TestDatabase, fo, extended: bool) -> None:  # type: ignore[no-untyped-def]
    app = submitted(
        database,
        "KH-1",
        fisherman(),
        poipet_identification(days_ago=800),
        consent=adult_consent(),
        disclosure=nothing_received(),
    )
    if extended:
        fo.do(extend_time_limit, app, "held on a trawler off Indonesia for two years")
    report = fo.do(check_eligibility, app)
    if extended:
        assert report.outcome is EligibilityOutcome.ELIGIBLE
        assert "extension granted: held on a trawler" in reasons(report)["time_limit"]
    else:
        assert report.outcome is EligibilityOutcome.INELIGIBLE
        assert "70 past the limit of 730, and no extension" in reasons(report)["time_limit"]


def test_a_second_open_application_of_the_same_type_is_ineligible(
    database: TestDatabase,
    fo,  # type: ignore[no-untyped-def]
) -> None:
    first = submitted(
        database,
        "KH-1",
        fisherman(),
        poipet_identification(),
        consent=adult_consent(),
        disclosure=nothing_received(),
    )
    cw = database.desk_for(database.login("cw_1_int"))
    with database.engine.connect() as conn:
        from compfund.models import Application

        ident = conn.execute(
            select(Application.identification_id).where(Application.code == first)
        ).scalar_one()
    second = cw.do(create_application, ident, ApplicationType.INTERIM_GRANT, "NGO")
    cw.do(record_consent, second, adult_consent())
    cw.do(record_disclosure, second, nothing_received())
    cw.do(submit_application, second)
    report = fo.do(check_eligibility, second)
    assert results(report)["open_application"] is FAILED
    assert first in reasons(report)["open_application"]


# -- decisions are reproducible from what they stored ---------------------------------------


def test_a_stored_decision_is_reproduced_from_its_stored_inputs(
    database: TestDatabase,
    fo,  # type: ignore[no-untyped-def]
) -> None:
    app = submitted(
        database, "KH-1", fisherman(), poipet_identification(days_ago=800), consent=adult_consent()
    )
    fo.do(override_rule, app, "time_limit", "the survivor was detained in Malaysia")
    report = fo.do(check_eligibility, app)
    with database.engine.connect() as conn:
        decision = conn.execute(select(EligibilityDecision)).one()
        rows = conn.execute(
            select(DecisionRuleResult).where(DecisionRuleResult.decision_id == decision.id)
        ).all()
    assert decision.policy_version_id == report.policy_version_id == 1
    assert len(rows) == len(RULES_BY_NAME)
    for row in rows:
        verdict = RULES_BY_NAME[row.rule].run_json(row.inputs)
        assert (verdict.result, verdict.reason) == (row.result, row.reason), row.rule
    assert outcome((r.result, r.override_id is not None) for r in rows) is decision.outcome
    stored = {r.rule: r for r in rows}
    assert stored["time_limit"].result is FAILED and stored["time_limit"].override_id
    assert decision.outcome is EligibilityOutcome.INFORMATION_NEEDED  # no disclosure yet


def test_an_override_needs_a_reason_and_a_known_rule(database: TestDatabase, fo) -> None:  # type: ignore[no-untyped-def]
    app = submitted(database, "KH-1", fisherman(), poipet_identification())
    with pytest.raises(InvalidInput, match="needs a reason"):
        fo.do(override_rule, app, "identity", "   ")
    with pytest.raises(InvalidInput, match="no eligibility rule 'age'"):
        fo.do(override_rule, app, "age", "because")
    cw = database.desk_for(database.login("cw_1_int"))
    with pytest.raises(PermissionDenied, match="caseworker may not override rule"):
        cw.do(override_rule, app, "consent", "she agreed by phone")


def test_a_decided_application_is_not_checked_again(database: TestDatabase, fo) -> None:  # type: ignore[no-untyped-def]
    app = submitted(
        database,
        "KH-1",
        fisherman(),
        poipet_identification(),
        consent=adult_consent(),
        disclosure=nothing_received(),
    )
    fo.do(check_eligibility, app)
    with pytest.raises(RuleViolation, match="is eligible: the eligibility check decides"):
        fo.do(check_eligibility, app)


# -- information requests --------------------------------------------------------------------


def test_overdue_requests_are_listed_with_days_overdue(database: TestDatabase, fo) -> None:  # type: ignore[no-untyped-def]
    late = submitted(database, "KH-3", bride(), embassy_identification())
    fo.do(check_eligibility, late)  # due in 30 days
    fresh = submitted(database, "KH-1", fisherman(), poipet_identification())
    fo.do(move_application, fresh, S.UNDER_REVIEW)
    due = today_in_cambodia() + timedelta(days=45)
    fo.do(move_application, fresh, S.INFORMATION_REQUESTED, reason="the VIG form", due_on=due)

    today = fo.read(open_information_requests, overdue_only=True)
    assert today == []
    in_40_days = today_in_cambodia() + timedelta(days=40)
    overdue = fo.read(open_information_requests, overdue_only=True, as_of=in_40_days)
    assert [(r.application, r.days_overdue) for r in overdue] == [(late, 10)]
    every = fo.read(open_information_requests, as_of=in_40_days)
    assert [(r.application, r.days_overdue) for r in every] == [(late, 10), (fresh, -5)]
    assert every[1].to_json()["days_left"] == 5

    cw = database.desk_for(database.login("cw_1_int"))
    assert [r.application for r in cw.read(open_information_requests)] == [fresh]
    cw.do(move_application, fresh, S.UNDER_REVIEW, reason="form attached")
    assert [r.application for r in fo.read(open_information_requests)] == [late]


# -- recheck ---------------------------------------------------------------------------------


def test_recheck_shows_what_a_new_policy_changes_and_stores_nothing(
    database: TestDatabase,
    fo,  # type: ignore[no-untyped-def]
) -> None:
    app = submitted(
        database,
        "KH-1",
        fisherman(),
        poipet_identification(days_ago=700),
        consent=adult_consent(),
        disclosure=nothing_received(),
    )
    fo.do(check_eligibility, app)
    database.admin().do(set_policy, policy_from_today(time_limit_days=365))
    [line] = fo.do(recheck)
    assert (line.application, line.status) == (app, S.ELIGIBLE)
    assert (line.old_outcome, line.new_outcome) == (
        EligibilityOutcome.ELIGIBLE,
        EligibilityOutcome.INELIGIBLE,
    )
    assert (line.old_policy_version, line.new_policy_version) == (1, 2)
    assert [(c.rule, c.old, c.new) for c in line.changed] == [("time_limit", PASSED, FAILED)]
    with database.engine.connect() as conn:
        assert len(conn.execute(select(EligibilityDecision.id)).all()) == 1
