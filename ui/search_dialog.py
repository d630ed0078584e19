"""Find a survivor by name (Khmer or Latin script) or document number, with a reason.

The search is an identifying access: the core records it with every survivor found.
It runs off the UI thread; results come into a table (code, both names, province).
From a result, "Show identity…" asks for that survivor's identity, offering the search
reason again (the officer may change it).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from compfund.audit.access import SurvivorMatch
from compfund.desk import Desk
from compfund.reasons import MAX_REASON
from ui.background import run_in_background
from ui.errors import TITLE, show_error
from ui.identity import (
    MATCH_HEADERS,
    SEARCH_NOTE,
    SearchForm,
    find_survivors,
    found_line,
    match_cells,
    reason_hint,
    search_ok,
)
from ui.identity_dialogs import note_label
from ui.lock import LockPresenter


class SearchDialog(QDialog):
    identity_wanted = Signal(str, str)
    """(survivor code, reason): the officer asked to see a found survivor's identity."""
    searched = Signal()
    """A search came back: its results are in the table (or its error was shown)."""

    def __init__(
        self,
        desk: Desk,
        guard: LockPresenter,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.desk = desk
        self.guard = guard
        self._busy = False
        self._closed = False
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(f"{TITLE} — find a survivor")
        self.resize(760, 480)

        self.presenter = SearchForm(self)
        self.text = QLineEdit()
        self.text.setPlaceholderText("Name in Khmer or Latin script, or a document number")
        self.reason = QLineEdit()
        self.reason.setMaxLength(MAX_REASON)
        self.reason.setPlaceholderText("e.g. checking for an earlier registration")
        self.hint = QLabel(reason_hint(""))
        self.search_button = QPushButton("Search")
        self.search_button.setDefault(True)
        self.results = QTableWidget(0, len(MATCH_HEADERS))
        self.results.setHorizontalHeaderLabels(MATCH_HEADERS)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.verticalHeader().hide()
        self.results.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.results.horizontalHeader().setStretchLastSection(True)
        self.found = QLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.identity_button = self.buttons.addButton(
            "Show identity…", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.identity_button.setEnabled(False)
        self.buttons.rejected.connect(self.reject)

        find = QHBoxLayout()
        find.addWidget(self.text)
        find.addWidget(self.search_button)
        form = QFormLayout()
        form.addRow("Find", find)
        form.addRow("Reason", self.reason)
        form.addRow("", self.hint)
        layout = QVBoxLayout(self)
        layout.addWidget(note_label(SEARCH_NOTE))
        layout.addLayout(form)
        layout.addWidget(self.results)
        layout.addWidget(self.found)
        layout.addWidget(self.buttons)

        self.text.textChanged.connect(self._typed)
        self.reason.textChanged.connect(self._typed)
        self.text.returnPressed.connect(self.search)
        self.reason.returnPressed.connect(self.search)
        self.search_button.clicked.connect(self.search)
        self.results.itemSelectionChanged.connect(self._selected)
        self.results.itemDoubleClicked.connect(lambda _item: self._want_identity())
        self.identity_button.clicked.connect(self._want_identity)
        self._typed()

    def _typed(self) -> None:
        self.presenter.typed(self.text.text(), self.reason.text(), busy=self._busy)

    def show_hint(self, text: str) -> None:
        self.hint.setText(text)

    def allow(self, ready: bool) -> None:
        self.search_button.setEnabled(ready)

    def search(self) -> None:
        if self._busy or not search_ok(self.text.text(), self.reason.text()):
            return
        self._set_busy(True)
        ticket = self.guard.ticket()
        run_in_background(
            find_survivors,
            self.desk,
            self.text.text(),
            self.reason.text(),
            on_done=lambda matches: self._show(ticket, matches),
            on_failed=lambda error: self._failed(ticket, error),
        )

    def _current(self, ticket: int) -> bool:
        return not self._closed and self.guard.current(ticket)

    def _show(self, ticket: int, matches: list[SurvivorMatch]) -> None:
        if not self._current(ticket):
            return  # the window locked, or this dialog closed, while the search ran
        self._set_busy(False)
        self.results.setRowCount(0)
        self.results.setRowCount(len(matches))
        for row, match in enumerate(matches):
            for column, text in enumerate(match_cells(match)):
                self.results.setItem(row, column, QTableWidgetItem(text))
        self.found.setText(found_line(len(matches)))
        if matches:
            self.results.selectRow(0)
        self.searched.emit()

    def _failed(self, ticket: int, error: Exception) -> None:
        if not self._current(ticket):
            return
        self._set_busy(False)
        show_error(self, error)
        self.searched.emit()

    def selected_code(self) -> str | None:
        rows = self.results.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.results.item(rows[0].row(), 0)
        return item.text() if item else None

    def _selected(self) -> None:
        self.identity_button.setEnabled(self.selected_code() is not None)

    def _want_identity(self) -> None:
        code = self.selected_code()
        if code:
            self.identity_wanted.emit(code, self.reason.text())

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.text.setEnabled(not busy)
        self.reason.setEnabled(not busy)
        self._typed()
        if busy:
            self.found.setText("Searching…")
            self.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.unsetCursor()

    def done(self, result: int) -> None:
        self._closed = True
        super().done(result)
