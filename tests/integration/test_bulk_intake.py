"""Bulk intake from the DOSVY workbook, on both databases: all rows land or none."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from compfund.intake.rows import BulkIntakeRefused
from compfund.models import Application, Survivor
from compfund.models.enums import ApplicationStatus
from compfund.permissions import Role
from compfund.services.bulk_intake import import_applications
from compfund.services.survivors import register_survivor
from reports.intake_reader import read_intake_bytes
from tests.conftest import TestDatabase
from tests.integration.intake_data import fisherman
from tests.reports.workbooks import filled_template, fisherman_row

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


def test_a_template_written_by_the_app_and_filled_in_lands_whole(database: TestDatabase) -> None:
    cw = database.officer("cw_bmc", Role.CASEWORKER, "KH-1")
    result = cw.do(import_applications, "dosvy.xlsx", _rows(fisherman_row(), DOMESTIC_MINOR))
    assert [r.row for r in result.rows] == [3, 4] and result.held == 0
    assert _count(database, Survivor) == 2
    assert _statuses(database) == [ApplicationStatus.SUBMITTED] * 2


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
