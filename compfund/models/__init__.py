"""The fund's data model (SQLAlchemy 2 typed declarative mappings on one base)."""

from compfund.models.audit import AuditEvent, ChainHead
from compfund.models.base import Base
from compfund.models.cases import Application, ApplicationDocument, Identification
from compfund.models.ledger import (
    ExchangeRate,
    IncomeReceipt,
    JournalEntry,
    JournalPosting,
    LedgerAccount,
    LedgerPeriod,
)
from compfund.models.people import IdentityDocument, ProvinceRow, Survivor, User

__all__ = [
    "LedgerPeriod",
    "LedgerAccount",
    "JournalPosting",
    "JournalEntry",
    "IncomeReceipt",
    "ExchangeRate",
    "Application",
    "ApplicationDocument",
    "AuditEvent",
    "Base",
    "ChainHead",
    "Identification",
    "IdentityDocument",
    "ProvinceRow",
    "Survivor",
    "User",
]
