"""Approving or rejecting a recommended award: four eyes, six above the policy's threshold.

An approver who did not recommend the award approves it or rejects it with a reason.
Above the threshold a second, different approver must approve too. Before the final
approval the figures are worked out again with the recommendation's own rate: if
anything changed since (compensation received, another award approved or rejected), the
approval is refused, so an approver never approves figures that no longer hold.
Approval posts the award to the ledger (award expense; owed to the survivor) and
schedules its instalments.
"""

from __future__ import annotations

from decimal import Decimal

from compfund.actor import Actor
from compfund.awards import from_eligibility as eligibility
from compfund.awards.award import lock_survivor
from compfund.awards.award_policy import award_policy_by_id
from compfund.awards.award_view import AwardView, award_view, latest_award
from compfund.awards.figures import work_out
from compfund.awards.instalments import plan
from compfund.clock import today_in_cambodia, utc_now
from compfund.db.uow import RELOAD, UnitOfWork
from compfund.enums import ApplicationStatus, AwardStatus, InstalmentStatus
from compfund.errors import (
    CompfundError,
    ConcurrentEdit,
    RuleViolation,
)
from compfund.four_eyes import AWARD_SECOND_APPROVAL, check_step
from compfund.ledger.accounts import AccountKind
from compfund.ledger.journal import Line, post
from compfund.models import Application, Award, Instalment, Survivor
from compfund.money import Money
from compfund.permissions import Action
from compfund.reasons import AWARD_REJECTION
from compfund.service import application_in_scope, service
from compfund.workflow import transition

S = ApplicationStatus
OPEN = (AwardStatus.RECOMMENDED, AwardStatus.AWAITING_SECOND_APPROVAL)


def _open_award(
    uow: UnitOfWork, actor: Actor, application_code: str, expected_version: int | None
) -> tuple[Application, Award]:
    application = application_in_scope(uow, actor, application_code)
    award = latest_award(uow, application)
    if expected_version is not None and award.version != expected_version:
        raise ConcurrentEdit(RELOAD)
    if award.status not in OPEN:
        raise RuleViolation(
            f"The award for {application.code} is already {award.status.value}: "
            "a decided award is final."
        )
    check_step(uow, actor, application, transition(S.AWARD_RECOMMENDED, S.APPROVED))
    AWARD_SECOND_APPROVAL.check(actor, award.first_approved_by)
    return application, award


def _still_holds(uow: UnitOfWork, application: Application, award: Award) -> None:
    """Refuse if the award's figures would come out differently today."""
    assessed = {h.head: Money(h.assessed_minor, award.currency) for h in award.heads}
    claimed = {
        h.head: Money(h.claimed_minor, award.currency)
        for h in award.heads
        if h.claimed_minor is not None
    }
    try:
        grant_and_cap = eligibility.grant_and_cap(
            uow, award.currency, day=award.calculated_on, version_id=award.policy_version_id
        )
        again = work_out(
            uow,
            policy=award_policy_by_id(uow, award.award_policy_id),
            grant_and_cap=grant_and_cap,
            kind=award.kind,
            currency=award.currency,
            assessed=assessed,
            claimed=claimed,
            survivor_id=award.survivor_id,
            day=award.calculated_on,
            excluding=award.id,
            rate=Decimal(award.rate) if award.rate else None,
        ).calculation
    except CompfundError as exc:
        raise RuleViolation(
            f"The award for {application.code} can no longer be worked out as recommended "
            f"({exc.message}): reject it, giving this reason, so it is recommended again."
        ) from exc
    if (again.gross, again.amount) != (award.gross, award.amount):
        raise RuleViolation(
            f"The survivor's position changed since the award for {application.code} was "
            f"recommended: it would now be {again.amount}, not {award.amount} (other "
            "compensation received, or another award decided). Reject it, giving this "
            "reason, so it is recommended again."
        )


@service(Action.APPROVE_AWARD, writes=True)
def approve_award(
    application_code: str,
    *,
    expected_version: int | None = None,
    actor: Actor,
    uow: UnitOfWork,
) -> AwardView:
    """Approve the application's recommended award (the first of two where it is needed)."""
    application, award = _open_award(uow, actor, application_code, expected_version)
    now = utc_now()
    if award.two_approvers and award.status is AwardStatus.RECOMMENDED:
        award.status = AwardStatus.AWAITING_SECOND_APPROVAL
        award.first_approved_by = actor.login
        award.first_approved_at = now
        uow.session.flush()
        return award_view(uow, award)
    lock_survivor(uow, award.survivor_id)
    _still_holds(uow, application, award)
    survivor = uow.session.get(Survivor, award.survivor_id)
    entry = None
    if award.amount_minor > 0:
        entry = post(
            uow,
            kind="award",
            memo=f"{award.kind.value.replace('_', ' ')} award for {application.code}",
            source=f"award:{award.id}",
            lines=[
                Line(AccountKind.AWARD_EXPENSE, award.amount),
                Line(AccountKind.AWARDS_PAYABLE, -award.amount, survivor),
            ],
        )
    award.status = AwardStatus.APPROVED
    award.decided_by = actor.login
    award.decided_at = now
    award.entry_seq = entry
    uow.session.flush()  # the version check: a second desk approving too stops here
    eligibility.move_application(
        uow, actor, application, ApplicationStatus.AWARD_RECOMMENDED, ApplicationStatus.APPROVED
    )
    if award.amount_minor > 0:
        first_due = max(award.first_due_on or today_in_cambodia(), today_in_cambodia())
        for part in plan(award.amount, award.instalments, first_due):
            uow.session.add(
                Instalment(
                    award_id=award.id,
                    survivor_id=award.survivor_id,
                    seq=part.seq,
                    due_on=part.due_on,
                    currency=award.currency,
                    amount_minor=part.amount.minor,
                    status=InstalmentStatus.SCHEDULED,
                )
            )
        uow.session.flush()
    return award_view(uow, award)


@service(Action.APPROVE_AWARD, writes=True)
def reject_award(
    application_code: str,
    reason: str,
    *,
    expected_version: int | None = None,
    actor: Actor,
    uow: UnitOfWork,
) -> AwardView:
    """Reject the application's recommended award, with a reason kept with the award."""
    why = AWARD_REJECTION.read(reason)
    application, award = _open_award(uow, actor, application_code, expected_version)
    award.status = AwardStatus.REJECTED
    award.decided_by = actor.login
    award.decided_at = utc_now()
    award.decision_reason = why
    uow.session.flush()
    eligibility.move_application(
        uow,
        actor,
        application,
        ApplicationStatus.AWARD_RECOMMENDED,
        ApplicationStatus.REJECTED,
        reason=why,
    )
    return award_view(uow, award)
