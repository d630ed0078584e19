"""Logging in: the dialog against a real SQLite database, and the keyring rules."""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from compfund import config, secrets
from compfund.actor import Actor
from compfund.desk import keyring_key
from compfund.permissions import Role
from compfund.queries.applications import count_applications
from tests.keyring_memory import MemoryKeyring
from tests.ui.data import ADMIN_PASSWORD, SampleDatabase
from ui.login import LoginPresenter
from ui.login_dialog import LoginDialog

SHARED = "postgresql://fund-db.example:5432/compfund"


def _open(qtbot: Any, presenter: LoginPresenter) -> LoginDialog:
    dialog = LoginDialog(presenter)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _log_in(qtbot: Any, dialog: LoginDialog, login: str, password: str) -> None:
    dialog.login.setText(login)
    dialog.password.clear()
    qtbot.keyClicks(dialog.password, password)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


def _fake_log_in(login: str = "sokha") -> Any:
    """Stands in for Desk.log_in on the shared database (no server in these tests)."""
    actor = Actor(7, login, Role.FUND_OFFICER, "Chan Sokha")
    return lambda database, typed_login, password: SimpleNamespace(actor=actor)


# -- the dialog on the embedded database -------------------------------------------------


def test_wrong_password_is_explained_in_the_dialog_which_stays_open(
    qtbot: Any, applications_db: SampleDatabase
) -> None:
    dialog = _open(qtbot, LoginPresenter(applications_db.url))
    _log_in(qtbot, dialog, "admin", "not the password")
    qtbot.waitUntil(dialog.error.isVisible)
    assert dialog.error.text() == "Wrong login or password."
    assert dialog.isVisible() and dialog.desk is None
    assert dialog.password.text() == ""
    assert dialog.login.isEnabled()  # ready for another try


def test_right_password_gives_a_desk_and_keeps_the_login_for_next_time(
    qtbot: Any, applications_db: SampleDatabase
) -> None:
    dialog = _open(qtbot, LoginPresenter(applications_db.url))
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        _log_in(qtbot, dialog, " Admin ", ADMIN_PASSWORD)
    assert dialog.desk is not None
    try:
        assert dialog.desk.actor.login == "admin"
        # made on a worker thread, the desk serves the UI thread
        assert dialog.desk.read(count_applications) == 250
        assert config.load().last_login == "admin"
    finally:
        dialog.desk.close()
    again = _open(qtbot, LoginPresenter(applications_db.url))
    assert again.login.text() == "admin"
    assert again.focusWidget() is again.password


def test_the_database_is_shown_read_only_without_its_password(qtbot: Any) -> None:
    dialog = _open(qtbot, LoginPresenter("postgresql://sokha:s3cret@fund-db.example/compfund"))
    assert dialog.database.isReadOnly()
    assert "s3cret" not in dialog.database.text()
    assert "fund-db.example/compfund" in dialog.database.text()
    assert dialog.password.echoMode() == dialog.password.EchoMode.Password


def test_no_remember_box_for_the_embedded_database(
    qtbot: Any, applications_db: SampleDatabase, memory_keyring: MemoryKeyring
) -> None:
    dialog = _open(qtbot, LoginPresenter(applications_db.url))
    assert not dialog.remember.isVisible()
    assert not dialog.remember_note.isVisible()
    dialog.remember.setChecked(True)  # even if it were ticked somehow
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        _log_in(qtbot, dialog, "admin", ADMIN_PASSWORD)
    assert dialog.desk is not None
    dialog.desk.close()
    assert memory_keyring.entries == {}


# -- the shared database and the keyring ------------------------------------------------


@pytest.fixture
def no_secure_store() -> Iterator[None]:
    keyring.set_keyring(fail.Keyring())  # the autouse memory keyring fixture restores
    yield


def test_without_a_secure_store_the_box_is_disabled_and_says_why(
    qtbot: Any, no_secure_store: None
) -> None:
    dialog = _open(qtbot, LoginPresenter(SHARED))
    assert dialog.remember.isVisible()
    assert not dialog.remember.isEnabled()
    assert not dialog.remember.isChecked()
    assert dialog.remember_note.isVisible()
    assert dialog.remember_note.text() == secrets.NO_SECURE_STORE
    assert "ask for your password each time" in dialog.remember_note.text()


def test_without_a_secure_store_nothing_is_kept(no_secure_store: None) -> None:
    presenter = LoginPresenter(SHARED, log_in=_fake_log_in())
    result = presenter.attempt("sokha", "a long password here", remember=True)
    assert result.keyring_problem is None  # the box was disabled: nothing was asked


def test_a_remembered_password_is_filled_in(
    qtbot: Any, memory_keyring: MemoryKeyring, private_settings: Any
) -> None:
    config.save(config.Settings(last_login="sokha"))
    secrets.remember_password(keyring_key(SHARED), "sokha", "a long password here")
    dialog = _open(qtbot, LoginPresenter(SHARED))
    assert dialog.remember.isVisible() and dialog.remember.isEnabled()
    assert dialog.remember.isChecked()
    assert dialog.password.text() == "a long password here"
    assert not dialog.remember_note.isVisible()
    # typing another login takes the remembered password away again
    dialog.login.setText("dara")
    dialog.login.editingFinished.emit()
    assert dialog.password.text() == ""
    assert not dialog.remember.isChecked()


def test_remember_then_forget(memory_keyring: MemoryKeyring) -> None:
    key = keyring_key(SHARED)
    presenter = LoginPresenter(SHARED, log_in=_fake_log_in())
    presenter.attempt("Sokha", "a long password here", remember=True)
    assert secrets.recall_password(key, "sokha") == "a long password here"
    presenter.attempt("sokha", "a long password here", remember=False)
    assert secrets.recall_password(key, "sokha") is None


def test_a_keyring_that_refuses_does_not_stop_the_log_in() -> None:
    class Refusing(MemoryKeyring):
        def set_password(self, service: str, username: str, password: str) -> None:
            raise keyring.errors.PasswordSetError("locked")

    keyring.set_keyring(Refusing())
    presenter = LoginPresenter(SHARED, log_in=_fake_log_in())
    result = presenter.attempt("sokha", "a long password here", remember=True)
    assert result.desk.actor.login == "sokha"
    assert result.keyring_problem is not None
    assert result.keyring_problem.message == secrets.NO_SECURE_STORE
