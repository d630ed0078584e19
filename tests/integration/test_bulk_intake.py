"""Bulk intake from the DOSVY workbook, on both databases: all rows land or none."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from compfund.applications.bulk_intake import import_applications
from compfund.applications.survivors import register_survivor
from compfund.clock import today_in_cambodia
from compfund.eligibility.decisions import check_eligibility
from compfund.enums import ApplicationStatus, ConsentGiver, Payer, Recipient, RuleResult
from compfund.intake.rows import BulkIntakeRefused
from compfund.models import Application, AuditEvent, Consent, DisclosedPayment, Disclosure, Survivor
from compfund.money import Currency, Money
from compfund.permissions import Role
from reports.intake_reader import read_intake_bytes
from tests.conftest import TestDatabase
from tests.integration.intake_data import fisherman
from tests.reports.workbooks import filled_template, fisherman_row, settlement_row, with_number

KH1 = "KH-1 Banteay Meanchey / បន្ទាយមានជ័យ"


def _count(db: TestDatabase, model: type) -> int:
    with db.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(model)).scalar_one())


def _statuses(db: TestDatabase) -> list[ApplicationStatus]:
    with db.engine.connect() as conn:
        return list(conn.execute(select(Application.status).order_by(Application.id)).scalars())


def _rows(*rows: dict) -> list:  # type: ignore[type-arg]
    return read_intake_bytes("dosvy.xlsx", filled_template(rows))


DOMESTIC_MINOR = fisherman_row(
    name_km="ចាន់ ស្រីមុំ",
    name_latin="Chan Sreymom",
    sex="Female / ស្រី",
    date_of_birth=None,
    birth_year=str(date.today().year - 16),
    guardian_name="ចាន់ សុភា / Chan Sophea",
    guardian_relationship="mother",
    document_type="Commune chief's letter / លិខិតបញ្ជាក់ពីមេឃុំ",
    document_number=None,
    exploitation_form="Domestic servitude / ការងារបម្រើតាមផ្ទះ",
    country="KH Cambodia (domestic) / កម្ពុជា",
    means_established="No / ទេ",
    minor_at_time="Yes / បាទ/ចាស",
    consent_given_by="Guardian / អាណាព្យាបាល",
    consent_method="Signed form / ចុះហត្ថលេខាលើទម្រង់",
)


MAO = settlement_row(name_km="ម៉ៅ សុភ័ក្ត្រ", name_latin="Mao Sopheak", document_number="110445566")


def _consents(db: TestDatabase) -> list[tuple[str, ConsentGiver, date]]:
    with db.engine.connect() as conn:
        query = select(Application.code, Consent.given_by, Consent.given_on).join(Application)
        return [tuple(r) for r in conn.execute(query.order_by(Application.id))]  # type: ignore[misc]


def test_a_template_written_by_the_app_and_filled_in_lands_whole(database: TestDatabase) -> None:
    cw = database.officer("cw_bmc", Role.CASEWORKER, "KH-1")
    result = cw.do(import_applications, "dosvy.xlsx", _rows(fisherman_row(), DOMESTIC_MINOR, MAO))
    assert [r.row for r in result.rows] == [3, 4, 5] and result.held == 0
    assert _count(database, Survivor) == 3
    assert _statuses(database) == [ApplicationStatus.SUBMITTED] * 3
    codes = [r.application for r in result.rows]
    assert _consents(database) == [
        (codes[0], ConsentGiver.SURVIVOR, date(2026, 1, 6)),
        (codes[1], ConsentGiver.GUARDIAN, date(2026, 1, 6)),
        (codes[2], ConsentGiver.SURVIVOR, date(2026, 1, 6)),
    ]
    with Session(database.engine) as session:
        answers = session.execute(select(Disclosure.received).order_by(Disclosure.id)).scalars()
        assert list(answers) == [False, False, True]
        paid = session.execute(select(DisclosedPayment)).scalar_one()
        assert paid.amount == Money.of("150.00", "USD") and paid.received_on == date(2025, 12, 20)
        assert (paid.paid_by, paid.received_by) == (Payer.AGENT, Recipient.FAMILY)
        audited = session.execute(
            select(AuditEvent.entity, AuditEvent.actor_login).where(AuditEvent.event == "insert")
        ).all()
    login = database.login("cw_bmc")
    assert audited.count(("consents", login)) == 3 and audited.count(("disclosures", login)) == 3


def test_imported_consent_and_disclosure_pass_the_eligibility_check(
    database: TestDatabase,
) -> None:
    cw = database.officer("cw_bmc", Role.CASEWORKER, "KH-1")
    fo = database.officer("fo", Role.FUND_OFFICER)
    not_asked = fisherman_row(
        name_km="កែវ វិចិត្រ",
        name_latin="Keo Vichet",
        document_number="1109",
        disclosure="Not asked / មិនទាន់បានសួរ",
        disclosure_asked_on=None,
    )
    landed = cw.do(import_applications, "dosvy.xlsx", _rows(fisherman_row(), MAO, not_asked))
    assert landed.held == 0
    nothing, received, unasked = (
        {line.rule: line for line in fo.do(check_eligibility, row.application).rules}
        for row in landed.rows
    )
    assert nothing["consent"].result is RuleResult.PASSED
    assert "consent given by the survivor on 2026-01-06" in nothing["consent"].reason
    assert nothing["disclosure"].result is RuleResult.PASSED
    assert nothing["disclosure"].reason == "asked on 2026-01-06: nothing received"
    assert received["disclosure"].result is RuleResult.PASSED
    assert "150.00 USD" in received["disclosure"].reason
    assert unasked["consent"].result is RuleResult.PASSED
    assert unasked["disclosure"].result is RuleResult.MISSING  # "not asked" is no answer


def test_a_file_with_any_invalid_row_is_refused_whole_listing_every_problem(
    database: TestDatabase,
) -> None:
    cw = database.officer("cw_bmc", Role.CASEWORKER, "KH-1")
    rows = _rows(
        fisherman_row(),
        fisherman_row(name_km=None, sex="unknown", identified_on="31/01/2026"),
        fisherman_row(name_km="កែវ វិចិត្រ", name_latin="Keo Vichet", province="KH-2"),
        {**DOMESTIC_MINOR, "guardian_name": None},  # a minor without a guardian (service rule)
    )
    with pytest.raises(BulkIntakeRefused) as refused:
        cw.do(import_applications, "dosvy.xlsx", rows)
    problems = [(p.row, p.column) for p in refused.value.problems]
    assert problems == [
        (4, "Identified on"),
        (4, "Name in Khmer"),
        (4, "Sex"),
        (5, "Responsible province"),
        (6, ""),
    ]
    message = refused.value.message
    assert "5 problem(s) in 3 row(s)" in message and "Nothing was saved" in message
    assert "row 4, column 'Sex': 'unknown' is not in the list of sexes" in message
    assert "row 6: This survivor is a minor: record the guardian" in message
    assert _count(database, Survivor) == 0 and _count(database, Application) == 0


def test_a_likely_duplicate_lands_on_hold_and_the_rest_go_forward(database: TestDatabase) -> None:
    cw = database.officer("cw_bmc", Role.CASEWORKER, "KH-1")
    registered = cw.do(register_survivor, fisherman())  # "Sok Sokha", ID 110223344
    variant = fisherman_row(
        name_km="សុខសុខា",
        name_latin="Sokh Sokhar",
        date_of_birth=None,
        birth_year="1991",
        document_number=None,
        document_type=None,
    )
    result = cw.do(import_applications, "dosvy.xlsx", _rows(variant, DOMESTIC_MINOR))
    assert [r.on_hold for r in result.rows] == [True, False]
    assert registered in result.rows[0].notice  # the same province: the code may be shown
    assert _statuses(database) == [ApplicationStatus.ON_HOLD, ApplicationStatus.SUBMITTED]


def test_two_rows_for_the_same_person_hold_the_second(database: TestDatabase) -> None:
    cw = database.officer("cw_bmc", Role.CASEWORKER, "KH-1")
    again = fisherman_row(name_latin="Sok Sok Ha", document_number="110 223 344")
    result = cw.do(import_applications, "dosvy.xlsx", _rows(fisherman_row(), again))
    assert [r.on_hold for r in result.rows] == [False, True]


GUARDIAN = "Guardian / អាណាព្យាបាល"
SURVIVOR = "Survivor / អ្នករស់រានមានជីវិត"
RECEIVED = "Received / បានទទួល"
NOT_ASKED = "Not asked / មិនទាន់បានសួរ"
FUTURE = today_in_cambodia() + timedelta(days=30)
MONEY_RECEIVED = "Money received from offender, agent or employer"
NEEDED = "is required when money was received."


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            fisherman_row(consent_given_by=None, consent_given_on=None, consent_method=None),
            [
                ("Consent date", "is required."),
                ("Consent given by", "is required."),
                ("How consent was given", "is required."),
            ],
        ),
        (
            {**DOMESTIC_MINOR, "consent_given_by": SURVIVOR},
            [("Consent given by", "a minor cannot consent alone. Record the guardian's")],
        ),
        (
            fisherman_row(consent_given_by=GUARDIAN, guardian_name="សុខ ចាន់ / Sok Chan"),
            [("Consent given by", "an adult consents for themselves.")],
        ),
        (
            fisherman_row(disclosure=None, disclosure_asked_on=None),
            [(MONEY_RECEIVED, "is required.")],
        ),
        (
            fisherman_row(disclosure_asked_on=None),
            [("Asked on", "is required unless the survivor was not asked.")],
        ),
        (
            fisherman_row(disclosure=RECEIVED),
            [
                ("Amount received", NEEDED),
                ("Currency", NEEDED),
                ("Date received", NEEDED),
                ("Paid by", NEEDED),
            ],
        ),
        (
            settlement_row(received_amount="12.345"),
            [("Amount received", "12.345 USD has more than 2 digits after the point.")],
        ),
        (
            settlement_row(received_amount="150 dollars"),
            [("Amount received", "'150 dollars' is not an amount of money.")],
        ),
        (
            settlement_row(disclosure=NOT_ASKED, disclosure_asked_on=None),
            [
                (
                    MONEY_RECEIVED,
                    "says 'Not asked', yet money received is filled in (Amount received,",
                )
            ],
        ),
        (settlement_row(received_amount="0"), [(MONEY_RECEIVED, "must be more than zero")]),
        (
            settlement_row(paid_by="Other / ផ្សេងៗ", paid_by_note=None),
            [(MONEY_RECEIVED, "Say who paid when the payer is 'other'.")],
        ),
        (
            settlement_row(received_on=date(2026, 1, 7)),
            [(MONEY_RECEIVED, "received on 2026-01-07 cannot be disclosed when asked on")],
        ),
        (
            settlement_row(consent_given_on=FUTURE, disclosure_asked_on=FUTURE, received_on=FUTURE),
            [
                ("Asked on", f"{FUTURE} is in the future."),
                ("Consent date", f"{FUTURE} is in the future."),
                ("Date received", f"{FUTURE} is in the future."),
            ],
        ),
    ],
    ids=[
        "consent missing",
        "a minor consenting alone",
        "a guardian consenting for an adult",
        "disclosure missing",
        "nothing received, not said when asked",
        "received without amount, currency, date or payer",
        "an amount in thousandths",
        "an amount in words",
        "not asked, yet an amount",
        "nothing paid",
        "an unnamed other payer",
        "received after being asked",
        "dates in the future",
    ],
)
def test_consent_and_disclosure_problems_refuse_the_file(
    database: TestDatabase,
    row: dict,
    expected: list[tuple[str, str]],  # type: ignore[type-arg]
) -> None:
    cw = database.officer("cw_bmc", Role.CASEWORKER, "KH-1")
    with pytest.raises(BulkIntakeRefused) as refused:
        cw.do(import_applications, "dosvy.xlsx", _rows(fisherman_row(document_number="1"), row))
    problems = refused.value.problems
    assert [(p.row, p.column) for p in problems] == [(4, column) for column, _ in expected]
    for problem, (_, words) in zip(problems, expected, strict=True):
        assert words in problem.message
    assert _count(database, Survivor) == 0 and _count(database, Application) == 0


def test_an_amount_typed_as_a_number_is_read_exactly_or_refused(database: TestDatabase) -> None:
    cw = database.officer("cw_bmc", Role.CASEWORKER, "KH-1")
    riel = filled_template([settlement_row(received_currency="KHR", received_amount=None)])
    landed = cw.do(
        import_applications,
        "r.xlsx",
        read_intake_bytes("r.xlsx", with_number(riel, 3, "received_amount", 615000.5)),
    )
    assert len(landed.rows) == 1
    with Session(database.engine) as session:
        assert session.execute(select(DisclosedPayment)).scalar_one().amount == Money(
            61500050, Currency.KHR
        )
    cents = filled_template([settlement_row(received_amount=None, document_number="2")])
    with pytest.raises(BulkIntakeRefused) as refused:
        cw.do(
            import_applications,
            "c.xlsx",
            read_intake_bytes("c.xlsx", with_number(cents, 3, "received_amount", 12.345)),
        )
    assert [str(p) for p in refused.value.problems] == [
        "row 3, column 'Amount received': 12.345 USD has more than 2 digits after the point."
    ]
