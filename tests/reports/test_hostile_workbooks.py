"""Hostile or broken workbooks are refused, each with its reason and its limit.

How quickly they are refused is measured by ``bench/hostile_workbooks.py``, not here.
"""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Callable, Iterator

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
from tests.reports.workbooks import filled_template, fisherman_row, with_part

SHEET = "xl/worksheets/sheet1.xml"

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="3"><c r="A3" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="3"><c r="A3" t="inlineStr"><is><t>&xxe;</t></is></c></row></sheetData></worksheet>"""


@pytest.fixture(scope="module")
def template() -> bytes:
    return filled_template([fisherman_row()])


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
    message = _message(b"name,sex\nSok Sokha,male\n", "CSV file")
    assert "not an Excel workbook (.xlsx)" in message


def test_old_xls_or_password_protected_workbook() -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    assert "save it as an Excel Workbook (.xlsx)" in _message(ole, "OLE (.xls) file")


def test_a_zip_that_is_not_a_workbook() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("photo.jpg", b"\xff\xd8")
    assert "zip file but not an Excel workbook" in _message(out.getvalue(), "plain zip")


def test_truncated_zip(template: bytes) -> None:
    message = _message(template[: len(template) // 2], "truncated workbook")
    assert "damaged or incomplete" in message


def test_file_larger_than_the_cap() -> None:
    big = b"PK\x03\x04" + b"\0" * MAX_FILE_BYTES
    assert f"at most {MAX_FILE_BYTES // (1024 * 1024)} MB" in _message(big, "oversized file")


def test_zip_that_inflates_past_the_cap(template: bytes) -> None:
    """60 MB of zeros compress to ~60 KB: refused from the zip directory, never unpacked."""
    bomb = with_part(template, "xl/media/padding.bin", b"\0" * (MAX_INFLATED_BYTES + 10 * 2**20))
    assert len(bomb) < 200_000
    message = _message(bomb, "zip bomb")
    assert f"at most {MAX_INFLATED_BYTES // 2**20} MB" in message


def _understate_sizes(data: bytes, part: str) -> bytes:
    """``data`` with ``part``'s uncompressed size declared as 10 bytes (a lying header)."""
    out = bytearray(data)
    index = out.find(b"PK\x01\x02")
    while index != -1:
        name_len = struct.unpack_from("<H", out, index + 28)[0]
        if out[index + 46 : index + 46 + name_len] == part.encode():
            struct.pack_into("<I", out, index + 24, 10)
        index = out.find(b"PK\x01\x02", index + 4)
    return bytes(out)


def test_zip_whose_directory_understates_a_part(template: bytes) -> None:
    liar = _understate_sizes(template, SHEET)
    message = _message(liar, "zip part larger than declared")
    assert "damaged" in message


def test_too_many_parts(template: bytes) -> None:
    source = zipfile.ZipFile(io.BytesIO(template))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for item in source.infolist():
            archive.writestr(item, source.read(item))
        for n in range(MAX_PARTS):
            archive.writestr(f"xl/media/{n}.bin", b"")
    assert f"at most {MAX_PARTS}" in _message(out.getvalue(), "too many parts")


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


def _rows(count: int, make: Callable[[int], dict]) -> bytes:  # type: ignore[type-arg]
    return filled_template(make(n) for n in range(count))


def test_more_rows_than_the_cap() -> None:
    data = _rows(MAX_ROWS + 1, lambda n: {"name_latin": f"Person {n}"})
    assert f"more than {MAX_ROWS} rows of data" in _message(data, f"{MAX_ROWS + 1} rows")


def test_a_sheet_longer_than_the_cap_even_with_empty_rows(template: bytes) -> None:
    """Rows holding only blanks are not data, but the sheet's length is capped all the same."""
    sheet = zipfile.ZipFile(io.BytesIO(template)).read(SHEET)
    header_rows = sheet[sheet.index(b"<row") : sheet.index(b'<row r="3"')]
    blank_rows = "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t> </t></is></c></row>'
        for r in range(3, MAX_SHEET_ROWS + 10)
    ).encode()
    body = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<sheetData>" + header_rows + blank_rows + b"</sheetData></worksheet>"
    )
    message = _message(with_part(template, SHEET, body), "long sheet of blank rows")
    assert f"more than {MAX_SHEET_ROWS} rows" in message


def test_very_long_cells_are_listed_with_row_and_column() -> None:
    data = filled_template([fisherman_row(), fisherman_row(address="x" * (MAX_CELL_CHARS + 1))])
    message = _message(data, "a very long cell")
    assert (
        f"row 4, column 'Address': {MAX_CELL_CHARS + 1} characters; at most {MAX_CELL_CHARS}"
        in message
    )


def test_a_typed_formula_is_refused_with_row_and_column(template: bytes) -> None:
    book = openpyxl.load_workbook(io.BytesIO(template))
    book["Applications"]["B3"] = "=CONCAT(A3)"
    out = io.BytesIO()
    book.save(out)
    message = _message(out.getvalue(), "a formula")
    assert "row 3, column 'Name in Latin letters': holds a formula" in message
