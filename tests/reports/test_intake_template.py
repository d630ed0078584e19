"""The DOSVY template: headers in both languages, instructions, drop-down lists, and a
filled-in template that reads back as the rows typed. Text that looks like a formula is
written and read back as text."""

import io
import zipfile
from datetime import date

import pytest
from openpyxl import Workbook

from compfund.intake.template import CHOICE_LISTS, COLUMNS, header
from reports.cells import FORMULA_STARTS, put
from reports.intake_reader import read_intake_bytes
from reports.intake_template import DATA_SHEET, INSTRUCTIONS_SHEET, LISTS_SHEET, intake_template
from tests.reports.workbooks import (
    filled_template,
    fisherman_row,
    reopened,
    settlement_row,
    with_number,
)

DANGEROUS = [
    "=1+2",
    '=HYPERLINK("http://example.invalid","x")',
    "+855 12 345 678",
    "-5",
    "@SUM(A1)",
    "\tX",
    "\rX",
]


def _template_bytes() -> bytes:
    out = io.BytesIO()
    intake_template().save(out)
    return out.getvalue()


def test_headers_are_in_khmer_and_english_with_required_columns_starred() -> None:
    sheet = reopened(_template_bytes())[DATA_SHEET]
    khmer = [sheet.cell(1, n).value for n in range(1, len(COLUMNS) + 1)]
    english = [sheet.cell(2, n).value for n in range(1, len(COLUMNS) + 1)]
    assert khmer == [header(c, khmer=True) for c in COLUMNS]
    assert english == [header(c, khmer=False) for c in COLUMNS]
    assert "Name in Khmer *" in english and "Phone" in english
    assert all(any("\u1780" <= ch <= "\u17ff" for ch in h) for h in khmer)
    assert sheet.freeze_panes == "A3"


def test_instructions_sheet_explains_every_column() -> None:
    book = reopened(_template_bytes())
    assert book.sheetnames == [DATA_SHEET, INSTRUCTIONS_SHEET, LISTS_SHEET]
    text = {str(c.value) for row in book[INSTRUCTIONS_SHEET].iter_rows() for c in row if c.value}
    for column in COLUMNS:
        assert column.english in text and column.khmer in text
    assert any("refused" in t for t in text)
    consent = next(t for t in text if t.startswith("Consent:"))
    assert "under 18" in consent and "guardian" in consent
    money = next(t for t in text if t.startswith("Money received:"))
    for words in ("'Nothing received' is an answer", "amount", "currency", "who paid"):
        assert words in money
    assert any(t.startswith("ការយល់ព្រម៖") and "អាណាព្យាបាល" in t for t in text)
    assert any(t.startswith("ប្រាក់ដែលបានទទួល៖") and "ជនល្មើស" in t for t in text)


def test_the_consent_and_disclosure_lists_offer_the_answers_the_fund_records() -> None:
    lists = {c.name: [choice.shown for choice in c.choices] for c in CHOICE_LISTS}
    assert lists["who consents"] == ["Survivor / អ្នករស់រានមានជីវិត", "Guardian / អាណាព្យាបាល"]
    assert lists["disclosure answers"] == [
        "Nothing received / មិនបានទទួលអ្វីទេ",
        "Received / បានទទួល",
        "Not asked / មិនទាន់បានសួរ",
    ]
    assert [c.split(" / ")[0] for c in lists["payers"]] == [
        "Offender",
        "Agent or broker",
        "Employer",
        "Other",
    ]
    assert [c[:3] for c in lists["currencies"]] == ["KHR", "USD"]


def test_every_list_column_has_a_drop_down_on_the_hidden_lists_sheet() -> None:
    book = reopened(_template_bytes())
    lists = book[LISTS_SHEET]
    assert lists.sheet_state == "hidden"
    validations = book[DATA_SHEET].data_validations.dataValidation
    assert len(validations) == sum(1 for c in COLUMNS if c.choices is not None)
    names = {"sexes", "provinces", "identity documents", "identifying authorities"} | {
        "forms of exploitation",
        "countries",
        "application types",
        "who consents",
        "ways of consenting",
        "disclosure answers",
        "currencies",
        "payers",
        "recipients",
    }
    assert names <= {c.name for c in CHOICE_LISTS}
    shown_lists = {tuple(c.shown for c in choices.choices) for choices in CHOICE_LISTS}
    for validation in validations:
        assert validation.type == "list" and validation.showErrorMessage
        sheet_name, cells = validation.formula1.split("!")
        first, last = cells.replace("$", "").split(":")
        entries = tuple(c.value for row in lists[f"{first}:{last}"] for c in row)
        assert sheet_name.strip("'") == LISTS_SHEET and entries in shown_lists
        assert str(validation.sqref).endswith("1002")  # header rows + MAX_ROWS


