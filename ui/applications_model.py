"""The list of applications as a Qt table model, fetched a page at a time.

Rows are the frozen ``ApplicationRow``s of ``compfund.queries.applications``: the list
shows the survivor code, never a name. Paging follows Qt's own fetchMore example: the
view asks ``canFetchMore``/``fetchMore`` as the officer scrolls, and each page is
appended with ``beginInsertRows(QModelIndex(), start, start + n - 1)``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from compfund.clock import in_cambodia
from compfund.desk import Desk
from compfund.enums import ApplicationStatus, ApplicationType
from compfund.errors import CompfundError
from compfund.provinces import PROVINCES
from compfund.queries.applications import ApplicationRow, application_page, count_applications

PAGE_SIZE = 100

APPLICATION, SURVIVOR, PROVINCE, TYPE, STATUS, SUBMITTED = range(6)
HEADERS = ("Application", "Survivor", "Province", "Type", "Status", "Submitted")

ROW_ROLE = Qt.ItemDataRole.UserRole
"""``data(index, ROW_ROLE)`` gives the whole ``ApplicationRow`` of that line."""

_Index = QModelIndex | QPersistentModelIndex


def words(value: str) -> str:
    """A stored value such as ``information_requested`` as the words an officer reads."""
    return value.replace("_", " ")


def province(row: ApplicationRow) -> str:
    return f"{row.province_km} {row.province_en}"


def submitted(row: ApplicationRow) -> str:
    """The day of submission in Cambodia's time; empty for a draft."""
    if row.submitted_at is None:
        return ""
    return in_cambodia(row.submitted_at).strftime("%Y-%m-%d")


def possible_texts(column: int) -> tuple[str, ...]:
    """Every text a column of closed values can show, so it can be sized before the rows
    that carry the longest one are fetched."""
    if column == PROVINCE:
        return tuple(f"{p.name_km} {p.name_en}" for p in PROVINCES)
    if column == TYPE:
        return tuple(words(t.value) for t in ApplicationType)
    if column == STATUS:
        return tuple(words(s.value) for s in ApplicationStatus)
    return ()


_CELLS = {
    APPLICATION: lambda row: row.code,
    SURVIVOR: lambda row: row.survivor_code,
    PROVINCE: province,
    TYPE: lambda row: words(row.application_type.value),
    STATUS: lambda row: words(row.status.value),
    SUBMITTED: submitted,
}


class ApplicationsModel(QAbstractTableModel):
    """Applications the officer may see, newest first."""

    failed = Signal(object)
    """A page or the count could not be read; carries the CompfundError."""
    loaded = Signal()
    """Rows were added or the list was reloaded: the "n of N" line needs redrawing."""

    def __init__(self, desk: Desk, parent: Any = None, *, page_size: int = PAGE_SIZE) -> None:
        super().__init__(parent)
        self._desk = desk
        self._page_size = page_size
        self._rows: list[ApplicationRow] = []
        self._total = 0
        self._stalled = False  # a read failed: wait for reload() rather than retry on scroll

    # -- what the window shows -------------------------------------------------------

    @property
    def loaded_count(self) -> int:
        return len(self._rows)

    @property
    def total(self) -> int:
        return self._total

    def reload(self) -> None:
        """Forget every row, count again and fetch the first page."""
        self.beginResetModel()
        self._rows = []
        self._stalled = False
        try:
            self._total = self._desk.read(count_applications)
        except CompfundError as exc:
            self._total = 0
            self._stalled = True
            self.endResetModel()
            self.failed.emit(exc)
            return
        self.endResetModel()
        self.loaded.emit()
        if self.canFetchMore(QModelIndex()):
            self.fetchMore(QModelIndex())

    def replace_row(self, row: ApplicationRow) -> None:
        """Show ``row`` in place of the line of the same application (a step moved it)."""
        for number, shown in enumerate(self._rows):
            if shown.code == row.code:
                self._rows[number] = row
                last = self.index(number, len(HEADERS) - 1)
                self.dataChanged.emit(self.index(number, 0), last)
                return

    # -- QAbstractTableModel ---------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(HEADERS)
        ):
            return HEADERS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return _CELLS[index.column()](row)
        if role == Qt.ItemDataRole.ToolTipRole:
            if index.column() == SUBMITTED and row.submitted_at is None:
                return "Draft: not yet submitted"
            if index.column() == PROVINCE:
                return row.province_code
            return None
        if role == ROW_ROLE:
            return row
        return None

    def canFetchMore(self, parent: _Index) -> bool:
        if parent.isValid() or self._stalled:
            return False
        return len(self._rows) < self._total

    def fetchMore(self, parent: _Index) -> None:
        if not self.canFetchMore(parent):
            return
        start = len(self._rows)
        try:
            page = self._desk.read(application_page, start, self._page_size)
        except CompfundError as exc:
            self._stalled = True
            self.failed.emit(exc)
            return
        if len(page) < self._page_size:
            # Fewer than asked: the list ends here, whatever the count said a moment ago.
            self._total = start + len(page)
        if page:
            self.beginInsertRows(QModelIndex(), start, start + len(page) - 1)
            self._rows.extend(page)
            self.endInsertRows()
        self.loaded.emit()
