"""Hostile or broken workbooks are refused, each with its reason and its limit.

How quickly they are refused is measured by ``bench/hostile_workbooks.py``, not here.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import openpyxl
import pytest
from defusedxml import DefusedXmlException

from compfund.intake.rows import (
    MAX_CELL_CHARS,
    MAX_FILE_BYTES,
    MAX_INFLATED_BYTES,
    MAX_PARTS,
    MAX_ROWS,
    MAX_SHEET_ROWS,
    IntakeFileRefused,
)
from reports.intake_reader import read_intake_bytes
from tests.reports.hostile import (
    BILLION_LAUGHS,
    CSV_FILE,
    EXTERNAL_ENTITY,
    OLE_FILE,
    SHEET,
    larger_than_the_cap,
    long_sheet_of_blank_rows,
    more_rows_than_the_cap,
    one_row_template,
    plain_zip,
    too_many_parts,
    truncated,
    typed_formula,
    understated_sizes,
    very_long_cell,
    zip_bomb,
)
from tests.reports.workbooks import with_part


@pytest.fixture(scope="module")
def template() -> bytes:
    return one_row_template()


def refused(data: bytes, what: str) -> Iterator[str]:
    """Read ``data``; yields the refusal's message."""
    with pytest.raises(IntakeFileRefused) as caught:
        read_intake_bytes("hostile.xlsx", data)
    assert caught.value.message, what
    yield caught.value.message


def _message(data: bytes, what: str) -> str:
    return next(refused(data, what))


def test_empty_file() -> None:
    assert "the file is empty" in _message(b"", "empty file")


def test_not_a_zip() -> None:
    message = _message(CSV_FILE, "CSV file")
    assert "not an Excel workbook (.xlsx)" in message


def test_old_xls_or_password_protected_workbook() -> None:
    assert "save it as an Excel Workbook (.xlsx)" in _message(OLE_FILE, "OLE (.xls) file")


def test_a_zip_that_is_not_a_workbook() -> None:
    assert "zip file but not an Excel workbook" in _message(plain_zip(), "plain zip")


def test_truncated_zip(template: bytes) -> None:
    message = _message(truncated(template), "truncated workbook")
    assert "damaged or incomplete" in message


def test_file_larger_than_the_cap() -> None:
    message = _message(larger_than_the_cap(), "oversized file")
    assert f"at most {MAX_FILE_BYTES // (1024 * 1024)} MB" in message


def test_zip_that_inflates_past_the_cap(template: bytes) -> None:
    """60 MB of zeros compress to ~60 KB: refused from the zip directory, never unpacked."""
    bomb = zip_bomb(template)
    assert len(bomb) < 200_000
    message = _message(bomb, "zip bomb")
    assert f"at most {MAX_INFLATED_BYTES // 2**20} MB" in message


def test_zip_whose_directory_understates_a_part(template: bytes) -> None:
    liar = understated_sizes(template, SHEET)
    message = _message(liar, "zip part larger than declared")
    assert "damaged" in message


def test_too_many_parts(template: bytes) -> None:
    assert f"at most {MAX_PARTS}" in _message(too_many_parts(template), "too many parts")


@pytest.mark.parametrize(
    ("xml", "what"),
    [(BILLION_LAUGHS, "billion laughs"), (EXTERNAL_ENTITY, "external entity")],
)
def test_xml_entities_are_refused_before_parsing(template: bytes, xml: bytes, what: str) -> None:
    message = _message(with_part(template, SHEET, xml), what)
    assert "declares XML entities" in message


@pytest.mark.parametrize(
    ("xml", "what"),
    [(BILLION_LAUGHS, "billion laughs"), (EXTERNAL_ENTITY, "external entity")],
)
def test_openpyxl_itself_parses_with_defusedxml(template: bytes, xml: bytes, what: str) -> None:
    """The second line of defence: without our check, openpyxl (with defusedxml) refuses."""
    assert openpyxl.xml.DEFUSEDXML
    with pytest.raises(ValueError) as caught:
        openpyxl.load_workbook(io.BytesIO(with_part(template, SHEET, xml)))
    assert isinstance(caught.value.__cause__, DefusedXmlException), what


def test_more_rows_than_the_cap() -> None:
    data = more_rows_than_the_cap()
    assert f"more than {MAX_ROWS} rows of data" in _message(data, f"{MAX_ROWS + 1} rows")


def test_a_sheet_longer_than_the_cap_even_with_empty_rows(template: bytes) -> None:
    """Rows holding only blanks are not data, but the sheet's length is capped all the same."""
    message = _message(long_sheet_of_blank_rows(template), "long sheet of blank rows")
    assert f"more than {MAX_SHEET_ROWS} rows" in message


def test_very_long_cells_are_listed_with_row_and_column() -> None:
    message = _message(very_long_cell(), "a very long cell")
    assert (
        f"row 4, column 'Address': {MAX_CELL_CHARS + 1} characters; at most {MAX_CELL_CHARS}"
        in message
    )


def test_a_typed_formula_is_refused_with_row_and_column(template: bytes) -> None:
    message = _message(typed_formula(template), "a formula")
    assert "row 3, column 'Name in Latin letters': holds a formula" in message
