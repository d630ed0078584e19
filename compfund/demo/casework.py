"""Demo casework: what a caseworker records with an application, and how far the fund
has taken it, all through the services (so every step obeys the workflow table).

Each application gets a planned status; it is walked there along the shortest path of
the workflow table, by the officers who would take each step (four eyes kept: fund
officer 1 decides, approver 1 approves, the others review). Where a step turns out
otherwise (the check finds it ineligible, duplicate screening holds it), it stays where
it is, as a real case would.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from compfund.actor import Actor
from compfund.ages import ADULT_AGE, age_on
from compfund.applications import application as apps
from compfund.applications.claims import (
    DisclosureInput,
    LossClaim,
    ReceivedPayment,
    record_disclosure,
    set_heads_of_loss,
)
from compfund.applications.consent import ConsentInput, record_consent
from compfund.clock import today_in_cambodia
from compfund.db.uow import UnitOfWork
from compfund.eligibility.decisions import check_eligibility, extend_time_limit
from compfund.enums import ApplicationStatus as S
from compfund.enums import (
    ApplicationType,
    ConsentGiver,
    ConsentMethod,
    HeadOfLoss,
    Payer,
    Recipient,
)
from compfund.errors import CompfundError
from compfund.money import Money
from compfund.service import application_in_scope

# Planned statuses: every one first, in this order, then by these weights.
COVERAGE = (
    S.APPROVED,
    S.ELIGIBLE,
    S.INELIGIBLE,
    S.INFORMATION_REQUESTED,
    S.UNDER_REVIEW,
    S.AWARD_RECOMMENDED,
    S.REJECTED,
    S.REVIEW_REQUESTED,
    S.ON_HOLD,
    S.WITHDRAWN,
    S.CLOSED,
    S.SUBMITTED,
    S.DRAFT,
)
WEIGHTS = {
    S.DRAFT: 8,
    S.SUBMITTED: 14,
    S.ON_HOLD: 2,
    S.UNDER_REVIEW: 8,
    S.INFORMATION_REQUESTED: 8,
    S.ELIGIBLE: 10,
    S.INELIGIBLE: 4,
    S.AWARD_RECOMMENDED: 8,
    S.APPROVED: 14,
    S.REJECTED: 3,
    S.REVIEW_REQUESTED: 3,
    S.WITHDRAWN: 4,
    S.CLOSED: 3,
}
LATE = frozenset({S.INELIGIBLE, S.REVIEW_REQUESTED})
"""Planned statuses reached by a late application: identified years before it was made."""

PATHS: dict[S, tuple[tuple[S, str], ...]] = {
    # the shortest way from draft to each status: (status reached, who takes the step)
    S.DRAFT: (),
    S.SUBMITTED: ((S.SUBMITTED, "caseworker"),),
    S.ON_HOLD: ((S.SUBMITTED, "caseworker"), (S.ON_HOLD, "fo2")),
    S.UNDER_REVIEW: ((S.SUBMITTED, "caseworker"), (S.UNDER_REVIEW, "fo1")),
    S.INFORMATION_REQUESTED: (
        (S.SUBMITTED, "caseworker"),
        (S.UNDER_REVIEW, "fo1"),
        (S.INFORMATION_REQUESTED, "fo1"),
    ),
    S.ELIGIBLE: ((S.SUBMITTED, "caseworker"), (S.ELIGIBLE, "fo1")),
    S.INELIGIBLE: ((S.SUBMITTED, "caseworker"), (S.INELIGIBLE, "fo1")),
    S.AWARD_RECOMMENDED: (
        (S.SUBMITTED, "caseworker"),
        (S.ELIGIBLE, "fo1"),
        (S.AWARD_RECOMMENDED, "fo1"),
    ),
    S.APPROVED: (
        (S.SUBMITTED, "caseworker"),
        (S.ELIGIBLE, "fo1"),
        (S.AWARD_RECOMMENDED, "fo1"),
        (S.APPROVED, "ap1"),
    ),
    S.REJECTED: (
        (S.SUBMITTED, "caseworker"),
        (S.ELIGIBLE, "fo1"),
        (S.AWARD_RECOMMENDED, "fo1"),
        (S.REJECTED, "ap1"),
    ),
    S.REVIEW_REQUESTED: (
        (S.SUBMITTED, "caseworker"),
        (S.INELIGIBLE, "fo1"),
        (S.REVIEW_REQUESTED, "caseworker"),
    ),
    S.WITHDRAWN: ((S.WITHDRAWN, "caseworker"),),
    S.CLOSED: ((S.WITHDRAWN, "caseworker"), (S.CLOSED, "fo2")),
}
_REASONS = {
    S.ON_HOLD: "possibly the same survivor as one registered in another province",
    S.INFORMATION_REQUESTED: "a readable scan of the identification form, please",
    S.REVIEW_REQUESTED: "the survivor says she applied late because she was still in China",
    S.WITHDRAWN: "the survivor moved abroad and asked to stop",
    S.CLOSED: "withdrawn; nothing more to do",
}


@dataclass(frozen=True, slots=True)
class Office:
    """The officers who take each step: the province's caseworker and the fund's."""

    caseworker: Actor
    fo1: Actor
    fo2: Actor
    ap1: Actor

    def __getitem__(self, who: str) -> Actor:
        actor: Actor = getattr(self, who)
        return actor


def plan(rng: random.Random, index: int) -> S:
    """The status the ``index``-th application is taken to."""
    if index < len(COVERAGE):
        return COVERAGE[index]
    return rng.choices(list(WEIGHTS), weights=list(WEIGHTS.values()))[0]


def _consent(rng: random.Random, uow: UnitOfWork, code: str, actor: Actor, day: date) -> None:
    application = application_in_scope(uow, actor, code)
    survivor = application.identification.survivor
    minor = age_on(day, survivor.date_of_birth, survivor.birth_year) < ADULT_AGE
    if minor and not survivor.guardian_name:
        return  # left for the fund to ask for
    giver = ConsentGiver.GUARDIAN if minor else ConsentGiver.SURVIVOR
    method = rng.choice(list(ConsentMethod))
    record_consent(code, ConsentInput(giver, day, method), actor=actor, uow=uow)


def _disclosure(rng: random.Random, identified_on: date, day: date) -> DisclosureInput:
    if rng.random() > 0.2:
        return DisclosureInput(day)  # nothing received
    received_on = identified_on + timedelta(
        days=rng.randrange(0, max((day - identified_on).days, 1))
    )
    if rng.random() < 0.6:
        amount = Money.of(str(rng.randrange(5, 50) * 10), "USD")
    else:
        amount = Money.of(str(rng.randrange(2, 40) * 50_000), "KHR")
    payer = rng.choice((Payer.AGENT, Payer.AGENT, Payer.EMPLOYER, Payer.OFFENDER))
    recipient = rng.choice((Recipient.SURVIVOR, Recipient.FAMILY))
    note = "to drop the complaint" if payer is not Payer.EMPLOYER else "part of the wages owed"
    payment = ReceivedPayment(amount, min(received_on, day), payer, recipient, note)
    return DisclosureInput(day, (payment,))


def _losses(rng: random.Random) -> tuple[LossClaim, ...]:
    months = rng.randrange(2, 24)
    wage = rng.choice((150, 200, 250, 300, 350))
    claims = [
        LossClaim(
            HeadOfLoss.LOST_WAGES,
            Money.of(str(months * wage), "USD"),
            f"{months} months unpaid at USD {wage}",
        )
    ]
    if rng.random() < 0.5:
        claims.append(
            LossClaim(HeadOfLoss.MEDICAL_COSTS, Money.of(str(rng.randrange(20, 600)), "USD"))
        )
    if rng.random() < 0.7:
        claims.append(LossClaim(HeadOfLoss.PSYCHOLOGICAL_HARM, Money.of("1000", "USD")))
    if rng.random() < 0.6:
        travel = Money.of(str(rng.randrange(40, 300)), "USD")
        claims.append(LossClaim(HeadOfLoss.REHABILITATION_AND_TRAVEL, travel, "bus and boat home"))
    return tuple(claims)


def take_in(
    rng: random.Random,
    uow: UnitOfWork,
    office: Office,
    code: str,
    kind: ApplicationType,
    identified_on: date,
    target: S,
) -> None:
    """Consent, disclosure and heads of loss; a draft may still lack some of them."""
    actor = office.caseworker
    day = min(today_in_cambodia(), identified_on + timedelta(days=rng.randrange(1, 40)))
    complete = target is not S.DRAFT and target is not S.INFORMATION_REQUESTED
    if complete or rng.random() < 0.6:
        _consent(rng, uow, code, actor, day)
    if complete or rng.random() < 0.5:
        record_disclosure(code, _disclosure(rng, identified_on, day), actor=actor, uow=uow)
    if kind is ApplicationType.COMPENSATION_AWARD and (complete or rng.random() < 0.5):
        set_heads_of_loss(code, _losses(rng), actor=actor, uow=uow)


def _step(uow: UnitOfWork, office: Office, code: str, target: S, who: str) -> None:
    actor = office[who]
    if target is S.SUBMITTED:
        apps.submit_application(code, actor=actor, uow=uow)
    elif target in (S.ELIGIBLE, S.INELIGIBLE):
        check_eligibility(code, actor=actor, uow=uow)
    else:
        apps.move_application(code, target, reason=_REASONS.get(target), actor=actor, uow=uow)


AWARD_STEPS = frozenset({S.AWARD_RECOMMENDED, S.APPROVED, S.REJECTED})
"""Reached on the paths only with an award: recommended, approved or rejected."""


def walk(uow: UnitOfWork, office: Office, code: str, target: S, *, extend: bool) -> S:
    """Take the application towards ``target``, as far as eligible for a planned award;
    returns the status it reached."""
    if extend:
        extend_time_limit(
            code,
            "identified before the fund existed; the survivor applied once it opened",
            actor=office.fo1,
            uow=uow,
        )
    for status, who in PATHS[target]:
        if status in AWARD_STEPS:
            break  # the awards are made with the money (compfund.demo.money)
        try:
            with uow.session.begin_nested():
                _step(uow, office, code, status, who)
        except CompfundError:
            break
        if application_in_scope(uow, office[who], code).status is not status:
            break  # the check or the duplicate screening decided otherwise
    return application_in_scope(uow, office.fo1, code).status
