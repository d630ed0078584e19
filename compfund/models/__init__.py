"""The fund's data model (SQLAlchemy 2 typed declarative mappings on one base)."""

from compfund.models.audit import AuditEvent, ChainHead
from compfund.models.awards import (
    Award,
    AwardDeduction,
    AwardHead,
    AwardPolicy,
    AwardPolicyAmount,
    OtherCompensation,
)
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
from compfund.models.payments import (
    Instalment,
    PayeeDetails,
    Payment,
    PaymentBatch,
    Reconciliation,
    ReconciliationLine,
)
from compfund.models.people import IdentityDocument, ProvinceRow, Survivor, User

__all__ = [
    "Award",
    "AwardDeduction",
    "AwardHead",
    "AwardPolicy",
    "AwardPolicyAmount",
    "Instalment",
    "OtherCompensation",
    "PayeeDetails",
    "Payment",
    "PaymentBatch",
    "Reconciliation",
    "ReconciliationLine",
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
