"""File > Import applications from workbook…: all rows land, or a dialog lists every
problem by row and column and nothing lands; only caseworkers are offered it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from compfund.applications.bulk_intake import IntakeResult, LandedRow
from compfund.desk import Desk
from compfund.intake.rows import BulkIntakeRefused, IntakeFileRefused, RowProblem
from reports.intake_reader import read_intake_workbook
from tests.reports.workbooks import filled_template, fisherman_row
from tests.ui.data import CASEWORKER_PASSWORD, new_database
from tests.ui.windows import menu_texts, open_window, shown, wait_for
from ui.intake import landed_text, refusal
from ui.intake_views import PROBLEMS_TITLE, ProblemsDialog
from ui.main_window import MainWindow

IMPORT = "Import applications from workbook…"
TEMPLATE = "Save intake template…"
KEO = {"name_km": "កែវ វិចិត្រ", "name_latin": "Keo Vichet", "document_number": "110999888"}


@pytest.fixture
def caseworker(tmp_path: Path, sqlite_template: Path) -> Iterator[Desk]:
    """The caseworker of Banteay Meanchey (KH-1), on an empty database of the test's own."""
    db = new_database(tmp_path / "intake.sqlite", ("KH-1",), sqlite_template)
    desk = Desk.log_in(db.url, db.caseworkers["KH-1"].login, CASEWORKER_PASSWORD)
    yield desk
    desk.close()
    db.engine.dispose()


def choose(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), "Excel workbook (*.xlsx)")
    )


def run_import(qtbot: Any, window: MainWindow) -> None:
    assert window.intake is not None
    window.intake.import_action.trigger()
    qtbot.waitUntil(lambda: not window.intake.busy, timeout=20000)  # type: ignore[union-attr]


def message(qtbot: Any) -> QMessageBox:
    return wait_for(qtbot, QMessageBox)


