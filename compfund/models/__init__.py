"""The fund's data model (SQLAlchemy 2 typed declarative mappings on one base)."""

from compfund.models.audit import AuditEvent, ChainHead
from compfund.models.base import Base
from compfund.models.cases import Application, ApplicationDocument, Identification
from compfund.models.duplicates import PossibleDuplicate
from compfund.models.eligibility import (
    DecisionRuleResult,
    EligibilityDecision,
    InformationRequest,
    PolicyAmount,
    PolicyVersion,
    RuleOverride,
    TimeLimitExtension,
)
from compfund.models.intake import ClaimedLoss, Consent, DisclosedPayment, Disclosure
from compfund.models.ledger import (
    ExchangeRate,
    IncomeReceipt,
    JournalEntry,
    JournalPosting,
    LedgerAccount,
    LedgerPeriod,
)
from compfund.models.people import IdentityDocument, ProvinceRow, Survivor, User
from compfund.models.retention import ErasureRequest
from compfund.models.workflow import StatusChange

__all__ = [
    "Application",
    "ApplicationDocument",
    "AuditEvent",
    "Base",
    "ChainHead",
    "ClaimedLoss",
    "Consent",
    "DecisionRuleResult",
    "DisclosedPayment",
    "Disclosure",
    "EligibilityDecision",
    "ErasureRequest",
    "ExchangeRate",
    "Identification",
    "IdentityDocument",
    "IncomeReceipt",
    "InformationRequest",
    "JournalEntry",
    "JournalPosting",
    "LedgerAccount",
    "LedgerPeriod",
    "PolicyAmount",
    "PolicyVersion",
    "PossibleDuplicate",
    "ProvinceRow",
    "RuleOverride",
    "StatusChange",
    "Survivor",
    "TimeLimitExtension",
    "User",
]
