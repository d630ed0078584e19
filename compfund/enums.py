"""The fund's closed lists of words: one module for every domain enum.

Models store them as text limited by a CHECK constraint (``compfund.models.base.stored``);
the services, the command line, the window and the reports import them from here.
"""

from __future__ import annotations

from enum import StrEnum


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"


class DocumentType(StrEnum):
    NATIONAL_ID = "national_id"
    PASSPORT = "passport"
    FAMILY_BOOK = "family_book"
    BIRTH_CERTIFICATE = "birth_certificate"
    COMMUNE_LETTER = "commune_letter"


class IdentifyingAuthority(StrEnum):
    AHTJPP = "ahtjpp"  # Anti-Human Trafficking and Juvenile Protection Police / Department
    PROVINCIAL_POLICE = "provincial_police"
    BORDER_POLICE = "border_police"
    DOSVY = "dosvy"
    MOSVY = "mosvy"  # including the Poipet Transit Center
    EMBASSY = "embassy"  # MFAIC embassy or consulate abroad
    COURT = "court"


class ExploitationForm(StrEnum):
    FISHING = "fishing"
    CONSTRUCTION = "construction"
    AGRICULTURE = "agriculture"
    FACTORY = "factory"
    BRICK_KILN = "brick_kiln"
    DOMESTIC_SERVITUDE = "domestic_servitude"
    FORCED_BEGGING = "forced_begging"
    FORCED_MARRIAGE = "forced_marriage"
    SEXUAL_EXPLOITATION = "sexual_exploitation"
    OTHER = "other"


class ApplicationType(StrEnum):
    INTERIM_GRANT = "interim_grant"
    COMPENSATION_AWARD = "compensation_award"


class ApplicationStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    ON_HOLD = "on_hold"
    UNDER_REVIEW = "under_review"
    INFORMATION_REQUESTED = "information_requested"
    ELIGIBLE = "eligible"
    INELIGIBLE = "ineligible"
    AWARD_RECOMMENDED = "award_recommended"
    APPROVED = "approved"
    REJECTED = "rejected"
    REVIEW_REQUESTED = "review_requested"
    WITHDRAWN = "withdrawn"
    CLOSED = "closed"


COUNTRIES_OF_EXPLOITATION = {
    "KH": "Cambodia (domestic)",
    "TH": "Thailand",
    "MY": "Malaysia",
    "CN": "China",
    "ID": "Indonesia",
    "VN": "Viet Nam",
    "LA": "Lao PDR",
    "KR": "Republic of Korea",
    "JP": "Japan",
    "SA": "Saudi Arabia",
    "TW": "Taiwan",
    "SG": "Singapore",
    "MM": "Myanmar",
    "FJ": "Fiji",
    "ZA": "South Africa",
    "MU": "Mauritius",
}


class ConsentGiver(StrEnum):
    """Who gave consent: the survivor, or for a minor the guardian."""

    SURVIVOR = "survivor"
    GUARDIAN = "guardian"


class ConsentMethod(StrEnum):
    """How consent (or its withdrawal) was recorded."""

    SIGNED_FORM = "signed_form"
    THUMBPRINT_FORM = "thumbprint_form"  # many survivors sign with a thumbprint
    VERBAL_WITNESSED = "verbal_witnessed"  # read aloud and witnessed by a second person


class Payer(StrEnum):
    """Who paid money to the survivor or family outside the fund (the disclosure)."""

    OFFENDER = "offender"
    AGENT = "agent"  # recruitment agent or broker
    EMPLOYER = "employer"
    OTHER = "other"


class Recipient(StrEnum):
    SURVIVOR = "survivor"
    FAMILY = "family"


class HeadOfLoss(StrEnum):
    """The parts of a compensation award claim, and of the award that answers it."""

    LOST_WAGES = "lost_wages"  # lost or unpaid wages
    MEDICAL_COSTS = "medical_costs"
    PSYCHOLOGICAL_HARM = "psychological_harm"
    REHABILITATION_AND_TRAVEL = "rehabilitation_and_travel"  # rehabilitation, travel home
    OTHER = "other"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


class RuleResult(StrEnum):
    """One eligibility rule's result: passed, failed (ineligible) or information missing."""

    PASSED = "passed"
    FAILED = "failed"
    MISSING = "missing"


