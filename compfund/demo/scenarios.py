"""Trafficking scenarios seen in Cambodia (IJM 2016 review), for realistic demo cases."""

from __future__ import annotations

from dataclasses import dataclass

from compfund.enums import ExploitationForm as F
from compfund.enums import IdentifyingAuthority as A


@dataclass(frozen=True, slots=True)
class Scenario:
    form: F
    countries: tuple[str, ...]
    share_male: float  # of survivors in this scenario
    share_minor: float  # minors at the time of identification
    identified_by: tuple[tuple[A, str], ...]  # authority and place
    weight: int


SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        F.FISHING,
        ("TH", "MY", "ID", "FJ", "ZA"),
        0.95,
        0.05,
        (
            (A.MOSVY, "Poipet Transit Center"),
            (A.BORDER_POLICE, "Poipet international checkpoint"),
            (A.EMBASSY, "Royal Embassy of Cambodia, Jakarta"),
            (A.AHTJPP, "AHTJPD Phnom Penh"),
        ),
        18,
    ),
    Scenario(
        F.CONSTRUCTION,
        ("TH", "MY", "KR"),
        0.7,
        0.05,
        (
            (A.MOSVY, "Poipet Transit Center"),
            (A.BORDER_POLICE, "Cham Yeam checkpoint, Koh Kong"),
            (A.DOSVY, "DOSVY Battambang"),
        ),
        10,
    ),
    Scenario(
        F.AGRICULTURE,
        ("TH", "KH"),
        0.55,
        0.15,
        (
            (A.MOSVY, "Poipet Transit Center"),
            (A.PROVINCIAL_POLICE, "Provincial police, Pailin"),
            (A.DOSVY, "DOSVY Banteay Meanchey"),
        ),
        8,
    ),
    Scenario(
        F.FACTORY,
        ("TH", "MY", "CN"),
        0.4,
        0.1,
        (
            (A.MOSVY, "Poipet Transit Center"),
            (A.EMBASSY, "Royal Embassy of Cambodia, Kuala Lumpur"),
        ),
        6,
    ),
    Scenario(
        F.BRICK_KILN,
        ("KH",),
        0.6,
        0.3,
        (
            (A.AHTJPP, "AHTJPD Kandal"),
            (A.PROVINCIAL_POLICE, "Provincial police, Kampong Chhnang"),
            (A.DOSVY, "DOSVY Kandal"),
        ),
        7,
    ),
    Scenario(
        F.DOMESTIC_SERVITUDE,
        ("MY", "SA", "KH"),
        0.05,
        0.3,
        (
            (A.EMBASSY, "Royal Embassy of Cambodia, Kuala Lumpur"),
            (A.DOSVY, "DOSVY Phnom Penh"),
            (A.AHTJPP, "AHTJPD Phnom Penh"),
        ),
        9,
    ),
    Scenario(
        F.FORCED_MARRIAGE,
        ("CN",),
        0.0,
        0.2,
        (
            (A.EMBASSY, "Royal Embassy of Cambodia, Beijing"),
            (A.EMBASSY, "Consulate General of Cambodia, Shanghai"),
            (A.MOSVY, "MOSVY Phnom Penh"),
        ),
        10,
    ),
    Scenario(
        F.SEXUAL_EXPLOITATION,
        ("KH", "TH", "MY"),
        0.05,
        0.45,
        (
            (A.AHTJPP, "AHTJPD Phnom Penh"),
            (A.AHTJPP, "AHTJPD Siem Reap"),
            (A.PROVINCIAL_POLICE, "Provincial police, Preah Sihanouk"),
        ),
        8,
    ),
    Scenario(
        F.FORCED_BEGGING,
        ("TH", "VN"),
        0.5,
        0.9,
        ((A.MOSVY, "Poipet Transit Center"), (A.BORDER_POLICE, "Bavet checkpoint, Svay Rieng")),
        4,
    ),
)

# Provinces people most often leave from (report 3.4; border crossings weigh more).
SOURCE_PROVINCE_WEIGHTS = {
    "KH-1": 9,
    "KH-2": 8,
    "KH-3": 6,
    "KH-14": 6,
    "KH-20": 6,
    "KH-9": 5,
    "KH-21": 5,
    "KH-12": 5,
    "KH-5": 4,
    "KH-6": 4,
    "KH-17": 4,
    "KH-8": 4,
    "KH-4": 3,
    "KH-15": 3,
    "KH-7": 3,
    "KH-25": 3,
    "KH-10": 2,
    "KH-22": 2,
    "KH-24": 2,
    "KH-18": 2,
    "KH-13": 1,
    "KH-11": 1,
    "KH-16": 1,
    "KH-19": 1,
    "KH-23": 1,
}

ORGANISATIONS = (
    "DOSVY {province}",
    "DOSVY {province}",
    "DOSVY {province}",
    "Partner NGO (shelter), {province}",
    "Legal aid NGO, {province}",
)

IDENTIFYING_OFFICERS = (
    "Chea Sophal",
    "Keo Vannak",
    "Heng Sreyneang",
    "Mao Rithy",
    "Ly Channary",
    "Prak Sovann",
    "Touch Bopha",
    "Seng Visal",
)
