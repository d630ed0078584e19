"""Verifying the hash chains: the audit trail (and, once it exists, the ledger journal)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Table

from compfund.actor import Actor
from compfund.db.chain import ChainReport, read_head, verify
from compfund.db.uow import UnitOfWork
from compfund.models.audit import AUDIT_HASHED, AuditEvent
from compfund.models.ledger import JOURNAL_HASHED, JournalEntry
from compfund.permissions import Action
from compfund.service import service


@dataclass(frozen=True, slots=True)
class Chain:
    name: str
    table: Table
    hashed: tuple[str, ...]


CHAINS: dict[str, Chain] = {
    "audit": Chain("audit", AuditEvent.__table__, AUDIT_HASHED),  # type: ignore[arg-type]
    "journal": Chain("journal", JournalEntry.__table__, JOURNAL_HASHED),  # type: ignore[arg-type]
}
"""Every hash chain ``compfund audit verify`` checks; the ledger adds its journal here."""


@service(Action.VIEW_AUDIT_TRAIL, writes=False)
def verify_chains(
    expect_heads: dict[str, str] | None = None, *, actor: Actor, uow: UnitOfWork
) -> list[ChainReport]:
    """Recompute every chain; ``expect_heads`` (chain -> hash) also catches a cut-off tail."""
    connection = uow.session.connection()
    wanted = expect_heads or {}
    return [
        verify(connection, chain.name, chain.table, chain.hashed, wanted.get(chain.name))
        for chain in CHAINS.values()
    ]


@service(Action.VIEW_CASES, writes=False)
def chain_head(name: str = "audit", *, actor: Actor, uow: UnitOfWork) -> str:
    """The current head hash of a chain (printed on every PDF before its export event)."""
    return read_head(uow.session.connection(), name).last_hash
