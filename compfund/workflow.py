"""The application workflow as one table: (from status, step, to status, permission).

Each row names the step an officer takes, the permission-table action it needs (so the
roles come from ``compfund.permissions.PERMISSIONS``), whether it needs a written
reason, who may not take it (four eyes) and any condition that the table alone cannot
express. ``compfund.applications.transitions`` applies a row; nothing else changes an
application's status. The README's "Application workflow" section shows the same table
(a test keeps the two equal).

    draft ──submit──▶ submitted ──start review──▶ under review ──(eligibility check)──▶
        eligible ──recommend award──▶ award recommended ──approve / reject──▶ approved / rejected
        ineligible, rejected ──request review (within the policy's window)──▶ review requested
            ──reopen──▶ under review, or ──uphold──▶ back to the decision under review
    submitted / under review ──hold (possible duplicate)──▶ on hold ──release──▶ submitted
    under review ──request information──▶ information requested ──provide──▶ under review
    anything not yet withdrawn or closed ──withdraw──▶ withdrawn
    approved, ineligible, rejected (after the review window), withdrawn ──close──▶ closed
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from compfund.enums import ApplicationStatus as S
from compfund.errors import RuleViolation
from compfund.permissions import Action


class Step(StrEnum):
    SUBMIT = "submit"
    HOLD = "hold as possible duplicate"
    RELEASE = "release from hold"
    START_REVIEW = "start review"
    REQUEST_INFORMATION = "request information"
    PROVIDE_INFORMATION = "provide information"
    FIND_ELIGIBLE = "find eligible"
    FIND_INELIGIBLE = "find ineligible"
    RECOMMEND_AWARD = "recommend award"
    APPROVE = "approve award"
    REJECT = "reject award"
    REQUEST_REVIEW = "request review"
    REOPEN = "reopen on review"
    UPHOLD = "uphold on review"
    WITHDRAW = "withdraw"
    CLOSE = "close"


class Condition(StrEnum):
    """What a row needs beyond role, province and four eyes."""

    BY_ELIGIBILITY_CHECK = "made only by the eligibility check, from its stored decision"
    BY_AWARD = "made only with the award it recommends, approves or rejects"
    WITHIN_REVIEW_WINDOW = "within the policy's review window after the decision"
    BACK_TO_DECISION_UNDER_REVIEW = "only to the decision that is under review"
    AFTER_REVIEW_WINDOW = "once the review window has passed"


class TransitionRefused(RuleViolation):
    """The workflow does not allow this step from the application's present status."""

    code = "transition_refused"


@dataclass(frozen=True, slots=True)
class Transition:
    source: S
    step: Step
    target: S
    action: Action
    reason_required: bool = False
    not_by_who_set: tuple[S, ...] = ()
    """Four eyes: refused to the officer who last moved the application into one of these
    statuses (who recommended the award; who made the decision under review)."""
    condition: Condition | None = None


_DECISIONS_UNDER_REVIEW = (S.INELIGIBLE, S.REJECTED)
_WITHDRAWABLE = (
    S.DRAFT,
    S.SUBMITTED,
    S.ON_HOLD,
    S.UNDER_REVIEW,
    S.INFORMATION_REQUESTED,
    S.ELIGIBLE,
    S.INELIGIBLE,
    S.AWARD_RECOMMENDED,
    S.APPROVED,
    S.REJECTED,
    S.REVIEW_REQUESTED,
)


def _t(
    source: S,
    step: Step,
    target: S,
    action: Action,
    *,
    reason: bool = False,
    not_by: tuple[S, ...] = (),
    condition: Condition | None = None,
) -> Transition:
    return Transition(source, step, target, action, reason, not_by, condition)


