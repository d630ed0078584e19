"""Registering survivors and their identity documents (caseworkers, own province only)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from compfund.actor import Actor
from compfund.ages import ADULT_AGE, age_on
from compfund.clock import today_in_cambodia, utc_now
from compfund.codes import new_survivor_code
from compfund.db.uow import UnitOfWork
from compfund.enums import DocumentType, Sex
from compfund.errors import InvalidInput
from compfund.models import IdentityDocument, Survivor
from compfund.permissions import Action
from compfund.provinces import parse_province
from compfund.service import require_province, service, survivor_in_scope


@dataclass(frozen=True, slots=True)
class DocumentInput:
    document_type: DocumentType
    number: str | None = None
    issued_by: str | None = None


@dataclass(frozen=True, slots=True)
class SurvivorInput:
    name_km: str
    name_latin: str
    sex: Sex
    province_code: str
    date_of_birth: date | None = None
    birth_year: int | None = None
    phone: str | None = None
    address: str | None = None
    guardian_name: str | None = None
    guardian_relationship: str | None = None
    guardian_phone: str | None = None
    documents: tuple[DocumentInput, ...] = field(default_factory=tuple)


def _has_khmer(text: str) -> bool:
    return any("\u1780" <= ch <= "\u17ff" for ch in text)


def _validate(data: SurvivorInput, today: date) -> None:
    if not data.name_km.strip() or not _has_khmer(data.name_km):
        raise InvalidInput("The survivor's name in Khmer script is required.")
    if not data.name_latin.strip() or _has_khmer(data.name_latin):
        raise InvalidInput("The survivor's name in Latin script is required (as on documents).")
    if data.date_of_birth is None and data.birth_year is None:
        raise InvalidInput("Give a date of birth or, if unknown, an estimated year of birth.")
    if data.date_of_birth is not None and data.date_of_birth > today:
        raise InvalidInput(f"The date of birth {data.date_of_birth} is in the future.")
    if data.birth_year is not None and not (today.year - 110 <= data.birth_year <= today.year):
        raise InvalidInput(f"The estimated year of birth {data.birth_year} is not plausible.")
    if age_on(today, data.date_of_birth, data.birth_year) < ADULT_AGE and not (
        data.guardian_name and data.guardian_name.strip()
    ):
        raise InvalidInput("This survivor is a minor: record the guardian who consents for them.")
    for doc in data.documents:
        if doc.document_type is not DocumentType.COMMUNE_LETTER and not (doc.number or "").strip():
            raise InvalidInput(f"A {doc.document_type.value.replace('_', ' ')} needs its number.")


def _new_code(uow: UnitOfWork, rng: random.Random | None) -> str:
    while True:
        code = new_survivor_code(rng)
        if not uow.session.execute(select(Survivor.id).where(Survivor.code == code)).first():
            return code


@service(Action.REGISTER_SURVIVOR, writes=True)
def register_survivor(
    data: SurvivorInput, *, actor: Actor, uow: UnitOfWork, rng: random.Random | None = None
) -> str:
    """Register a survivor; returns the new survivor code."""
    province = parse_province(data.province_code)
    require_province(actor, province)
    _validate(data, today_in_cambodia())
    now = utc_now()
    survivor = Survivor(
        code=_new_code(uow, rng),
        name_km=data.name_km.strip(),
        name_latin=" ".join(data.name_latin.split()),
        sex=data.sex,
        date_of_birth=data.date_of_birth,
        birth_year=data.birth_year if data.date_of_birth is None else data.date_of_birth.year,
        province_code=province,
        phone=data.phone,
        address=data.address,
        guardian_name=data.guardian_name,
        guardian_relationship=data.guardian_relationship,
        guardian_phone=data.guardian_phone,
        registered_by_id=actor.user_id,
        registered_at=now,
    )
    for doc in data.documents:
        survivor.documents.append(
            IdentityDocument(
                document_type=doc.document_type,
                number=(doc.number or "").strip().upper() or None,
                issued_by=doc.issued_by,
                recorded_at=now,
            )
        )
    uow.session.add(survivor)
    uow.session.flush()
    return survivor.code


@service(Action.REGISTER_SURVIVOR, writes=True)
def add_identity_document(
    survivor_code: str, document: DocumentInput, *, actor: Actor, uow: UnitOfWork
) -> None:
    survivor = survivor_in_scope(uow, actor, survivor_code)
    if document.document_type is not DocumentType.COMMUNE_LETTER and not document.number:
        raise InvalidInput("An identity document needs its number.")
    survivor.documents.append(
        IdentityDocument(
            document_type=document.document_type,
            number=(document.number or "").strip().upper() or None,
            issued_by=document.issued_by,
            recorded_at=utc_now(),
        )
    )
    uow.session.flush()
