"""Real-looking eligibility cases (IJM 2016 review): consent, disclosures, claims, policy.

The cases: an adult fisherman deported from Thailand and identified at the Poipet
Transit Center (``intake_data``); a 16-year-old in domestic servitude in Phnom Penh with
no documents and her mother as guardian; a woman trafficked as a bride to China and
identified by the embassy in Beijing; and cases identified more than two years ago.
"""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from typing import Any

from compfund.applications.application import IdentificationInput
from compfund.applications.claims import DisclosureInput, LossClaim, ReceivedPayment
from compfund.applications.consent import ConsentInput
from compfund.applications.survivors import DocumentInput, SurvivorInput
from compfund.clock import today_in_cambodia
from compfund.eligibility_policy import PolicyAmounts, PolicyInput
from compfund.enums import (
    ConsentGiver,
    ConsentMethod,
    DocumentType,
    ExploitationForm,
    HeadOfLoss,
    IdentifyingAuthority,
    Payer,
    Recipient,
    Sex,
)
from compfund.money import Money


def days_ago(days: int) -> date:
    return today_in_cambodia() - timedelta(days=days)


def adult_consent(days: int = 1) -> ConsentInput:
    return ConsentInput(ConsentGiver.SURVIVOR, days_ago(days), ConsentMethod.THUMBPRINT_FORM)


def guardian_consent(days: int = 1) -> ConsentInput:
    return ConsentInput(ConsentGiver.GUARDIAN, days_ago(days), ConsentMethod.SIGNED_FORM)


def nothing_received() -> DisclosureInput:
    return DisclosureInput(asked_on=days_ago(1))


def settlement_disclosed() -> DisclosureInput:
    """The broker paid the family USD 150 to drop the complaint (report 3.3)."""
    return DisclosureInput(
        asked_on=days_ago(1),
        payments=(
            ReceivedPayment(
                Money.of("150.00", "USD"),
                days_ago(40),
                Payer.AGENT,
                Recipient.FAMILY,
                "the broker in Poipet",
            ),
        ),
    )


def fisherman_losses() -> tuple[LossClaim, ...]:
    """Eight months unpaid on a Thai trawler, a hand injury, the trip home."""
    return (
        LossClaim(HeadOfLoss.LOST_WAGES, Money.of("2400.00", "USD"), "8 months at USD 300"),
        LossClaim(HeadOfLoss.MEDICAL_COSTS, Money.of("180.00", "USD"), "hand injury"),
        LossClaim(HeadOfLoss.PSYCHOLOGICAL_HARM, Money.of("1000.00", "USD")),
        LossClaim(HeadOfLoss.REHABILITATION_AND_TRAVEL, Money.of("120.00", "USD")),
    )


def policy_from_today(**changes: Any) -> PolicyInput:
    """The shipped defaults, as a new version in force from today."""
    policy = PolicyInput(
        name="Board decision",
        effective_from=today_in_cambodia(),
        time_limit_days=730,
        minor_time_limit_days=1825,
        review_window_days=90,
        information_due_days=30,
        accepted_authorities=tuple(IdentifyingAuthority),
        identity_documents=tuple(DocumentType),
        amounts=(
            PolicyAmounts(Money.of("200", "USD"), Money.of("5000", "USD")),
            PolicyAmounts(Money.of("800000", "KHR"), Money.of("20000000", "KHR")),
        ),
        note="the fund board's first figures",
    )
    return dataclasses.replace(policy, **changes)


def domestic_servitude_identification() -> IdentificationInput:
    """A 16-year-old in domestic servitude in Phnom Penh: no means needed for a minor."""
    return IdentificationInput(
        authority=IdentifyingAuthority.AHTJPP,
        officer_name="Heng Sreyneang",
        identified_on=days_ago(20),
        place="AHTJPD Phnom Penh",
        form_reference="VIG-2026-0377",
        exploitation_form=ExploitationForm.DOMESTIC_SERVITUDE,
        country_code="KH",
        act_established=True,
        means_established=False,
        purpose_established=True,
        minor_at_time=True,
    )


def bride(province: str = "KH-3") -> SurvivorInput:
    """A woman from Kampong Cham sold as a bride in China; her passport was taken."""
    return SurvivorInput(
        name_km="ស៊ុន ស្រីនាង",
        name_latin="Sun Sreyneang",
        sex=Sex.FEMALE,
        province_code=province,
        date_of_birth=date(2001, 7, 2),
        documents=(DocumentInput(DocumentType.NATIONAL_ID, "061234567"),),
    )


def embassy_identification(days: int = 60) -> IdentificationInput:
    return IdentificationInput(
        authority=IdentifyingAuthority.EMBASSY,
        officer_name="Ly Channary",
        identified_on=days_ago(days),
        place="Royal Embassy of Cambodia, Beijing",
        form_reference="MFAIC-BJ-2026-031",
        exploitation_form=ExploitationForm.FORCED_MARRIAGE,
        country_code="CN",
        act_established=True,
        means_established=True,
        purpose_established=True,
        minor_at_time=False,
    )
