"""Possible duplicates, the fund officer's side: screen, list, compare, link, override.

A caseworker's submission is screened against the survivors of their own province (on
PostgreSQL row-level security shows them no others; on SQLite the same scope is applied,
so both databases behave alike; see ``compfund.applications.screening``). Survivors of
other provinces are compared when a fund officer screens the submitted applications
(``screen_submitted``), before review starts. A caseworker whose application was held
because of a survivor of another province is told only that it was referred.

A fund officer looks at the two survivors side by side (an identifying access, recorded
with its reason) and either **links** the application to the registered survivor or
**overrides** the hold with a reason; both release the application to "submitted".
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from compfund.actor import Actor
from compfund.applications.screening import (
    Screening,
    hold_if_duplicate,
    hold_notice,
    open_flags,
    registered_index,
    survivor_of,
)
from compfund.applications.transitions import apply_transition
from compfund.audit.access import SurvivorIdentity, show_identity
from compfund.clock import utc_now
from compfund.codes import parse_survivor_code
from compfund.db.uow import UnitOfWork
from compfund.enums import ApplicationStatus, DuplicateResolution
from compfund.errors import NotFound, PermissionDenied, RuleViolation
from compfund.models import Application, Identification, IdentityDocument, Survivor
from compfund.models.possible_duplicates import PossibleDuplicate
from compfund.permissions import Action
from compfund.reasons import DUPLICATE_DECISION, IDENTIFYING_ACCESS
from compfund.service import application_in_scope, service


@service(Action.HOLD_DUPLICATE, writes=True)
def screen_application(code: str, *, actor: Actor, uow: UnitOfWork) -> Screening:
    """Screen one submitted application for a likely duplicate, holding it if found."""
    application = application_in_scope(uow, actor, code)
    if application.status is ApplicationStatus.ON_HOLD:
        return Screening(code, True, hold_notice(uow, actor, application))
    return hold_if_duplicate(uow, actor, application, registered_index(uow, actor))


@service(Action.RESOLVE_DUPLICATE, writes=True)
def screen_submitted(*, actor: Actor, uow: UnitOfWork) -> list[Screening]:
    """Screen every submitted application against all provinces (fund officers)."""
    index = registered_index(uow, actor)
    applications = uow.session.execute(
        select(Application)
        .where(Application.status == ApplicationStatus.SUBMITTED)
        .order_by(Application.id)
    ).scalars()
    return [hold_if_duplicate(uow, actor, a, index) for a in list(applications)]


# -- the fund officer's side: list, compare, link, override -------------------------------


@dataclass(frozen=True, slots=True)
class HeldCase:
    """One possible duplicate, without names: codes, province, score and reasons."""

    application: str
    survivor: str
    province_code: str
    existing_survivor: str
    existing_province_code: str
    score: int
    reasons: str

    def to_json(self) -> dict[str, object]:
        return {
            "application": self.application,
            "survivor": self.survivor,
            "province": self.province_code,
            "possible_duplicate_of": self.existing_survivor,
            "their_province": self.existing_province_code,
            "score": self.score,
            "reasons": self.reasons,
        }


def _held_case(uow: UnitOfWork, flag: PossibleDuplicate, application: Application) -> HeldCase:
    survivor = uow.session.get(Survivor, flag.survivor_id)
    existing = uow.session.get(Survivor, flag.existing_survivor_id)
    assert survivor is not None and existing is not None
    return HeldCase(
        application.code,
        survivor.code,
        survivor.province_code,
        existing.code,
        existing.province_code,
        flag.score,
        flag.reasons,
    )


@service(Action.RESOLVE_DUPLICATE, writes=False)
def held_cases(*, actor: Actor, uow: UnitOfWork) -> list[HeldCase]:
    """Every open possible duplicate, the most alike first."""
    rows = uow.session.execute(
        select(PossibleDuplicate, Application)
        .join(Application, Application.id == PossibleDuplicate.application_id)
        .where(PossibleDuplicate.resolution.is_(None))
        .order_by(PossibleDuplicate.score.desc(), PossibleDuplicate.id)
    ).all()
    return [_held_case(uow, flag, application) for flag, application in rows]


@dataclass(frozen=True, slots=True)
class SideBySide:
    """The held application's survivor and the registered one, for a fund officer."""

    application: str
    held: SurvivorIdentity
    registered: SurvivorIdentity
    score: int
    reasons: str


