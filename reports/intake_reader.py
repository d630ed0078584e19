"""Reading a filled-in DOSVY intake workbook into plain rows (``compfund.intake.rows``).

A workbook from outside is untrusted. Before openpyxl sees it, the file is checked
against the limits documented in ``compfund.intake.rows`` and refused with a plain
reason when it is empty, not a zip, an old .xls, damaged or truncated, has too many
parts, would unpack past ``MAX_INFLATED_BYTES`` (judged from the zip directory, before
anything is unpacked; Python's zipfile then never hands out more than a part declares),
or has an XML part with a document type declaration (entity expansion, "billion laughs",
and external entities both need one; Excel never writes one). openpyxl then parses with
defusedxml (it uses it whenever it is installed; this module refuses to run without it),
which would refuse such XML a second time. Rows beyond ``MAX_ROWS`` (or a sheet beyond
``MAX_SHEET_ROWS``), cells longer than ``MAX_CELL_CHARS`` and formulas are refused too.

Every cell comes back as text: a number as its digits, a date as YYYY-MM-DD, a string as
typed (one starting with "=" is text, never evaluated).
"""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime, time
from pathlib import Path

import openpyxl
import openpyxl.xml
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from compfund.intake.rows import (
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_FILE_BYTES,
    MAX_INFLATED_BYTES,
    MAX_PARTS,
    MAX_ROWS,
    MAX_SHEET_ROWS,
    IntakeFileRefused,
    IntakeRow,
    RowProblem,
)
from compfund.intake.template import COLUMN_BY_HEADER, COLUMNS, HEADER_ROWS, Column

if not openpyxl.xml.DEFUSEDXML:  # pragma: no cover - a broken installation
    raise RuntimeError("defusedxml must be installed (and OPENPYXL_DEFUSEDXML not False)")

DATA_SHEET = "Applications"
_MB = 1024 * 1024
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_XML_DECLARATIONS = (b"<!DOCTYPE", b"<!ENTITY")


def _refuse(name: str, reason: str) -> IntakeFileRefused:
    return IntakeFileRefused(name, reason)


def _check_bytes(name: str, data: bytes) -> zipfile.ZipFile:
    if not data:
        raise _refuse(name, "the file is empty.")
    if len(data) > MAX_FILE_BYTES:
        raise _refuse(
            name, f"the file is {len(data) / _MB:.1f} MB; at most {MAX_FILE_BYTES // _MB} MB."
        )
    if data.startswith(_OLE_MAGIC):
        raise _refuse(
            name,
            "it is an old Excel (.xls) or a password-protected workbook: save it as an "
            "Excel Workbook (.xlsx) without a password and import that.",
        )
    if not data.startswith(b"PK\x03\x04"):
        raise _refuse(name, "it is not an Excel workbook (.xlsx): use the DOSVY template.")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise _refuse(
            name, "the workbook is damaged or incomplete (was the copy or download cut short?)."
        ) from None
    _check_parts(name, archive)
    return archive


def _check_parts(name: str, archive: zipfile.ZipFile) -> None:
    parts = archive.infolist()
    if len(parts) > MAX_PARTS:
        raise _refuse(name, f"the workbook has {len(parts)} parts; at most {MAX_PARTS}.")
    inflated = sum(p.file_size for p in parts)
    if inflated > MAX_INFLATED_BYTES:
        raise _refuse(
            name,
            f"it would unpack to {inflated / _MB:.0f} MB; at most "
            f"{MAX_INFLATED_BYTES // _MB} MB (is it really a filled-in DOSVY template?).",
        )
    names = {p.filename for p in parts}
    if not {"[Content_Types].xml", "xl/workbook.xml"} <= names:
        raise _refuse(name, "it is a zip file but not an Excel workbook (.xlsx).")
    for part in parts:
        if part.filename.endswith((".xml", ".rels")) and _declares_entities(archive, part):
            raise _refuse(
                name,
                f"its part {part.filename} declares XML entities (a document type "
                "declaration), which Excel never writes: the file may be crafted to attack "
                "the reader. Ask for the workbook to be saved again from Excel.",
            )


