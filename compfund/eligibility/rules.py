"""The eligibility rules: small pure functions from the inputs they read to a verdict.

Each rule reads one frozen dataclass of plain values (text, numbers, dates) and returns
a ``Verdict``: passed, failed (the application is ineligible) or missing (more
information is needed), with a reason a fund officer can act on. A decision stores each
rule's inputs as JSON, so ``RULES_BY_NAME[name].run_json(stored)`` gives the stored
verdict again: a decision can be reproduced, and checked, from what it recorded.
"""

from __future__ import annotations

import dataclasses
import types
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar, Union, get_args, get_origin, get_type_hints

from compfund.enums import EligibilityOutcome, RuleResult

ADULT_AGE = 18

AUTHORITY_LABELS = {
    "ahtjpp": "the anti-trafficking police (AHTJPP)",
    "provincial_police": "the provincial police",
    "border_police": "the border police",
    "dosvy": "DOSVY",
    "mosvy": "MOSVY (including the Poipet Transit Center)",
    "embassy": "an embassy or consulate (MFAIC)",
    "court": "a court",
}


def _words(value: str) -> str:
    return value.replace("_", " ")


@dataclass(frozen=True, slots=True)
class Verdict:
    result: RuleResult
    reason: str


def _passed(reason: str) -> Verdict:
    return Verdict(RuleResult.PASSED, reason)


def _failed(reason: str) -> Verdict:
    return Verdict(RuleResult.FAILED, reason)


def _missing(reason: str) -> Verdict:
    return Verdict(RuleResult.MISSING, reason)


# -- 1. a formal identification establishing trafficking ------------------------------------


@dataclass(frozen=True, slots=True)
class IdentificationFacts:
    authority: str
    accepted_authorities: tuple[str, ...]
    act_established: bool
    means_established: bool
    purpose_established: bool
    minor_at_time: bool


def identification_establishes_trafficking(f: IdentificationFacts) -> Verdict:
    """TIPSE: act, means and purpose; for a minor at the time, the means is not required."""
    by = AUTHORITY_LABELS.get(f.authority, _words(f.authority))
    if f.authority not in f.accepted_authorities:
        return _failed(f"identified by {by}, which the policy does not accept")
    missing = [
        element
        for element, established in (
            ("act", f.act_established),
            ("means", f.means_established or f.minor_at_time),
            ("purpose", f.purpose_established),
        )
        if not established
    ]
    if missing:
        return _failed(
            f"the identification by {by} did not establish the {' and the '.join(missing)}"
        )
    if f.minor_at_time and not f.means_established:
        return _passed(
            f"identified by {by}: act and purpose established; the means is not required "
            "for a minor at the time"
        )
    return _passed(f"identified by {by}: act, means and purpose established")


# -- 2. within the time limit after identification ----------------------------------------


@dataclass(frozen=True, slots=True)
class TimeLimitFacts:
    identified_on: date
    applied_on: date
    minor_at_time: bool
    time_limit_days: int
    minor_time_limit_days: int
    extension_reason: str | None


def within_time_limit(f: TimeLimitFacts) -> Verdict:
    """Apply within the policy's days after identification (longer for a minor at the
    time); later only with an extension granted for a recorded reason."""
    limit = f.minor_time_limit_days if f.minor_at_time else f.time_limit_days
    whose = "a minor's limit" if f.minor_at_time else "the limit"
    days = (f.applied_on - f.identified_on).days
    if days <= limit:
        return _passed(f"applied {days} days after identification, within {whose} of {limit}")
    late = days - limit
    if f.extension_reason:
        return _passed(
            f"applied {days} days after identification, {late} past {whose} of {limit}; "
            f"extension granted: {f.extension_reason}"
        )
    return _failed(
        f"applied {days} days after identification, {late} past {whose} of {limit}, "
        "and no extension is recorded"
    )


# -- 3. identity documented, or attested by the commune ------------------------------------


@dataclass(frozen=True, slots=True)
class IdentityFacts:
    document_types: tuple[str, ...]
    accepted_documents: tuple[str, ...]


def identity_documented(f: IdentityFacts) -> Verdict:
    documents = [d for d in f.document_types if d != "commune_letter"]
    accepted = [d for d in documents if d in f.accepted_documents]
    if accepted:
        return _passed(f"identity documented by {', '.join(_words(d) for d in accepted)}")
    if "commune_letter" in f.document_types and "commune_letter" in f.accepted_documents:
        return _passed("identity attested by a commune chief's letter (documents lost)")
    if documents:
        return _missing(
            f"the policy accepts none of the documents recorded "
            f"({', '.join(_words(d) for d in documents)}): record another, or a commune "
            "chief's letter where documents were lost"
        )
    return _missing(
        "no identity document is recorded: record one, or a commune chief's letter where "
        "documents were lost"
    )


# -- 4. consent recorded and not withdrawn --------------------------------------------------


@dataclass(frozen=True, slots=True)
class ConsentFacts:
    given_by: str | None
    given_on: date | None
    method: str | None
    survivor_age_then: int | None
    withdrawn_on: date | None


