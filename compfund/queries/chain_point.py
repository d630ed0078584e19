"""The audit chain head as an export prints it: hash, length and the time of its event."""

from __future__ import annotations

from sqlalchemy import select

from compfund.db.chain import read_head
from compfund.db.uow import UnitOfWork
from compfund.models import AuditEvent
from compfund.queries.export_table import ChainPoint


def chain_point(uow: UnitOfWork, *, lock: bool = False) -> ChainPoint:
    """The audit chain head now; ``lock`` holds it (PostgreSQL) until the transaction ends."""
    head = read_head(uow.session.connection(), "audit", lock=lock)
    at = uow.session.execute(
        select(AuditEvent.occurred_at).where(AuditEvent.chain_seq == head.length)
    ).scalar_one_or_none()
    return ChainPoint(head.last_hash, head.length, at)


def chain_hash_at(uow: UnitOfWork, seq: int) -> str | None:
    """The hash of the audit event at place ``seq`` of the chain (None: no such event)."""
    if seq == 0:
        return "0" * 64
    found = uow.session.execute(
        select(AuditEvent.row_hash).where(AuditEvent.chain_seq == seq)
    ).scalar_one_or_none()
    return str(found) if found is not None else None
