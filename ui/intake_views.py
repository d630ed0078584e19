"""File > Import applications from workbook… and Save intake template…

Offered only to roles that may submit applications (``desk.may(Action.SUBMIT_APPLICATION)``). The
import asks for an .xlsx, reads and lands it off the UI thread, then says how many
applications landed and how many are on hold (and reloads the list), or lists every
problem of a refused file, by row and column, in ``ProblemsDialog``: nothing landed.
The import runs as the window's work (``ui.window_work``): one at a time, with a busy
indicator; an answer that comes back while the window is locked waits for the unlock.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from compfund.applications.bulk_intake import IntakeResult
from compfund.desk import Desk
from ui.intake import (
    TEMPLATE_NAME,
    WORKBOOK_FILTER,
    Refusal,
    import_workbook,
    landed_text,
    refusal,
    save_template,
)
from ui.tables import CENTRED, cell_texts, read_only_table
from ui.window_work import WindowWork

PROBLEMS_TITLE = "Workbook not imported"
HEADERS = ("Row", "Column", "Problem")


class ProblemsDialog(QDialog):
    """Every problem of a refused workbook, one line each: row, column, problem."""

    def __init__(self, refused: Refusal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(PROBLEMS_TITLE)
        self.resize(820, 420)
        self.summary = QLabel(refused.summary)
        self.summary.setWordWrap(True)
        self.table = read_only_table(HEADERS, refused.rows, {0: CENTRED})
        self.table.setVisible(bool(refused.problems))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)

    def problem_rows(self) -> list[tuple[str, ...]]:
        return cell_texts(self.table)


class IntakeActions(QObject):
    def __init__(
        self,
        desk: Desk,
        work: WindowWork,
        window: QWidget,
        landed: Callable[[], None],
    ) -> None:
        super().__init__(window)
        self.desk = desk
        self.work = work
        self.window = window
        self._landed = landed
        self.import_action = QAction("&Import applications from workbook…", window)
        self.import_action.setStatusTip(
            "Import a filled-in DOSVY workbook: every row lands, or none"
        )
        self.import_action.triggered.connect(self.ask_and_import)
        self.template_action = QAction("Save intake &template…", window)
        self.template_action.setStatusTip("Save the DOSVY intake template to fill in")
        self.template_action.triggered.connect(self.ask_and_save_template)

    @property
    def actions(self) -> tuple[QAction, QAction]:
        return (self.import_action, self.template_action)

    @property
    def busy(self) -> bool:
        return self.work.busy

    def set_enabled(self, unlocked: bool) -> None:
        self.import_action.setEnabled(unlocked and not self.work.busy)
        self.template_action.setEnabled(unlocked)

    # -- the template ----------------------------------------------------------------------

    def ask_and_save_template(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self.window, "Save intake template", TEMPLATE_NAME, WORKBOOK_FILTER
        )
        if not name:
            return
        try:
            written = save_template(Path(name))
        except Exception as error:  # shown to the officer; a fault is logged
            self.work.tell_error(error)
            return
        self.work.tell(
            QMessageBox.Icon.Information, f"Saved the DOSVY intake template to {written}."
        )

    # -- the import ------------------------------------------------------------------------

    def ask_and_import(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self.window, "Import applications from workbook", "", WORKBOOK_FILTER
        )
        if name:
            self.start_import(Path(name))

    def start_import(self, path: Path) -> None:
        self.work.start(
            f"Importing {path.name}…",
            import_workbook,
            self.desk,
            path,
            on_done=self._show_landed,
            on_failed=self._show_failure,
        )

    def _show_landed(self, result: IntakeResult) -> None:
        self._landed()
        self.work.tell(QMessageBox.Icon.Information, landed_text(result))

    def _show_failure(self, error: Exception) -> None:
        refused = refusal(error)
        if refused is None:
            self.work.tell_error(error)
            return
        dialog = ProblemsDialog(refused, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