def test_a_caseworker_imports_a_valid_workbook_and_the_list_grows(
    qtbot: Any, caseworker: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(qtbot, caseworker)
    assert window.model is not None and window.model.total == 0
    assert menu_texts(window, "File")[:2] == [IMPORT.replace("&", ""), TEMPLATE]
    path = tmp_path / "dosvy.xlsx"
    path.write_bytes(filled_template([fisherman_row(), fisherman_row(**KEO)]))
    choose(monkeypatch, path)
    run_import(qtbot, window)
    box = message(qtbot)
    assert box.text() == (
        "Imported 2 applications from dosvy.xlsx; none is on hold as a possible duplicate."
    )
    assert window.model.total == 2 and window.model.rowCount() == 2
    assert window.loaded.text() == "2 of 2 applications loaded"
    assert not shown(ProblemsDialog)


def test_a_workbook_with_bad_rows_lists_every_problem_and_nothing_lands(
    qtbot: Any, caseworker: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(qtbot, caseworker)
    path = tmp_path / "bad.xlsx"
    rows = [
        fisherman_row(),
        fisherman_row(name_km=None, sex="unknown", identified_on="31/01/2026"),
        fisherman_row(**KEO, province="KH-2"),
    ]
    path.write_bytes(filled_template(rows))
    choose(monkeypatch, path)
    run_import(qtbot, window)
    dialog = wait_for(qtbot, ProblemsDialog)
    assert dialog.windowTitle() == PROBLEMS_TITLE
    assert dialog.summary.text().startswith("bad.xlsx was not imported: 4 problem(s) in 2 row(s).")
    assert "Nothing was saved" in dialog.summary.text()
    listed = dialog.problem_rows()
    assert [(row, column) for row, column, _ in listed] == [
        ("4", "Identified on"),
        ("4", "Name in Khmer"),
        ("4", "Sex"),
        ("5", "Responsible province"),
    ]
    assert "'unknown' is not in the list of sexes" in listed[2][2]
    assert dialog.table.isVisible()
    assert window.model is not None and window.model.total == 0
    assert not shown(QMessageBox)
    dialog.grab().save(str(tmp_path / "problems.png"))


def test_a_hostile_file_is_refused_plainly(
    qtbot: Any, caseworker: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(qtbot, caseworker)
    path = tmp_path / "invoice.xlsx"
    path.write_bytes(b"MZ\x90\x00 this is a program, not a workbook")
    choose(monkeypatch, path)
    run_import(qtbot, window)
    dialog = wait_for(qtbot, ProblemsDialog)
    assert dialog.summary.text() == (
        "invoice.xlsx was not imported: it is not an Excel workbook (.xlsx): use the DOSVY "
        "template. Nothing was saved."
    )
    assert dialog.problem_rows() == [] and not dialog.table.isVisible()
    assert window.model is not None and window.model.total == 0


def test_a_missing_file_is_a_plain_message(
    qtbot: Any, caseworker: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(qtbot, caseworker)
    choose(monkeypatch, tmp_path / "gone.xlsx")
    run_import(qtbot, window)
    assert "There is no file" in message(qtbot).text()


def test_cancelling_the_file_dialog_imports_nothing(
    qtbot: Any, caseworker: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(qtbot, caseworker)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: ("", ""))
    assert window.intake is not None
    window.intake.import_action.trigger()
    assert not window.intake.busy and not shown(QMessageBox)


def test_the_template_is_saved_and_reads_back_empty(
    qtbot: Any, caseworker: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(qtbot, caseworker)
    out = tmp_path / "template"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    assert window.intake is not None
    window.intake.template_action.trigger()
    written = out.with_suffix(".xlsx")
    assert message(qtbot).text() == f"Saved the DOSVY intake template to {written}."
    assert read_intake_workbook(written) == []


@pytest.mark.parametrize("login", ["fo", "ap", "au", "fin"])
def test_other_roles_are_not_offered_the_import(
    qtbot: Any, desk_of: Callable[[str], Desk], login: str
) -> None:
    window = open_window(qtbot, desk_of(login))
    assert window.intake is None
    texts = menu_texts(window, "File")
    assert IMPORT not in texts and TEMPLATE not in texts


def test_the_administrator_is_not_offered_the_import(qtbot: Any, admin_desk: Desk) -> None:
    window = open_window(qtbot, admin_desk)
    assert window.intake is None and menu_texts(window, "File") == ["Lock now", "Log out", "Quit"]


def test_a_result_that_comes_back_while_locked_waits_for_the_unlock(
    qtbot: Any, caseworker: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(qtbot, caseworker)
    path = tmp_path / "dosvy.xlsx"
    path.write_bytes(filled_template([fisherman_row()]))
    choose(monkeypatch, path)
    assert window.intake is not None
    window.intake.import_action.trigger()
    window.lock()
    assert not window.intake.import_action.isEnabled()
    qtbot.waitUntil(lambda: not window.intake.busy, timeout=20000)  # type: ignore[union-attr]
    assert not shown(QMessageBox)
    window.lock_screen.password.setText(CASEWORKER_PASSWORD)
    window.lock_screen.try_unlock()
    qtbot.waitUntil(lambda: not window.locked, timeout=10000)
    assert message(qtbot).text().startswith("Imported 1 application from dosvy.xlsx")
    assert window.model is not None and window.model.total == 1


def test_the_texts() -> None:
    held = LandedRow(4, "S1", "A1", True, "May be S0 (92% alike).")
    result = IntakeResult("f.xlsx", (LandedRow(3, "S2", "A2", False, ""), held))
    assert landed_text(result) == (
        "Imported 2 applications from f.xlsx; 1 is on hold as a possible duplicate."
        "\n\nRow 4: May be S0 (92% alike)."
    )
    problem = RowProblem(0, "", "more than 500 rows.")
    refused = refusal(IntakeFileRefused("f.xlsx", "too many rows.", [problem]))
    assert refused is not None and refused.rows == [("—", "—", "more than 500 rows.")]
    rows_refused = refusal(BulkIntakeRefused("f.xlsx", [RowProblem(3, "Sex", "is required.")]))
    assert rows_refused is not None and rows_refused.rows == [("3", "Sex", "is required.")]
    assert refusal(ValueError("x")) is None
