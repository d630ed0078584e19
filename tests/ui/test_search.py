"""Find survivor…: a name or document number and a reason, off the UI thread, recorded."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from compfund.db.uow import UnitOfWork
from compfund.desk import Desk
from compfund.models import AuditEvent
from tests.ui.data import ADULT_IN_FULL, MINOR_IN_FULL, PrivacyDatabase
from tests.ui.windows import REASON, any_visible, open_window, shown, wait_for
from ui import search_dialog
from ui.identity_dialogs import IdentityDialog, ReasonDialog
from ui.main_window import MainWindow
from ui.search_dialog import SearchDialog


def open_search(qtbot: Any, window: MainWindow) -> SearchDialog:
    assert window.survivors is not None
    window.survivors.find_action.trigger()
    return wait_for(qtbot, SearchDialog)


def search(qtbot: Any, dialog: SearchDialog, text: str, reason: str = REASON) -> list[list[str]]:
    dialog.text.setText(text)
    dialog.reason.setText(reason)
    with qtbot.waitSignal(dialog.searched, timeout=5000):
        qtbot.mouseClick(dialog.search_button, Qt.MouseButton.LeftButton)
    table = dialog.results
    return [
        [table.item(row, column).text() for column in range(table.columnCount())]
        for row in range(table.rowCount())
    ]


def searches(privacy_db: PrivacyDatabase) -> list[tuple[str | None, ...]]:
    with UnitOfWork(privacy_db.db.engine, privacy_db.db.admin, read_only=True) as uow:
        query = select(AuditEvent).where(AuditEvent.entity == "survivor search")
        return [
            (e.actor_login, e.detail, *e.new_values["survivors"])
            for e in uow.session.scalars(query.order_by(AuditEvent.chain_seq))
        ]


def test_search_needs_two_characters_and_a_reason(
    qtbot: Any, desk_of: Callable[[str], Desk]
) -> None:
    dialog = open_search(qtbot, open_window(qtbot, desk_of("fo")))
    assert not dialog.search_button.isEnabled()
    dialog.text.setText("N0456789")
    dialog.reason.setText("to check")
    assert not dialog.search_button.isEnabled()
    assert dialog.hint.text() == "At least 10 characters: 2 more."
    dialog.reason.setText("to check it")
    assert dialog.search_button.isEnabled()
    dialog.text.setText("N")
    assert not dialog.search_button.isEnabled()


def test_a_document_number_finds_its_survivor_off_the_ui_thread_and_is_recorded(
    qtbot: Any,
    desk_of: Callable[[str], Desk],
    privacy_db: PrivacyDatabase,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    threads: list[threading.Thread] = []
    real = search_dialog.find_survivors

    def watched(*args: Any) -> Any:
        threads.append(threading.current_thread())
        return real(*args)

    monkeypatch.setattr(search_dialog, "find_survivors", watched)
    dialog = open_search(qtbot, open_window(qtbot, desk_of("fo")))
    rows = search(qtbot, dialog, "n045 6789")  # as typed, spaces and case aside
    assert rows == [[privacy_db.adult, "ព្រំ វិចិត្រ", "Prum Vichet", "ភ្នំពេញ Phnom Penh"]]
    assert dialog.found.text() == "1 survivor found."
    assert threads and threads[0] is not threading.main_thread()
    assert searches(privacy_db)[-1] == ("fo", REASON, privacy_db.adult)


def test_a_khmer_name_finds_survivors_of_both_scripts(
    qtbot: Any, desk_of: Callable[[str], Desk], privacy_db: PrivacyDatabase
) -> None:
    dialog = open_search(qtbot, open_window(qtbot, desk_of("fo")))
    rows = search(qtbot, dialog, "ស្រីពេជ្រ")
    assert [privacy_db.minor, MINOR_IN_FULL.name_km, "Keo Sreypich"] in [r[:3] for r in rows]
    assert all("ស្រីពេជ្រ" in row[1] for row in rows)


def test_a_caseworker_finds_no_one_of_another_province(
    qtbot: Any, desk_of: Callable[[str], Desk], privacy_db: PrivacyDatabase
) -> None:
    dialog = open_search(qtbot, open_window(qtbot, desk_of("cwkh2")))
    assert search(qtbot, dialog, ADULT_IN_FULL.documents[0].number or "") == []
    assert dialog.found.text() == "No survivor matches."
    assert search(qtbot, dialog, "BC20110412")[0][0] == privacy_db.minor


def test_show_identity_from_a_result_offers_the_search_reason(
    qtbot: Any, desk_of: Callable[[str], Desk], privacy_db: PrivacyDatabase
) -> None:
    dialog = open_search(qtbot, open_window(qtbot, desk_of("fo")))
    search(qtbot, dialog, "BC20110412")
    assert dialog.selected_code() == privacy_db.minor and dialog.identity_button.isEnabled()
    qtbot.mouseClick(dialog.identity_button, Qt.MouseButton.LeftButton)
    reason = wait_for(qtbot, ReasonDialog)
    assert reason.reason.text() == REASON and reason.ok_button.isEnabled()
    qtbot.mouseClick(reason.ok_button, Qt.MouseButton.LeftButton)
    identity = wait_for(qtbot, IdentityDialog)
    assert identity.identity.code == privacy_db.minor


def test_the_lock_closes_the_search_and_its_results(
    qtbot: Any, desk_of: Callable[[str], Desk], privacy_db: PrivacyDatabase
) -> None:
    window = open_window(qtbot, desk_of("fo"))
    dialog = open_search(qtbot, window)
    search(qtbot, dialog, "BC20110412")
    assert any_visible(["Keo Sreypich"]) == ["Keo Sreypich"]
    window.lock()
    assert not shown(SearchDialog) and any_visible(["Keo Sreypich", privacy_db.minor]) == []
    assert window.survivors is not None and window.survivors.search is None
