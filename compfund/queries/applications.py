"""The list of applications, page by page, scoped to what the officer may see.

Rows carry the survivor code, never a name: the list is not an identifying view.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar, Unpack

from sqlalchemy import Select, func, select

from compfund.actor import Actor
from compfund.db.uow import UnitOfWork
from compfund.enums import ApplicationStatus, ApplicationType
from compfund.models import Application, Identification, ProvinceRow, Survivor
from compfund.permissions import Action, Role
from compfund.service import not_found_for, service


@dataclass(frozen=True, slots=True)
class ApplicationRow:
    code: str
    survivor_code: str
    province_code: str
    province_en: str
    province_km: str
    application_type: ApplicationType
    status: ApplicationStatus
    created_at: datetime
    submitted_at: datetime | None

    def to_json(self) -> dict[str, object]:
        return {
            "application": self.code,
            "survivor": self.survivor_code,
            "province": self.province_code,
            "type": self.application_type.value,
            "status": self.status.value,
            "submitted_at": self.submitted_at.isoformat() if self.submitted_at else None,
        }


Q = TypeVar("Q", bound=Select[Unpack[tuple[Any, ...]]])


def _scoped(query: Q, actor: Actor) -> Q:
    if actor.role is Role.CASEWORKER:
        return query.where(Survivor.province_code == actor.province_code)
    return query


def _joined(query: Q) -> Q:
    return query.join(Identification, Application.identification_id == Identification.id).join(
        Survivor, Identification.survivor_id == Survivor.id
    )


@service(Action.VIEW_CASES, writes=False)
def count_applications(*, actor: Actor, uow: UnitOfWork) -> int:
    query = _scoped(_joined(select(func.count(Application.id))), actor)
    return int(uow.session.execute(query).scalar_one())


def _rows() -> Select[Unpack[tuple[Any, ...]]]:
    return _joined(
        select(
            Application.code,
            Survivor.code,
            ProvinceRow.code,
            ProvinceRow.name_en,
            ProvinceRow.name_km,
            Application.application_type,
            Application.status,
            Application.created_at,
            Application.submitted_at,
        )
    ).join(ProvinceRow, Survivor.province_code == ProvinceRow.code)


@service(Action.VIEW_CASES, writes=False)
def application_page(
    offset: int, limit: int, *, actor: Actor, uow: UnitOfWork
) -> list[ApplicationRow]:
    """One page of applications, newest first (stable order: creation time, then id)."""
    query = (
        _rows()
        .order_by(Application.created_at.desc(), Application.id.desc())
        .offset(max(offset, 0))
        .limit(max(limit, 0))
    )
    rows = uow.session.execute(_scoped(query, actor)).all()
    return [ApplicationRow(*row) for row in rows]


@service(Action.VIEW_CASES, writes=False)
def application_row(code: str, *, actor: Actor, uow: UnitOfWork) -> ApplicationRow:
    """One application as the list shows it (after a step changed its status)."""
    query = _scoped(_rows().where(Application.code == code), actor)
    row = uow.session.execute(query).one_or_none()
    if row is None:
        raise not_found_for(actor, f"application has the code {code}")
    return ApplicationRow(*row)


__all__ = [
    "ApplicationRow",
    "application_page",
    "application_row",
    "count_applications",
]
