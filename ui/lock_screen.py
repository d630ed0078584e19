"""What a locked window shows: who may unlock it, a password field, and Log out.

The password is checked off the UI thread by ``LockPresenter.check_password``; a
refusal (a wrong password, or the core's "locked ... until HH:MM") is shown in red and
the screen stays locked with the field cleared.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.background import run_in_background
from ui.errors import message_for
from ui.lock import LOCKED_TITLE, LockPresenter


class LockScreen(QWidget):
    unlocked = Signal()
    log_out_requested = Signal()

    def __init__(self, presenter: LockPresenter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.presenter = presenter
        self._busy = False

        title = QLabel(LOCKED_TITLE)
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        title.setFont(font)
        self.prompt = QLabel(presenter.prompt)
        self.prompt.setWordWrap(True)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("Password")
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        self.error.hide()
        self.unlock_button = QPushButton("Unlock")
        self.unlock_button.setDefault(True)
        self.unlock_button.setEnabled(False)
        self.log_out_button = QPushButton("Log out")

        buttons = QHBoxLayout()
        buttons.addWidget(self.log_out_button)
        buttons.addStretch()
        buttons.addWidget(self.unlock_button)
        box = QFrame()
        box.setFrameShape(QFrame.Shape.StyledPanel)
        box.setFixedWidth(480)  # wide enough for the prompt to wrap in three lines
        inner = QVBoxLayout(box)
        for widget in (title, self.prompt, self.password, self.error):
            inner.addWidget(widget)
        inner.addLayout(buttons)
        row = QHBoxLayout()  # not addWidget(alignment=...): that would ignore the wrapping
        row.addStretch()
        row.addWidget(box)
        row.addStretch()
        outer = QVBoxLayout(self)
        outer.addStretch()
        outer.addLayout(row)
        outer.addStretch()

        self.password.textChanged.connect(self._typed)
        self.password.returnPressed.connect(self.try_unlock)
        self.unlock_button.clicked.connect(self.try_unlock)
        self.log_out_button.clicked.connect(self.log_out_requested)

    def reset(self) -> None:
        """Fresh for a new lock: no password, no old message, focus on the field."""
        self.password.clear()
        self.error.hide()
        self._set_busy(False)
        self.password.setFocus()

    def _typed(self, text: str) -> None:
        self.unlock_button.setEnabled(bool(text) and not self._busy)

    def try_unlock(self) -> None:
        password = self.password.text()
        if self._busy or not password:
            return
        self._set_busy(True)
        ticket = self.presenter.ticket()
        run_in_background(
            self.presenter.check_password,
            password,
            on_done=lambda _none: self._accepted(ticket),
            on_failed=lambda error: self._refused(ticket, error),
        )

    def _accepted(self, ticket: int) -> None:
        if not self.presenter.current(ticket):
            return  # logged out meanwhile
        self._set_busy(False)
        self.presenter.unlock()
        self.password.clear()
        self.unlocked.emit()

    def _refused(self, ticket: int, error: Exception) -> None:
        if not self.presenter.current(ticket):
            return
        self._set_busy(False)
        self.error.setText(message_for(error))
        self.error.show()
        self.password.clear()
        self.password.setFocus()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.password.setEnabled(not busy)
        self.unlock_button.setEnabled(not busy and bool(self.password.text()))
        if busy:
            self.error.hide()
            self.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.unsetCursor()
