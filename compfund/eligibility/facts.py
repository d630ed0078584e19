"""Reading what the eligibility rules need about one application, and running them.

``assess`` gathers each rule's inputs from the database under one policy version and one
day (Cambodia's date), runs the rules, and applies the fund officers' overrides. It
writes nothing: the eligibility service stores the result as a decision, and
``compfund eligibility recheck`` compares it with the decision already stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from compfund.ages import age_on
from compfund.clock import in_cambodia
from compfund.db.uow import UnitOfWork
from compfund.eligibility import rules
from compfund.eligibility.rules import RULES, Verdict, facts_to_json, outcome
from compfund.enums import EligibilityOutcome, RuleResult
from compfund.models import (
    Application,
    ClaimedLoss,
    Consent,
    Disclosure,
    RuleOverride,
    TimeLimitExtension,
)
from compfund.models.eligibility_decisions import PolicyVersion
from compfund.workflow import FINISHED


@dataclass(frozen=True, slots=True)
class RuleRun:
    rule: str
    title: str
    verdict: Verdict
    inputs: dict[str, Any]
    override_id: int | None
    override_reason: str | None

    @property
    def overridden(self) -> bool:
        return self.override_id is not None and self.verdict.result is not RuleResult.PASSED


@dataclass(frozen=True, slots=True)
class Assessment:
    policy_version_id: int
    policy_name: str
    day: date
    runs: tuple[RuleRun, ...]

    @property
    def outcome(self) -> EligibilityOutcome:
        return outcome((r.verdict.result, r.overridden) for r in self.runs)

    def standing(self, result: RuleResult) -> list[RuleRun]:
        """Rules with ``result`` that no override sets aside."""
        return [r for r in self.runs if r.verdict.result is result and not r.overridden]


def _scalar(uow: UnitOfWork, model: type[Any], application: Application) -> Any:
    return uow.session.execute(
        select(model).where(model.application_id == application.id)
    ).scalar_one_or_none()


def _other_open(uow: UnitOfWork, application: Application) -> tuple[str, ...]:
    codes = uow.session.execute(
        select(Application.code)
        .where(
            Application.identification_id == application.identification_id,
            Application.application_type == application.application_type,
            Application.id != application.id,
            Application.status.not_in(FINISHED),
        )
        .order_by(Application.code)
    ).scalars()
    return tuple(codes)


def gather(
    uow: UnitOfWork, application: Application, policy: PolicyVersion, day: date
) -> dict[str, object]:
    """Each rule's inputs, by rule name, as the rules will read them on ``day``."""
    identification = application.identification
    survivor = identification.survivor
    applied_on = in_cambodia(application.submitted_at).date() if application.submitted_at else day
    extension: TimeLimitExtension | None = _scalar(uow, TimeLimitExtension, application)
    consent: Consent | None = _scalar(uow, Consent, application)
    disclosure: Disclosure | None = _scalar(uow, Disclosure, application)
    losses = uow.session.execute(
        select(ClaimedLoss)
        .where(ClaimedLoss.application_id == application.id)
        .order_by(ClaimedLoss.head)
    ).scalars()
    kind = application.application_type.value
    return {
        "identification": rules.IdentificationFacts(
            authority=identification.authority.value,
            accepted_authorities=tuple(policy.accepted_authorities),
            act_established=identification.act_established,
            means_established=identification.means_established,
            purpose_established=identification.purpose_established,
            minor_at_time=identification.minor_at_time,
        ),
        "time_limit": rules.TimeLimitFacts(
            identified_on=identification.identified_on,
            applied_on=applied_on,
            minor_at_time=identification.minor_at_time,
            time_limit_days=policy.time_limit_days,
            minor_time_limit_days=policy.minor_time_limit_days,
            extension_reason=extension.reason if extension else None,
        ),
        "identity": rules.IdentityFacts(
            document_types=tuple(sorted({d.document_type.value for d in survivor.documents})),
            accepted_documents=tuple(policy.identity_documents),
        ),
        "consent": rules.ConsentFacts(
            given_by=consent.given_by.value if consent else None,
            given_on=consent.given_on if consent else None,
            method=consent.method.value if consent else None,
            survivor_age_then=(
                age_on(consent.given_on, survivor.date_of_birth, survivor.birth_year)
                if consent
                else None
            ),
            withdrawn_on=consent.withdrawn_on if consent else None,
        ),
        "open_application": rules.OpenApplicationFacts(
            application_type=kind, other_open_applications=_other_open(uow, application)
        ),
        "disclosure": rules.DisclosureFacts(
            asked_on=disclosure.asked_on if disclosure else None,
            received=disclosure.received if disclosure else None,
            payments=tuple(
                f"{p.amount} from the {p.paid_by.value}"
                + (f" ({p.paid_by_note})" if p.paid_by_note else "")
                + f", to the {p.received_by.value}, on {p.received_on}"
                for p in (disclosure.payments if disclosure else [])
            ),
        ),
        "heads_of_loss": rules.HeadsOfLossFacts(
            application_type=kind,
            heads=tuple(f"{loss.head.value.replace('_', ' ')} {loss.amount}" for loss in losses),
        ),
    }


def assess(
    uow: UnitOfWork, application: Application, policy: PolicyVersion, day: date
) -> Assessment:
    facts = gather(uow, application, policy, day)
    overrides = {
        o.rule: o
        for o in uow.session.execute(
            select(RuleOverride).where(RuleOverride.application_id == application.id)
        ).scalars()
    }
    runs = []
    for rule in RULES:
        found = overrides.get(rule.name)
        runs.append(
            RuleRun(
                rule=rule.name,
                title=rule.title,
                verdict=rule.run(facts[rule.name]),
                inputs=facts_to_json(facts[rule.name]),
                override_id=found.id if found else None,
                override_reason=found.reason if found else None,
            )
        )
    return Assessment(policy.id, policy.name, day, tuple(runs))
