"""Cambodia's 25 provinces (ISO 3166-2:KH), with their Khmer and English names."""

from __future__ import annotations

from dataclasses import dataclass

from compfund.errors import InvalidInput


@dataclass(frozen=True, slots=True)
class Province:
    code: str
    name_en: str
    name_km: str


PROVINCES: tuple[Province, ...] = (
    Province("KH-1", "Banteay Meanchey", "បន្ទាយមានជ័យ"),
    Province("KH-2", "Battambang", "បាត់ដំបង"),
    Province("KH-3", "Kampong Cham", "កំពង់ចាម"),
    Province("KH-4", "Kampong Chhnang", "កំពង់ឆ្នាំង"),
    Province("KH-5", "Kampong Speu", "កំពង់ស្ពឺ"),
    Province("KH-6", "Kampong Thom", "កំពង់ធំ"),
    Province("KH-7", "Kampot", "កំពត"),
    Province("KH-8", "Kandal", "កណ្ដាល"),
    Province("KH-9", "Koh Kong", "កោះកុង"),
    Province("KH-10", "Kratie", "ក្រចេះ"),
    Province("KH-11", "Mondul Kiri", "មណ្ឌលគិរី"),
    Province("KH-12", "Phnom Penh", "ភ្នំពេញ"),
    Province("KH-13", "Preah Vihear", "ព្រះវិហារ"),
    Province("KH-14", "Prey Veng", "ព្រៃវែង"),
    Province("KH-15", "Pursat", "ពោធិ៍សាត់"),
    Province("KH-16", "Ratanak Kiri", "រតនគិរី"),
    Province("KH-17", "Siem Reap", "សៀមរាប"),
    Province("KH-18", "Preah Sihanouk", "ព្រះសីហនុ"),
    Province("KH-19", "Stung Treng", "ស្ទឹងត្រែង"),
    Province("KH-20", "Svay Rieng", "ស្វាយរៀង"),
    Province("KH-21", "Takeo", "តាកែវ"),
    Province("KH-22", "Oddar Meanchey", "ឧត្ដរមានជ័យ"),
    Province("KH-23", "Kep", "កែប"),
    Province("KH-24", "Pailin", "ប៉ៃលិន"),
    Province("KH-25", "Tbong Khmum", "ត្បូងឃ្មុំ"),
)

BY_CODE = {p.code: p for p in PROVINCES}


def parse_province(text: str) -> str:
    """Canonical ISO 3166-2:KH code for ``text`` ("KH-12", "kh-12" or "12")."""
    raw = text.strip().upper()
    code = raw if raw.startswith("KH-") else f"KH-{raw}"
    if code not in BY_CODE:
        raise InvalidInput(
            f"Unknown province code {text!r}: use an ISO 3166-2:KH code from KH-1 to KH-25 "
            "(KH-12 is Phnom Penh)."
        )
    return code