def _held(uow: UnitOfWork, actor: Actor, code: str) -> Application:
    if not actor.may(Action.RESOLVE_DUPLICATE):
        raise PermissionDenied(
            "Possible duplicates are compared and resolved by fund officers: the case was "
            "referred to the fund secretariat."
        )
    application = application_in_scope(uow, actor, code)
    if application.status is not ApplicationStatus.ON_HOLD or not open_flags(uow, application):
        raise RuleViolation(f"{application.code} is not on hold as a possible duplicate.")
    return application


def _flag_for(uow: UnitOfWork, application: Application, survivor_code: str) -> PossibleDuplicate:
    canonical = parse_survivor_code(survivor_code)
    for flag in open_flags(uow, application):
        existing = uow.session.get(Survivor, flag.existing_survivor_id)
        if existing is not None and existing.code == canonical:
            return flag
    raise NotFound(f"{application.code} is not held as a possible duplicate of {canonical}.")


@service(Action.VIEW_IDENTITY, writes=True)
def compare_side_by_side(
    code: str, survivor_code: str, reason: str, *, actor: Actor, uow: UnitOfWork
) -> SideBySide:
    """Both survivors' identifying details, for a fund officer; each access is recorded
    in the audit trail with the reason (``compfund.audit.access``)."""
    why = IDENTIFYING_ACCESS.read(reason)
    application = _held(uow, actor, code)
    flag = _flag_for(uow, application, survivor_code)
    registered = uow.session.get(Survivor, flag.existing_survivor_id)
    assert registered is not None
    because = f"duplicate check of {application.code}: {why}"
    return SideBySide(
        application.code,
        show_identity(survivor_of(application).code, because, actor=actor, uow=uow),
        show_identity(registered.code, because, actor=actor, uow=uow),
        flag.score,
        flag.reasons,
    )


def _decision_reason(reason: str) -> str:
    return DUPLICATE_DECISION.read(reason)


def _resolve(
    uow: UnitOfWork,
    actor: Actor,
    application: Application,
    chosen: PossibleDuplicate | None,
    why: str,
) -> None:
    now = utc_now()
    for flag in open_flags(uow, application):
        flag.resolution = (
            DuplicateResolution.LINKED if flag is chosen else DuplicateResolution.OVERRIDDEN
        )
        flag.resolved_by_id = actor.user_id
        flag.resolved_at = now
        flag.resolution_reason = why
    step_reason = f"{'linked' if chosen else 'not a duplicate'}: {why}"
    apply_transition(uow, actor, application, ApplicationStatus.SUBMITTED, reason=step_reason)


@service(Action.RESOLVE_DUPLICATE, writes=True)
def link_to_registered_survivor(
    code: str, survivor_code: str, reason: str, *, actor: Actor, uow: UnitOfWork
) -> str:
    """The same person: move the application's identification to the registered survivor.

    Identity documents not yet recorded for that survivor are copied over; the record
    registered with the application stays, marked merged, and is no longer compared.
    Returns the survivor code the application now belongs to."""
    why = _decision_reason(reason)
    application = _held(uow, actor, code)
    flag = _flag_for(uow, application, survivor_code)
    registered = uow.session.get(Survivor, flag.existing_survivor_id)
    assert registered is not None
    merged = survivor_of(application)
    known = {(d.document_type, d.number) for d in registered.documents}
    for document in merged.documents:
        if (document.document_type, document.number) not in known:
            registered.documents.append(
                IdentityDocument(
                    document_type=document.document_type,
                    number=document.number,
                    issued_by=document.issued_by,
                    recorded_at=utc_now(),
                )
            )
    identifications = uow.session.execute(
        select(Identification).where(Identification.survivor_id == merged.id)
    ).scalars()
    for identification in list(identifications):
        identification.survivor_id = registered.id
        uow.session.flush()
        uow.session.expire(identification, ["survivor"])
    _resolve(uow, actor, application, flag, why)
    return registered.code


@service(Action.RESOLVE_DUPLICATE, writes=True)
def override_duplicate_hold(code: str, reason: str, *, actor: Actor, uow: UnitOfWork) -> None:
    """Not the same person: let the application go forward; the reason is recorded."""
    why = _decision_reason(reason)
    _resolve(uow, actor, _held(uow, actor, code), None, why)