class EligibilityOutcome(StrEnum):
    ELIGIBLE = "eligible"
    INELIGIBLE = "ineligible"
    INFORMATION_NEEDED = "information_needed"


class PolicyLimit(StrEnum):
    """One figure of an award policy: the two-approver threshold or a head's cap. The
    interim grant and the cap per survivor are the eligibility policy's (``policy_amounts``
    of the version in force), the fund's one source for them."""

    TWO_APPROVERS_ABOVE = "two_approvers_above"
    LOST_WAGES = "lost_wages"
    MEDICAL_COSTS = "medical_costs"
    PSYCHOLOGICAL_HARM = "psychological_harm"
    REHABILITATION_AND_TRAVEL = "rehabilitation_and_travel"
    OTHER = "other"


class RecoveryOrder(StrEnum):
    """Who is paid first from money recovered from an offender (see docs/domain.md)."""

    VICTIM_FIRST = "victim_first"
    FUND_FIRST = "fund_first"


class AwardKind(StrEnum):
    INTERIM_GRANT = "interim_grant"
    COMPENSATION = "compensation"


class AwardStatus(StrEnum):
    RECOMMENDED = "recommended"
    AWAITING_SECOND_APPROVAL = "awaiting_second_approval"
    APPROVED = "approved"
    REJECTED = "rejected"


class Payee(StrEnum):
    SURVIVOR = "survivor"
    GUARDIAN = "guardian"


class PayeeChangeStatus(StrEnum):
    """A proposed change of payee details: waiting for a finance officer who did not propose
    it, then confirmed (the details become what it says) or refused."""

    PENDING = "pending"
    CONFIRMED = "confirmed"
    REFUSED = "refused"


class DeductionKind(StrEnum):
    INTERIM_GRANT = "interim_grant"
    OTHER_COMPENSATION = "other_compensation"


class OtherSource(StrEnum):
    """Where compensation received outside the fund came from."""

    COURT_RECOVERY = "court_recovery"  # paid by an offender under a compensation order
    SETTLEMENT = "settlement"  # an out-of-court settlement actually paid
    OTHER = "other"


class Channel(StrEnum):
    BANK_TRANSFER = "bank_transfer"
    MOBILE_MONEY = "mobile_money"
    CASH_DOSVY = "cash_dosvy"  # cash handed over by DOSVY against a signed receipt

    @property
    def label(self) -> str:
        return {
            "bank_transfer": "bank transfer",
            "mobile_money": "mobile money",
            "cash_dosvy": "cash through DOSVY",
        }[self.value]


class InstalmentStatus(StrEnum):
    SCHEDULED = "scheduled"
    BATCHED = "batched"
    RELEASED = "released"
    PAID = "paid"
    FAILED = "failed"
    RETURNED = "returned"


class PaymentStatus(StrEnum):
    BATCHED = "batched"
    RELEASED = "released"
    PAID = "paid"
    FAILED = "failed"
    RETURNED = "returned"
    CANCELLED = "cancelled"


class BatchStatus(StrEnum):
    BUILT = "built"
    RELEASED = "released"
    CANCELLED = "cancelled"


class MatchCategory(StrEnum):
    MATCHED = "matched"
    MISSING = "missing"  # in the batch, not on the statement
    UNEXPECTED = "unexpected"  # on the statement, not in the batch
    AMOUNT_MISMATCH = "amount_mismatch"
    PAYEE_MISMATCH = "payee_mismatch"
    DUPLICATE = "duplicate"  # the same key more than once on the statement

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


class DuplicateResolution(StrEnum):
    LINKED = "linked"  # the same person: the application now belongs to the registered survivor
    OVERRIDDEN = "overridden"  # a different person, in the fund officer's judgement (reason kept)


class OfficerRequestKind(StrEnum):
    """What an officer role request asks: a new officer with money rights (who may log in
    only once confirmed), or another role for an existing officer."""

    NEW_OFFICER = "new_officer"
    ROLE_CHANGE = "role_change"


class OfficerRequestOutcome(StrEnum):
    CONFIRMED = "confirmed"
    REFUSED = "refused"