def consent_given(f: ConsentFacts) -> Verdict:
    if f.given_by is None:
        return _missing("no consent is recorded: record the survivor's (or guardian's) consent")
    if f.withdrawn_on is not None:
        return _failed(f"consent was withdrawn on {f.withdrawn_on}")
    age = f.survivor_age_then
    if f.given_by == "survivor" and age is not None and age < ADULT_AGE:
        return _missing(f"the survivor was {age} when consenting: a minor's guardian consents")
    how = _words(f.method or "")
    return _passed(f"consent given by the {f.given_by} on {f.given_on} ({how})")


# -- 5. no other open application of the same type ----------------------------------------


@dataclass(frozen=True, slots=True)
class OpenApplicationFacts:
    application_type: str
    other_open_applications: tuple[str, ...]


def only_open_application(f: OpenApplicationFacts) -> Verdict:
    kind = _words(f.application_type)
    if f.other_open_applications:
        return _failed(
            f"another {kind} application is open for the same identification: "
            f"{', '.join(f.other_open_applications)}"
        )
    return _passed(f"no other open {kind} application for the same identification")


# -- 6. disclosure of money received ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DisclosureFacts:
    asked_on: date | None
    received: bool | None
    payments: tuple[str, ...]


def money_received_disclosed(f: DisclosureFacts) -> Verdict:
    """Asked whether the survivor or family received money from the offender, agent or
    employer. "Nothing received" is an answer; not asked is missing information."""
    if f.asked_on is None or f.received is None:
        return _missing(
            "not asked whether the survivor or family received money from the offender, "
            "agent or employer: record the answer, even if nothing was received"
        )
    if not f.received:
        return _passed(f"asked on {f.asked_on}: nothing received")
    return _passed(f"asked on {f.asked_on}: received {'; '.join(f.payments)}")


# -- 7. a compensation claim names its heads of loss ----------------------------------------


@dataclass(frozen=True, slots=True)
class HeadsOfLossFacts:
    application_type: str
    heads: tuple[str, ...]


def heads_of_loss_claimed(f: HeadsOfLossFacts) -> Verdict:
    if f.application_type != "compensation_award":
        return _passed("an interim grant claims no heads of loss")
    if not f.heads:
        return _missing("a compensation award claim must name at least one head of loss")
    return _passed(f"claimed: {'; '.join(f.heads)}")


# -- the list of rules, and reproducing a verdict from stored inputs -------------------------

F = TypeVar("F")


@dataclass(frozen=True, slots=True)
class Rule(Generic[F]):
    name: str
    title: str
    facts: type[F]
    check: Callable[[F], Verdict]

    def run(self, facts: F) -> Verdict:
        return self.check(facts)

    def run_json(self, stored: Mapping[str, Any]) -> Verdict:
        """The verdict from inputs as a decision stored them."""
        return self.check(facts_from_json(self.facts, stored))


RULES: tuple[Rule[Any], ...] = (
    Rule(
        "identification",
        "identified by an accepted authority: act, means and purpose",
        IdentificationFacts,
        identification_establishes_trafficking,
    ),
    Rule("time_limit", "applied within the time limit", TimeLimitFacts, within_time_limit),
    Rule("identity", "identity documented or attested", IdentityFacts, identity_documented),
    Rule("consent", "consent recorded and not withdrawn", ConsentFacts, consent_given),
    Rule(
        "open_application",
        "no other open application of the same type",
        OpenApplicationFacts,
        only_open_application,
    ),
    Rule(
        "disclosure",
        "money received from offender, agent or employer disclosed",
        DisclosureFacts,
        money_received_disclosed,
    ),
    Rule("heads_of_loss", "heads of loss claimed", HeadsOfLossFacts, heads_of_loss_claimed),
)
RULES_BY_NAME: dict[str, Rule[Any]] = {r.name: r for r in RULES}


def outcome(results: Iterable[tuple[RuleResult, bool]]) -> EligibilityOutcome:
    """The decision from each rule's result and whether a fund officer overrode it: any
    failure not overridden makes the application ineligible, else any missing
    information asks for it, else it is eligible."""
    standing = {result for result, overridden in results if not overridden}
    if RuleResult.FAILED in standing:
        return EligibilityOutcome.INELIGIBLE
    if RuleResult.MISSING in standing:
        return EligibilityOutcome.INFORMATION_NEEDED
    return EligibilityOutcome.ELIGIBLE


# -- inputs as JSON -------------------------------------------------------------------------


def facts_to_json(facts: object) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for field in dataclasses.fields(facts):  # type: ignore[arg-type]
        value = getattr(facts, field.name)
        if isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = list(value)
        out[field.name] = value
    return out


def _is_date(hint: Any) -> bool:
    if hint is date:
        return True
    return get_origin(hint) in (Union, types.UnionType) and date in get_args(hint)


def facts_from_json(cls: type[F], stored: Mapping[str, Any]) -> F:
    hints = get_type_hints(cls)
    values: dict[str, Any] = {}
    for field in dataclasses.fields(cls):  # type: ignore[arg-type]
        value = stored[field.name]
        if value is not None and _is_date(hints[field.name]):
            value = date.fromisoformat(value)
        elif isinstance(value, list):
            value = tuple(value)
        values[field.name] = value
    return cls(**values)
