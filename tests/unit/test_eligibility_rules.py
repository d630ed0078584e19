"""The eligibility rules one by one, on real cases (IJM 2016 review), without a database."""

from __future__ import annotations

import dataclasses
import json
from datetime import date

import pytest

from compfund.eligibility.rules import (
    RULES,
    RULES_BY_NAME,
    ConsentFacts,
    DisclosureFacts,
    HeadsOfLossFacts,
    IdentificationFacts,
    IdentityFacts,
    OpenApplicationFacts,
    TimeLimitFacts,
    consent_given,
    facts_from_json,
    facts_to_json,
    heads_of_loss_claimed,
    identification_establishes_trafficking,
    identity_documented,
    money_received_disclosed,
    only_open_application,
    outcome,
    within_time_limit,
)
from compfund.enums import EligibilityOutcome, RuleResult

PASSED, FAILED, MISSING = RuleResult.PASSED, RuleResult.FAILED, RuleResult.MISSING
ALL_AUTHORITIES = (
    "ahtjpp",
    "provincial_police",
    "border_police",
    "dosvy",
    "mosvy",
    "embassy",
    "court",
)
ALL_DOCUMENTS = ("national_id", "passport", "family_book", "birth_certificate", "commune_letter")

# An adult fisherman deported from Thailand, identified at the Poipet Transit Center (MOSVY).
FISHERMAN = IdentificationFacts("mosvy", ALL_AUTHORITIES, True, True, True, False)
# A 16-year-old in domestic servitude, identified by the anti-trafficking police: the
# interview established the act and the purpose, not the means.
DOMESTIC_MINOR = IdentificationFacts("ahtjpp", ALL_AUTHORITIES, True, False, True, True)
# A woman sold as a bride in China, identified by the embassy in Beijing.
BRIDE = IdentificationFacts("embassy", ALL_AUTHORITIES, True, True, True, False)


def late(days: int, *, minor: bool = False, extension: str | None = None) -> TimeLimitFacts:
    return TimeLimitFacts(
        identified_on=date(2024, 1, 10),
        applied_on=date.fromordinal(date(2024, 1, 10).toordinal() + days),
        minor_at_time=minor,
        time_limit_days=730,
        minor_time_limit_days=1825,
        extension_reason=extension,
    )


# -- identification --------------------------------------------------------------------------


def test_fisherman_identified_at_poipet_establishes_trafficking() -> None:
    verdict = identification_establishes_trafficking(FISHERMAN)
    assert verdict.result is PASSED
    assert "MOSVY (including the Poipet Transit Center)" in verdict.reason
    assert "act, means and purpose" in verdict.reason


def test_minor_in_domestic_servitude_needs_no_means() -> None:
    verdict = identification_establishes_trafficking(DOMESTIC_MINOR)
    assert verdict.result is PASSED
    assert "the means is not required for a minor" in verdict.reason


def test_the_same_facts_for_an_adult_lack_the_means() -> None:
    adult = dataclasses.replace(DOMESTIC_MINOR, minor_at_time=False)
    verdict = identification_establishes_trafficking(adult)
    assert verdict.result is FAILED
    assert "did not establish the means" in verdict.reason


def test_bride_identified_by_the_embassy_in_china() -> None:
    assert identification_establishes_trafficking(BRIDE).result is PASSED


def test_an_authority_the_policy_does_not_accept_fails() -> None:
    policy_without_embassies = tuple(a for a in ALL_AUTHORITIES if a != "embassy")
    bride = dataclasses.replace(BRIDE, accepted_authorities=policy_without_embassies)
    verdict = identification_establishes_trafficking(bride)
    assert verdict.result is FAILED
    assert "embassy or consulate" in verdict.reason and "does not accept" in verdict.reason


def test_missing_act_and_purpose_are_both_named() -> None:
    facts = dataclasses.replace(FISHERMAN, act_established=False, purpose_established=False)
    assert "the act and the purpose" in identification_establishes_trafficking(facts).reason


# -- time limit ------------------------------------------------------------------------------


def test_within_two_years() -> None:
    verdict = within_time_limit(late(300))
    assert verdict.result is PASSED
    assert verdict.reason == "applied 300 days after identification, within the limit of 730"


def test_on_the_last_day_is_still_in_time() -> None:
    assert within_time_limit(late(730)).result is PASSED


def test_past_the_limit_without_an_extension_fails() -> None:
    verdict = within_time_limit(late(800))
    assert verdict.result is FAILED
    assert "70 past the limit of 730, and no extension is recorded" in verdict.reason


def test_past_the_limit_with_a_recorded_extension_passes() -> None:
    verdict = within_time_limit(late(800, extension="held on a boat off Indonesia until 2025"))
    assert verdict.result is PASSED
    assert "extension granted: held on a boat off Indonesia until 2025" in verdict.reason


def test_a_minor_at_the_time_has_the_longer_limit() -> None:
    verdict = within_time_limit(late(800, minor=True))
    assert verdict.result is PASSED
    assert "a minor's limit of 1825" in verdict.reason


# -- identity --------------------------------------------------------------------------------


def test_identity_by_national_id() -> None:
    verdict = identity_documented(IdentityFacts(("national_id",), ALL_DOCUMENTS))
    assert verdict.result is PASSED and "national id" in verdict.reason


