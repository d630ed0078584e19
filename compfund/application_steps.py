"""The steps an officer takes on one application, and when each is open.

The window's Application menu and the command line's ``compfund eligibility check`` and
``compfund award recommend|approve|reject|show`` are these steps. Which roles may take
each comes from the permission table; in which statuses each is open comes from the
workflow table (``compfund.workflow.TRANSITIONS``), so neither is copied anywhere. The
services still decide the rest when a step is taken: four eyes, a concurrent change,
the policy.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from compfund.actor import Actor
from compfund.enums import ApplicationStatus
from compfund.permissions import Action
from compfund.workflow import TRANSITIONS
from compfund.workflow import Step as WorkflowStep


class ApplicationStep(StrEnum):
    CHECK_ELIGIBILITY = "check eligibility"
    RECOMMEND_AWARD = "recommend award"
    APPROVE_AWARD = "approve award"
    REJECT_AWARD = "reject award"
    AWARD_DETAILS = "award details"


@dataclass(frozen=True, slots=True)
class StepRule:
    action: Action
    open_at: frozenset[ApplicationStatus]


def _rows(*steps: WorkflowStep) -> list[tuple[Action, ApplicationStatus, ApplicationStatus]]:
    return [(t.action, t.source, t.target) for t in TRANSITIONS if t.step in steps]


def _from(*steps: WorkflowStep) -> StepRule:
    """Open where the workflow has one of ``steps`` (their action: the last one's)."""
    rows = _rows(*steps)
    return StepRule(rows[-1][0], frozenset(source for _, source, _ in rows))


def _award_shown() -> StepRule:
    """An award is there to show once one was recommended: in every status a recommended,
    approved or rejected award leads to, and after closing."""
    decided = _rows(WorkflowStep.RECOMMEND_AWARD, WorkflowStep.APPROVE, WorkflowStep.REJECT)
    return StepRule(
        Action.VIEW_MONEY,
        frozenset(target for _, _, target in decided) | {ApplicationStatus.CLOSED},
    )


RULES: dict[ApplicationStep, StepRule] = {
    # the check starts the review of a submitted application, then decides it
    ApplicationStep.CHECK_ELIGIBILITY: _from(WorkflowStep.START_REVIEW, WorkflowStep.FIND_ELIGIBLE),
    ApplicationStep.RECOMMEND_AWARD: _from(WorkflowStep.RECOMMEND_AWARD),
    ApplicationStep.APPROVE_AWARD: _from(WorkflowStep.APPROVE),
    ApplicationStep.REJECT_AWARD: _from(WorkflowStep.REJECT),
    ApplicationStep.AWARD_DETAILS: _award_shown(),
}


def steps_for(actor: Actor) -> tuple[ApplicationStep, ...]:
    """The steps the permission table lets this officer take, in menu order."""
    return tuple(step for step, rule in RULES.items() if actor.may(rule.action))


def open_steps(actor: Actor, status: ApplicationStatus | None) -> frozenset[ApplicationStep]:
    """The steps this officer may take now on an application in ``status``."""
    if status is None:
        return frozenset()
    return frozenset(step for step in steps_for(actor) if status in RULES[step].open_at)
