"""A small read-only table of texts, for dialogs that list lines (problems, rules, heads)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

CENTRED = Qt.AlignmentFlag.AlignCenter
AMOUNT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class _WrappedTable(QTableWidget):
    """Rows as tall as their wrapped lines need at the columns' widths of the moment."""

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # once the header has laid out its sections at the new width
        QTimer.singleShot(0, self.resizeRowsToContents)


def read_only_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    aligned: Mapping[int, Qt.AlignmentFlag] | None = None,
    stretch: int = -1,
) -> QTableWidget:
    """``rows`` under ``headers``; the column ``stretch`` (the last by default) takes the
    room left, the others fit their text; a column in ``aligned`` is aligned so
    (``CENTRED``, ``AMOUNT``)."""
    table = _WrappedTable(len(rows), len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.setWordWrap(True)
    table.verticalHeader().hide()
    for row, cells in enumerate(rows):
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if aligned and column in aligned:
                item.setTextAlignment(aligned[column])
            table.setItem(row, column, item)
    header = table.horizontalHeader()
    stretched = stretch % len(headers)
    for column in range(len(headers)):
        fit = QHeaderView.ResizeMode.ResizeToContents
        header.setSectionResizeMode(
            column, QHeaderView.ResizeMode.Stretch if column == stretched else fit
        )
    table.resizeRowsToContents()
    return table


def fit_height(table: QTableWidget) -> None:
    """As tall as its header and rows, no taller (a table of a few lines in a dialog)."""
    rows = sum(table.rowHeight(r) for r in range(table.rowCount()))
    frame = 2 * table.frameWidth()
    table.setFixedHeight(table.horizontalHeader().sizeHint().height() + rows + frame)


def cell_texts(table: QTableWidget) -> list[tuple[str, ...]]:
    """What the table shows, row by row."""
    return [
        tuple(_cell(table, r, c) for c in range(table.columnCount()))
        for r in range(table.rowCount())
    ]


def _cell(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    return item.text() if item is not None else ""
