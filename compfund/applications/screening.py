"""Screening one submitted application for a likely duplicate, and holding it if found.

Screening compares the application's survivor with every registered survivor the
officer's session can see (``compfund.intake.duplicate_detection``); a likely duplicate puts the
application on hold (the workflow's "hold as possible duplicate" step) with one
``PossibleDuplicate`` row per registered survivor it resembles.

Within one unit of work the registered survivors are loaded once and kept in the
session (a workbook of many rows is screened against one index), and each survivor
screened is added to it, so two rows of one file for the same person meet as well.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from compfund.actor import Actor
from compfund.applications.transitions import apply_transition
from compfund.clock import utc_now
from compfund.db.uow import UnitOfWork
from compfund.enums import ApplicationStatus, DocumentType, DuplicateResolution, Sex
from compfund.intake.duplicate_detection import DuplicateIndex, Match, PersonDetails
from compfund.models import Application, IdentityDocument, Survivor
from compfund.models.possible_duplicates import PossibleDuplicate
from compfund.permissions import Role
from compfund.service import in_scope

HOLD_REASON = "possible duplicate of a registered survivor (duplicate detection)"
REFERRED = (
    "{code} was referred to the fund secretariat for a check before it goes forward; "
    "you will be told when it may proceed."
)
SCREENED = (ApplicationStatus.SUBMITTED, ApplicationStatus.UNDER_REVIEW)
_INDEX = "compfund_duplicate_index"


@dataclass(frozen=True, slots=True)
class Screening:
    """What screening found, as the acting officer may be told it."""

    application: str
    held: bool
    notice: str

    def to_json(self) -> dict[str, object]:
        return {"application": self.application, "held": self.held, "notice": self.notice}


# -- the registered survivors, as duplicate detection compares them ------------------------


def person_of(survivor: Survivor) -> PersonDetails:
    return PersonDetails(
        name_km=survivor.name_km,
        name_latin=survivor.name_latin,
        sex=survivor.sex,
        date_of_birth=survivor.date_of_birth,
        birth_year=survivor.birth_year,
        documents=tuple((d.document_type, d.number) for d in survivor.documents if d.number),
    )


def registered_index(uow: UnitOfWork, actor: Actor) -> DuplicateIndex:
    """Every registered survivor the actor may see, less records merged by a link;
    loaded once per unit of work for each scope (one province, or all)."""
    scope = actor.province_code if actor.role is Role.CASEWORKER else "*"
    indexes = uow.session.info.setdefault(_INDEX, {})
    if scope not in indexes:
        indexes[scope] = _load_index(uow, actor)
    index: DuplicateIndex = indexes[scope]
    return index


def _load_index(uow: UnitOfWork, actor: Actor) -> DuplicateIndex:
    merged = select(PossibleDuplicate.survivor_id).where(
        PossibleDuplicate.resolution == DuplicateResolution.LINKED
    )
    query = select(
        Survivor.id,
        Survivor.name_km,
        Survivor.name_latin,
        Survivor.sex,
        Survivor.date_of_birth,
        Survivor.birth_year,
    ).where(Survivor.id.not_in(merged))
    if actor.role is Role.CASEWORKER:
        query = query.where(Survivor.province_code == actor.province_code)
    documents: dict[int, list[tuple[DocumentType, str]]] = {}
    doc_rows = uow.session.execute(
        select(
            IdentityDocument.survivor_id, IdentityDocument.document_type, IdentityDocument.number
        )
        .join(Survivor, Survivor.id == IdentityDocument.survivor_id)
        .where(IdentityDocument.number.is_not(None))
    )
    for survivor_id, kind, number in doc_rows:
        if number:
            documents.setdefault(survivor_id, []).append((kind, number))
    rows = uow.session.execute(query)
    return DuplicateIndex.of(
        (
            sid,
            PersonDetails(km, latin, Sex(sex), dob, year, tuple(documents.get(sid, ()))),
        )
        for sid, km, latin, sex, dob, year in rows
    )


def _dismissed(uow: UnitOfWork, application: Application) -> set[int]:
    """Registered survivors already flagged for this application (resolved or not)."""
    return set(
        uow.session.execute(
            select(PossibleDuplicate.existing_survivor_id).where(
                PossibleDuplicate.application_id == application.id
            )
        ).scalars()
    )


def survivor_of(application: Application) -> Survivor:
    return application.identification.survivor


def hold_if_duplicate(
    uow: UnitOfWork, actor: Actor, application: Application, index: DuplicateIndex
) -> Screening:
    """Screen one submitted application against ``index``; hold it on a likely match."""
    survivor = survivor_of(application)
    known = _dismissed(uow, application)
    matches = []
    if application.status in SCREENED:
        matches = [  # only survivors registered before this one are "already registered"
            m
            for m in index.likely_duplicates(person_of(survivor), exclude=survivor.id)
            if m.survivor_id < survivor.id and m.survivor_id not in known
        ]
    if not matches:
        return Screening(application.code, False, f"{application.code}: no likely duplicate.")
    now = utc_now()
    for match in matches:
        uow.session.add(_flag(application, survivor, match, actor, now))
    apply_transition(uow, actor, application, ApplicationStatus.ON_HOLD, reason=HOLD_REASON)
    return Screening(application.code, True, hold_notice(uow, actor, application))


def _flag(
    application: Application, survivor: Survivor, match: Match, actor: Actor, now: datetime
) -> PossibleDuplicate:
    return PossibleDuplicate(
        application_id=application.id,
        survivor_id=survivor.id,
        existing_survivor_id=match.survivor_id,
        score=match.resemblance.score,
        reasons="; ".join(match.resemblance.reasons)[:400],
        flagged_by_id=actor.user_id,
        flagged_at=now,
    )


def open_flags(uow: UnitOfWork, application: Application) -> list[PossibleDuplicate]:
    return list(
        uow.session.execute(
            select(PossibleDuplicate)
            .where(
                PossibleDuplicate.application_id == application.id,
                PossibleDuplicate.resolution.is_(None),
            )
            .order_by(PossibleDuplicate.score.desc(), PossibleDuplicate.id)
        ).scalars()
    )


def hold_notice(uow: UnitOfWork, actor: Actor, application: Application) -> str:
    """Why ``application`` is on hold, as ``actor`` may be told it.

    A caseworker learns the survivor codes only when every registered survivor concerned
    is of their own province; otherwise only that the case was referred."""
    flags = open_flags(uow, application)
    codes = []
    for flag in flags:
        existing = uow.session.get(Survivor, flag.existing_survivor_id)
        if existing is None or not in_scope(actor, existing.province_code):
            return REFERRED.format(code=application.code)
        codes.append(existing.code)
    if not codes:
        return REFERRED.format(code=application.code)
    return (
        f"{application.code} is on hold: its survivor may already be registered as "
        f"{', '.join(codes)}. A fund officer will link it or let it go forward."
    )


def screen_submission(uow: UnitOfWork, actor: Actor, application: Application) -> Screening:
    """Screen a just-submitted application; its survivor then joins the index."""
    index = registered_index(uow, actor)
    result = hold_if_duplicate(uow, actor, application, index)
    survivor = survivor_of(application)
    index.add(survivor.id, person_of(survivor))
    return result
