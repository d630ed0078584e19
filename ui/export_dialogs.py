"""The options of an export: the format, a range of days and, for the register, filters.

Dates are typed as YYYY-MM-DD (or left empty) and read by the core's own parsers, so
the window refuses exactly what the command line refuses, with the same message; the
dialog stays open until the options are right.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from compfund.desk import Desk
from compfund.enums import ApplicationStatus, ApplicationType
from compfund.errors import CompfundError
from compfund.permissions import Action
from compfund.provinces import BY_CODE, PROVINCES
from compfund.queries.audit_trail import AuditRange
from compfund.queries.register import RegisterFilter
from ui.applications_model import words
from ui.errors import TITLE, show_error
from ui.identity_dialogs import note_label

FORMATS = (("Excel workbook (.xlsx)", "xlsx"), ("PDF document (.pdf)", "pdf"))
DAY_HINT = "YYYY-MM-DD, or empty"
IDENTIFIED_TEXT = "Include names and documents (identified)"
RECORDED_NOTE = "The export is recorded in the audit trail, with the file's SHA-256."


def _choices(box: QComboBox, first: str, choices: list[tuple[str, str]]) -> QComboBox:
    box.addItem(first, None)
    for text, value in choices:
        box.addItem(text, value)
    return box


class ExportDialog(QDialog):
    """Format and a range of days; ``chosen`` reads them (raising the core's error)."""

    def __init__(self, title: str, days: tuple[str, str], parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{TITLE} — {title}")
        self.setMinimumWidth(480)
        self.file_format = QComboBox()
        for text, value in FORMATS:
            self.file_format.addItem(text, value)
        self.first = QLineEdit(placeholderText=DAY_HINT)
        self.last = QLineEdit(placeholderText=DAY_HINT)
        self.form = QFormLayout()
        self.form.addRow("Format", self.file_format)
        self.form.addRow(days[0], self.first)
        self.form.addRow(days[1], self.last)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button.setText("Choose the file…")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._layout = QVBoxLayout(self)
        self._layout.addWidget(note_label(RECORDED_NOTE))
        self._layout.addLayout(self.form)
        self._layout.addWidget(self.buttons)

    @property
    def ok_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    @property
    def format_chosen(self) -> str:
        return str(self.file_format.currentData())

    def check(self) -> None:
        """Raise the core's InvalidInput if an option is wrong."""

    def accept(self) -> None:
        try:
            self.check()
        except CompfundError as error:
            show_error(self, error)
            return
        super().accept()


class RegisterExportDialog(ExportDialog):
    """The applications register: which province, status and type; names and documents
    only for roles that may export identified data (they are then asked why)."""

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__("export the applications register", ("Created from", "to"), parent)
        own = desk.actor.scoped_province
        provinces = [BY_CODE[own]] if own else list(PROVINCES)
        self.province = _choices(
            QComboBox(),
            "Every province",
            [(f"{p.name_km} {p.name_en}", p.code) for p in provinces],
        )
        if own:  # a caseworker's register is of their own province
            self.province.removeItem(0)
        self.status = _choices(
            QComboBox(), "Any status", [(words(s.value), s.value) for s in ApplicationStatus]
        )
        self.application_type = _choices(
            QComboBox(), "Any type", [(words(t.value), t.value) for t in ApplicationType]
        )
        self.form.insertRow(1, "Province", self.province)
        self.form.insertRow(2, "Status", self.status)
        self.form.insertRow(3, "Type", self.application_type)
        self.identified = (
            QCheckBox(IDENTIFIED_TEXT) if desk.may(Action.EXPORT_IDENTIFIED_DATA) else None
        )
        if self.identified is not None:
            self.form.addRow("", self.identified)

    @property
    def wants_identities(self) -> bool:
        return self.identified is not None and self.identified.isChecked()

    def filters(self) -> RegisterFilter:
        return RegisterFilter.parse(
            province=self.province.currentData(),
            status=self.status.currentData(),
            application_type=self.application_type.currentData(),
            created_from=self.first.text().strip() or None,
            created_to=self.last.text().strip() or None,
        )

    def check(self) -> None:
        self.filters()


class AuditExportDialog(ExportDialog):
    """The audit trail: every event from one day to another (Cambodia time)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("export the audit trail", ("Events from", "to"), parent)

    def period(self) -> AuditRange:
        return AuditRange.parse(self.first.text().strip() or None, self.last.text().strip() or None)

    def check(self) -> None:
        self.period()
