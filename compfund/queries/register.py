"""The applications register: every application with its survivor code, for reports.

By default a row names the survivor by code only. The identified register adds names,
date of birth, document numbers and phone: only roles allowed to export identified
data may ask for it, with a typed reason, and the read is recorded as an identifying
access naming every survivor in it, in the same transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TypeVar

from sqlalchemy import select

from compfund.actor import Actor
from compfund.audit.access import log_access
from compfund.db.uow import UnitOfWork
from compfund.enums import ApplicationStatus, ApplicationType, DocumentType
from compfund.errors import InvalidInput
from compfund.models import Application, Identification, IdentityDocument, ProvinceRow, Survivor
from compfund.permissions import Action, Role
from compfund.provinces import parse_province
from compfund.queries.chain_point import chain_point
from compfund.queries.day_range import DayRange, check_days
from compfund.queries.export_table import (
    Cell,
    ChainPoint,
    Column,
    ExportKind,
    ExportTable,
    cambodia_time,
    printable,
)
from compfund.reasons import IDENTIFYING_ACCESS
from compfund.service import require_province, service

COLUMNS = (
    Column("application", "Application", "ពាក្យស្នើសុំ"),
    Column("survivor", "Survivor code", "លេខកូដជនរងគ្រោះ"),
    Column("province", "Province", "ខេត្ត"),
    Column("province_en", "Province name", "ឈ្មោះខេត្ត (អង់គ្លេស)"),
    Column("province_km", "Province name (Khmer)", "ឈ្មោះខេត្ត"),
    Column("type", "Type", "ប្រភេទ"),
    Column("status", "Status", "ស្ថានភាព"),
    Column("exploitation", "Form of exploitation", "ទម្រង់នៃការកេងប្រវ័ញ្ច"),
    Column("country", "Country", "ប្រទេស"),
    Column("identified_on", "Identified on", "ថ្ងៃកំណត់អត្តសញ្ញាណ"),
    Column("organisation", "Submitted by", "អង្គភាពដាក់ស្នើ"),
    Column("created", "Created (Cambodia time)", "ថ្ងៃបង្កើត"),
    Column("submitted", "Submitted (Cambodia time)", "ថ្ងៃដាក់ស្នើ"),
)
IDENTIFYING_COLUMNS = (
    Column("name_km", "Name (Khmer)", "ឈ្មោះជាអក្សរខ្មែរ"),
    Column("name_latin", "Name (Latin)", "ឈ្មោះជាអក្សរឡាតាំង"),
    Column("born", "Date of birth", "ថ្ងៃខែឆ្នាំកំណើត"),
    Column("documents", "Identity documents", "ឯកសារអត្តសញ្ញាណ"),
    Column("phone", "Phone", "លេខទូរស័ព្ទ"),
)
TITLE = ("Applications register", "បញ្ជីពាក្យស្នើសុំ")
IDENTIFIED_TITLE = (
    "Applications register with identities",
    "បញ្ជីពាក្យស្នើសុំ ដែលមានអត្តសញ្ញាណជនរងគ្រោះ",
)
_HEAD_TRIES = 5
E = TypeVar("E", ApplicationStatus, ApplicationType)
_CHUNK = 500


def _words(value: str) -> str:
    return value.replace("_", " ")


@dataclass(frozen=True, slots=True)
class RegisterFilter:
    """Which applications: a province, a status, a type, a range of creation days
    (inclusive, in Cambodia's time)."""

    province: str | None = None
    status: ApplicationStatus | None = None
    application_type: ApplicationType | None = None
    created_from: date | None = None
    created_to: date | None = None

    def __post_init__(self) -> None:
        check_days(self.created_from, self.created_to)

    @property
    def created(self) -> DayRange:
        return DayRange(self.created_from, self.created_to)

    def parameters(self) -> tuple[tuple[str, str], ...]:
        found = (
            ("province", self.province),
            ("status", self.status.value if self.status else None),
            ("type", self.application_type.value if self.application_type else None),
        )
        return tuple((key, value) for key, value in found if value) + self.created.parameters()

    @classmethod
    def parse(
        cls,
        *,
        province: str | None = None,
        status: str | None = None,
        application_type: str | None = None,
        created_from: str | None = None,
        created_to: str | None = None,
    ) -> RegisterFilter:
        """Filters as typed on the command line or kept in a manifest."""
        chosen = (
            parse_province(province) if province else None,
            _parse_enum(ApplicationStatus, status, "status") if status else None,
            _parse_enum(ApplicationType, application_type, "type") if application_type else None,
        )
        created = DayRange.parse(created_from, created_to)
        return cls(*chosen, created.first, created.last)

    @classmethod
    def from_parameters(cls, parameters: Mapping[str, str]) -> RegisterFilter:
        return cls.parse(
            province=parameters.get("province"),
            status=parameters.get("status"),
            application_type=parameters.get("type"),
            created_from=parameters.get("from"),
            created_to=parameters.get("to"),
        )


def _parse_enum(enum: type[E], text: str, what: str) -> E:
    try:
        return enum(text.strip().lower().replace(" ", "_").replace("-", "_"))
    except ValueError:
        known = ", ".join(m.value for m in enum)
        raise InvalidInput(f"Unknown {what} {text!r}: use one of {known}.") from None


@dataclass(frozen=True, slots=True)
class RegisterRow:
    survivor_id: int
    application_code: str
    survivor_code: str
    province_code: str
    province_en: str
    province_km: str
    application_type: ApplicationType
    status: ApplicationStatus
    exploitation_form: str
    country_code: str
    identified_on: date
    submitting_organisation: str
    created_at: datetime
    submitted_at: datetime | None

    def cells(self) -> tuple[Cell, ...]:
        return (
            self.application_code,
            self.survivor_code,
            self.province_code,
            self.province_en,
            self.province_km,
            _words(self.application_type.value),
            _words(self.status.value),
            _words(self.exploitation_form),
            self.country_code,
            self.identified_on.isoformat(),
            printable(self.submitting_organisation),
            cambodia_time(self.created_at),
            cambodia_time(self.submitted_at),
        )


def scoped_filter(actor: Actor, filters: RegisterFilter) -> RegisterFilter:
    """A caseworker's register is always of their own province (and says so)."""
    if actor.role is not Role.CASEWORKER:
        return filters
    assert actor.province_code is not None
    if filters.province is None:
        return replace(filters, province=actor.province_code)
    require_province(actor, filters.province)
    return filters


def register_rows(uow: UnitOfWork, filters: RegisterFilter) -> list[RegisterRow]:
    start, end = filters.created.bounds()
    query = (
        select(
            Survivor.id,
            Application.code,
            Survivor.code,
            ProvinceRow.code,
            ProvinceRow.name_en,
            ProvinceRow.name_km,
            Application.application_type,
            Application.status,
            Identification.exploitation_form,
            Identification.country_code,
            Identification.identified_on,
            Application.submitting_organisation,
            Application.created_at,
            Application.submitted_at,
        )
        .join(Identification, Application.identification_id == Identification.id)
        .join(Survivor, Identification.survivor_id == Survivor.id)
        .join(ProvinceRow, Survivor.province_code == ProvinceRow.code)
        .where(Application.created_at >= start, Application.created_at < end)
        .order_by(Application.created_at, Application.id)
    )
    if filters.province:
        query = query.where(Survivor.province_code == filters.province)
    if filters.status:
        query = query.where(Application.status == filters.status)
    if filters.application_type:
        query = query.where(Application.application_type == filters.application_type)
    found = []
    for row in uow.session.execute(query).all():
        survivor_id, app, code, prov, prov_en, prov_km, kind, status, form, *rest = row
        country, identified_on, organisation, created_at, submitted_at = rest
        found.append(
            RegisterRow(
                survivor_id,
                app,
                code,
                prov,
                prov_en,
                prov_km,
                kind,
                status,
                str(form.value),
                country,
                identified_on,
                organisation,
                created_at,
                submitted_at,
            )
        )
    return found


def _table(
    actor: Actor,
    kind: ExportKind,
    filters: RegisterFilter,
    rows: list[tuple[Cell, ...]],
    head: ChainPoint,
) -> ExportTable:
    identified = kind is ExportKind.IDENTIFIED_APPLICATIONS
    title_en, title_km = IDENTIFIED_TITLE if identified else TITLE
    return ExportTable(
        kind,
        title_en,
        title_km,
        COLUMNS + IDENTIFYING_COLUMNS if identified else COLUMNS,
        tuple(rows),
        filters.parameters(),
        head,
        actor.name_and_login,
    )


def stable_register(
    uow: UnitOfWork, filters: RegisterFilter
) -> tuple[ChainPoint, list[RegisterRow]]:
    """The rows and the chain head they belong to. Every change appends to the audit
    chain in its own transaction, so an unchanged head around the read means no change
    was committed in between."""
    for _ in range(_HEAD_TRIES):
        head = chain_point(uow)
        rows = register_rows(uow, filters)
        if chain_point(uow) == head:
            return head, rows
    raise InvalidInput("The register kept changing while it was read: try the export again.")


@service(Action.VIEW_CASES, writes=False)
def applications_register(filters: RegisterFilter, *, actor: Actor, uow: UnitOfWork) -> ExportTable:
    """The register as exported: survivor codes, never names."""
    filters = scoped_filter(actor, filters)
    head, rows = stable_register(uow, filters)
    return _table(actor, ExportKind.APPLICATIONS, filters, [r.cells() for r in rows], head)


_DOCUMENT_LABELS = {
    DocumentType.NATIONAL_ID: "national ID",
    DocumentType.PASSPORT: "passport",
    DocumentType.FAMILY_BOOK: "family book",
    DocumentType.BIRTH_CERTIFICATE: "birth certificate",
    DocumentType.COMMUNE_LETTER: "commune letter",
}


def _identities(uow: UnitOfWork, survivor_ids: list[int]) -> dict[int, tuple[Cell, ...]]:
    found: dict[int, tuple[Cell, ...]] = {}
    ids = sorted(set(survivor_ids))
    for i in range(0, len(ids), _CHUNK):
        chunk = ids[i : i + _CHUNK]
        documents: dict[int, list[str]] = {}
        for survivor_id, kind, number in uow.session.execute(
            select(
                IdentityDocument.survivor_id,
                IdentityDocument.document_type,
                IdentityDocument.number,
            )
            .where(IdentityDocument.survivor_id.in_(chunk))
            .order_by(IdentityDocument.id)
        ):
            label = _DOCUMENT_LABELS[kind]
            documents.setdefault(survivor_id, []).append(f"{label} {number}" if number else label)
        for s in uow.session.execute(select(Survivor).where(Survivor.id.in_(chunk))).scalars():
            born = s.date_of_birth.isoformat() if s.date_of_birth else f"about {s.birth_year}"
            found[s.id] = (
                printable(s.name_km),
                printable(s.name_latin),
                born,
                "; ".join(documents.get(s.id, [])),
                printable(s.phone),
            )
    return found


def identified_cells(uow: UnitOfWork, rows: list[RegisterRow]) -> list[tuple[Cell, ...]]:
    identities = _identities(uow, [r.survivor_id for r in rows])
    return [r.cells() + identities[r.survivor_id] for r in rows]


@service(Action.EXPORT_IDENTIFIED_DATA, writes=True)
def identified_applications_register(
    filters: RegisterFilter, reason: str, *, actor: Actor, uow: UnitOfWork
) -> ExportTable:
    """The register with names, birth dates, documents and phones: an identifying access,
    recorded with the reason and every survivor exported."""
    why = IDENTIFYING_ACCESS.read(reason)
    head = chain_point(uow, lock=True)  # no other event between this head and the access
    rows = register_rows(uow, filters)
    cells = identified_cells(uow, rows)
    codes = sorted({r.survivor_code for r in rows})
    log_access(uow, "identified export", codes, why)
    return _table(actor, ExportKind.IDENTIFIED_APPLICATIONS, filters, cells, head)
