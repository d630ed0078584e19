"""Reports: exports, their check and payee documents, offered by the permission table,
made through the same functions as the command line and recorded in the audit trail."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QMessageBox
from sqlalchemy import func, select

from compfund.db.uow import UnitOfWork
from compfund.desk import Desk
from compfund.models import AuditEvent
from reports.exporting import verify_file
from tests.conftest import TestDatabase
from tests.integration.money_data import office
from tests.ui.data import PrivacyDatabase
from tests.ui.windows import (
    REASON,
    grab_with_menu,
    menu_texts,
    open_window,
    png_folder,
    select_survivor,
    shown,
    wait_for,
)
from ui.export_dialogs import AuditExportDialog, RegisterExportDialog
from ui.identity_dialogs import ReasonDialog
from ui.main_window import MainWindow

REGISTER, AUDIT, VERIFY = (
    "Export applications register…",
    "Export audit trail…",
    "Verify an exported file…",
)
XLSX, PDF = "Excel workbook (*.xlsx)", "PDF document (*.pdf)"


def save_as(monkeypatch: pytest.MonkeyPatch, path: Path, chosen_filter: str) -> list[str]:
    """The save dialog answers ``path``; returns the titles of the dialogs asked."""
    asked: list[str] = []

    def answer(parent: Any, title: str, *rest: Any) -> tuple[str, str]:
        asked.append(title)
        return str(path), chosen_filter

    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)
    return asked


def click_ok(dialog: Any) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def finished_message(qtbot: Any, window: MainWindow) -> str:
    """Wait for the work to end; the text of the message it left, which is then closed."""
    qtbot.waitUntil(lambda: not window.work.busy, timeout=30000)
    box = wait_for(qtbot, QMessageBox)
    text = box.text()
    box.done(0)
    qtbot.waitUntil(lambda: not shown(QMessageBox))
    return text


def exports_recorded(privacy_db: PrivacyDatabase) -> int:
    with UnitOfWork(privacy_db.db.engine, privacy_db.db.admin, read_only=True) as uow:
        query = select(func.count()).where(AuditEvent.event == "export")
        return uow.session.execute(query).scalar_one()


def test_a_fund_officer_exports_the_register_of_a_province_and_it_verifies(
    qtbot: Any,
    khmer_font: None,
    desk_of: Callable[[str], Desk],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = open_window(qtbot, desk_of("fo"))
    assert menu_texts(window, "Reports") == [
        REGISTER,
        VERIFY,
        "Award letter…",
        "Statement of account…",
    ]
    grab_with_menu(window, "Reports", png_folder(tmp_path) / "reports-menu.png")
    assert window.reports is not None
    window.reports.register_action.trigger()
    dialog = wait_for(qtbot, RegisterExportDialog)
    dialog.province.setCurrentIndex(dialog.province.findData("KH-2"))
    assert dialog.province.currentText() == "បាត់ដំបង Battambang"
    assert dialog.identified is not None and not dialog.identified.isChecked()
    assert dialog.grab().save(str(png_folder(tmp_path) / "register-dialog.png"))
    out = tmp_path / "battambang"
    asked = save_as(monkeypatch, out, XLSX)
    click_ok(dialog)
    # running: a busy indicator, and no second report (nor import) can start
    assert window.work.busy and window.work.indicator.isVisible()
    assert window.work.doing.text() == "Exporting the applications register…"
    assert not window.reports.register_action.isEnabled()
    written = out.with_suffix(".xlsx")
    said = finished_message(qtbot, window)
    assert asked == ["Export applications register"]
    assert said.startswith(f"Exported 4 rows (applications register) to {written} (")
    assert "recorded as audit event" in said
    check = verify_file(window.desk, written)
    assert check.matches, check.findings


def test_an_identified_register_needs_a_reason_and_without_one_nothing_is_written(
    qtbot: Any,
    desk_of: Callable[[str], Desk],
    privacy_db: PrivacyDatabase,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = exports_recorded(privacy_db)
    window = open_window(qtbot, desk_of("fo"))
    assert window.reports is not None
    window.reports.register_action.trigger()
    dialog = wait_for(qtbot, RegisterExportDialog)
    assert dialog.identified is not None
    dialog.identified.setChecked(True)
    asked = save_as(monkeypatch, tmp_path / "identified.xlsx", XLSX)
    click_ok(dialog)
    reason = wait_for(qtbot, ReasonDialog)
    assert "names and documents" in reason.windowTitle()
    qtbot.keyClicks(reason.reason, "a list")
    assert not reason.ok_button.isEnabled()
    qtbot.keyClick(reason.reason, Qt.Key.Key_Return)
    assert reason.isVisible()  # Enter does not get round it
    reason.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    assert asked == [] and not window.work.busy
    assert not (tmp_path / "identified.xlsx").exists()
    assert exports_recorded(privacy_db) == before


def test_an_auditor_exports_the_audit_trail_as_pdf_and_verifies_it(
    qtbot: Any, desk_of: Callable[[str], Desk], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(qtbot, desk_of("au"))
    assert menu_texts(window, "Reports") == [REGISTER, AUDIT, VERIFY]
    assert window.reports is not None and window.reports.audit_action is not None
    window.reports.audit_action.trigger()
    dialog = wait_for(qtbot, AuditExportDialog)
    dialog.file_format.setCurrentIndex(dialog.file_format.findData("pdf"))
    refused: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: refused.append(text))
    dialog.first.setText("31/01/2026")
    click_ok(dialog)
    assert dialog.isVisible() and "from date" in refused[0]
    dialog.first.clear()
    out = tmp_path / "trail.pdf"
    save_as(monkeypatch, out, PDF)
    click_ok(dialog)
    said = finished_message(qtbot, window)
    assert said.startswith("Exported ") and f"(audit trail) to {out} (" in said
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(out), ""))
    window.reports.verify_action.trigger()
    verdict = finished_message(qtbot, window).splitlines()
    assert verdict[0] == f"{out}: MATCHES the database."
    assert any("This exact file was exported by au" in line for line in verdict[1:])


def test_a_caseworker_is_offered_the_register_of_their_province_and_no_more(
    qtbot: Any, caseworker_desk: Desk
) -> None:
    window = open_window(qtbot, caseworker_desk)
    assert menu_texts(window, "Reports") == [REGISTER, VERIFY]
    assert window.reports is not None and window.reports.audit_action is None
    assert window.reports.document_actions == {}
    dialog = window.reports.ask_register()
    assert [dialog.province.itemText(i) for i in range(dialog.province.count())] == [
        "បាត់ដំបង Battambang"
    ]
    assert dialog.identified is None
    window.lock()
    assert not dialog.isVisible()
    assert not any(a.isEnabled() for group in window.reports.groups for a in group)


def test_payee_documents_start_from_the_selected_application(
    qtbot: Any, desk_of: Callable[[str], Desk], privacy_db: PrivacyDatabase, tmp_path: Path
) -> None:
    window = open_window(qtbot, desk_of("fo"))
    select_survivor(window, privacy_db.minor)
    row = window.selected_row()
    assert window.reports is not None and row is not None
    expected = {"Award letter": row.code, "Statement of account": privacy_db.minor}
    for name, key in expected.items():
        window.reports.document_actions[name].trigger()
        dialog = wait_for(qtbot, ReasonDialog)
        assert dialog.required[0].text() == key
        assert dialog.ok_button.text() == "Choose the file…" and not dialog.ok_button.isEnabled()
        assert dialog.grab().save(str(png_folder(tmp_path) / f"{name}.png"))
        dialog.reject()


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_a_finance_officer_produces_a_payment_voucher(
    qtbot: Any, database: TestDatabase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fund = office(database)
    _, key = fund.released_payment()
    window = open_window(qtbot, fund.finance)
    assert menu_texts(window, "Reports") == [
        REGISTER,
        VERIFY,
        "Payment voucher…",
        "Statement of account…",
    ]
    assert window.reports is not None
    window.reports.document_actions["Payment voucher"].trigger()
    dialog = wait_for(qtbot, ReasonDialog)
    field = dialog.required[0]
    assert field.text() == ""  # a payment is not a row of the list
    qtbot.keyClicks(dialog.reason, REASON)
    assert not dialog.ok_button.isEnabled()  # the key is missing
    qtbot.keyClicks(field, key)
    out = tmp_path / "voucher"
    asked = save_as(monkeypatch, out, PDF)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    said = finished_message(qtbot, window)
    assert asked == ["Payment voucher"]
    written = out.with_suffix(".pdf")
    assert said.startswith("Exported ") and f"rows (payment voucher) to {written} (" in said
    assert verify_file(fund.finance, written).matches
