"""The main window: one page on opening, more as the officer scrolls, who is logged in."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from PySide6.QtWidgets import QLabel

from compfund.actor import Actor
from compfund.desk import Desk
from compfund.permissions import Role
from tests.ui.windows import menu_texts, open_window
from ui.applications_model import PROVINCE, STATUS, possible_texts
from ui.main_window import NOTHING_TO_SHOW, TITLE


def test_opening_fetches_one_page_and_scrolling_fetches_the_rest(
    qtbot: Any, admin_desk: Desk
) -> None:
    window = open_window(qtbot, admin_desk)
    assert window.windowTitle() == TITLE
    model, table = window.model, window.table
    assert model is not None and table is not None
    assert not table.isSortingEnabled() and table.alternatingRowColors()
    assert (model.rowCount(), model.total) == (100, 250)
    assert window.loaded.text() == "100 of 250 applications loaded"
    for expected in (200, 250):
        table.scrollToBottom()
        qtbot.waitUntil(lambda expected=expected: model.rowCount() == expected)
        assert window.loaded.text() == f"{expected} of 250 applications loaded"
    assert not model.canFetchMore(table.rootIndex())


def test_the_status_bar_says_who_is_at_the_desk(qtbot: Any, caseworker_desk: Desk) -> None:
    window = open_window(qtbot, caseworker_desk)
    labels = [w.text() for w in window.statusBar().findChildren(QLabel)]
    assert "100 of 100 applications loaded" in labels
    officer = next(text for text in labels if "caseworker" in text)
    assert officer.startswith("Caseworker KH-2 · caseworker, Battambang · sqlite")
    assert caseworker_desk.database in officer


def test_columns_and_rows_fit_values_not_yet_fetched(qtbot: Any, admin_desk: Desk) -> None:
    window = open_window(qtbot, admin_desk)
    assert window.table is not None
    metrics = window.table.fontMetrics()
    # The first page holds Phnom Penh and Battambang only; Banteay Meanchey comes later.
    for column, text in (
        (PROVINCE, "បន្ទាយមានជ័យ Banteay Meanchey"),
        (STATUS, "information requested"),
    ):
        assert window.table.columnWidth(column) >= metrics.horizontalAdvance(text)
    # rows leave room for Khmer stacked above and below the line (ស្ទឹងត្រែង, ព្រះសីហនុ)
    tallest = max(metrics.tightBoundingRect(text).height() for text in possible_texts(PROVINCE))
    assert window.table.verticalHeader().defaultSectionSize() > tallest


def test_file_menu_logs_out(qtbot: Any, admin_desk: Desk) -> None:
    window = open_window(qtbot, admin_desk)
    assert menu_texts(window, "File") == ["Lock now", "Log out", "Quit"]
    with qtbot.waitSignal(window.log_out_requested):
        window.log_out_action.trigger()
    assert window.wants_log_out and not window.isVisible()


def test_a_role_without_the_case_list_is_not_shown_one(qtbot: Any) -> None:
    desk = SimpleNamespace(
        actor=Actor(9, "vanna", Role.AUDITOR, "Vanna"),
        database="sqlite:////tmp/x.sqlite",
        may=lambda action: False,
    )
    window = open_window(qtbot, desk)
    assert window.model is None
    assert isinstance(window.content, QLabel) and window.content.text() == NOTHING_TO_SHOW
    assert window.content.isVisible()
    assert menu_texts(window, "View") == []
    assert menu_texts(window, "Survivor") == []
    assert menu_texts(window, "File") == ["Lock now", "Log out", "Quit"]
