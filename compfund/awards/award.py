"""Recommending an award: a fund officer calculates it under the policies in force.

The award policy gives the caps per head and the two-approver threshold; the eligibility
policy version in force gives the interim grant and the cap per survivor (the award
records both). The calculation (each head assessed and capped, the cap per survivor, each deduction and
its source, the exchange rate when the policy's currency differs) is stored with the
award, which then waits for an approver (two distinct approvers above the policy's
threshold). A survivor's awards are calculated one at a time, so two officers cannot
both use the same room under the cap or deduct the same interim grant twice.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import text

from compfund.actor import Actor
from compfund.ages import ADULT_AGE, age_on
from compfund.awards import from_eligibility as eligibility
from compfund.awards.award_policy import award_policy_on
from compfund.awards.award_view import AwardView, award_view
from compfund.awards.figures import Figures, work_out
from compfund.awards.instalments import check_count
from compfund.clock import today_in_cambodia, utc_now
from compfund.db.uow import UnitOfWork
from compfund.enums import ApplicationStatus, AwardStatus, DeductionKind, HeadOfLoss, Payee
from compfund.errors import InvalidInput
from compfund.models import Award, AwardDeduction, AwardHead, Survivor
from compfund.money import Currency, Money
from compfund.permissions import Action
from compfund.service import application_in_scope, service

SURVIVOR_LOCK = 7301  # PostgreSQL advisory lock class: one award calculation per survivor


def lock_survivor(uow: UnitOfWork, survivor_id: int) -> None:
    """Serialise award calculations for one survivor (SQLite's BEGIN IMMEDIATE already does)."""
    if uow.dialect == "postgresql":
        uow.session.execute(
            text("SELECT pg_advisory_xact_lock(:k, :s)"), {"k": SURVIVOR_LOCK, "s": survivor_id}
        )


def payee_for(survivor: Survivor, day: date) -> Payee:
    """A minor is paid through their guardian."""
    if age_on(day, survivor.date_of_birth, survivor.birth_year) >= ADULT_AGE:
        return Payee.SURVIVOR
    if not (survivor.guardian_name or "").strip():
        raise InvalidInput(
            f"{survivor.code} is a minor with no guardian recorded: the caseworker records "
            "the guardian who will receive the payments first."
        )
    return Payee.GUARDIAN


def add_calculation(uow: UnitOfWork, award: Award, figures: Figures) -> None:
    calc = figures.calculation
    for h in calc.heads:
        uow.session.add(
            AwardHead(
                award_id=award.id,
                head=h.head,
                claimed_minor=h.claimed.minor if h.claimed else None,
                assessed_minor=h.assessed.minor,
                cap_minor=h.cap.minor,
                allowed_minor=h.allowed.minor,
            )
        )
    for d in calc.deductions:
        interim = d.kind is DeductionKind.INTERIM_GRANT
        uow.session.add(
            AwardDeduction(
                award_id=award.id,
                kind=d.kind,
                interim_award_id=d.source_id if interim else None,
                other_compensation_id=None if interim else d.source_id,
                source_currency=d.source_used.currency,
                source_minor=d.source_used.minor,
                deducted_minor=d.deducted.minor,
            )
        )


@service(Action.RECOMMEND_AWARD, writes=True)
def recommend_award(
    application_code: str,
    currency: Currency,
    assessed: dict[HeadOfLoss, Money] | None = None,
    *,
    instalments: int = 1,
    first_due_on: date | None = None,
    note: str | None = None,
    actor: Actor,
    uow: UnitOfWork,
) -> AwardView:
    """Calculate and recommend the award for an eligible application. ``assessed`` gives
    the amount assessed under each head of loss (none for an interim grant)."""
    check_count(instalments)
    application = application_in_scope(uow, actor, application_code)
    kind = eligibility.require_eligible(uow, application)
    survivor = application.identification.survivor
    lock_survivor(uow, survivor.id)
    day = today_in_cambodia()
    if first_due_on is not None and first_due_on < day:
        raise InvalidInput(f"The first instalment cannot fall due in the past ({first_due_on}).")
    policy = award_policy_on(uow, day)
    grant_and_cap = eligibility.grant_and_cap(uow, currency, day=day)
    figures = work_out(
        uow,
        policy=policy,
        grant_and_cap=grant_and_cap,
        kind=kind,
        currency=currency,
        assessed=dict(assessed or {}),
        claimed=eligibility.claimed_heads(uow, application),
        survivor_id=survivor.id,
        day=day,
    )
    amount = figures.calculation.amount
    check_count(instalments, amount)
    award = Award(
        application_id=application.id,
        survivor_id=survivor.id,
        kind=kind,
        status=AwardStatus.RECOMMENDED,
        currency=currency,
        award_policy_id=policy.id,
        policy_version_id=grant_and_cap.policy_version_id,
        calculated_on=day,
        rate_id=figures.rate_used.rate_id if figures.rate_used else None,
        rate=str(figures.rate) if figures.rate is not None else None,
        gross_minor=figures.calculation.gross.minor,
        amount_minor=amount.minor,
        two_approvers=amount > figures.threshold,
        payee=payee_for(survivor, day),
        instalments=instalments,
        first_due_on=first_due_on,
        note=(note or "").strip() or None,
        recommended_by=actor.login,
        recommended_at=utc_now(),
    )
    uow.session.add(award)
    uow.session.flush()
    add_calculation(uow, award, figures)
    eligibility.move_application(
        uow, actor, application, ApplicationStatus.ELIGIBLE, ApplicationStatus.AWARD_RECOMMENDED
    )
    uow.session.refresh(award)
    return award_view(uow, award)
