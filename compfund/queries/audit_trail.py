"""The audit trail as exported: every event up to a chain head, values as stored.

A survivor's identifying fields are already kept as ``<identifying>`` in the trail, so
the export shows what is stored and reveals no one. Rows are chosen by their place in
the chain (up to the head read before the export), so an export can be checked later
against exactly the rows it held, whatever was appended since.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from compfund.actor import Actor
from compfund.db.uow import UnitOfWork
from compfund.models import AuditEvent
from compfund.permissions import Action
from compfund.queries.chain_point import chain_point
from compfund.queries.day_range import DayRange
from compfund.queries.export_table import (
    Cell,
    Column,
    ExportKind,
    ExportTable,
    cambodia_time,
    printable,
)
from compfund.service import service

COLUMNS = (
    Column("seq", "No.", "លេខរៀង"),
    Column("time", "Time (Cambodia)", "ពេលវេលា"),
    Column("officer", "Officer", "មន្ត្រី"),
    Column("event", "Event", "ព្រឹត្តិការណ៍"),
    Column("entity", "Record", "កំណត់ត្រា"),
    Column("entity_id", "Record id", "លេខសម្គាល់"),
    Column("old", "Old values", "តម្លៃចាស់"),
    Column("new", "New values", "តម្លៃថ្មី"),
    Column("detail", "Detail", "ព័ត៌មានលម្អិត"),
    Column("hash", "Row hash", "តម្លៃហាស"),
)
TITLE = ("Audit trail", "កំណត់ត្រាសវនកម្ម")
_BATCH = 2000
AuditRange = DayRange  # the days whose events an audit trail export holds


def _stored(values: dict[str, Any] | None) -> str:
    if values is None:
        return ""
    return printable(json.dumps(values, ensure_ascii=False, sort_keys=True, default=str))


@dataclass(frozen=True, slots=True)
class AuditRow:
    seq: int
    occurred_at: datetime
    actor_login: str
    event: str
    entity: str
    entity_id: str | None
    old_values: dict[str, Any] | None
    new_values: dict[str, Any] | None
    detail: str | None
    row_hash: str

    def cells(self) -> tuple[Cell, ...]:
        return (
            self.seq,
            cambodia_time(self.occurred_at),
            printable(self.actor_login),
            printable(self.event),
            printable(self.entity),
            printable(self.entity_id),
            _stored(self.old_values),
            _stored(self.new_values),
            printable(self.detail),
            self.row_hash,
        )


def audit_rows(uow: UnitOfWork, period: AuditRange, up_to_seq: int) -> list[AuditRow]:
    """Events of ``period`` whose place in the chain is at most ``up_to_seq``."""
    start, end = period.bounds()
    query = (
        select(
            AuditEvent.chain_seq,
            AuditEvent.occurred_at,
            AuditEvent.actor_login,
            AuditEvent.event,
            AuditEvent.entity,
            AuditEvent.entity_id,
            AuditEvent.old_values,
            AuditEvent.new_values,
            AuditEvent.detail,
            AuditEvent.row_hash,
        )
        .where(
            AuditEvent.chain_seq <= up_to_seq,
            AuditEvent.occurred_at >= start,
            AuditEvent.occurred_at < end,
        )
        .order_by(AuditEvent.chain_seq)
        .execution_options(yield_per=_BATCH)
    )
    return [AuditRow(*row) for row in uow.session.execute(query)]


@service(Action.VIEW_AUDIT_TRAIL, writes=False)
def audit_trail(period: AuditRange, *, actor: Actor, uow: UnitOfWork) -> ExportTable:
    """The audit trail of ``period`` up to the chain head read now."""
    head = chain_point(uow)
    rows = audit_rows(uow, period, head.seq)
    return ExportTable(
        ExportKind.AUDIT_TRAIL,
        TITLE[0],
        TITLE[1],
        COLUMNS,
        tuple(r.cells() for r in rows),
        period.parameters(),
        head,
        actor.name_and_login,
    )
