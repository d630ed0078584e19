"""Hostile or broken intake workbooks, built from a valid one.

Shared by ``tests/reports/test_hostile_workbooks.py`` (each is refused, with its reason)
and ``bench/hostile_workbooks.py`` (how fast, and with how much memory).
"""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Callable

import openpyxl

from compfund.intake.rows import (
    MAX_CELL_CHARS,
    MAX_FILE_BYTES,
    MAX_INFLATED_BYTES,
    MAX_PARTS,
    MAX_ROWS,
    MAX_SHEET_ROWS,
)
from reports.cells import CellValue
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

CSV_FILE = b"name,sex\nSok Sokha,male\n"
"""A file saved as CSV instead of a workbook: not a zip at all."""

OLE_FILE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
"""The start of an old .xls (or a password-protected workbook): an OLE compound file."""


def one_row_template() -> bytes:
    return filled_template([fisherman_row()])


def rows_template(count: int, make: Callable[[int], dict[str, CellValue]]) -> bytes:
    return filled_template(make(n) for n in range(count))


def more_rows_than_the_cap() -> bytes:
    return rows_template(MAX_ROWS + 1, lambda n: {"name_latin": f"Person {n}"})


def plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("photo.jpg", b"\xff\xd8")
    return out.getvalue()


def truncated(template: bytes) -> bytes:
    return template[: len(template) // 2]


def larger_than_the_cap() -> bytes:
    return b"PK\x03\x04" + b"\0" * MAX_FILE_BYTES


def zip_bomb(template: bytes) -> bytes:
    """60 MB of zeros compress to ~60 KB: refused from the zip directory, never unpacked."""
    return with_part(template, "xl/media/padding.bin", b"\0" * (MAX_INFLATED_BYTES + 10 * 2**20))


def understated_sizes(data: bytes, part: str = SHEET) -> bytes:
    """``data`` with ``part``'s uncompressed size declared as 10 bytes (a lying header)."""
    out = bytearray(data)
    index = out.find(b"PK\x01\x02")
    while index != -1:
        name_len = struct.unpack_from("<H", out, index + 28)[0]
        if out[index + 46 : index + 46 + name_len] == part.encode():
            struct.pack_into("<I", out, index + 24, 10)
        index = out.find(b"PK\x01\x02", index + 4)
    return bytes(out)


def too_many_parts(template: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(template))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for item in source.infolist():
            archive.writestr(item, source.read(item))
        for n in range(MAX_PARTS):
            archive.writestr(f"xl/media/{n}.bin", b"")
    return out.getvalue()


def long_sheet_of_blank_rows(template: bytes) -> bytes:
    """A data sheet past ``MAX_SHEET_ROWS`` rows that hold only a blank each (not data)."""
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
    return with_part(template, SHEET, body)


def very_long_cell() -> bytes:
    """Two rows; the second's address is one character past ``MAX_CELL_CHARS``."""
    return filled_template([fisherman_row(), fisherman_row(address="x" * (MAX_CELL_CHARS + 1))])


def typed_formula(template: bytes) -> bytes:
    """``template`` with a formula typed into the first data row's Latin name."""
    book = openpyxl.load_workbook(io.BytesIO(template))
    book["Applications"]["B3"] = "=CONCAT(A3)"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
