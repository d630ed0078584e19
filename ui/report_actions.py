"""Reports > exports, their verification and the documents that name the payee.

``ReportActions`` holds the Reports menu's actions; the window creates it for roles
that may see cases, and each action exists only if the permission table lets the
officer use it (the audit trail, each payee document; names and documents in the
register). Each asks its options in a window-modal dialog (closed by a lock), the
reason where the export identifies survivors, then the file, and runs the export or
the check as the window's work (``ui.window_work``): off the UI thread, one at a time,
with a busy indicator. Success says what was written and which audit event records it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QLineEdit, QMessageBox, QWidget

from compfund.desk import Desk
from compfund.permissions import Action
from compfund.queries.applications import ApplicationRow
from compfund.queries.audit_trail import AuditRange
from compfund.queries.exports import ExportCheck
from compfund.queries.register import RegisterFilter
from reports.exporting import (
    ExportResult,
    export_audit_trail,
    export_payee_document,
    export_register,
    verify_file,
)
from ui.export_dialogs import AuditExportDialog, RegisterExportDialog
from ui.exports import (
    EXPORTED_FILTER,
    IDENTIFIED_ASKING,
    PayeeDocument,
    chosen_file,
    documents_for,
    filters_for,
    suggested_name,
)
from ui.identity_dialogs import ReasonDialog
from ui.window_work import WindowWork


class ReportActions(QObject):
    def __init__(
        self,
        desk: Desk,
        work: WindowWork,
        window: QWidget,
        selected_row: Callable[[], ApplicationRow | None],
    ) -> None:
        super().__init__(window)
        self.desk = desk
        self.work = work
        self.window = window
        self._selected_row = selected_row
        self.register_action = self._action(
            "&Export applications register…", "The register as a workbook or PDF, recorded"
        )
        self.register_action.triggered.connect(self.ask_register)
        self.audit_action: QAction | None = None
        if desk.may(Action.VIEW_AUDIT_TRAIL):
            self.audit_action = self._action(
                "Export &audit trail…", "Every audit event of a range of days, recorded"
            )
            self.audit_action.triggered.connect(self.ask_audit_trail)
        self.verify_action = self._action(
            "&Verify an exported file…", "Does an exported workbook or PDF match the database?"
        )
        self.verify_action.triggered.connect(self.ask_verify)
        self.document_actions: dict[str, QAction] = {}
        for document in documents_for(desk):
            action = self._action(f"{document.name}…", f"A {document.name.lower()} as a PDF")
            action.triggered.connect(partial(self.ask_document, document))
            self.document_actions[document.name] = action

    def _action(self, text: str, tip: str) -> QAction:
        action = QAction(text, self.window)
        action.setStatusTip(tip)
        return action

    @property
    def groups(self) -> list[list[QAction]]:
        """The menu's actions, a separator between groups."""
        exports = [self.register_action] + ([self.audit_action] if self.audit_action else [])
        groups = [exports, [self.verify_action], list(self.document_actions.values())]
        return [group for group in groups if group]

    def set_enabled(self, enabled: bool) -> None:
        for group in self.groups:
            for action in group:
                action.setEnabled(enabled)

    def _done(self, result: ExportResult) -> None:
        self.work.tell(QMessageBox.Icon.Information, result.summary())

    def _save_as(self, title: str, name: str, first_format: str) -> tuple[Path, str] | None:
        chosen, file_filter = QFileDialog.getSaveFileName(
            self.window, title, name, filters_for(first_format)
        )
        return chosen_file(chosen, file_filter, first_format) if chosen else None

    # -- the register ----------------------------------------------------------------------

    def ask_register(self) -> RegisterExportDialog:
        dialog = RegisterExportDialog(self.desk, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(
            lambda: self._register_chosen(
                dialog.filters(), dialog.format_chosen, dialog.wants_identities
            )
        )
        dialog.open()
        return dialog

    def _register_chosen(self, filters: RegisterFilter, file_format: str, identified: bool) -> None:
        if not identified:
            self._save_register(filters, file_format, None)
            return
        dialog = ReasonDialog(IDENTIFIED_ASKING, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(
            lambda: self._save_register(filters, file_format, dialog.reason.text())
        )
        dialog.open()

    def _save_register(self, filters: RegisterFilter, file_format: str, reason: str | None) -> None:
        stem = "applications-register" + ("-identified" if reason else "")
        chosen = self._save_as(
            "Export applications register", suggested_name(stem, file_format), file_format
        )
        if chosen is None:
            return
        path, file_format = chosen
        export = partial(export_register, reason=reason, progress=self.work.progress)
        self.work.start(
            "Exporting the applications register…",
            export,
            self.desk,
            filters,
            file_format,
            path,
            on_done=self._done,
        )

    # -- the audit trail -------------------------------------------------------------------

    def ask_audit_trail(self) -> AuditExportDialog:
        dialog = AuditExportDialog(self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(
            lambda: self._save_audit_trail(dialog.period(), dialog.format_chosen)
        )
        dialog.open()
        return dialog

    def _save_audit_trail(self, period: AuditRange, file_format: str) -> None:
        chosen = self._save_as(
            "Export audit trail", suggested_name("audit-trail", file_format), file_format
        )
        if chosen is None:
            return
        path, file_format = chosen
        self.work.start(
            "Exporting the audit trail…",
            partial(export_audit_trail, progress=self.work.progress),
            self.desk,
            period,
            file_format,
            path,
            on_done=self._done,
        )

    # -- checking a file -------------------------------------------------------------------

    def ask_verify(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self.window, "Verify an exported file", "", EXPORTED_FILTER
        )
        if name:
            self.work.start(
                f"Checking {Path(name).name}…",
                verify_file,
                self.desk,
                Path(name),
                on_done=lambda check: self._checked(name, check),
            )

    def _checked(self, name: str, check: ExportCheck) -> None:
        icon = QMessageBox.Icon.Information if check.matches else QMessageBox.Icon.Warning
        self.work.tell(icon, check.report(name))

    # -- documents naming the payee --------------------------------------------------------

    def ask_document(self, document: PayeeDocument) -> ReasonDialog:
        key = QLineEdit(document.prefill(self._selected_row()))
        dialog = ReasonDialog(document.asking, self.window)
        dialog.require(document.key_label, key)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(
            lambda: self._save_document(document, key.text().strip(), dialog.reason.text())
        )
        dialog.open()
        return dialog

    def _save_document(self, document: PayeeDocument, key: str, reason: str) -> None:
        chosen = self._save_as(document.name, f"{document.file_stem}-{key}.pdf", "pdf")
        if chosen is None:
            return
        path, file_format = chosen
        self.work.start(
            f"Producing the {document.name.lower()}…",
            export_payee_document,
            self.desk,
            document.produce,
            key,
            reason,
            path,
            file_format,
            on_done=self._done,
        )
