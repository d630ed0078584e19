"""Rows of an intake workbook as plain text, the problems found in them, and the limits.

The workbook reader (``reports/intake_reader.py``) turns a file into ``IntakeRow``s and
knows nothing of the fund's rules; ``compfund.applications.bulk_intake`` checks them.

Limits (each refused with a message saying which one and what to do):

=======================  ============  ===================================================
``MAX_FILE_BYTES``       5 MB          the workbook file as uploaded
``MAX_INFLATED_BYTES``   50 MB         all parts of the workbook once unzipped, as the
                                       zip's directory declares them (zip bombs)
``MAX_PARTS``            500           files inside the workbook
``MAX_ROWS``             1,000         rows of data (one survivor each)
``MAX_SHEET_ROWS``       20,000        rows the sheet may hold at all, empty ones included
``MAX_COLUMNS``          60            columns read from the sheet
``MAX_CELL_CHARS``       1,000         characters in one cell (columns have lower limits
                                       of their own, given in the template)
=======================  ============  ===================================================
"""

from __future__ import annotations

from dataclasses import dataclass, field

from compfund.errors import InvalidInput

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_INFLATED_BYTES = 50 * 1024 * 1024
MAX_PARTS = 500
MAX_ROWS = 1_000
MAX_SHEET_ROWS = 20_000
MAX_COLUMNS = 60
MAX_CELL_CHARS = 1_000
MAX_PROBLEMS_LISTED = 200


@dataclass(frozen=True, slots=True)
class IntakeRow:
    """One data row: its row number in the sheet and each column's text (stripped)."""

    number: int
    cells: dict[str, str] = field(default_factory=dict)

    def get(self, key: str) -> str:
        return self.cells.get(key, "")


@dataclass(frozen=True, slots=True, order=True)
class RowProblem:
    row: int  # the sheet's row number; 0 for the file as a whole
    column: str  # the column's English header; "" for the whole row
    message: str

    def __str__(self) -> str:
        if self.row == 0:
            return self.message
        where = f"row {self.row}" + (f", column {self.column!r}" if self.column else "")
        return f"{where}: {self.message}"

    def to_json(self) -> dict[str, object]:
        return {"row": self.row, "column": self.column, "message": self.message}


def _listing(problems: list[RowProblem]) -> str:
    shown = [f"  {p}" for p in problems[:MAX_PROBLEMS_LISTED]]
    if len(problems) > MAX_PROBLEMS_LISTED:
        shown.append(f"  ... and {len(problems) - MAX_PROBLEMS_LISTED} more")
    return "\n".join(shown)


class IntakeFileRefused(InvalidInput):
    """The file is not a workbook that may be read: empty, damaged, too big, hostile."""

    code = "intake_file_refused"

    def __init__(self, filename: str, reason: str, problems: list[RowProblem] | None = None):
        self.problems = sorted(problems or [])
        listing = f"\n{_listing(self.problems)}" if self.problems else ""
        super().__init__(f"{filename} was not imported: {reason}{listing}")


class BulkIntakeRefused(InvalidInput):
    """At least one row is invalid: nothing was imported; every problem is listed."""

    code = "intake_rows_refused"

    def __init__(self, filename: str, problems: list[RowProblem]):
        self.problems = sorted(problems)
        rows = len({p.row for p in self.problems})
        super().__init__(
            f"{filename} was not imported: {len(self.problems)} problem(s) in {rows} row(s). "
            "Nothing was saved; correct every row listed and import the whole file again.\n"
            + _listing(self.problems)
        )
