"""Eligibility decisions: the check that stores one, overrides, extensions, and recheck.

``check_eligibility`` runs the rules under the policy in force today (Cambodia), stores
the decision with the policy version and each rule's result, reason and inputs, and
moves the application by the workflow table: eligible, ineligible, or information
requested (with a due date, back to the caseworker).

``recheck`` stores nothing. It shows, for every submitted application not yet finished,
the outcome the rules would give under today's policy beside the outcome last stored,
and which rules changed. A decision already made stands; where the workflow allows, a
fund officer decides again with ``check_eligibility``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select

from compfund.actor import Actor
from compfund.applications.transitions import apply_transition
from compfund.clock import today_in_cambodia, utc_now
from compfund.db.uow import UnitOfWork
from compfund.eligibility.facts import Assessment, assess
from compfund.eligibility.rules import RULES_BY_NAME
from compfund.eligibility_policy import policy_in_force
from compfund.enums import ApplicationStatus, EligibilityOutcome, RuleResult
from compfund.errors import InvalidInput, RuleViolation
from compfund.models import (
    Application,
    DecisionRuleResult,
    EligibilityDecision,
    InformationRequest,
    RuleOverride,
    TimeLimitExtension,
)
from compfund.permissions import Action
from compfund.reasons import RULE_OVERRIDE, TIME_LIMIT_EXTENSION
from compfund.service import application_in_scope, service
from compfund.workflow import RECHECKED, Condition, words

S = ApplicationStatus
_TARGET = {
    EligibilityOutcome.ELIGIBLE: S.ELIGIBLE,
    EligibilityOutcome.INELIGIBLE: S.INELIGIBLE,
    EligibilityOutcome.INFORMATION_NEEDED: S.INFORMATION_REQUESTED,
}
_STILL_OPEN_TO_CHANGE = frozenset(
    {S.DRAFT, S.SUBMITTED, S.ON_HOLD, S.UNDER_REVIEW, S.INFORMATION_REQUESTED, S.REVIEW_REQUESTED}
)


@dataclass(frozen=True, slots=True)
class RuleLine:
    rule: str
    title: str
    result: RuleResult
    reason: str
    inputs: dict[str, Any]
    override_reason: str | None

    def to_json(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "title": self.title,
            "result": self.result.value,
            "reason": self.reason,
            "overridden": self.override_reason,
            "inputs": self.inputs,
        }


@dataclass(frozen=True, slots=True)
class DecisionReport:
    application: str
    decision_id: int
    outcome: EligibilityOutcome
    status: ApplicationStatus
    policy_version_id: int
    policy_name: str
    decided_on: date
    rules: tuple[RuleLine, ...]
    information_due_on: date | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "application": self.application,
            "decision": self.decision_id,
            "outcome": self.outcome.value,
            "status": self.status.value,
            "policy_version": self.policy_version_id,
            "policy_name": self.policy_name,
            "decided_on": self.decided_on.isoformat(),
            "information_due_on": (
                self.information_due_on.isoformat() if self.information_due_on else None
            ),
            "rules": [r.to_json() for r in self.rules],
        }


def _lines(assessment: Assessment) -> tuple[RuleLine, ...]:
    return tuple(
        RuleLine(
            r.rule,
            r.title,
            r.verdict.result,
            r.verdict.reason,
            r.inputs,
            r.override_reason if r.overridden else None,
        )
        for r in assessment.runs
    )


def _store(
    uow: UnitOfWork, actor: Actor, application: Application, assessment: Assessment
) -> EligibilityDecision:
    decision = EligibilityDecision(
        application_id=application.id,
        policy_version_id=assessment.policy_version_id,
        outcome=assessment.outcome,
        decided_on=assessment.day,
        decided_by_id=actor.user_id,
        decided_at=utc_now(),
        rules=[
            DecisionRuleResult(
                rule=r.rule,
                result=r.verdict.result,
                reason=r.verdict.reason,
                inputs=r.inputs,
                override_id=r.override_id if r.overridden else None,
            )
            for r in assessment.runs
        ],
    )
    uow.session.add(decision)
    uow.session.flush()
    return decision


@service(Action.DECIDE_ELIGIBILITY, writes=True)
def check_eligibility(code: str, *, actor: Actor, uow: UnitOfWork) -> DecisionReport:
    """Run the rules on a submitted application (or one under review), store the decision
    and move the application to its outcome."""
    application = application_in_scope(uow, actor, code)
    if application.status is S.SUBMITTED:
        apply_transition(uow, actor, application, S.UNDER_REVIEW)
    if application.status is not S.UNDER_REVIEW:
        raise RuleViolation(
            f"{application.code} is {words(application.status)}: the eligibility check "
            "decides a submitted application or one under review."
        )
    today = today_in_cambodia()
    policy = policy_in_force(uow, today, lock=True)
    assessment = assess(uow, application, policy, today)
    decision = _store(uow, actor, application, assessment)
    reasons = [r.verdict.reason for r in assessment.standing(RuleResult.FAILED)] or [
        r.verdict.reason for r in assessment.standing(RuleResult.MISSING)
    ]
    target = _TARGET[assessment.outcome]
    apply_transition(
        uow,
        actor,
        application,
        target,
        reason="; ".join(reasons) or "every rule passed",
        made_by=Condition.BY_ELIGIBILITY_CHECK,
        decision_id=decision.id,
    )
    due = uow.session.execute(
        select(InformationRequest.due_on).where(InformationRequest.decision_id == decision.id)
    ).scalar_one_or_none()
    return DecisionReport(
        application.code,
        decision.id,
        assessment.outcome,
        application.status,
        policy.id,
        policy.name,
        today,
        _lines(assessment),
        due,
    )


def _open_to_change(application: Application, what: str) -> None:
    if application.status not in _STILL_OPEN_TO_CHANGE:
        raise RuleViolation(
            f"{application.code} is {words(application.status)}: {what} only before a "
            "decision, or while a review is requested."
        )


@service(Action.OVERRIDE_RULE, writes=True)
def override_rule(code: str, rule: str, reason: str, *, actor: Actor, uow: UnitOfWork) -> None:
    """Set one rule aside for one application, for a recorded reason; the next eligibility
    check counts it as passed and stores the reason with its result."""
    if rule not in RULES_BY_NAME:
        known = ", ".join(RULES_BY_NAME)
        raise InvalidInput(f"There is no eligibility rule {rule!r}: the rules are {known}.")
    reason = RULE_OVERRIDE.read(reason)
    application = application_in_scope(uow, actor, code)
    _open_to_change(application, "a rule can be overridden")
    taken = uow.session.execute(
        select(RuleOverride.id).where(
            RuleOverride.application_id == application.id, RuleOverride.rule == rule
        )
    ).first()
    if taken:
        raise RuleViolation(f"The rule {rule} is already overridden for {application.code}.")
    uow.session.add(
        RuleOverride(
            application_id=application.id,
            rule=rule,
            reason=reason.strip(),
            granted_by_id=actor.user_id,
            granted_at=utc_now(),
        )
    )


@service(Action.EXTEND_TIME_LIMIT, writes=True)
def extend_time_limit(code: str, reason: str, *, actor: Actor, uow: UnitOfWork) -> None:
    """Accept an application made after the time limit, for a recorded reason."""
    reason = TIME_LIMIT_EXTENSION.read(reason)
    application = application_in_scope(uow, actor, code)
    _open_to_change(application, "the time limit can be extended")
    taken = uow.session.execute(
        select(TimeLimitExtension.id).where(TimeLimitExtension.application_id == application.id)
    ).first()
    if taken:
        raise RuleViolation(f"{application.code} already has an extension of the time limit.")
    uow.session.add(
        TimeLimitExtension(
            application_id=application.id,
            reason=reason.strip(),
            granted_by_id=actor.user_id,
            granted_at=utc_now(),
        )
    )


@dataclass(frozen=True, slots=True)
class RuleChange:
    rule: str
    old: RuleResult | None
    new: RuleResult
    reason: str

    def to_json(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "old": self.old.value if self.old else None,
            "new": self.new.value,
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class Recheck:
    application: str
    status: ApplicationStatus
    old_outcome: EligibilityOutcome | None
    old_policy_version: int | None
    new_outcome: EligibilityOutcome
    new_policy_version: int
    changed: tuple[RuleChange, ...] = field(default_factory=tuple)

    def to_json(self) -> dict[str, object]:
        return {
            "application": self.application,
            "status": self.status.value,
            "old_outcome": self.old_outcome.value if self.old_outcome else None,
            "old_policy_version": self.old_policy_version,
            "new_outcome": self.new_outcome.value,
            "new_policy_version": self.new_policy_version,
            "changed_rules": [c.to_json() for c in self.changed],
        }


def _recheck_one(uow: UnitOfWork, application: Application, assessment: Assessment) -> Recheck:
    last = uow.session.execute(
        select(EligibilityDecision)
        .where(EligibilityDecision.application_id == application.id)
        .order_by(EligibilityDecision.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    old = {r.rule: r.result for r in last.rules} if last else {}
    changed = tuple(
        RuleChange(r.rule, old.get(r.rule), r.verdict.result, r.verdict.reason)
        for r in assessment.runs
        if last is not None and old.get(r.rule) is not r.verdict.result
    )
    return Recheck(
        application.code,
        application.status,
        last.outcome if last else None,
        last.policy_version_id if last else None,
        assessment.outcome,
        assessment.policy_version_id,
        changed,
    )


@service(Action.DECIDE_ELIGIBILITY, writes=True)
def recheck(codes: tuple[str, ...] = (), *, actor: Actor, uow: UnitOfWork) -> list[Recheck]:
    """Every submitted, unfinished application (or only ``codes``) against today's policy:
    old and new outcome and the rules whose result changed. Stores nothing."""
    if codes:
        applications = [application_in_scope(uow, actor, c) for c in codes]
    else:
        applications = list(
            uow.session.execute(
                select(Application)
                .where(Application.status.in_(RECHECKED))
                .order_by(Application.code)
            ).scalars()
        )
    today = today_in_cambodia()
    policy = policy_in_force(uow, today)
    return [_recheck_one(uow, a, assess(uow, a, policy, today)) for a in applications]
