"""Formal identifications, applications to the fund and their attached documents."""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from compfund.actor import Actor
from compfund.applications.screening import Screening, screen_submission
from compfund.applications.transitions import Moved, apply_transition
from compfund.clock import in_cambodia, today_in_cambodia, utc_now
from compfund.codes import new_application_code
from compfund.db.uow import UnitOfWork
from compfund.enums import (
    COUNTRIES_OF_EXPLOITATION,
    ApplicationStatus,
    ApplicationType,
    ExploitationForm,
    IdentifyingAuthority,
)
from compfund.errors import InvalidInput, RuleViolation
from compfund.models import Application, ApplicationDocument, Identification
from compfund.models.cases import MAX_ATTACHMENT_BYTES
from compfund.permissions import Action
from compfund.service import (
    application_in_scope,
    in_scope,
    not_found_for,
    service,
    survivor_in_scope,
)
from compfund.workflow import Step


@dataclass(frozen=True, slots=True)
class IdentificationInput:
    authority: IdentifyingAuthority
    officer_name: str
    identified_on: date
    place: str
    form_reference: str
    exploitation_form: ExploitationForm
    country_code: str
    act_established: bool
    means_established: bool
    purpose_established: bool
    minor_at_time: bool


@service(Action.RECORD_IDENTIFICATION, writes=True)
def record_identification(
    survivor_code: str, data: IdentificationInput, *, actor: Actor, uow: UnitOfWork
) -> int:
    """Record one formal identification for a survivor; returns its id."""
    survivor = survivor_in_scope(uow, actor, survivor_code)
    country = data.country_code.strip().upper()
    if country not in COUNTRIES_OF_EXPLOITATION:
        raise InvalidInput(
            f"Unknown country of exploitation {data.country_code!r}: use an ISO code such as "
            "TH, MY, CN, ID, or KH for trafficking within Cambodia."
        )
    if data.identified_on > today_in_cambodia():
        raise InvalidInput(f"The identification date {data.identified_on} is in the future.")
    if survivor.date_of_birth and data.identified_on < survivor.date_of_birth:
        raise InvalidInput("The identification date is before the survivor's date of birth.")
    for label, value in (
        ("identifying officer", data.officer_name),
        ("place", data.place),
        ("form reference", data.form_reference),
    ):
        if not value.strip():
            raise InvalidInput(f"The identification's {label} is required.")
    identification = Identification(
        survivor_id=survivor.id,
        authority=data.authority,
        officer_name=data.officer_name.strip(),
        identified_on=data.identified_on,
        place=data.place.strip(),
        form_reference=data.form_reference.strip(),
        exploitation_form=data.exploitation_form,
        country_code=country,
        act_established=data.act_established,
        means_established=data.means_established,
        purpose_established=data.purpose_established,
        minor_at_time=data.minor_at_time,
        recorded_by_id=actor.user_id,
        recorded_at=utc_now(),
    )
    uow.session.add(identification)
    uow.session.flush()
    return identification.id


def _new_code(uow: UnitOfWork, year: int, rng: random.Random | None) -> str:
    while True:
        code = new_application_code(year, rng)
        if not uow.session.execute(select(Application.id).where(Application.code == code)).first():
            return code


@service(Action.SUBMIT_APPLICATION, writes=True)
def create_application(
    identification_id: int,
    application_type: ApplicationType,
    submitting_organisation: str,
    *,
    actor: Actor,
    uow: UnitOfWork,
    rng: random.Random | None = None,
) -> str:
    """Open a draft application on one identification; returns its application code."""
    identification = uow.session.get(Identification, identification_id)
    if identification is None or not in_scope(actor, identification.survivor.province_code):
        raise not_found_for(actor, f"identification record {identification_id}")
    if not submitting_organisation.strip():
        raise InvalidInput(
            "Name the organisation submitting the application (DOSVY office or NGO)."
        )
    now = utc_now()
    application = Application(
        code=_new_code(uow, in_cambodia(now).year, rng),
        identification_id=identification.id,
        application_type=application_type,
        status=ApplicationStatus.DRAFT,
        submitting_organisation=submitting_organisation.strip(),
        created_by_id=actor.user_id,
        created_at=now,
    )
    uow.session.add(application)
    uow.session.flush()
    return application.code


@service(Action.SUBMIT_APPLICATION, writes=True)
def submit_application(code: str, *, actor: Actor, uow: UnitOfWork) -> Screening:
    """Submit a draft; a likely duplicate of a registered survivor puts it on hold."""
    application = application_in_scope(uow, actor, code)
    if application.status is not ApplicationStatus.DRAFT:
        raise RuleViolation(
            f"{application.code} is {application.status.value.replace('_', ' ')}; "
            "only a draft can be submitted."
        )
    apply_transition(uow, actor, application, ApplicationStatus.SUBMITTED)
    return screen_submission(uow, actor, application)


@service(Action.VIEW_CASES, writes=True)
def move_application(
    code: str,
    target: ApplicationStatus,
    *,
    reason: str | None = None,
    due_on: date | None = None,
    actor: Actor,
    uow: UnitOfWork,
) -> Moved:
    """Take the workflow step from the application's status to ``target``.

    Any officer may ask; the row of ``compfund.workflow.TRANSITIONS`` decides, through its
    own action in the permission table, whether this officer may take the step."""
    application = application_in_scope(uow, actor, code)
    moved = apply_transition(uow, actor, application, target, reason=reason, due_on=due_on)
    if moved.step == Step.SUBMIT.value:
        screen_submission(uow, actor, application)
    return moved


def check_attachment_size(filename: str, size: int) -> None:
    """Refuse a file above the cap (also before reading it, by its size on disk)."""
    if size > MAX_ATTACHMENT_BYTES:
        raise RuleViolation(
            f"{filename} is {size / (1024 * 1024):.1f} MB; attachments are limited to "
            f"{MAX_ATTACHMENT_BYTES // (1024 * 1024)} MB each. Scan it at a lower resolution "
            "or split it into several files."
        )


@service(Action.ATTACH_DOCUMENT, writes=True)
def attach_document(
    code: str,
    filename: str,
    content: bytes,
    *,
    media_type: str = "application/octet-stream",
    description: str | None = None,
    actor: Actor,
    uow: UnitOfWork,
) -> str:
    """Attach a file to an application; returns its SHA-256. Refuses files over the cap."""
    check_attachment_size(filename, len(content))
    if not content:
        raise InvalidInput(f"{filename} is empty: nothing to attach.")
    application = application_in_scope(uow, actor, code)
    digest = hashlib.sha256(content).hexdigest()
    uow.session.add(
        ApplicationDocument(
            application_id=application.id,
            filename=filename.strip()[:255] or "attachment",
            media_type=media_type,
            description=description,
            size_bytes=len(content),
            sha256=digest,
            content=content,
            uploaded_by_id=actor.user_id,
            uploaded_at=utc_now(),
        )
    )
    uow.session.flush()
    return digest
