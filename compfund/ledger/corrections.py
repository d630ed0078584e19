"""Corrections: an entry is never edited; it is reversed, with a reason, and re-posted."""

from __future__ import annotations

from compfund.actor import Actor
from compfund.db.uow import UnitOfWork
from compfund.ledger.journal import reverse
from compfund.permissions import Action
from compfund.reasons import ENTRY_REVERSAL
from compfund.service import service


@service(Action.REVERSE_ENTRY, writes=True)
def reverse_entry(entry_seq: int, reason: str, *, actor: Actor, uow: UnitOfWork) -> int:
    """Post the exact reversal of an entry today; returns the reversal's number."""
    return reverse(uow, entry_seq, ENTRY_REVERSAL.read(reason))
