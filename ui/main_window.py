"""The main window: the applications the officer may see, and who is at the desk."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QStyle,
    QTableView,
    QWidget,
)

from compfund.desk import Desk
from compfund.permissions import Action
from compfund.provinces import BY_CODE
from compfund.queries.applications import ApplicationRow
from ui import lock
from ui.application_actions import ApplicationActions
from ui.applications_model import ROW_ROLE, ApplicationsModel, possible_texts
from ui.decisions import steps_for
from ui.errors import show_error
from ui.idle import IdleWatch
from ui.intake_views import IntakeActions
from ui.lock import LOCKED_TITLE, LockPresenter
from ui.lock_screen import LockScreen
from ui.report_actions import ReportActions
from ui.survivor_views import SurvivorViews
from ui.window_work import WindowWork

TITLE = "compfund — NCCT Survivor Compensation Fund"
LOCK_KEYS = QKeySequence("Ctrl+L")
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
    """The applications list; locks itself after ``idle_minutes`` without input (default
    ``ui.lock.IDLE_LOCK_MINUTES``) or on File > Lock now, hiding everything it shows."""

    log_out_requested = Signal()

    def __init__(
        self, desk: Desk, parent: QWidget | None = None, *, idle_minutes: float | None = None
    ) -> None:
        super().__init__(parent)
        self.desk = desk
        self.wants_log_out = False
        self.setWindowTitle(TITLE)
        self.resize(1100, 650)

        self.model: ApplicationsModel | None = None
        self.table: QTableView | None = None
        self.loaded = QLabel()
        self.lock_presenter = LockPresenter(desk)
        self.work = WindowWork(self.lock_presenter, self)
        self.work.changed.connect(self._update_actions)
        self.statusBar().addWidget(self.loaded)
        self.statusBar().addPermanentWidget(self.work.doing)
        self.statusBar().addPermanentWidget(self.work.indicator)
        self.statusBar().addPermanentWidget(QLabel(officer_line(desk)))
        self.lock_screen = LockScreen(self.lock_presenter)
        self.lock_screen.unlocked.connect(self._unlocked)
        self.lock_screen.log_out_requested.connect(self._log_out)
        self.survivors = (
            SurvivorViews(desk, self.lock_presenter, self, self.selected_survivor)
            if desk.may(Action.VIEW_IDENTITY)
            else None
        )
        self.intake = (
            IntakeActions(desk, self.work, self, self._reload)
            if desk.may(Action.SUBMIT_APPLICATION)  # bulk intake submits applications
            else None
        )
        self.reports = (
            ReportActions(desk, self.work, self, self.selected_row)
            if desk.may(Action.VIEW_CASES)
            else None
        )
        if desk.may(Action.VIEW_CASES):
            self.content: QWidget = self._show_applications()
        else:
            self.content = QLabel(NOTHING_TO_SHOW, alignment=Qt.AlignmentFlag.AlignCenter)
        self.cases = (
            ApplicationActions(desk, self.work, self, self.selected_row, self._row_changed)
            if self.model is not None and steps_for(desk)
            else None
        )
        self.stack = QStackedWidget()
        self.stack.addWidget(self.content)
        self.stack.addWidget(self.lock_screen)
        self.setCentralWidget(self.stack)
        self._build_menus()
        self.idle = IdleWatch(
            lock.IDLE_LOCK_MINUTES if idle_minutes is None else idle_minutes, self
        )
        self.idle.idle.connect(self.lock)
        self.idle.start()

    @property
    def locked(self) -> bool:
        return self.lock_presenter.locked

    def _show_applications(self) -> QTableView:
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
        if self.survivors is not None:
            self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
            self.table.addAction(self.survivors.show_identity_action)
        self.model.loaded.connect(self._show_counts)
        self.model.failed.connect(lambda error: show_error(self, error))
        self.model.reload()
        self._fit_columns()
        self.table.selectionModel().selectionChanged.connect(self._update_actions)
        self.model.modelReset.connect(self._update_actions)
        self.model.dataChanged.connect(self._update_actions)
        return self.table

    def selected_row(self) -> ApplicationRow | None:
        """The application selected in the list, if any."""
        if self.table is None:
            return None
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(ROW_ROLE) if rows else None

    def selected_survivor(self) -> str | None:
        """The survivor code of the application selected in the list, if any."""
        row = self.selected_row()
        return row.survivor_code if row is not None else None

    def _row_changed(self, row: ApplicationRow) -> None:
        if self.model is not None:
            self.model.replace_row(row)

    def _show_counts(self) -> None:
        if self.model is not None:
            self.loaded.setText(loaded_line(self.model.loaded_count, self.model.total))

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        if self.intake is not None:
            for action in self.intake.actions:
                file_menu.addAction(action)
            file_menu.addSeparator()
        self.lock_action = file_menu.addAction("Loc&k now")
        self.lock_action.setShortcut(LOCK_KEYS)
        self.lock_action.triggered.connect(self.lock)
        self.log_out_action = file_menu.addAction("&Log out")
        self.log_out_action.triggered.connect(self._log_out)
        file_menu.addSeparator()
        self.quit_action = file_menu.addAction("&Quit")
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        self.reload_action = None
        if self.model is not None:
            view_menu = self.menuBar().addMenu("&View")
            self.reload_action = view_menu.addAction("&Reload")
            self.reload_action.setShortcut(QKeySequence.StandardKey.Refresh)
            self.reload_action.triggered.connect(self._reload)
        if self.survivors is not None:
            self._menu_and_toolbar("&Survivor", self.survivors.actions)
        if self.cases is not None:
            self._menu_and_toolbar("&Application", self.cases.actions)
        if self.reports is not None:
            reports_menu = self.menuBar().addMenu("&Reports")
            for number, group in enumerate(self.reports.groups):
                if number:
                    reports_menu.addSeparator()
                for action in group:
                    reports_menu.addAction(action)
        self._update_actions()

    def _menu_and_toolbar(self, title: str, actions: Iterable[QAction]) -> None:
        """A menu and a toolbar of the same actions."""
        menu = self.menuBar().addMenu(title)
        name = title.replace("&", "")
        toolbar = self.addToolBar(name)
        toolbar.setObjectName(f"{name.lower()} toolbar")
        toolbar.setMovable(False)
        for action in actions:
            menu.addAction(action)
            toolbar.addAction(action)

    def _update_actions(self) -> None:
        """Nothing but Log out and Quit while locked; Show identity needs a selected row,
        an application's steps one whose status allows them; no second import, report or
        step while one runs."""
        unlocked = not self.locked
        self.lock_action.setEnabled(unlocked)
        if self.reload_action is not None:
            self.reload_action.setEnabled(unlocked)
        if self.intake is not None:
            self.intake.set_enabled(unlocked)
        if self.reports is not None:
            self.reports.set_enabled(unlocked and not self.work.busy)
        if self.cases is not None:
            self.cases.set_enabled(unlocked and not self.work.busy)
        if self.survivors is not None:
            self.survivors.find_action.setEnabled(unlocked)
            self.survivors.show_identity_action.setEnabled(
                unlocked and self.selected_survivor() is not None
            )

    # -- locking -------------------------------------------------------------------------

    def lock(self) -> None:
        """Hide everything identifying and ask for the officer's password."""
        if not self.lock_presenter.lock():
            return
        self.idle.stop()
        self._close_dialogs()
        # Whatever was copied (a phone number from an identity) does not outlive the lock.
        QGuiApplication.clipboard().clear()
        self.stack.setCurrentWidget(self.lock_screen)
        self.setWindowTitle(f"{LOCKED_TITLE} — {TITLE}")
        self._update_actions()
        self.lock_screen.reset()

    def _unlocked(self) -> None:
        self.stack.setCurrentWidget(self.content)
        self.setWindowTitle(TITLE)
        self._update_actions()
        self.content.setFocus()
        self.idle.start()
        self.work.unlocked()

    def _close_dialogs(self) -> None:
        """Close every dialog of this window: identities, searches, reasons, messages."""
        for dialog in self.findChildren(QDialog):
            if dialog.isVisible():
                dialog.done(QDialog.DialogCode.Rejected)

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

    def closeEvent(self, event: QCloseEvent) -> None:
        self.lock_presenter.end()
        self.idle.close()
        self._close_dialogs()
        super().closeEvent(event)
