"""Consent to an application, and its withdrawal.

An adult survivor consents for themselves; for a survivor who is a minor on the day of
consent, the guardian does, and the survivor's own consent is refused. Withdrawing
consent is recorded and stops processing: the application becomes withdrawn.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from compfund.actor import Actor
from compfund.ages import ADULT_AGE, age_on
from compfund.applications.transitions import apply_transition
from compfund.clock import today_in_cambodia, utc_now
from compfund.db.uow import UnitOfWork
from compfund.enums import ApplicationStatus, ConsentGiver, ConsentMethod
from compfund.errors import InvalidInput, RuleViolation
from compfund.models import Application, Consent
from compfund.permissions import Action
from compfund.service import application_in_scope, service
from compfund.workflow import words

S = ApplicationStatus
INTAKE_OPEN = frozenset({S.DRAFT, S.SUBMITTED, S.ON_HOLD, S.INFORMATION_REQUESTED})
"""While an application is in one of these, the caseworker may still complete its intake."""


def intake_open(application: Application, what: str) -> None:
    if application.status not in INTAKE_OPEN:
        raise RuleViolation(
            f"{application.code} is {words(application.status)}: {what} can be recorded "
            "while it is a draft, submitted, on hold or while information is requested."
        )


def not_in_future(day: date, what: str) -> None:
    today = today_in_cambodia()
    if day > today:
        raise InvalidInput(f"The {what} {day} is after today ({today}).")


@dataclass(frozen=True, slots=True)
class ConsentInput:
    given_by: ConsentGiver
    given_on: date
    method: ConsentMethod


def _consent_of(uow: UnitOfWork, application: Application) -> Consent | None:
    return uow.session.execute(
        select(Consent).where(Consent.application_id == application.id)
    ).scalar_one_or_none()


@service(Action.RECORD_CONSENT, writes=True)
def record_consent(code: str, data: ConsentInput, *, actor: Actor, uow: UnitOfWork) -> None:
    application = application_in_scope(uow, actor, code)
    intake_open(application, "consent")
    not_in_future(data.given_on, "date of consent")
    survivor = application.identification.survivor
    age = age_on(data.given_on, survivor.date_of_birth, survivor.birth_year)
    if data.given_by is ConsentGiver.SURVIVOR and age < ADULT_AGE:
        raise RuleViolation(
            f"The survivor was {age} on {data.given_on}: a minor cannot consent alone. "
            "Record the guardian's consent."
        )
    if data.given_by is ConsentGiver.GUARDIAN:
        if age >= ADULT_AGE:
            raise RuleViolation(
                f"The survivor was {age} on {data.given_on}: an adult consents for themselves."
            )
        if not (survivor.guardian_name or "").strip():
            raise RuleViolation("No guardian is recorded for this survivor: record one first.")
    if _consent_of(uow, application) is not None:
        raise RuleViolation(f"Consent to {application.code} is already recorded.")
    uow.session.add(
        Consent(
            application_id=application.id,
            given_by=data.given_by,
            given_on=data.given_on,
            method=data.method,
            recorded_by_id=actor.user_id,
            recorded_at=utc_now(),
        )
    )


@service(Action.WITHDRAW_APPLICATION, writes=True)
def withdraw_consent(
    code: str,
    withdrawn_on: date,
    method: ConsentMethod,
    note: str,
    *,
    actor: Actor,
    uow: UnitOfWork,
) -> None:
    """Record that consent was withdrawn; the application becomes withdrawn (if it is
    already withdrawn or closed, the withdrawal is still recorded)."""
    if not note.strip():
        raise InvalidInput("Say how the withdrawal came (who asked, in what words).")
    application = application_in_scope(uow, actor, code)
    not_in_future(withdrawn_on, "date of withdrawal")
    consent = _consent_of(uow, application)
    if consent is None:
        raise RuleViolation(
            f"No consent to {application.code} is recorded, so none can be withdrawn: "
            "withdraw the application itself, with a reason."
        )
    if consent.withdrawn_on is not None:
        raise RuleViolation(
            f"Consent to {application.code} was withdrawn on {consent.withdrawn_on}."
        )
    if withdrawn_on < consent.given_on:
        raise InvalidInput(f"Consent was given on {consent.given_on}, after {withdrawn_on}.")
    consent.withdrawn_on = withdrawn_on
    consent.withdrawal_method = method
    consent.withdrawal_note = note.strip()
    consent.withdrawal_recorded_by_id = actor.user_id
    if application.status not in (S.WITHDRAWN, S.CLOSED):
        apply_transition(
            uow, actor, application, S.WITHDRAWN, reason=f"consent withdrawn: {note.strip()}"
        )