A = Action
TRANSITIONS: tuple[Transition, ...] = (
    _t(S.DRAFT, Step.SUBMIT, S.SUBMITTED, A.SUBMIT_APPLICATION),
    _t(S.SUBMITTED, Step.HOLD, S.ON_HOLD, A.HOLD_DUPLICATE, reason=True),
    _t(S.UNDER_REVIEW, Step.HOLD, S.ON_HOLD, A.HOLD_DUPLICATE, reason=True),
    _t(S.ON_HOLD, Step.RELEASE, S.SUBMITTED, A.RESOLVE_DUPLICATE, reason=True),
    _t(S.SUBMITTED, Step.START_REVIEW, S.UNDER_REVIEW, A.DECIDE_ELIGIBILITY),
    _t(
        S.UNDER_REVIEW,
        Step.REQUEST_INFORMATION,
        S.INFORMATION_REQUESTED,
        A.REQUEST_INFORMATION,
        reason=True,
    ),
    _t(
        S.INFORMATION_REQUESTED,
        Step.PROVIDE_INFORMATION,
        S.UNDER_REVIEW,
        A.PROVIDE_INFORMATION,
        reason=True,
    ),
    _t(
        S.UNDER_REVIEW,
        Step.FIND_ELIGIBLE,
        S.ELIGIBLE,
        A.DECIDE_ELIGIBILITY,
        condition=Condition.BY_ELIGIBILITY_CHECK,
    ),
    _t(
        S.UNDER_REVIEW,
        Step.FIND_INELIGIBLE,
        S.INELIGIBLE,
        A.DECIDE_ELIGIBILITY,
        condition=Condition.BY_ELIGIBILITY_CHECK,
    ),
    _t(
        S.ELIGIBLE,
        Step.RECOMMEND_AWARD,
        S.AWARD_RECOMMENDED,
        A.RECOMMEND_AWARD,
        condition=Condition.BY_AWARD,
    ),
    _t(
        S.AWARD_RECOMMENDED,
        Step.APPROVE,
        S.APPROVED,
        A.APPROVE_AWARD,
        not_by=(S.AWARD_RECOMMENDED,),
        condition=Condition.BY_AWARD,
    ),
    _t(
        S.AWARD_RECOMMENDED,
        Step.REJECT,
        S.REJECTED,
        A.APPROVE_AWARD,
        reason=True,
        not_by=(S.AWARD_RECOMMENDED,),
        condition=Condition.BY_AWARD,
    ),
    *(
        _t(
            decided,
            Step.REQUEST_REVIEW,
            S.REVIEW_REQUESTED,
            A.REQUEST_REVIEW,
            reason=True,
            condition=Condition.WITHIN_REVIEW_WINDOW,
        )
        for decided in _DECISIONS_UNDER_REVIEW
    ),
    _t(
        S.REVIEW_REQUESTED,
        Step.REOPEN,
        S.UNDER_REVIEW,
        A.DECIDE_REVIEW,
        reason=True,
        not_by=_DECISIONS_UNDER_REVIEW,
    ),
    *(
        _t(
            S.REVIEW_REQUESTED,
            Step.UPHOLD,
            decided,
            A.DECIDE_REVIEW,
            reason=True,
            not_by=_DECISIONS_UNDER_REVIEW,
            condition=Condition.BACK_TO_DECISION_UNDER_REVIEW,
        )
        for decided in _DECISIONS_UNDER_REVIEW
    ),
    *(
        _t(source, Step.WITHDRAW, S.WITHDRAWN, A.WITHDRAW_APPLICATION, reason=True)
        for source in _WITHDRAWABLE
    ),
    _t(S.APPROVED, Step.CLOSE, S.CLOSED, A.CLOSE_APPLICATION, reason=True),
    *(
        _t(
            decided,
            Step.CLOSE,
            S.CLOSED,
            A.CLOSE_APPLICATION,
            reason=True,
            condition=Condition.AFTER_REVIEW_WINDOW,
        )
        for decided in _DECISIONS_UNDER_REVIEW
    ),
    _t(S.WITHDRAWN, Step.CLOSE, S.CLOSED, A.CLOSE_APPLICATION, reason=True),
)

_BY_PAIR = {(t.source, t.target): t for t in TRANSITIONS}

FINISHED = frozenset({S.INELIGIBLE, S.REJECTED, S.WITHDRAWN, S.CLOSED})
"""Statuses in which an application no longer blocks another of its kind."""

RECHECKED = frozenset(set(S) - FINISHED - {S.DRAFT})
"""Statuses ``compfund eligibility recheck`` looks at: submitted and not finished."""


def words(status: S) -> str:
    return status.value.replace("_", " ")


def transition(source: S, target: S) -> Transition:
    """The table's row from ``source`` to ``target``, or a refusal naming what is allowed."""
    found = _BY_PAIR.get((source, target))
    if found is not None:
        return found
    allowed = sorted(words(t.target) for t in TRANSITIONS if t.source is source)
    may = f"it may go to {', '.join(allowed)}" if allowed else "no step leads out of it"
    raise TransitionRefused(
        f"An application that is {words(source)} cannot become {words(target)}: {may}."
    )


def steps_from(source: S) -> tuple[Transition, ...]:
    """Every step the table allows from ``source`` (what the window may offer)."""
    return tuple(t for t in TRANSITIONS if t.source is source)
