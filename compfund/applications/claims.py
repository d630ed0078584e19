"""What an application claims and discloses: heads of loss, and money already received.

The disclosure answers "has the survivor or family received any money from the
offender, agent or employer?". Recording "nothing received" is an answer; no
disclosure at all means the question was not asked. Each sum received is Money with
its date and payer. A compensation award claim names its heads of loss, each with the
amount claimed; an interim grant claims none.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from compfund.actor import Actor
from compfund.applications.consent import intake_open, not_in_future
from compfund.clock import utc_now
from compfund.db.uow import UnitOfWork
from compfund.enums import ApplicationStatus, ApplicationType, HeadOfLoss, Payer, Recipient
from compfund.errors import InvalidInput, RuleViolation
from compfund.models import ClaimedLoss, DisclosedPayment, Disclosure
from compfund.money import Money
from compfund.permissions import Action
from compfund.service import application_in_scope, service
from compfund.workflow import words


@dataclass(frozen=True, slots=True)
class ReceivedPayment:
    amount: Money
    received_on: date
    paid_by: Payer
    received_by: Recipient = Recipient.SURVIVOR
    paid_by_note: str | None = None


@dataclass(frozen=True, slots=True)
class DisclosureInput:
    asked_on: date
    payments: tuple[ReceivedPayment, ...] = ()
    """Empty: the survivor and family received nothing."""


@dataclass(frozen=True, slots=True)
class LossClaim:
    head: HeadOfLoss
    amount: Money
    note: str | None = None


def _positive(amount: Money, what: str) -> None:
    if amount.minor <= 0:
        raise InvalidInput(f"The {what} must be more than zero, not {amount}.")


@service(Action.SUBMIT_APPLICATION, writes=True)
def record_disclosure(code: str, data: DisclosureInput, *, actor: Actor, uow: UnitOfWork) -> None:
    """Record (or replace) the survivor's disclosure of money received outside the fund."""
    application = application_in_scope(uow, actor, code)
    intake_open(application, "the disclosure of money received")
    not_in_future(data.asked_on, "date the survivor was asked")
    for p in data.payments:
        _positive(p.amount, "amount received")
        not_in_future(p.received_on, "date the money was received")
        if p.received_on > data.asked_on:
            raise InvalidInput(
                f"Money received on {p.received_on} cannot be disclosed when asked on "
                f"{data.asked_on}."
            )
        if p.paid_by is Payer.OTHER and not (p.paid_by_note or "").strip():
            raise InvalidInput("Say who paid when the payer is 'other'.")
    disclosure = uow.session.execute(
        select(Disclosure).where(Disclosure.application_id == application.id)
    ).scalar_one_or_none()
    answer = {
        "asked_on": data.asked_on,
        "received": bool(data.payments),
        "recorded_by_id": actor.user_id,
        "recorded_at": utc_now(),
    }
    if disclosure is None:
        disclosure = Disclosure(application_id=application.id, **answer)
        uow.session.add(disclosure)
    for name, value in answer.items():
        setattr(disclosure, name, value)
    disclosure.payments.clear()
    uow.session.flush()
    disclosure.payments.extend(
        DisclosedPayment(
            amount_minor=p.amount.minor,
            currency=p.amount.currency,
            received_on=p.received_on,
            paid_by=p.paid_by,
            paid_by_note=(p.paid_by_note or "").strip() or None,
            received_by=p.received_by,
        )
        for p in data.payments
    )


@service(Action.SUBMIT_APPLICATION, writes=True)
def set_heads_of_loss(
    code: str, claims: tuple[LossClaim, ...], *, actor: Actor, uow: UnitOfWork
) -> None:
    """Set the heads of loss of a compensation award claim (replacing any before)."""
    application = application_in_scope(uow, actor, code)
    if application.application_type is not ApplicationType.COMPENSATION_AWARD:
        raise RuleViolation(
            f"{application.code} is an interim grant application: heads of loss belong to a "
            "compensation award claim."
        )
    if application.status not in (ApplicationStatus.DRAFT, ApplicationStatus.INFORMATION_REQUESTED):
        raise RuleViolation(
            f"{application.code} is {words(application.status)}: heads of "
            "loss can be changed while it is a draft or while information is requested."
        )
    heads = [c.head for c in claims]
    if len(set(heads)) != len(heads):
        raise InvalidInput("Claim each head of loss once (put everything else under 'other').")
    if len({c.amount.currency for c in claims}) > 1:
        raise InvalidInput("Claim every head of loss in the same currency, KHR or USD.")
    for c in claims:
        _positive(c.amount, f"amount claimed for {c.head.value.replace('_', ' ')}")
        if c.head is HeadOfLoss.OTHER and not (c.note or "").strip():
            raise InvalidInput("Say what the 'other' head of loss is, in its note.")
    earlier = uow.session.execute(
        select(ClaimedLoss).where(ClaimedLoss.application_id == application.id)
    ).scalars()
    for loss in earlier:  # one by one, so the audit trail records each
        uow.session.delete(loss)
    uow.session.flush()
    uow.session.add_all(
        ClaimedLoss(
            application_id=application.id,
            head=c.head,
            amount_minor=c.amount.minor,
            currency=c.amount.currency,
            note=(c.note or "").strip() or None,
        )
        for c in claims
    )
