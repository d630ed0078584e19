"""The login dialog: widgets for ``ui.login.LoginPresenter``.

The log-in itself (a network round trip on PostgreSQL, an Argon2 check on SQLite)
runs off the UI thread; a refusal is shown in red inside the dialog, which stays open
with the password cleared.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from compfund.desk import Desk
from ui.background import run_in_background
from ui.errors import TITLE, message_for, show_error
from ui.login import REMEMBER, LoggedIn, LoginPresenter


class LoginDialog(QDialog):
    def __init__(self, presenter: LoginPresenter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.presenter = presenter
        self.desk: Desk | None = None
        self._busy = False
        self._abandoned = False
        self._password_recalled = bool(presenter.password)
        self.setWindowTitle(f"{TITLE} — log in")
        self.setMinimumWidth(480)

        self.database = QLineEdit(presenter.database_label)
        self.database.setReadOnly(True)
        self.database.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # Tab goes login, password
        self.login = QLineEdit(presenter.login)
        self.password = QLineEdit(presenter.password)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember = QCheckBox(REMEMBER)
        self.remember.setChecked(presenter.remember)
        self.remember.setVisible(presenter.remember_visible)
        self.remember.setEnabled(presenter.remember_enabled)
        self.remember_note = QLabel(presenter.remember_note)
        self.remember_note.setWordWrap(True)
        self.remember_note.setVisible(bool(presenter.remember_note))
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Log in")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow("Database", self.database)
        form.addRow("Login", self.login)
        form.addRow("Password", self.password)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.remember)
        layout.addWidget(self.remember_note)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

        self.login.editingFinished.connect(self._login_changed)
        self.password.textEdited.connect(self._password_typed)
        (self.password if presenter.login else self.login).setFocus()

    @classmethod
    def ask(cls, database: str | None, parent: QWidget | None = None) -> Desk | None:
        """Show the dialog; the logged-in Desk, or None if the officer cancelled."""
        dialog = cls(LoginPresenter(database), parent)
        dialog.exec()
        return dialog.desk

    # -- reacting to the officer -------------------------------------------------------

    def _login_changed(self) -> None:
        recalled = self.presenter.recalled_password(self.login.text())
        if recalled:
            self.password.setText(recalled)
            self.remember.setChecked(True)
            self._password_recalled = True
        elif self._password_recalled:
            self.password.clear()  # it belonged to the login typed before
            self.remember.setChecked(False)
            self._password_recalled = False

    def _password_typed(self) -> None:
        self._password_recalled = False

    def accept(self) -> None:
        if self._busy:
            return
        values = (self.login.text(), self.password.text(), self.remember.isChecked())
        self._set_busy(True)
        run_in_background(
            self.presenter.attempt,
            *values,
            on_done=self._logged_in,
            on_failed=self._refused,
        )

    def reject(self) -> None:
        self._abandoned = self._busy  # a log-in still running will be closed on arrival
        super().reject()

    def _logged_in(self, result: LoggedIn) -> None:
        if self._abandoned:
            result.desk.close()
            return
        self._set_busy(False)
        self.desk = result.desk
        if result.keyring_problem is not None:
            show_error(self, result.keyring_problem)
        super().accept()

    def _refused(self, error: Exception) -> None:
        if self._abandoned:
            return
        self._set_busy(False)
        self.error.setText(message_for(error))
        self.error.show()
        self.password.clear()
        self._password_recalled = False
        self.password.setFocus()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.login.setEnabled(not busy)
        self.password.setEnabled(not busy)
        self.remember.setEnabled(not busy and self.presenter.remember_enabled)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not busy)
        if busy:
            self.error.hide()
            self.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.unsetCursor()
