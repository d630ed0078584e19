"""The one place where awards meet eligibility (issue 3). Switch here when it lands.

Awards need four things from the eligibility work: whether an application is eligible,
the policy in force, what the application claims under each head of loss, and a way to
move the application along its workflow. Until the eligibility services are merged,
these read what exists today:

| function | today | when issue 3 lands |
|---|---|---|
| ``require_eligible`` | ``applications.status`` is ``eligible`` | the same, plus its stored eligibility decision |
| ``award_policy`` | ``award_policies`` (this package's own table) | interim grant and overall cap per currency from ``policy_amounts`` (``compfund.services.policy.policy_in_force``); per-head caps, the two-approver threshold and the recovery order stay in ``award_policies`` |
| ``claimed_heads`` | nothing is recorded: ``{}`` (the officer's assessment stands alone) | ``heads_of_loss`` rows of the application (``ClaimedLoss``) |
| ``move_application`` | sets ``applications.status`` (versioned, audited) | ``compfund.services.transitions`` with the steps recommend award, approve award, reject award |
| ``stand_in_eligible`` | demo and tests only: marks an application eligible | delete it; the demo runs the eligibility check |

Nothing else in ``compfund.awards`` or ``compfund.disbursements`` reads eligibility data.
"""

from __future__ import annotations

from datetime import date

from compfund.awards.policy import AwardPolicyView, award_policy_on
from compfund.db.uow import UnitOfWork
from compfund.errors import RuleViolation
from compfund.models import Application
from compfund.models.awards import AwardKind
from compfund.models.enums import ApplicationStatus, ApplicationType, HeadOfLoss
from compfund.money import Money


def _words(status: ApplicationStatus) -> str:
    return status.value.replace("_", " ")


def require_eligible(uow: UnitOfWork, application: Application) -> AwardKind:
    """Refuse unless the application was found eligible; returns the kind of award it is for."""
    if application.status is not ApplicationStatus.ELIGIBLE:
        raise RuleViolation(
            f"{application.code} is {_words(application.status)}: an award is recommended "
            "only for an application found eligible."
        )
    if application.application_type is ApplicationType.INTERIM_GRANT:
        return AwardKind.INTERIM_GRANT
    return AwardKind.COMPENSATION


def award_policy(uow: UnitOfWork, day: date) -> AwardPolicyView:
    """The award policy in force on ``day``."""
    return award_policy_on(uow, day)


def claimed_heads(uow: UnitOfWork, application: Application) -> dict[HeadOfLoss, Money]:
    """What the application claims under each head of loss; empty when nothing is recorded."""
    return {}


def move_application(
    uow: UnitOfWork,
    application: Application,
    expected: ApplicationStatus,
    target: ApplicationStatus,
) -> None:
    """Move the application from ``expected`` to ``target`` (the workflow's award steps)."""
    if application.status is not expected:
        raise RuleViolation(
            f"{application.code} is {_words(application.status)}, not {_words(expected)}."
        )
    application.status = target
    uow.session.flush()


def stand_in_eligible(uow: UnitOfWork, application: Application) -> None:
    """Demo and tests only, until the eligibility check is merged: mark a submitted
    application eligible (one the eligibility check already found eligible stays so)."""
    if application.status is ApplicationStatus.ELIGIBLE:
        return
    if application.status not in (ApplicationStatus.SUBMITTED, ApplicationStatus.UNDER_REVIEW):
        raise RuleViolation(f"{application.code} is {_words(application.status)}.")
    application.status = ApplicationStatus.ELIGIBLE
    uow.session.flush()
