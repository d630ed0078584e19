"""Workbooks (openpyxl): the rows as literal cells, a sheet about them, a hidden manifest.

Every value is written as a literal (``reports.cells.as_text``): text stays text even
when it starts with ``=``, ``+``, ``-``, ``@``, a tab, a carriage return or a line feed
(openpyxl would otherwise store a leading ``=`` as a formula, and a spreadsheet may turn
the others into one when the cell is edited); such cells are also marked with Excel's
quote prefix. Numbers are whole numbers. The document properties name no one (creator
"compfund"), and their dates and the archive's are the time of the data, so the same
data gives the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell as SheetCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from compfund.errors import IntegrityFailure
from compfund.queries.export_table import Cell, ExportTable, Manifest
from reports.cells import as_text

Progress = Callable[[int, int], None]
MANIFEST_SHEET = "manifest"
ABOUT_SHEET = "About"
FIRST_ROW = 3  # row 1: Khmer headings, row 2: English headings
KHMER_FONT = "Noto Sans Khmer"
_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def literal(cell: SheetCell, value: Cell) -> None:
    """Write ``value`` as it is: a whole number, or text that is never a formula."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise TypeError(f"only text and whole numbers are exported, not {value!r}")
    if value != "":
        as_text(cell, value)


def _data_sheet(sheet: Worksheet, table: ExportTable, progress: Progress | None) -> None:
    for col, column in enumerate(table.columns, start=1):
        literal(sheet.cell(1, col), column.km)
        literal(sheet.cell(2, col), column.en)
        sheet.cell(1, col).font = Font(name=KHMER_FONT, bold=True)
        sheet.cell(2, col).font = Font(bold=True)
        longest = max([len(column.en), *(len(str(r[col - 1])) for r in table.rows[:400])])
        sheet.column_dimensions[get_column_letter(col)].width = min(max(longest + 2, 8), 60)
    total = len(table.rows)
    for n, row in enumerate(table.rows, start=1):
        for col, value in enumerate(row, start=1):
            literal(sheet.cell(FIRST_ROW + n - 1, col), value)
        if progress and (n % 500 == 0 or n == total):
            progress(n, total)
    sheet.freeze_panes = sheet.cell(FIRST_ROW, 1)


def _about_sheet(sheet: Worksheet, table: ExportTable) -> None:
    facts: list[tuple[str, Cell]] = [
        ("Report", f"{table.title_en} / {table.title_km}"),
        ("Fund", "NCCT Survivor Compensation Fund"),
        *((f"Parameter: {k}", v) for k, v in table.parameters),
        ("Audit chain head before this export", table.head.hash),
        ("Audit event at that head", table.head.seq),
        ("Data as at (time of that event, Cambodia)", table.head.shown_at),
        ("Rows", len(table.rows)),
        ("SHA-256 of the rows", table.rows_sha256),
        ("Exported by", table.exported_by),
    ]
    for r, (label, value) in enumerate(facts, start=1):
        literal(sheet.cell(r, 1), label)
        literal(sheet.cell(r, 2), value)
        sheet.cell(r, 2).alignment = Alignment(horizontal="left")
    sheet.column_dimensions["A"].width = 44
    sheet.column_dimensions["B"].width = 70


def _same_bytes(archive: bytes, moment: datetime) -> bytes:
    """The archive again, its entries in a fixed order with the data's time."""
    stamp = moment.astimezone(UTC).timetuple()[:6]
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(archive)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for name in sorted(source.namelist(), key=_entry_order):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            target.writestr(info, source.read(name))
    return out.getvalue()


def _entry_order(name: str) -> tuple[int, str]:
    return (0 if name == "[Content_Types].xml" else 1, name)


def xlsx_bytes(table: ExportTable, progress: Progress | None = None) -> bytes:
    """The workbook of ``table`` (the same bytes for the same table)."""
    workbook = Workbook()
    data = workbook.active
    assert data is not None
    data.title = table.title_en[:31]
    _data_sheet(data, table, progress)
    _about_sheet(workbook.create_sheet(ABOUT_SHEET), table)
    manifest = workbook.create_sheet(MANIFEST_SHEET)
    literal(manifest.cell(1, 1), "compfund export manifest")
    literal(manifest.cell(2, 1), table.manifest().to_text())
    manifest.sheet_state = "hidden"
    moment = (table.head.at or _EPOCH).astimezone(UTC).replace(tzinfo=None, microsecond=0)
    props = workbook.properties
    props.creator = "compfund"
    props.lastModifiedBy = "compfund"
    props.title = table.title_en
    props.subject = props.description = props.keywords = props.category = None
    props.created = props.modified = moment
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    return _same_bytes(buffer.getvalue(), moment.replace(tzinfo=UTC))


def _cells(values: Iterator[tuple[object, ...]], width: int) -> Iterator[tuple[Cell, ...]]:
    for row in values:
        padded = (list(row) + [None] * width)[:width]
        if all(v is None for v in padded):
            continue
        yield tuple(_as_exported(v) for v in padded)


def _as_exported(value: object) -> Cell:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int | str) and not isinstance(value, bool):
        return value
    return str(value)  # an edited cell holding a date or a fraction: it will not match


def read_xlsx(path: Path) -> tuple[Manifest, list[tuple[Cell, ...]]]:
    """The manifest and the rows of an exported workbook, from its own cells."""
    try:
        workbook = load_workbook(path, read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise IntegrityFailure(f"{path} is not a readable workbook: {exc}") from None
    try:
        if MANIFEST_SHEET not in workbook.sheetnames:
            raise IntegrityFailure(
                f"{path} has no compfund manifest: it was not exported by compfund."
            )
        text = workbook[MANIFEST_SHEET].cell(2, 1).value
        manifest = Manifest.from_text(str(text))
        sheet = workbook.worksheets[0]
        values = sheet.iter_rows(min_row=FIRST_ROW, values_only=True)
        rows = list(_cells(values, len(manifest.columns)))
    finally:
        workbook.close()
    return manifest, rows
