"""Real-looking cases for intake tests (from the situations the IJM 2016 review describes)."""

from datetime import date, timedelta

from compfund.applications.application import IdentificationInput
from compfund.applications.survivors import DocumentInput, SurvivorInput
from compfund.clock import today_in_cambodia
from compfund.enums import DocumentType, ExploitationForm, IdentifyingAuthority, Sex


def fisherman(province: str = "KH-1") -> SurvivorInput:
    """An adult man deported from Thailand, identified at the Poipet Transit Center."""
    return SurvivorInput(
        name_km="សុខ សុខា",
        name_latin="Sok Sokha",
        sex=Sex.MALE,
        province_code=province,
        date_of_birth=date(1991, 3, 14),
        phone="012 345 678",
        documents=(DocumentInput(DocumentType.NATIONAL_ID, "110223344"),),
    )


def domestic_servant_minor(province: str = "KH-2") -> SurvivorInput:
    """A 16-year-old girl in domestic servitude, no documents, with her mother as guardian."""
    today = today_in_cambodia()
    return SurvivorInput(
        name_km="ចាន់ ស្រីមុំ",
        name_latin="Chan Sreymom",
        sex=Sex.FEMALE,
        province_code=province,
        birth_year=today.year - 16,
        guardian_name="ចាន់ សុភា / Chan Sophea",
        guardian_relationship="mother",
        documents=(DocumentInput(DocumentType.COMMUNE_LETTER, None, "Commune chief"),),
    )


def poipet_identification(days_ago: int = 30) -> IdentificationInput:
    return IdentificationInput(
        authority=IdentifyingAuthority.MOSVY,
        officer_name="Chea Sophal",
        identified_on=today_in_cambodia() - timedelta(days=days_ago),
        place="Poipet Transit Center",
        form_reference="VIG-2026-0141",
        exploitation_form=ExploitationForm.FISHING,
        country_code="TH",
        act_established=True,
        means_established=True,
        purpose_established=True,
        minor_at_time=False,
    )
