"""Applying one row of the workflow table (``compfund.workflow``) to an application.

``apply_transition`` is the only code that changes an application's status. It checks,
in order: that the table has the step, the acting officer's role (the row's action in
the permission table), their province, a reason where the row asks for one, four eyes,
and the row's condition; then it records the step in ``status_changes`` and does what
the step brings with it (a submission date, an information request, its answer).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from compfund.actor import Actor
from compfund.clock import in_cambodia, today_in_cambodia, utc_now
from compfund.db.uow import UnitOfWork
from compfund.eligibility_policy import policy_in_force
from compfund.enums import ApplicationStatus
from compfund.errors import IntegrityFailure, InvalidInput
from compfund.four_eyes import check_step, last_change_into
from compfund.models import Application, InformationRequest, StatusChange
from compfund.reasons import squeezed, workflow_step
from compfund.service import in_scope, not_found_for, require
from compfund.workflow import Condition, Step, Transition, TransitionRefused, transition, words


@dataclass(frozen=True, slots=True)
class Moved:
    application: str
    step: str
    from_status: ApplicationStatus
    to_status: ApplicationStatus

    def to_json(self) -> dict[str, str]:
        return {
            "application": self.application,
            "step": self.step,
            "from": self.from_status.value,
            "to": self.to_status.value,
        }


def review_window_closes(uow: UnitOfWork, application: Application) -> date:
    """The last day on which a review of the application's decision may be asked for."""
    decided = last_change_into(uow, application, (application.status,))
    if decided is None:
        raise IntegrityFailure(f"{application.code} has no record of its decision.")
    decided_on = in_cambodia(decided.changed_at).date()
    window = policy_in_force(uow, decided_on).review_window_days
    return decided_on + timedelta(days=window)


def _condition(
    uow: UnitOfWork, application: Application, row: Transition, made_by: Condition | None
) -> None:
    if row.condition is None:
        return
    if row.condition is Condition.BY_ELIGIBILITY_CHECK:
        if made_by is not row.condition:
            raise TransitionRefused(
                f"An application is found {words(row.target)} only by the eligibility check, "
                f"which stores its decision: run `compfund eligibility check {application.code}`."
            )
    elif row.condition is Condition.BY_AWARD:
        if made_by is not row.condition:
            raise TransitionRefused(
                f"An application becomes {words(row.target)} only with its award: use "
                f"`compfund award recommend|approve|reject {application.code}`."
            )
    elif row.condition is Condition.WITHIN_REVIEW_WINDOW:
        closes = review_window_closes(uow, application)
        if today_in_cambodia() > closes:
            raise TransitionRefused(
                f"The review window for {application.code} closed on {closes}: a review must "
                "be asked for within the policy's review window after the decision."
            )
    elif row.condition is Condition.AFTER_REVIEW_WINDOW:
        closes = review_window_closes(uow, application)
        if today_in_cambodia() <= closes:
            raise TransitionRefused(
                f"{application.code} cannot be closed yet: a review may be asked for until "
                f"{closes}."
            )
    elif row.condition is Condition.BACK_TO_DECISION_UNDER_REVIEW:
        asked = last_change_into(uow, application, (ApplicationStatus.REVIEW_REQUESTED,))
        if asked is None or asked.from_status is not row.target:
            under_review = words(asked.from_status) if asked else "unknown"
            raise TransitionRefused(
                f"The decision under review was {under_review}: upholding it cannot make "
                f"{application.code} {words(row.target)}."
            )


def _effects(
    uow: UnitOfWork,
    actor: Actor,
    application: Application,
    row: Transition,
    reason: str | None,
    due_on: date | None,
    decision_id: int | None,
) -> None:
    if due_on is not None and row.step is not Step.REQUEST_INFORMATION:
        raise InvalidInput("A due date belongs only to a request for information.")
    now = utc_now()
    if row.step is Step.SUBMIT:
        application.submitted_at = now
    elif row.step is Step.REQUEST_INFORMATION:
        today = today_in_cambodia()
        due = due_on or today + timedelta(days=policy_in_force(uow, today).information_due_days)
        if due <= today:
            raise InvalidInput(f"The information must be due after today ({today}), not {due}.")
        uow.session.add(
            InformationRequest(
                application_id=application.id,
                decision_id=decision_id,
                asked=reason,
                requested_by_id=actor.user_id,
                requested_at=now,
                due_on=due,
            )
        )
    elif row.step is Step.PROVIDE_INFORMATION:
        open_requests = uow.session.execute(
            select(InformationRequest).where(
                InformationRequest.application_id == application.id,
                InformationRequest.answered_at.is_(None),
            )
        ).scalars()
        for request in open_requests:
            request.answered_at = now
            request.answer = reason
            request.answered_by_id = actor.user_id


def apply_transition(
    uow: UnitOfWork,
    actor: Actor,
    application: Application,
    target: ApplicationStatus,
    *,
    reason: str | None = None,
    due_on: date | None = None,
    made_by: Condition | None = None,
    decision_id: int | None = None,
) -> Moved:
    """Move ``application`` to ``target`` if the workflow table allows it to ``actor``."""
    source = application.status
    row = transition(source, target)
    require(actor, row.action)
    if not in_scope(actor, application.identification.survivor.province_code):
        raise not_found_for(actor, f"application has the code {application.code}")
    if row.reason_required:
        reason = workflow_step(row.step.value, application.code).read(reason or "")
    else:
        reason = squeezed(reason) if reason and reason.strip() else None
    check_step(uow, actor, application, row)
    _condition(uow, application, row, made_by)
    _effects(uow, actor, application, row, reason, due_on, decision_id)
    application.status = target
    uow.session.add(
        StatusChange(
            application_id=application.id,
            from_status=source,
            to_status=target,
            step=row.step.value,
            actor_id=actor.user_id,
            changed_at=utc_now(),
            reason=reason,
        )
    )
    uow.session.flush()
    return Moved(application.code, row.step.value, source, target)
