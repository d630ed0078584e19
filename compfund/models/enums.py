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
