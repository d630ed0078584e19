"""The Reports menu without Qt: who is offered what, the files chosen, the words used.

The window makes the same exports as ``compfund export applications|audit``,
``compfund audit verify-export`` and ``compfund document …``, through the same
functions (``reports.exporting``): they read through the officer's Desk, record every
export in the audit trail and put the file in place only once it is recorded. What an
officer is offered follows the permission table, like every other action of the window.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from compfund.clock import today_in_cambodia
from compfund.desk import Desk
from compfund.permissions import Action
from compfund.queries.applications import ApplicationRow
from compfund.queries.payee_documents import award_letter, payment_voucher, statement_document
from reports.exporting import DocumentService
from ui.identity import Asking

FORMAT_FILTERS = {"xlsx": "Excel workbook (*.xlsx)", "pdf": "PDF document (*.pdf)"}
EXPORTED_FILTER = "Workbook or PDF exported by compfund (*.xlsx *.pdf)"

IDENTIFIED_ASKING = Asking(
    "why export names and documents?",
    "An export with names, dates of birth, document numbers and phones is an identifying "
    "access to every survivor in it. Your name, the time, the survivors and the reason you "
    "type here are kept in the audit trail.",
    "e.g. the list of payees the provincial office asked for",
    "Choose the file…",
)


@dataclass(frozen=True, slots=True)
class PayeeDocument:
    """A document naming the payee: its name, who may produce it, the service that
    makes it, what identifies it, and which column of the selected row prefills that."""

    name: str
    action: Action
    produce: DocumentService
    key_label: str
    file_stem: str
    from_row: Callable[[ApplicationRow], str] | None = None

    @property
    def asking(self) -> Asking:
        return Asking(
            f"why produce this {self.name.lower()}?",
            f"The {self.name.lower()} names the payee: producing it is an identifying "
            "access. Your name, the time, the survivor and the reason you type here are "
            "kept in the audit trail.",
            "e.g. the guardian collects the letter at DOSVY",
            "Choose the file…",
        )

    def prefill(self, row: ApplicationRow | None) -> str:
        return self.from_row(row) if row is not None and self.from_row is not None else ""


DOCUMENTS = (
    PayeeDocument(
        "Award letter",
        Action.PRODUCE_AWARD_LETTER,
        award_letter,
        "Application",
        "award-letter",
        lambda row: row.code,
    ),
    PayeeDocument(
        "Payment voucher",
        Action.PRODUCE_PAYMENT_VOUCHER,
        payment_voucher,
        "Payment key",
        "payment-voucher",
    ),
    PayeeDocument(
        "Statement of account",
        Action.PRODUCE_STATEMENT,
        statement_document,
        "Survivor code",
        "statement",
        lambda row: row.survivor_code,
    ),
)


def documents_for(desk: Desk) -> tuple[PayeeDocument, ...]:
    return tuple(document for document in DOCUMENTS if desk.may(document.action))


def suggested_name(stem: str, file_format: str) -> str:
    """e.g. "audit-trail-2026-05-01.pdf" (the day in Cambodia)."""
    return f"{stem}-{today_in_cambodia().isoformat()}.{file_format}"


def chosen_file(name: str, file_filter: str, default_format: str = "pdf") -> tuple[Path, str]:
    """The file chosen in a save dialog and its format: by its suffix, else by the filter
    chosen (whose suffix is then added)."""
    path = Path(name).expanduser()
    suffix = path.suffix.lower().lstrip(".")
    if suffix in FORMAT_FILTERS:
        return path, suffix
    file_format = next(
        (fmt for fmt, text in FORMAT_FILTERS.items() if text == file_filter), default_format
    )
    return path.with_name(f"{path.name}.{file_format}"), file_format


def filters_for(first_format: str) -> str:
    """The save dialog's filters, ``first_format`` first."""
    ordered = sorted(FORMAT_FILTERS, key=lambda fmt: fmt != first_format)
    return ";;".join(FORMAT_FILTERS[fmt] for fmt in ordered)
