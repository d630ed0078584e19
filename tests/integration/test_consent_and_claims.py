"""Consent (the guardian's for a minor) and its withdrawal; the disclosure of money
received ("nothing" differs from "not asked"); heads of loss as exact Money."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import select

from compfund.applications.application import (
    create_application,
    record_identification,
    submit_application,
)
from compfund.applications.claims import (
    DisclosureInput,
    LossClaim,
    ReceivedPayment,
    record_disclosure,
    set_heads_of_loss,
)
from compfund.applications.consent import record_consent, withdraw_consent
from compfund.applications.survivors import register_survivor
from compfund.enums import ApplicationStatus as S
from compfund.enums import ApplicationType, ConsentMethod, HeadOfLoss, Payer
from compfund.errors import InvalidInput, RuleViolation
from compfund.models import (
    Application,
    ClaimedLoss,
    Consent,
    DisclosedPayment,
    Disclosure,
    StatusChange,
)
from compfund.money import Money
from compfund.permissions import Role
from tests.conftest import TestDatabase
from tests.integration.eligibility_data import (
    adult_consent,
    days_ago,
    domestic_servitude_identification,
    fisherman_losses,
    guardian_consent,
    nothing_received,
    settlement_disclosed,
)
from tests.integration.intake_data import domestic_servant_minor, fisherman, poipet_identification


def rows(db: TestDatabase, model: type) -> list:  # type: ignore[type-arg]
    with db.engine.connect() as conn:
        return list(conn.execute(select(model.__table__)).all())


@pytest.fixture
def cw(database: TestDatabase):  # type: ignore[no-untyped-def]
    return database.officer("cw_bmc", Role.CASEWORKER, "KH-1")


def draft(cw, *, minor: bool = False, kind=ApplicationType.COMPENSATION_AWARD) -> str:  # type: ignore[no-untyped-def]
    survivor = domestic_servant_minor("KH-1") if minor else fisherman()
    identification = domestic_servitude_identification() if minor else poipet_identification()
    ident = cw.do(record_identification, cw.do(register_survivor, survivor), identification)
    return str(cw.do(create_application, ident, kind, "DOSVY Banteay Meanchey"))


# -- consent ---------------------------------------------------------------------------------


def test_an_adult_consents_for_themselves(database: TestDatabase, cw) -> None:  # type: ignore[no-untyped-def]
    app = draft(cw)
    cw.do(record_consent, app, adult_consent())
    [consent] = rows(database, Consent)
    assert (consent.given_by, consent.method) == ("survivor", "thumbprint_form")
    with pytest.raises(RuleViolation, match="already recorded"):
        cw.do(record_consent, app, adult_consent())


def test_a_minors_own_consent_is_refused_and_the_guardians_taken(
    database: TestDatabase,
    cw,  # type: ignore[no-untyped-def]
) -> None:
    app = draft(cw, minor=True)
    with pytest.raises(RuleViolation, match="a minor cannot consent alone"):
        cw.do(record_consent, app, adult_consent())
    assert rows(database, Consent) == []
    cw.do(record_consent, app, guardian_consent())
    assert [c.given_by for c in rows(database, Consent)] == ["guardian"]


def test_a_guardian_does_not_consent_for_an_adult(cw) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RuleViolation, match="an adult consents for themselves"):
        cw.do(record_consent, draft(cw), guardian_consent())


def test_consent_cannot_be_dated_tomorrow(cw) -> None:  # type: ignore[no-untyped-def]
    tomorrow = dataclasses.replace(adult_consent(), given_on=days_ago(-1))
    with pytest.raises(InvalidInput, match="after today"):
        cw.do(record_consent, draft(cw), tomorrow)


def test_withdrawing_consent_is_recorded_and_stops_processing(
    database: TestDatabase,
    cw,  # type: ignore[no-untyped-def]
) -> None:
    app = draft(cw)
    with pytest.raises(RuleViolation, match="No consent .* is recorded"):
        cw.do(withdraw_consent, app, days_ago(0), ConsentMethod.VERBAL_WITNESSED, "by phone")
    cw.do(record_consent, app, adult_consent(days=3))
    cw.do(submit_application, app)
    cw.do(
        withdraw_consent,
        app,
        days_ago(0),
        ConsentMethod.VERBAL_WITNESSED,
        "told the DOSVY officer he fears the broker's family",
    )
    [consent] = rows(database, Consent)
    assert consent.withdrawn_on == days_ago(0) and consent.withdrawal_method == "verbal_witnessed"
    [application] = rows(database, Application)
    assert application.status == S.WITHDRAWN.value
    last = rows(database, StatusChange)[-1]
    assert (last.to_status, last.step) == ("withdrawn", "withdraw")
    assert last.reason == "consent withdrawn: told the DOSVY officer he fears the broker's family"
    with pytest.raises(RuleViolation, match="was withdrawn on"):
        cw.do(withdraw_consent, app, days_ago(0), ConsentMethod.SIGNED_FORM, "again")


# -- disclosure ------------------------------------------------------------------------------


def test_nothing_received_is_an_answer_and_not_asked_is_none(
    database: TestDatabase,
    cw,  # type: ignore[no-untyped-def]
) -> None:
    asked, not_asked = draft(cw), draft(cw)
    cw.do(record_disclosure, asked, nothing_received())
    [disclosure] = rows(database, Disclosure)
    assert disclosure.received is False or disclosure.received == 0
    assert rows(database, DisclosedPayment) == []
    with database.engine.connect() as conn:
        ids = conn.execute(select(Application.id).where(Application.code == not_asked)).scalar()
    assert ids not in {d.application_id for d in rows(database, Disclosure)}


def test_money_received_is_kept_in_minor_units_and_can_be_corrected(
    database: TestDatabase,
    cw,  # type: ignore[no-untyped-def]
) -> None:
    app = draft(cw)
    cw.do(record_disclosure, app, settlement_disclosed())
    [payment] = rows(database, DisclosedPayment)
    assert (payment.amount_minor, payment.currency, payment.paid_by) == (15000, "USD", "agent")
    riel = ReceivedPayment(Money.of("400000", "KHR"), days_ago(90), Payer.EMPLOYER)
    cw.do(record_disclosure, app, DisclosureInput(days_ago(0), (riel,)))
    [payment] = rows(database, DisclosedPayment)
    assert (payment.amount_minor, payment.currency) == (40_000_000, "KHR")
    assert len(rows(database, Disclosure)) == 1


@pytest.mark.parametrize(
    ("payment", "message"),
    [
        (ReceivedPayment(Money.of("0", "USD"), days_ago(5), Payer.OFFENDER), "more than zero"),
        (ReceivedPayment(Money.of("10", "USD"), days_ago(5), Payer.OTHER), "who paid"),
        (ReceivedPayment(Money.of("10", "USD"), days_ago(-3), Payer.AGENT), "after today"),
    ],
)
def test_a_bad_disclosure_is_refused(cw, payment: ReceivedPayment, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidInput, match=message):
        cw.do(record_disclosure, draft(cw), DisclosureInput(days_ago(1), (payment,)))


# -- heads of loss ---------------------------------------------------------------------------


def test_heads_of_loss_are_stored_as_exact_money(database: TestDatabase, cw) -> None:  # type: ignore[no-untyped-def]
    app = draft(cw)
    cw.do(set_heads_of_loss, app, fisherman_losses())
    claimed = {r.head: (r.amount_minor, r.currency) for r in rows(database, ClaimedLoss)}
    assert claimed["lost_wages"] == (240000, "USD")
    assert sum(minor for minor, _ in claimed.values()) == 370000
    cw.do(set_heads_of_loss, app, fisherman_losses()[:1])
    assert [r.head for r in rows(database, ClaimedLoss)] == ["lost_wages"]


@pytest.mark.parametrize(
    ("claims", "message"),
    [
        (
            (
                LossClaim(HeadOfLoss.MEDICAL_COSTS, Money.of("10", "USD")),
                LossClaim(HeadOfLoss.MEDICAL_COSTS, Money.of("20", "USD")),
            ),
            "each head of loss once",
        ),
        (
            (
                LossClaim(HeadOfLoss.MEDICAL_COSTS, Money.of("10", "USD")),
                LossClaim(HeadOfLoss.LOST_WAGES, Money.of("800000", "KHR")),
            ),
            "same currency",
        ),
        ((LossClaim(HeadOfLoss.OTHER, Money.of("10", "USD")),), "Say what the 'other'"),
        ((LossClaim(HeadOfLoss.LOST_WAGES, Money.of("-1", "USD")),), "more than zero"),
    ],
)
def test_bad_heads_of_loss_are_refused(
    database: TestDatabase,
    cw,  # type: ignore[no-untyped-def]
    claims: tuple[LossClaim, ...],
    message: str,
) -> None:
    with pytest.raises(InvalidInput, match=message):
        cw.do(set_heads_of_loss, draft(cw), claims)
    assert rows(database, ClaimedLoss) == []


def test_an_interim_grant_claims_no_heads_of_loss(cw) -> None:  # type: ignore[no-untyped-def]
    app = draft(cw, kind=ApplicationType.INTERIM_GRANT)
    with pytest.raises(RuleViolation, match="heads of loss belong to a compensation award"):
        cw.do(set_heads_of_loss, app, fisherman_losses())


def test_heads_of_loss_are_fixed_once_submitted(cw) -> None:  # type: ignore[no-untyped-def]
    app = draft(cw)
    cw.do(set_heads_of_loss, app, fisherman_losses())
    cw.do(submit_application, app)
    with pytest.raises(RuleViolation, match="is submitted: heads of loss can be changed"):
        cw.do(set_heads_of_loss, app, fisherman_losses()[:2])
