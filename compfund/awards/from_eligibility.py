"""What an award reads from the eligibility work, and how it moves the application.

Awards and eligibility meet here only; nothing else in ``compfund.awards`` or
``compfund.disbursements`` reads eligibility data:

- ``require_eligible``: the application is eligible and its latest stored eligibility
  decision (``eligibility_decisions``, made by ``compfund eligibility check``) found it
  eligible, overridden rules counted as passed;
- ``grant_and_cap``: the interim grant and the cap per survivor in the award's currency,
  from the eligibility policy version in force (``policy_amounts``), the fund's one
  source for both. Caps per head, the two-approver threshold and the recovery order are
  the award policy's own (``compfund.awards.award_policy``);
- ``claimed_heads``: what the application claims under each head of loss
  (``heads_of_loss``), each in the currency it was claimed in;
- ``move_application``: the workflow's award steps (recommend, approve, reject award)
  through ``compfund.applications.transitions``, so the workflow table, four eyes and the
  record of status changes apply.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from compfund.actor import Actor
from compfund.applications.transitions import apply_transition
from compfund.db.uow import UnitOfWork
from compfund.eligibility_policy import policy_in_force
from compfund.enums import (
    ApplicationStatus,
    ApplicationType,
    AwardKind,
    EligibilityOutcome,
    HeadOfLoss,
)
from compfund.errors import RuleViolation
from compfund.models import (
    Application,
    ClaimedLoss,
    EligibilityDecision,
    PolicyAmount,
    PolicyVersion,
)
from compfund.money import Currency, Money
from compfund.workflow import Condition, words


def require_eligible(uow: UnitOfWork, application: Application) -> AwardKind:
    """Refuse unless the application was found eligible by a stored eligibility decision;
    returns the kind of award it is for."""
    code = application.code
    if application.status is not ApplicationStatus.ELIGIBLE:
        raise RuleViolation(
            f"{code} is {words(application.status)}: an award is recommended only for an "
            "application found eligible."
        )
    decision = uow.session.execute(
        select(EligibilityDecision)
        .where(EligibilityDecision.application_id == application.id)
        .order_by(EligibilityDecision.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    if decision is None:
        raise RuleViolation(
            f"{code} is marked eligible but has no stored eligibility decision: run "
            f"`compfund eligibility check {code}` before an award is recommended."
        )
    if decision.outcome is not EligibilityOutcome.ELIGIBLE:
        found = decision.outcome.value.replace("_", " ")
        raise RuleViolation(
            f"{code} is marked eligible but its latest eligibility decision ({decision.id}, "
            f"of {decision.decided_on}) found it {found}: an award needs a decision that "
            "found it eligible."
        )
    if application.application_type is ApplicationType.INTERIM_GRANT:
        return AwardKind.INTERIM_GRANT
    return AwardKind.COMPENSATION


@dataclass(frozen=True, slots=True)
class GrantAndCap:
    """The eligibility policy version's interim grant and cap per survivor, in one currency."""

    policy_version_id: int
    interim_grant: Money
    survivor_cap: Money
    interim_deducted: bool = True  # the version's ``interim_deducted_from_award``


def grant_and_cap(
    uow: UnitOfWork, currency: Currency, *, day: date, version_id: int | None = None
) -> GrantAndCap:
    """The figures of the version in force on ``day`` (of ``version_id`` when given: the
    one an award already used)."""
    if version_id is None:
        version_id = policy_in_force(uow, day, lock=True).id
    amounts = uow.session.execute(
        select(PolicyAmount).where(
            PolicyAmount.policy_version_id == version_id, PolicyAmount.currency == currency
        )
    ).scalar_one_or_none()
    if amounts is None:
        raise RuleViolation(
            f"Eligibility policy version {version_id} gives no interim grant and cap in "
            f"{currency.value}: an administrator sets a version with both currencies."
        )
    version = uow.session.get_one(PolicyVersion, version_id)
    return GrantAndCap(
        version_id, amounts.interim_grant, amounts.award_cap, version.interim_deducted_from_award
    )


def claimed_heads(uow: UnitOfWork, application: Application) -> dict[HeadOfLoss, Money]:
    """What the application claims under each head of loss, in the claim's currency."""
    rows = uow.session.execute(
        select(ClaimedLoss).where(ClaimedLoss.application_id == application.id)
    ).scalars()
    return {row.head: row.amount for row in rows}


def move_application(
    uow: UnitOfWork,
    actor: Actor,
    application: Application,
    expected: ApplicationStatus,
    target: ApplicationStatus,
    *,
    reason: str | None = None,
) -> None:
    """Take the workflow's award step from ``expected`` to ``target``."""
    if application.status is not expected:
        raise RuleViolation(
            f"{application.code} is {words(application.status)}, not {words(expected)}."
        )
    apply_transition(uow, actor, application, target, reason=reason, made_by=Condition.BY_AWARD)