def _declares_entities(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> bool:
    try:
        raw = archive.read(part)
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise _refuse(archive.filename or "the file", f"a part is damaged ({error}).") from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 XML, which Excel never writes
        raw = raw.decode("utf-16", errors="replace").encode("utf-8")
    return any(marker in raw for marker in _XML_DECLARATIONS)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split()) if isinstance(value, str) else str(value)


def _columns(name: str, sheet: ReadOnlyWorksheet) -> dict[int, Column]:
    """Sheet column index -> template column, from the English headers on row 2."""
    found: dict[int, Column] = {}
    header_rows = sheet.iter_rows(min_row=1, max_row=HEADER_ROWS, max_col=MAX_COLUMNS)
    for row in list(header_rows)[HEADER_ROWS - 1 : HEADER_ROWS]:
        for index, cell in enumerate(row):
            title = _text(cell.value).rstrip("*").strip().casefold()
            if title in COLUMN_BY_HEADER:
                found[index] = COLUMN_BY_HEADER[title]
    missing = [c.english for c in COLUMNS if c.required and c not in found.values()]
    if missing:
        raise _refuse(
            name,
            "these columns of the DOSVY template are missing (row 2 holds the English "
            f"headers): {', '.join(missing)}. Start from `compfund import template`.",
        )
    return found


def _rows(name: str, sheet: ReadOnlyWorksheet, columns: dict[int, Column]) -> list[IntakeRow]:
    rows: list[IntakeRow] = []
    problems: list[RowProblem] = []
    for number, cells in enumerate(
        sheet.iter_rows(min_row=HEADER_ROWS + 1, max_col=MAX_COLUMNS), start=HEADER_ROWS + 1
    ):
        if number > MAX_SHEET_ROWS:
            raise _refuse(name, f"the sheet has more than {MAX_SHEET_ROWS} rows.")
        values: dict[str, str] = {}
        for index, column in columns.items():
            if index >= len(cells):
                continue
            cell = cells[index]
            if getattr(cell, "data_type", None) == "f":
                problems.append(
                    RowProblem(number, column.english, "holds a formula: type the value itself.")
                )
                continue
            text = _text(cell.value)
            if len(text) > MAX_CELL_CHARS:
                problems.append(
                    RowProblem(
                        number, column.english, f"{len(text)} characters; at most {MAX_CELL_CHARS}."
                    )
                )
                continue
            if text:
                values[column.key] = text
        if values:
            rows.append(IntakeRow(number, values))
            if len(rows) > MAX_ROWS:
                raise _refuse(name, f"it has more than {MAX_ROWS} rows of data; split the file.")
    if problems:
        raise IntakeFileRefused(name, "some cells cannot be read:", problems)
    return rows


def read_intake_bytes(name: str, data: bytes) -> list[IntakeRow]:
    """The data rows of the workbook ``data`` (called ``name`` in messages)."""
    archive = _check_bytes(name, data)
    archive.close()
    try:
        book = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=False, keep_links=False
        )
    except Exception as error:  # any parser failure on an untrusted file is a refusal
        raise _refuse(name, f"it cannot be read as a workbook ({type(error).__name__}).") from None
    try:
        sheet = book[DATA_SHEET] if DATA_SHEET in book.sheetnames else book.worksheets[0]
        if not isinstance(sheet, ReadOnlyWorksheet):
            raise _refuse(name, "its first sheet is not a worksheet.")
        return _rows(name, sheet, _columns(name, sheet))
    finally:
        book.close()


def read_intake_workbook(path: Path) -> list[IntakeRow]:
    """The data rows of the workbook at ``path``; the size is checked before reading."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise _refuse(
            path.name, f"the file is {size / _MB:.1f} MB; at most {MAX_FILE_BYTES // _MB} MB."
        )
    return read_intake_bytes(path.name, path.read_bytes())
