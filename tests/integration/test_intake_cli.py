"""`compfund import template|applications` and `compfund duplicates ...` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from compfund.cli.main import main
from compfund.permissions import Role
from reports.cells import put
from tests.conftest import PASSWORD, TestDatabase
from tests.reports.workbooks import COLUMN_NUMBER, fisherman_row


def _run(db: TestDatabase, login: str, *args: str) -> int:
    return main(["--db", db.url.render_as_string(hide_password=False), "--user", login, *args])


@pytest.fixture(autouse=True)
def _password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMPFUND_PASSWORD", PASSWORD)


def _fill(template: Path, rows: list[dict]) -> Path:  # type: ignore[type-arg]
    book = load_workbook(template)
    sheet = book["Applications"]
    for number, row in enumerate(rows, start=3):
        for key, value in row.items():
            put(sheet, number, COLUMN_NUMBER[key], value)
    filled = template.with_name("filled.xlsx")
    book.save(filled)
    return filled


def test_template_written_filled_and_imported(
    database: TestDatabase, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database.officer("cw_bmc", Role.CASEWORKER, "KH-1")
    template = tmp_path / "dosvy.xlsx"
    assert main(["import", "template", "--out", str(template)]) == 0
    filled = _fill(template, [fisherman_row(), fisherman_row(name_latin="Sok Sok Ha")])
    capsys.readouterr()
    assert (
        _run(database, database.login("cw_bmc"), "--json", "import", "applications", str(filled))
        == 0
    )
    result = json.loads(capsys.readouterr().out)
    assert result["imported"] == 2 and result["on_hold"] == 1


def test_a_refused_file_lists_every_problem_as_json(
    database: TestDatabase, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database.officer("cw_bmc", Role.CASEWORKER, "KH-1")
    template = tmp_path / "dosvy.xlsx"
    main(["import", "template", "--out", str(template)])
    filled = _fill(template, [fisherman_row(sex="?"), fisherman_row(place=None)])
    capsys.readouterr()
    code = _run(database, database.login("cw_bmc"), "--json", "import", "applications", str(filled))
    assert code == 2
    error = json.loads(capsys.readouterr().err)["error"]
    assert error["code"] == "intake_rows_refused"
    assert [(p["row"], p["column"]) for p in error["problems"]] == [
        (3, "Sex"),
        (4, "Place of identification"),
    ]


def test_a_hostile_file_is_refused_with_its_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    assert main(["--user", "nobody", "import", "applications", str(empty)]) == 2
    assert "the file is empty" in capsys.readouterr().err
