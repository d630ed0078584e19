"""The DOSVY intake template as an .xlsx workbook (``compfund import template``).

Three sheets: "Applications" to fill in (Khmer headers on row 1, English on row 2, a
drop-down list on every column that takes one, text format on text columns so that
phone and document numbers keep their leading zeros and amounts stay exactly as typed), "Instructions" in both languages
with every column explained, and a hidden "Lists" sheet that the drop-downs read.
The columns and lists themselves are defined in ``compfund.intake.template``.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from compfund.intake.rows import MAX_ROWS
from compfund.intake.template import (
    CHOICE_LISTS,
    COLUMNS,
    HEADER_ROWS,
    INSTRUCTIONS,
    TEMPLATE_VERSION,
    ChoiceList,
    Column,
    Kind,
    header,
)
from reports.cells import put

DATA_SHEET = "Applications"
INSTRUCTIONS_SHEET = "Instructions"
LISTS_SHEET = "Lists"
KHMER_FONT = "Noto Sans Khmer"
_REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def _lists_sheet(book: Workbook) -> dict[ChoiceList, str]:
    """Write every list on the hidden sheet; returns each list's cell range."""
    sheet = book.create_sheet(LISTS_SHEET)
    ranges = {}
    for number, choices in enumerate(CHOICE_LISTS, start=1):
        put(sheet, 1, number, choices.name)
        for row, choice in enumerate(choices.choices, start=2):
            put(sheet, row, number, choice.shown)
        letter = get_column_letter(number)
        last = len(choices.choices) + 1
        ranges[choices] = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${last}"
    sheet.sheet_state = "hidden"
    return ranges


def _what_to_type(column: Column) -> str:
    if column.choices is not None:
        return f"choose from the list ({column.choices.name})"
    if column.kind == Kind.DATE:
        return "a date, YYYY-MM-DD"
    if column.kind == Kind.YEAR:
        return "a year, four digits"
    if column.kind == Kind.AMOUNT:
        return "an amount, at most 2 digits after the point (150.50)"
    return f"text, at most {column.max_chars} characters"


def _data_sheet(sheet: Worksheet, ranges: dict[ChoiceList, str]) -> None:
    sheet.title = DATA_SHEET
    last_row = HEADER_ROWS + MAX_ROWS
    for number, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(number)
        khmer = put(sheet, 1, number, header(column, khmer=True))
        english = put(sheet, 2, number, header(column, khmer=False))
        khmer.font = Font(name=KHMER_FONT, bold=True)
        english.font = Font(bold=True)
        for cell in (khmer, english):
            cell.fill = _REQUIRED_FILL if column.required else _HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        dimension = sheet.column_dimensions[letter]
        dimension.width = 24 if column.kind != Kind.CHOICE else 30
        dimension.number_format = "yyyy-mm-dd" if column.kind == Kind.DATE else "@"
        if column.choices is not None:
            validation = DataValidation(
                type="list",
                formula1=ranges[column.choices],
                allow_blank=not column.required,
                showErrorMessage=True,
                errorTitle=column.english,
                error=f"Choose from the list of {column.choices.name}.",
            )
            validation.add(f"{letter}{HEADER_ROWS + 1}:{letter}{last_row}")
            sheet.add_data_validation(validation)
    sheet.row_dimensions[1].height = 36
    sheet.row_dimensions[2].height = 30
    sheet.freeze_panes = f"A{HEADER_ROWS + 1}"


def _instructions_sheet(book: Workbook) -> None:
    sheet = book.create_sheet(INSTRUCTIONS_SHEET)
    put(sheet, 1, 1, "NCCT Survivor Compensation Fund: DOSVY intake").font = Font(
        bold=True, size=14
    )
    put(sheet, 2, 1, TEMPLATE_VERSION)
    row = 4
    for english, khmer in INSTRUCTIONS:
        put(sheet, row, 1, english).alignment = Alignment(wrap_text=True, vertical="top")
        put(sheet, row, 2, khmer).font = Font(name=KHMER_FONT)
        row += 1
    row += 1
    for number, title in enumerate(("Column", "ជួរឈរ", "Required", "What to type", "Note")):
        put(sheet, row, number + 1, title).font = Font(bold=True)
    for column in COLUMNS:
        row += 1
        put(sheet, row, 1, column.english)
        put(sheet, row, 2, column.khmer).font = Font(name=KHMER_FONT)
        put(sheet, row, 3, "yes" if column.required else "")
        put(sheet, row, 4, _what_to_type(column))
        put(sheet, row, 5, column.hint)
    for letter, width in zip("ABCDE", (60, 50, 10, 40, 50), strict=True):
        sheet.column_dimensions[letter].width = width


def intake_template() -> Workbook:
    book = Workbook()
    ranges = _lists_sheet(book)
    assert book.active is not None
    _data_sheet(book.active, ranges)
    _instructions_sheet(book)
    book.move_sheet(LISTS_SHEET, offset=1)
    book.active = 0
    return book


def write_intake_template(path: Path) -> Path:
    """Write the template to ``path`` (an .xlsx file); returns the path."""
    intake_template().save(path)
    return path