def test_a_filled_in_template_reads_back_as_typed() -> None:
    second = settlement_row(
        name_km="ចាន់ ស្រីមុំ",
        name_latin="Chan Sreymom",
        sex="Female / ស្រី",
        date_of_birth=None,
        birth_year="2010",
        document_type=None,
        document_number=None,
        guardian_name="ចាន់ សុភា",
        phone="012000111",
    )
    rows = read_intake_bytes("dosvy.xlsx", filled_template([fisherman_row(), second]))
    assert [r.number for r in rows] == [3, 4]
    first = rows[0].cells
    assert first["name_km"] == "សុខ សុខា"
    assert first["date_of_birth"] == "1991-03-14"
    assert first["identified_on"] == "2026-01-05"
    assert first["sex"] == "Male / ប្រុស"
    assert first["phone"] == "012 345 678"
    assert rows[1].cells["phone"] == "012000111"
    assert rows[1].cells["birth_year"] == "2010"
    assert "document_number" not in rows[1].cells
    assert first["consent_given_by"] == "Survivor / អ្នករស់រានមានជីវិត"
    assert first["consent_given_on"] == "2026-01-06"
    assert first["disclosure"] == "Nothing received / មិនបានទទួលអ្វីទេ"
    assert "received_amount" not in first
    received = rows[1].cells
    assert received["disclosure"] == "Received / បានទទួល"
    assert received["received_amount"] == "150.00"  # typed as text: kept exactly
    assert received["received_on"] == "2025-12-20"
    assert received["paid_by"] == "Agent or broker / ភ្នាក់ងារ ឬមេខ្យល់"


def test_numbers_and_dates_typed_as_such_come_back_as_text() -> None:
    typed = filled_template([settlement_row(birth_year=1990, document_number=110223344)])
    rows = read_intake_bytes("dosvy.xlsx", with_number(typed, 3, "received_amount", 150.5))
    assert rows[0].cells["birth_year"] == "1990"
    assert rows[0].cells["document_number"] == "110223344"
    assert rows[0].cells["received_amount"] == "150.5"


@pytest.mark.parametrize("value", DANGEROUS)
def test_formula_like_text_is_written_as_text_never_as_a_formula(value: str) -> None:
    assert value.startswith(FORMULA_STARTS)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    cell = put(sheet, 1, 1, value)
    assert cell.data_type == "s" and cell.quotePrefix
    out = io.BytesIO()
    book.save(out)
    xml = zipfile.ZipFile(io.BytesIO(out.getvalue())).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in xml and b"<f " not in xml
    again = reopened(out.getvalue()).active
    # XML turns a carriage return into a line feed; still text, never a formula
    assert again["A1"].value == value.replace("\r", "\n") and again["A1"].data_type == "s"


def test_formula_like_text_in_a_filled_template_is_read_back_as_text() -> None:
    rows = read_intake_bytes(
        "dosvy.xlsx",
        filled_template([fisherman_row(address=v, place=f"{v} camp") for v in DANGEROUS]),
    )
    assert [r.cells["place"] for r in rows] == [" ".join(f"{v} camp".split()) for v in DANGEROUS]
    assert rows[0].cells["address"] == "=1+2"


def test_the_template_itself_holds_no_formula() -> None:
    archive = zipfile.ZipFile(io.BytesIO(_template_bytes()))
    for name in archive.namelist():
        if name.startswith("xl/worksheets/"):
            assert b"<f>" not in archive.read(name), name


def test_dates_in_the_future_are_kept_for_the_service_to_judge() -> None:
    rows = read_intake_bytes(
        "d.xlsx", filled_template([fisherman_row(identified_on=date(2099, 1, 1))])
    )
    assert rows[0].cells["identified_on"] == "2099-01-01"