def test_no_documents_but_a_commune_letter() -> None:
    verdict = identity_documented(IdentityFacts(("commune_letter",), ALL_DOCUMENTS))
    assert verdict.result is PASSED
    assert "commune chief's letter (documents lost)" in verdict.reason


def test_no_document_at_all_asks_for_one() -> None:
    verdict = identity_documented(IdentityFacts((), ALL_DOCUMENTS))
    assert verdict.result is MISSING
    assert "commune chief's letter where documents were lost" in verdict.reason


def test_a_policy_without_commune_letters_asks_for_a_document() -> None:
    policy = tuple(d for d in ALL_DOCUMENTS if d != "commune_letter")
    assert identity_documented(IdentityFacts(("commune_letter",), policy)).result is MISSING


# -- consent ---------------------------------------------------------------------------------


def test_no_consent_recorded_is_missing() -> None:
    assert consent_given(ConsentFacts(None, None, None, None, None)).result is MISSING


def test_guardian_consent_for_a_minor() -> None:
    facts = ConsentFacts("guardian", date(2026, 5, 2), "signed_form", 16, None)
    verdict = consent_given(facts)
    assert verdict.result is PASSED
    assert verdict.reason == "consent given by the guardian on 2026-05-02 (signed form)"


def test_a_minor_alone_cannot_consent() -> None:
    facts = ConsentFacts("survivor", date(2026, 5, 2), "thumbprint_form", 16, None)
    assert consent_given(facts).result is MISSING


def test_withdrawn_consent_fails() -> None:
    facts = ConsentFacts("survivor", date(2026, 5, 2), "thumbprint_form", 35, date(2026, 6, 1))
    verdict = consent_given(facts)
    assert verdict.result is FAILED and "withdrawn on 2026-06-01" in verdict.reason


# -- other open application, disclosure, heads of loss --------------------------------------


def test_another_open_application_of_the_same_type_fails() -> None:
    verdict = only_open_application(OpenApplicationFacts("interim_grant", ("APP-2026-012345",)))
    assert verdict.result is FAILED and "APP-2026-012345" in verdict.reason
    assert only_open_application(OpenApplicationFacts("interim_grant", ())).result is PASSED


def test_not_asked_differs_from_nothing_received() -> None:
    not_asked = money_received_disclosed(DisclosureFacts(None, None, ()))
    nothing = money_received_disclosed(DisclosureFacts(date(2026, 5, 2), False, ()))
    assert not_asked.result is MISSING
    assert nothing.result is PASSED and "nothing received" in nothing.reason


def test_a_disclosed_settlement_is_recorded_in_the_reason() -> None:
    paid = ("150.00 USD from the agent, to the family, on 2026-03-01",)
    verdict = money_received_disclosed(DisclosureFacts(date(2026, 5, 2), True, paid))
    assert verdict.result is PASSED and paid[0] in verdict.reason


def test_a_compensation_claim_names_its_heads_of_loss() -> None:
    assert heads_of_loss_claimed(HeadsOfLossFacts("compensation_award", ())).result is MISSING
    assert heads_of_loss_claimed(HeadsOfLossFacts("interim_grant", ())).result is PASSED
    claimed = HeadsOfLossFacts("compensation_award", ("lost wages 2,400.00 USD",))
    assert heads_of_loss_claimed(claimed).result is PASSED


# -- outcome and reproduction ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("results", "expected"),
    [
        ([(PASSED, False), (PASSED, False)], EligibilityOutcome.ELIGIBLE),
        ([(PASSED, False), (MISSING, False)], EligibilityOutcome.INFORMATION_NEEDED),
        ([(FAILED, False), (MISSING, False)], EligibilityOutcome.INELIGIBLE),
        ([(FAILED, True), (PASSED, False)], EligibilityOutcome.ELIGIBLE),
        ([(FAILED, True), (MISSING, False)], EligibilityOutcome.INFORMATION_NEEDED),
    ],
)
def test_outcome(results: list[tuple[RuleResult, bool]], expected: EligibilityOutcome) -> None:
    assert outcome(results) is expected


CASES = {
    "identification": DOMESTIC_MINOR,
    "time_limit": late(800, extension="detained abroad"),
    "identity": IdentityFacts(("commune_letter",), ALL_DOCUMENTS),
    "consent": ConsentFacts("guardian", date(2026, 5, 2), "signed_form", 16, None),
    "open_application": OpenApplicationFacts("compensation_award", ("APP-2026-000018",)),
    "disclosure": DisclosureFacts(date(2026, 5, 2), False, ()),
    "heads_of_loss": HeadsOfLossFacts("compensation_award", ("medical costs 80.00 USD",)),
}


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.name)
def test_a_verdict_is_reproduced_from_its_stored_json_inputs(rule: object) -> None:
    facts = CASES[rule.name]  # type: ignore[attr-defined]
    stored = json.loads(json.dumps(facts_to_json(facts)))  # as a database hands it back
    assert facts_from_json(type(facts), stored) == facts
    assert rule.run_json(stored) == rule.run(facts)  # type: ignore[attr-defined]


def test_every_rule_has_a_case_and_a_unique_name() -> None:
    assert set(CASES) == set(RULES_BY_NAME) and len(RULES) == len(RULES_BY_NAME)
