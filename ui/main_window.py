"""The main window: the applications the officer may see, and who is at the desk."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QMainWindow,
    QStyle,
    QTableView,
    QWidget,
)

from compfund.desk import Desk
from compfund.permissions import Action
from compfund.provinces import BY_CODE
from ui.applications_model import ApplicationsModel, possible_texts
from ui.errors import show_error

TITLE = "compfund — NCCT Survivor Compensation Fund"
NOTHING_TO_SHOW = "Your role has no list of cases to show here."


def officer_line(desk: Desk) -> str:
    """Who is logged in where: "Sokha Chan · caseworker, Battambang · sqlite:///…"."""
    actor = desk.actor
    role = actor.role.label
    if actor.province_code:
        province = BY_CODE.get(actor.province_code)
        role += f", {province.name_en if province else actor.province_code}"
    return f"{actor.display_name} · {role} · {desk.database}"


def loaded_line(loaded: int, total: int) -> str:
    noun = "application" if total == 1 else "applications"
    return f"{loaded} of {total} {noun} loaded"


class MainWindow(QMainWindow):
    log_out_requested = Signal()

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.wants_log_out = False
        self.setWindowTitle(TITLE)
        self.resize(1100, 650)

        self.model: ApplicationsModel | None = None
        self.table: QTableView | None = None
        self.loaded = QLabel()
        self.statusBar().addWidget(self.loaded)
        self.statusBar().addPermanentWidget(QLabel(officer_line(desk)))
        if desk.may(Action.VIEW_CASES):
            self._show_applications()
        else:
            self.setCentralWidget(QLabel(NOTHING_TO_SHOW, alignment=Qt.AlignmentFlag.AlignCenter))
        self._build_menus()

    def _show_applications(self) -> None:
        self.model = ApplicationsModel(self.desk, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(False)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.setCentralWidget(self.table)
        self.model.loaded.connect(self._show_counts)
        self.model.failed.connect(lambda error: show_error(self, error))
        self.model.reload()
        self._fit_columns()

    def _show_counts(self) -> None:
        if self.model is not None:
            self.loaded.setText(loaded_line(self.model.loaded_count, self.model.total))

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.log_out_action = file_menu.addAction("&Log out")
        self.log_out_action.triggered.connect(self._log_out)
        file_menu.addSeparator()
        self.quit_action = file_menu.addAction("&Quit")
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        if self.model is not None:
            view_menu = self.menuBar().addMenu("&View")
            self.reload_action = view_menu.addAction("&Reload")
            self.reload_action.setShortcut(QKeySequence.StandardKey.Refresh)
            self.reload_action.triggered.connect(self._reload)

    def _reload(self) -> None:
        if self.model is not None and self.table is not None:
            self.model.reload()
            self._fit_columns()

    def _fit_columns(self) -> None:
        """Fit the columns to the first page, and the closed-list columns to their longest
        possible value, so later pages do not come in cut off. Rows are as tall as the
        tallest Khmer text needs (stacked vowels and subscripts), no taller."""
        if self.model is None or self.table is None:
            return
        self.table.resizeColumnsToContents()
        metrics = self.table.fontMetrics()
        padding = 2 * self.table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 8
        ink = metrics.height()
        for column in range(self.model.columnCount()):
            texts = possible_texts(column)
            if texts:
                needed = max(metrics.horizontalAdvance(text) for text in texts) + padding
                self.table.setColumnWidth(column, max(needed, self.table.columnWidth(column)))
                ink = max(ink, *(metrics.tightBoundingRect(text).height() for text in texts))
        self.table.verticalHeader().setDefaultSectionSize(ink + 4)

    def _log_out(self) -> None:
        self.wants_log_out = True
        self.log_out_requested.emit()
        self.close()
