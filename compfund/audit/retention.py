"""Retention: a survivor's identifying fields can be erased once every case is long closed.

What is erased: names (replaced by "[erased]"), exact date of birth (the year stays, for
statistics), phone, address, guardian's name and phone, identity document numbers and
the contents of attached documents (their size and SHA-256 stay). What stays: the
survivor code, sex, province, every application, decision, award, payment and journal
entry, so money and statistics are untouched. The audit trail never held the erased
values (the hook records identifying fields only as "<identifying>").

An administrator asks, with a reason; an approver who did not ask approves, and the
erasure runs in the same transaction. Both steps are in the audit trail.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from compfund.actor import Actor
from compfund.clock import as_utc, utc_now
from compfund.db.uow import UnitOfWork
from compfund.enums import ApplicationStatus
from compfund.errors import NotFound, PermissionDenied, RuleViolation
from compfund.four_eyes import ERASURE
from compfund.models import (
    Application,
    ApplicationDocument,
    Identification,
    IdentityDocument,
    StatusChange,
    Survivor,
)
from compfund.models.retention import ErasureRequest
from compfund.permissions import Action, Role
from compfund.reasons import IDENTIFYING_ACCESS
from compfund.service import service, survivor_in_scope

RETENTION_YEARS = 10
"""How long after the last case closed identifying data is kept. Cambodian law sets no
figure for this fund yet; ten years covers appeals and the enforcement of court
compensation orders, which can take years (domain.md, court orders)."""

ENDED = (ApplicationStatus.CLOSED, ApplicationStatus.WITHDRAWN)
ERASED = "[erased]"


@dataclass(frozen=True, slots=True)
class ErasureView:
    request_id: int
    survivor_code: str
    requested_by: str
    approved_by: str | None
    erased: bool


def _cases_ended_long_ago(uow: UnitOfWork, survivor: Survivor) -> None:
    rows = uow.session.execute(
        select(Application.code, Application.status, Application.created_at)
        .join(Identification, Identification.id == Application.identification_id)
        .where(Identification.survivor_id == survivor.id)
    ).all()
    still_open = [code for code, status, _ in rows if status not in ENDED]
    if still_open:
        raise RuleViolation(
            f"{survivor.code} still has open applications ({', '.join(still_open)}): identifying "
            "data is kept while any case is open."
        )
    last = _last_activity(uow, survivor)
    if last is not None and last > utc_now() - timedelta(days=365 * RETENTION_YEARS):
        raise RuleViolation(
            f"{survivor.code}'s last case activity was on {last:%Y-%m-%d}; identifying "
            f"data is kept for {RETENTION_YEARS} years after that."
        )


def _last_activity(uow: UnitOfWork, survivor: Survivor) -> datetime | None:
    apps = (
        select(Application.id)
        .join(Identification, Identification.id == Application.identification_id)
        .where(Identification.survivor_id == survivor.id)
    )
    latest_change = uow.session.execute(
        select(func.max(StatusChange.changed_at)).where(StatusChange.application_id.in_(apps))
    ).scalar()
    latest_created = uow.session.execute(
        select(func.max(Application.created_at)).where(Application.id.in_(apps))
    ).scalar()
    moments = [m for m in (latest_change, latest_created) if m is not None]
    return max((as_utc(m) for m in moments), default=None)


@service(Action.ERASE_IDENTITY, writes=True)
def request_erasure(
    survivor_code: str, reason: str, *, actor: Actor, uow: UnitOfWork
) -> ErasureView:
    """An administrator asks for a survivor's identifying data to be erased."""
    if actor.role is not Role.ADMIN:
        raise PermissionDenied("An administrator asks for an erasure; an approver approves it.")
    why = IDENTIFYING_ACCESS.read(reason)
    survivor = survivor_in_scope(uow, actor, survivor_code)
    if survivor.name_latin == ERASED:
        raise RuleViolation(f"{survivor.code}'s identifying data was already erased.")
    _cases_ended_long_ago(uow, survivor)
    request = ErasureRequest(
        survivor_id=survivor.id, reason=why, requested_by=actor.login, requested_at=utc_now()
    )
    uow.session.add(request)
    uow.session.flush()
    return ErasureView(request.id, survivor.code, actor.login, None, False)


@service(Action.ERASE_IDENTITY, writes=True)
def approve_erasure(request_id: int, *, actor: Actor, uow: UnitOfWork) -> ErasureView:
    """An approver who did not ask approves; the erasure runs now."""
    if actor.role is not Role.APPROVER:
        raise PermissionDenied("An approver approves an erasure asked for by an administrator.")
    request = uow.session.get(ErasureRequest, request_id)
    if request is None:
        raise NotFound(f"No erasure request {request_id}.")
    if request.erased_at is not None:
        raise RuleViolation(f"Erasure request {request_id} was already carried out.")
    ERASURE.check(actor, request.requested_by)
    survivor = uow.session.get(Survivor, request.survivor_id)
    assert survivor is not None
    _cases_ended_long_ago(uow, survivor)  # still true now?
    survivor.name_km = ERASED
    survivor.name_latin = ERASED
    survivor.date_of_birth = None
    survivor.phone = survivor.address = None
    survivor.guardian_name = survivor.guardian_phone = None
    # Through the ORM, row by row, so the audit hook records each erasure in the trail
    # (masked, as every identifying value is) in the same transaction.
    documents = uow.session.execute(
        select(IdentityDocument).where(IdentityDocument.survivor_id == survivor.id)
    ).scalars()
    for document in documents:
        document.number = None
    apps = (
        select(Application.id)
        .join(Identification, Identification.id == Application.identification_id)
        .where(Identification.survivor_id == survivor.id)
    )
    attachments = uow.session.execute(
        select(ApplicationDocument).where(ApplicationDocument.application_id.in_(apps))
    ).scalars()
    for attachment in attachments:
        attachment.content = b""
    request.approved_by = actor.login
    request.erased_at = utc_now()
    uow.session.flush()
    return ErasureView(request.id, survivor.code, request.requested_by, actor.login, True)
