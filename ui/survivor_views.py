"""Show identity… and Find survivor…: the identifying views of one main window.

Offered only to roles that may see identities (``Action.VIEW_IDENTITY``). Each asks
for a reason, runs the core's identifying access off the UI thread, and opens its view
as a child of the window, which closes it on lock and on log out. An answer that comes
back after a lock or a log out is dropped unseen (the access was still recorded).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from compfund.audit.access import SurvivorIdentity
from compfund.desk import Desk
from ui.background import run_in_background
from ui.errors import show_error
from ui.identity import fetch_identity, identity_asking
from ui.identity_dialogs import IdentityDialog, ReasonDialog
from ui.lock import LockPresenter
from ui.search_dialog import SearchDialog

SHOW_IDENTITY_KEYS = QKeySequence("Ctrl+I")
FIND_KEYS = QKeySequence("Ctrl+F")


class SurvivorViews(QObject):
    def __init__(
        self,
        desk: Desk,
        guard: LockPresenter,
        window: QWidget,
        selected_code: Callable[[], str | None],
    ) -> None:
        super().__init__(window)
        self.desk = desk
        self.guard = guard
        self.window = window
        self._selected_code = selected_code
        self.search: SearchDialog | None = None
        self.show_identity_action = QAction("Show &identity…", window)
        self.show_identity_action.setShortcut(SHOW_IDENTITY_KEYS)
        self.show_identity_action.setStatusTip("Who the selected application's survivor is")
        self.show_identity_action.triggered.connect(self.ask_for_selected)
        self.find_action = QAction("&Find survivor…", window)
        self.find_action.setShortcut(FIND_KEYS)
        self.find_action.setStatusTip("Find a survivor by name or document number")
        self.find_action.triggered.connect(self.open_search)

    @property
    def actions(self) -> tuple[QAction, QAction]:
        return (self.show_identity_action, self.find_action)

    def ask_for_selected(self) -> None:
        code = self._selected_code()
        if code:
            self.ask_identity(code)

    def ask_identity(self, survivor_code: str, reason: str = "") -> ReasonDialog:
        """Ask why, then show ``survivor_code``'s identity (window-modal, not blocking)."""
        dialog = ReasonDialog(identity_asking(survivor_code), self.window, reason)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._fetch(survivor_code, dialog.reason.text()))
        dialog.open()
        return dialog

    def _fetch(self, survivor_code: str, reason: str) -> None:
        ticket = self.guard.ticket()
        run_in_background(
            fetch_identity,
            self.desk,
            survivor_code,
            reason,
            on_done=lambda identity: self._show(ticket, identity),
            on_failed=lambda error: self._failed(ticket, error),
        )

    def _show(self, ticket: int, identity: SurvivorIdentity) -> None:
        if self.guard.current(ticket):
            IdentityDialog(identity, self.window).show()

    def _failed(self, ticket: int, error: Exception) -> None:
        if self.guard.current(ticket):
            show_error(self.window, error)

    def open_search(self) -> SearchDialog:
        if self.search is None:
            self.search = SearchDialog(self.desk, self.guard, self.window)
            self.search.identity_wanted.connect(self.ask_identity)
            self.search.finished.connect(self._search_closed)
        self.search.show()
        self.search.raise_()
        self.search.activateWindow()
        return self.search

    def _search_closed(self) -> None:
        self.search = None
