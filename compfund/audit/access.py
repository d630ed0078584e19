"""Identifying accesses: seeing who a survivor is, always with a typed reason, always logged.

Lists and reports show survivor codes only. Showing a survivor's identity, searching by
name or document number, and opening an attachment are identifying accesses: they are
allowed only to the roles the permission table names, need a reason, and each one is
written to the audit trail (who, when, which survivors, the reason) in the same
transaction as the read, so no identity is shown without its record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_, select

from compfund.actor import Actor
from compfund.db.audit_hook import record_event
from compfund.db.uow import UnitOfWork
from compfund.enums import DocumentType, Sex
from compfund.errors import InvalidInput
from compfund.models import ApplicationDocument, IdentityDocument, Survivor
from compfund.permissions import Action, Role
from compfund.reasons import IDENTIFYING_ACCESS, MAX_SEARCH_RESULTS, MIN_SEARCH, squeezed
from compfund.service import application_in_scope, not_found_for, service, survivor_in_scope


@dataclass(frozen=True, slots=True)
class IdentityDocumentView:
    document_type: DocumentType
    number: str | None


@dataclass(frozen=True, slots=True)
class SurvivorIdentity:
    code: str
    name_km: str
    name_latin: str
    sex: Sex
    date_of_birth: date | None
    birth_year: int | None
    province_code: str
    phone: str | None
    address: str | None
    guardian_name: str | None
    guardian_relationship: str | None
    guardian_phone: str | None
    documents: tuple[IdentityDocumentView, ...]


def _identity(survivor: Survivor) -> SurvivorIdentity:
    return SurvivorIdentity(
        survivor.code,
        survivor.name_km,
        survivor.name_latin,
        survivor.sex,
        survivor.date_of_birth,
        survivor.birth_year,
        survivor.province_code,
        survivor.phone,
        survivor.address,
        survivor.guardian_name,
        survivor.guardian_relationship,
        survivor.guardian_phone,
        tuple(IdentityDocumentView(d.document_type, d.number) for d in survivor.documents),
    )


def log_access(uow: UnitOfWork, what: str, codes: list[str], reason: str) -> None:
    record_event(
        uow.session,
        event_name="identifying_access",
        entity=what,
        entity_id=codes[0] if len(codes) == 1 else None,
        detail=reason,
        new_values={"survivors": codes},
    )


@service(Action.VIEW_IDENTITY, writes=True)
def show_identity(
    survivor_code: str, reason: str, *, actor: Actor, uow: UnitOfWork
) -> SurvivorIdentity:
    """The survivor's identifying details, recorded as an identifying access."""
    why = IDENTIFYING_ACCESS.read(reason)
    survivor = survivor_in_scope(uow, actor, survivor_code)
    log_access(uow, "survivor identity", [survivor.code], why)
    return _identity(survivor)


@dataclass(frozen=True, slots=True)
class SurvivorMatch:
    code: str
    name_km: str
    name_latin: str
    province_code: str


@service(Action.VIEW_IDENTITY, writes=True)
def search_survivors(
    text: str, reason: str, *, actor: Actor, uow: UnitOfWork
) -> list[SurvivorMatch]:
    """Survivors whose name (either script) contains ``text`` or whose document number is
    ``text``; recorded as an identifying access naming every survivor shown."""
    why = IDENTIFYING_ACCESS.read(reason)
    needle = squeezed(text)
    if len(needle) < MIN_SEARCH:
        raise InvalidInput("Type at least two characters of a name or a document number.")
    by_document = select(IdentityDocument.survivor_id).where(
        IdentityDocument.number == needle.upper().replace(" ", "")
    )
    query = select(Survivor).where(
        or_(
            func.lower(Survivor.name_latin).contains(needle.lower(), autoescape=True),
            Survivor.name_km.contains(needle, autoescape=True),
            Survivor.id.in_(by_document),
        )
    )
    if actor.role is Role.CASEWORKER:
        query = query.where(Survivor.province_code == actor.province_code)
    found = uow.session.execute(query.order_by(Survivor.code).limit(MAX_SEARCH_RESULTS)).scalars()
    matches = [SurvivorMatch(s.code, s.name_km, s.name_latin, s.province_code) for s in found]
    log_access(uow, "survivor search", [m.code for m in matches], why)
    return matches


@dataclass(frozen=True, slots=True)
class Attachment:
    filename: str
    media_type: str
    sha256: str
    content: bytes


@service(Action.OPEN_ATTACHMENT, writes=True)
def open_attachment(
    application_code: str, document_id: int, reason: str, *, actor: Actor, uow: UnitOfWork
) -> Attachment:
    """An attached document's content, recorded as an identifying access."""
    why = IDENTIFYING_ACCESS.read(reason)
    application = application_in_scope(uow, actor, application_code)
    document = uow.session.get(ApplicationDocument, document_id)
    if document is None or document.application_id != application.id:
        raise not_found_for(actor, f"document {document_id} on {application.code}")
    code = application.identification.survivor.code
    log_access(uow, "attachment", [code], f"{document.filename}: {why}")
    return Attachment(document.filename, document.media_type, document.sha256, document.content)
