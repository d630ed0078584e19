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
from compfund.models.eligibility_decisions import (
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
from compfund.models.officer_requests import OfficerRoleRequest
from compfund.models.payments import (
    Instalment,
    PayeeChange,
    PayeeDetails,
    Payment,
    PaymentBatch,
    Reconciliation,
    ReconciliationLine,
)
from compfund.models.people import IdentityDocument, ProvinceRow, Survivor, User
from compfund.models.possible_duplicates import PossibleDuplicate
from compfund.models.retention import ErasureRequest
from compfund.models.workflow import StatusChange

__all__ = [
    "Application",
    "ApplicationDocument",
    "AuditEvent",
    "Award",
    "AwardDeduction",
    "AwardHead",
    "AwardPolicy",
    "AwardPolicyAmount",
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
    "Instalment",
    "JournalEntry",
    "JournalPosting",
    "LedgerAccount",
    "LedgerPeriod",
    "OfficerRoleRequest",
    "OtherCompensation",
    "PayeeChange",
    "PayeeDetails",
    "Payment",
    "PaymentBatch",
    "PolicyAmount",
    "PolicyVersion",
    "PossibleDuplicate",
    "ProvinceRow",
    "Reconciliation",
    "ReconciliationLine",
    "RuleOverride",
    "StatusChange",
    "Survivor",
    "TimeLimitExtension",
    "User",
]
