"""Closed lists of the fund's own words, stored as text with a CHECK constraint."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import Enum


def stored(enum: type[StrEnum], name: str) -> Enum:
    """A text column limited to ``enum``'s values (portable: no native PostgreSQL enum)."""
    return Enum(
        enum,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=max(len(m.value) for m in enum),
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )


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
