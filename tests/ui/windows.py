"""Helpers for tests that open the main window and its dialogs."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QLabel,
    QLineEdit,
    QMenu,
    QWidget,
)

from compfund.queries.applications import ApplicationRow
from ui.applications_model import ROW_ROLE, STATUS
from ui.identity_dialogs import IdentityDialog, ReasonDialog
from ui.main_window import MainWindow

W = TypeVar("W", bound=QWidget)

REASON = "Checking the payee's name before the transfer"


def open_window(qtbot: Any, desk: Any, **options: Any) -> MainWindow:
    window = MainWindow(desk, **options)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def menu_texts(window: MainWindow, title: str) -> list[str]:
    """The entries of the menu called ``title`` (without & marks); [] if there is none."""
    for action in window.menuBar().actions():
        if action.text().replace("&", "") == title:
            menu = action.menu()
            assert isinstance(menu, QMenu)
            return [a.text().replace("&", "") for a in menu.actions() if a.text()]
    return []


def shown(kind: type[W]) -> list[W]:
    """The visible top-level widgets of ``kind`` (dialogs, mostly)."""
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]


def wait_for(qtbot: Any, kind: type[W], timeout: int = 5000) -> W:
    qtbot.waitUntil(lambda: bool(shown(kind)), timeout=timeout)
    return shown(kind)[0]


def _model_texts(view: QAbstractItemView) -> list[str]:
    model = view.model()
    if model is None:
        return []
    texts = []
    for row in range(model.rowCount(QModelIndex())):
        for column in range(model.columnCount(QModelIndex())):
            value = model.index(row, column).data(Qt.ItemDataRole.DisplayRole)
            texts.append(str(value) if value is not None else "")
    return texts


def visible_texts() -> list[str]:
    """Every text a person could read on screen now: window titles, labels, fields,
    buttons and the cells of visible tables, in every visible window of the application."""
    texts: list[str] = []
    for top in QApplication.topLevelWidgets():
        if not top.isVisible():
            continue
        texts.append(top.windowTitle())
        for widget in [top, *top.findChildren(QWidget)]:
            if not widget.isVisible():
                continue
            if isinstance(widget, QLabel | QAbstractButton):
                texts.append(widget.text())
            elif isinstance(widget, QLineEdit) and widget.echoMode() == QLineEdit.EchoMode.Normal:
                texts.append(widget.text())
            elif isinstance(widget, QAbstractItemView):
                texts += _model_texts(widget)
    return texts


def any_visible(values: list[str]) -> list[str]:
    """Those of ``values`` that appear in some visible text."""
    screen = "\n".join(visible_texts())
    return [v for v in values if v in screen]


def select_survivor(window: MainWindow, code: str) -> None:
    _select(window, lambda row: row.survivor_code == code, code)


def select_application(window: MainWindow, code: str) -> None:
    _select(window, lambda row: row.code == code, code)


def _select(window: MainWindow, wanted: Callable[[ApplicationRow], bool], code: str) -> None:
    assert window.model is not None and window.table is not None
    for row in range(window.model.rowCount()):
        if wanted(window.model.index(row, 0).data(ROW_ROLE)):
            window.table.selectRow(row)
            return
    raise AssertionError(f"{code} is not in the list")


def status_shown(window: MainWindow, code: str) -> str:
    """The Status column of application ``code`` in the list."""
    assert window.model is not None
    for row in range(window.model.rowCount()):
        if window.model.index(row, 0).data(ROW_ROLE).code == code:
            return str(window.model.index(row, STATUS).data())
    raise AssertionError(f"{code} is not in the list")


def give_reason(qtbot: Any, reason: str = REASON) -> None:
    dialog = wait_for(qtbot, ReasonDialog)
    qtbot.keyClicks(dialog.reason, reason)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


def show_identity(qtbot: Any, window: MainWindow, code: str) -> IdentityDialog:
    """Select ``code``'s application, Show identity…, give the reason: the identity dialog."""
    select_survivor(window, code)
    assert window.survivors is not None
    window.survivors.show_identity_action.trigger()
    give_reason(qtbot)
    return wait_for(qtbot, IdentityDialog)


def grab_with_menu(window: MainWindow, title: str, out: Path) -> None:
    """The window with its ``title`` menu open, as one picture."""
    bar = window.menuBar()
    action = next(a for a in bar.actions() if a.text().replace("&", "") == title)
    menu = action.menu()
    assert isinstance(menu, QMenu)
    corner = bar.mapTo(window, bar.actionGeometry(action).bottomLeft())
    menu.popup(window.mapToGlobal(corner))
    picture = window.grab()
    painter = QPainter(picture)
    painter.drawPixmap(corner, menu.grab())
    painter.end()
    menu.hide()
    assert picture.save(str(out))


def png_folder(tmp_path: Path) -> Path:
    """Where the pictures go: $COMPFUND_UI_PNG (a folder) to keep them, else tmp_path."""
    folder = Path(os.environ.get("COMPFUND_UI_PNG", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder
