"""Writing cells that can never become formulas.

openpyxl stores any string that starts with ``=`` as a formula, and spreadsheet programs
treat text starting with ``+ - @``, a tab, a carriage return or a line feed as the start
of a formula when a cell is edited or the file is re-saved (CSV/formula injection).
``as_text`` stores such values as text (a string cell with Excel's quote prefix), so they
are shown, re-saved and read back exactly as typed. Every value a report, an export or
the intake template writes goes through it (``put`` for templates, ``reports.xlsx``'s
``literal`` for exports).
"""

from __future__ import annotations

from datetime import date, datetime

from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")

CellValue = str | int | bool | date | datetime | None


def as_text(cell: Cell, value: CellValue) -> Cell:
    """Write ``value`` to ``cell``; text is always text, never a formula."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # not "f" for "=...", not "e" for "#N/A"
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    return cell


def put(sheet: Worksheet, row: int, column: int, value: CellValue) -> Cell:
    """Write ``value`` to the sheet's cell at ``row``, ``column`` (see ``as_text``)."""
    return as_text(sheet.cell(row=row, column=column), value)
