"""Bulk intake from the DOSVY workbook, as the window offers it: no Qt here.

The same steps as ``compfund import applications FILE.xlsx``: the workbook is read by
``reports.intake_reader`` (which refuses hostile files before openpyxl sees them) and
landed by ``compfund.applications.bulk_intake.import_applications`` through the Desk, in one
unit of work: every row lands, or none (every problem listed by row and column).
``import_workbook`` is slow and touches no widget, so the window runs it off the UI
thread; the texts for what comes back are made here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from compfund.applications.bulk_intake import IntakeResult, import_applications
from compfund.desk import Desk
from compfund.errors import InvalidInput
from compfund.intake.rows import BulkIntakeRefused, IntakeFileRefused, RowProblem
from reports.intake_reader import read_intake_workbook
from reports.intake_template import write_intake_template

WORKBOOK_FILTER = "Excel workbook (*.xlsx)"
TEMPLATE_NAME = "dosvy-intake-template.xlsx"


def import_workbook(desk: Desk, path: Path) -> IntakeResult:
    """Read ``path`` and land its rows as ``desk``'s officer; the CLI's steps exactly."""
    if not path.is_file():
        raise InvalidInput(f"There is no file {str(path)!r}.")
    rows = read_intake_workbook(path)
    return desk.do(import_applications, path.name, rows)


def save_template(path: Path) -> Path:
    """Write the DOSVY intake template to ``path`` (an .xlsx; the suffix is added)."""
    if not path.suffix:
        path = path.with_suffix(".xlsx")
    if path.suffix.lower() != ".xlsx":
        raise InvalidInput(f"Write the template to an .xlsx file, not {path.name!r}.")
    return write_intake_template(path)


def landed_text(result: IntakeResult) -> str:
    """What landed, e.g. "Imported 3 applications from dosvy.xlsx; 1 is on hold as a
    possible duplicate.", then the notice of each row on hold."""
    count = len(result.rows)
    held = result.held
    noun = "application" if count == 1 else "applications"
    text = f"Imported {count} {noun} from {result.filename}; "
    if held == 0:
        text += "none is on hold as a possible duplicate."
    else:
        text += (
            "1 is on hold as a possible duplicate."
            if held == 1
            else f"{held} are on hold as possible duplicates."
        )
    notices = [f"Row {r.row}: {r.notice}" for r in result.rows if r.on_hold and r.notice]
    return text + ("\n\n" + "\n".join(notices) if notices else "")


@dataclass(frozen=True, slots=True)
class Refusal:
    """A refused file, as the problems dialog shows it."""

    summary: str  # the first line of the error: what was refused, and that nothing landed
    problems: tuple[RowProblem, ...]

    @property
    def rows(self) -> list[tuple[str, str, str]]:
        """(row, column, problem) for the table; the whole file is row "—"."""
        return [(str(p.row) if p.row else "—", p.column or "—", p.message) for p in self.problems]


def refusal(error: Exception) -> Refusal | None:
    """The refusal in ``error``, if it is a refused workbook; None for any other error."""
    if not isinstance(error, BulkIntakeRefused | IntakeFileRefused):
        return None
    summary = error.message.splitlines()[0]
    if isinstance(error, IntakeFileRefused):
        summary += " Nothing was saved."
    return Refusal(summary, tuple(error.problems))
