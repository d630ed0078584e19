"""The idle lock: nothing identifying stays on screen, the same officer's password brings
the window back as it was, wrong passwords count towards the lockout, log out works."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QLineEdit
from sqlalchemy import select

from compfund.actor import Actor
from compfund.db.uow import UnitOfWork
from compfund.desk import Desk
from compfund.errors import AuthenticationFailed
from compfund.models import AuditEvent
from compfund.permissions import Role
from tests.ui.data import MINOR_IN_FULL, OFFICER_PASSWORD, PrivacyDatabase, identifying_values
from tests.ui.windows import (
    any_visible,
    give_reason,
    open_window,
    select_survivor,
    show_identity,
    shown,
)
from ui import survivor_views
from ui.identity_dialogs import IdentityDialog
from ui.idle import IdleWatch
from ui.lock import IDLE_LOCK_MINUTES, LockPresenter
from ui.lock_screen import LockScreen
from ui.main_window import TITLE, MainWindow

# -- the presenter (no Qt) -------------------------------------------------------------


class FakeDesk:
    actor = Actor(7, "sokha", Role.FUND_OFFICER, "Chan Sokha")

    def __init__(self) -> None:
        self.tried: list[str] = []

    def unlock(self, password: str) -> None:
        self.tried.append(password)
        if password != "right":
            raise AuthenticationFailed("Wrong login or password.")


def test_a_lock_outdates_every_answer_still_due() -> None:
    desk = FakeDesk()
    presenter = LockPresenter(desk)  # type: ignore[arg-type]
    assert "Chan Sokha (sokha)" in presenter.prompt
    before = presenter.ticket()
    assert presenter.lock() and presenter.locked
    assert not presenter.lock()  # already locked
    assert not presenter.current(before)
    with pytest.raises(AuthenticationFailed):
        presenter.check_password("wrong")
    presenter.check_password("right")
    assert desk.tried == ["wrong", "right"]
    during = presenter.ticket()
    presenter.unlock()
    assert not presenter.locked and presenter.current(during)
    presenter.end()
    assert not presenter.current(presenter.ticket()) and not presenter.lock()


def test_ten_minutes_by_default() -> None:
    assert IDLE_LOCK_MINUTES == 10


# -- noticing idleness -------------------------------------------------------------------


def test_input_in_any_window_counts_afresh(qtbot: Any) -> None:
    watch = IdleWatch(1.0)
    assert watch.interval_ms == 60_000
    field = QLineEdit()
    qtbot.addWidget(field)
    field.show()
    watch.start()
    qtbot.wait(1500)
    before = watch.remaining_ms  # about 58,500: the minute has been running
    qtbot.keyClick(field, Qt.Key.Key_A)
    assert watch.remaining_ms > before  # a key press starts the minute again
    watch.set_minutes(0.001)
    with qtbot.waitSignal(watch.idle, timeout=10_000):
        pass
    watch.close()
    assert watch.remaining_ms == -1


# -- the window --------------------------------------------------------------------------


def test_an_idle_window_locks_and_nothing_identifying_stays_visible(
    qtbot: Any, desk_of: Callable[[str], Desk], privacy_db: PrivacyDatabase
) -> None:
    window = open_window(qtbot, desk_of("fo"))
    assert window.idle.interval_ms == IDLE_LOCK_MINUTES * 60_000
    show_identity(qtbot, window, privacy_db.minor)
    secrets = [*identifying_values(MINOR_IN_FULL), privacy_db.minor]
    assert any_visible(secrets) == secrets  # the scan sees them while they are shown
    clipboard = QGuiApplication.clipboard()
    clipboard.setText(secrets[0])  # the officer copied a name

    window.idle.set_minutes(0.002)  # the timer fires on its own after 120 ms
    qtbot.waitUntil(lambda: window.locked)
    assert window.table is not None and not window.table.isVisible()
    assert window.lock_screen.isVisible()
    assert not shown(IdentityDialog)
    assert any_visible(secrets) == []
    assert clipboard.text() == ""
    assert window.windowTitle().startswith("compfund is locked")
    assert window.survivors is not None
    for action in (*window.survivors.actions, window.lock_action, window.reload_action):
        assert action is not None and not action.isEnabled()
    assert window.log_out_action.isEnabled() and window.quit_action.isEnabled()


def _try(qtbot: Any, screen: LockScreen, password: str) -> None:
    qtbot.keyClicks(screen.password, password)
    qtbot.keyClick(screen.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.error.isVisible() or not screen.isVisible())


def _failed_logins(privacy_db: PrivacyDatabase, login: str) -> list[str]:
    with UnitOfWork(privacy_db.db.engine, privacy_db.db.admin, read_only=True) as uow:
        query = select(AuditEvent.event).where(AuditEvent.entity_id == login)
        return [e for e in uow.session.scalars(query) if e in {"login_failed", "lockout"}]


def test_lock_now_then_a_wrong_and_the_right_password(
    qtbot: Any, desk_of: Callable[[str], Desk], privacy_db: PrivacyDatabase
) -> None:
    window = open_window(qtbot, desk_of("fo_lock"))
    assert window.lock_action.shortcut() == QKeySequence("Ctrl+L")
    select_survivor(window, privacy_db.minor)
    selected = window.selected_survivor()
    window.lock_action.trigger()
    screen = window.lock_screen
    assert window.locked and screen.isVisible() and not screen.unlock_button.isEnabled()
    prompt = screen.prompt  # wrapped, and not cut off
    qtbot.waitUntil(lambda: prompt.height() >= prompt.heightForWidth(prompt.width()))

    failures = len(_failed_logins(privacy_db, "fo_lock"))
    _try(qtbot, screen, "not my password")
    assert screen.error.text() == "Wrong login or password."
    assert window.locked and screen.password.text() == ""
    assert window.table is not None and not window.table.isVisible()
    assert len(_failed_logins(privacy_db, "fo_lock")) == failures + 1  # counted, audited

    qtbot.keyClicks(screen.password, OFFICER_PASSWORD)
    with qtbot.waitSignal(screen.unlocked, timeout=5000):
        qtbot.mouseClick(screen.unlock_button, Qt.MouseButton.LeftButton)
    assert not window.locked and window.table.isVisible() and not screen.isVisible()
    assert window.selected_survivor() == selected  # as it was
    assert window.windowTitle() == TITLE
    assert window.survivors is not None and window.survivors.show_identity_action.isEnabled()
    assert window.idle.remaining_ms > 0


def test_five_wrong_passwords_lock_the_account_and_log_out_still_works(
    qtbot: Any, desk_of: Callable[[str], Desk]
) -> None:
    window = open_window(qtbot, desk_of("fo_lockout"))
    window.lock()
    screen = window.lock_screen
    for _ in range(4):
        _try(qtbot, screen, "not my password")
        assert screen.error.text() == "Wrong login or password."
    _try(qtbot, screen, "not my password")
    assert "locked" in screen.error.text() and "until" in screen.error.text()
    _try(qtbot, screen, OFFICER_PASSWORD)  # even the right one, until the lock ends
    assert "locked" in screen.error.text() and window.locked
    with qtbot.waitSignal(window.log_out_requested):
        qtbot.mouseClick(screen.log_out_button, Qt.MouseButton.LeftButton)
    assert window.wants_log_out and not window.isVisible()


def test_an_identity_that_arrives_after_the_lock_is_not_shown(
    qtbot: Any,
    desk_of: Callable[[str], Desk],
    privacy_db: PrivacyDatabase,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    release = threading.Event()

    real_fetch = survivor_views.fetch_identity

    def slow_fetch(*args: Any) -> Any:
        release.wait(5)
        return real_fetch(*args)

    monkeypatch.setattr(survivor_views, "fetch_identity", slow_fetch)
    window = open_window(qtbot, desk_of("fo"))
    select_survivor(window, privacy_db.minor)
    assert window.survivors is not None
    window.survivors.show_identity_action.trigger()
    give_reason(qtbot)
    window.lock()
    release.set()
    assert QThreadPool.globalInstance().waitForDone(5000)
    qtbot.wait(50)  # the answer's queued signal is delivered, and dropped
    assert not shown(IdentityDialog)


def test_log_out_closes_the_identity(
    qtbot: Any, desk_of: Callable[[str], Desk], privacy_db: PrivacyDatabase
) -> None:
    window: MainWindow = open_window(qtbot, desk_of("fo"))
    show_identity(qtbot, window, privacy_db.minor)
    window.log_out_action.trigger()
    assert not shown(IdentityDialog) and not window.isVisible()
    assert any_visible(identifying_values(MINOR_IN_FULL)) == []
