"""The window's slow work (an import, an export, a check): one at a time, off the UI thread.

``start`` runs a call with ``run_in_background`` while a busy indicator shows in the
status bar (a progress bar, moved by ``progress(done, total)`` from the worker thread)
and ``changed`` tells the window to disable the actions that would start more work.
What comes back is shown at once, or, if the window was locked meanwhile, once it is
unlocked (``unlocked``); after a log out nothing is shown. Messages are window-modal
and do not block, so the window may lock under them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QLabel, QMessageBox, QProgressBar, QWidget

from ui.background import run_in_background
from ui.errors import TITLE, message_for
from ui.lock import LockPresenter


class WindowWork(QObject):
    changed = Signal()
    """Work started or ended: the window enables or disables its actions."""
    _moved = Signal(int, int)

    def __init__(self, guard: LockPresenter, window: QWidget) -> None:
        super().__init__(window)
        self.guard = guard
        self.window = window
        self.busy = False
        self._pending: Callable[[], None] | None = None
        self.doing = QLabel()
        self.indicator = QProgressBar()
        self.indicator.setMaximumWidth(220)
        self.doing.hide()
        self.indicator.hide()
        self._moved.connect(self._show_progress)

    def start(
        self,
        doing: str,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Callable[[Any], None],
        on_failed: Callable[[Exception], None] | None = None,
    ) -> bool:
        """Run ``fn(*args)`` off the UI thread, saying ``doing`` meanwhile; False (and
        nothing run) while other work is still running."""
        if self.busy:
            return False
        self._set_busy(True, doing)
        failed = on_failed or self.tell_error
        run_in_background(
            fn,
            *args,
            on_done=lambda result: self._finish(lambda: on_done(result)),
            on_failed=lambda error: self._finish(lambda: failed(error)),
        )
        return True

    def progress(self, done: int, total: int) -> None:
        """For ``fn`` to call from its own thread: moves the progress bar."""
        self._moved.emit(done, total)

    def _show_progress(self, done: int, total: int) -> None:
        if self.busy and total > 0:
            self.indicator.setRange(0, total)
            self.indicator.setValue(done)

    def _set_busy(self, busy: bool, doing: str = "") -> None:
        self.busy = busy
        self.doing.setText(doing)
        self.doing.setVisible(busy)
        self.indicator.setRange(0, 0)  # moving to and fro until a count comes
        self.indicator.setVisible(busy)
        if busy:
            self.window.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.window.unsetCursor()
        self.changed.emit()

    def _finish(self, show: Callable[[], None]) -> None:
        if self.guard.ended:
            self.busy = False
            return  # logged out: the window and its widgets may be gone
        self._set_busy(False)
        if self.guard.locked:
            self._pending = show  # seen once the officer unlocks
        else:
            show()

    def unlocked(self) -> None:
        """The window was unlocked: show what came back while it was locked."""
        show, self._pending = self._pending, None
        if show is not None:
            show()

    def tell(self, icon: QMessageBox.Icon, text: str) -> QMessageBox:
        """A window-modal message that does not block (the window may lock under it)."""
        box = QMessageBox(icon, TITLE, text, QMessageBox.StandardButton.Ok, self.window)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box

    def tell_error(self, error: BaseException) -> None:
        self.tell(QMessageBox.Icon.Warning, message_for(error))
