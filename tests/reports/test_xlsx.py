"""Workbooks: literal cells only (no formula, whatever a value starts with), rows read
back exactly, neutral and fixed properties, the same bytes for the same data."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from pathlib import Path

from openpyxl import load_workbook

from compfund.queries.export_table import printable, rows_digest
from reports.xlsx import MANIFEST_SHEET, read_xlsx, xlsx_bytes
from tests.reports.tables import HEAD, HOSTILE, register_table, row


def _hostile_table():
    return register_table([row(n, printable(value)) for n, value in enumerate(HOSTILE)])


def test_values_that_look_like_formulas_are_written_as_text(tmp_path: Path) -> None:
    data = xlsx_bytes(_hostile_table())
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
        styles = archive.read("xl/styles.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet  # not one formula
    assert not re.search(r'<c [^>]*t="(e|str)"', sheet)  # no error or formula-result cells
    assert 'quotePrefix="1"' in styles
    path = tmp_path / "hostile.xlsx"
    path.write_bytes(data)
    cells = load_workbook(path).worksheets[0]
    organisations = [cells.cell(r, 11) for r in range(3, 3 + len(HOSTILE))]
    assert [c.value for c in organisations] == [printable(v) for v in HOSTILE]
    assert all(c.data_type == "s" for c in organisations)
    risky = [c for c in organisations if str(c.value)[:1] in "=+-@\t\n"]
    assert risky and all(c.quotePrefix for c in risky)


def test_rows_read_back_exactly_and_match_their_digest(tmp_path: Path) -> None:
    table = _hostile_table()
    path = tmp_path / "register.xlsx"
    path.write_bytes(xlsx_bytes(table))
    manifest, rows = read_xlsx(path)
    assert rows == list(table.rows)
    assert manifest == table.manifest()
    assert rows_digest(manifest.columns, rows) == manifest.rows_sha256


def test_the_manifest_sheet_is_hidden(tmp_path: Path) -> None:
    path = tmp_path / "register.xlsx"
    path.write_bytes(xlsx_bytes(register_table()))
    workbook = load_workbook(path)
    assert workbook[MANIFEST_SHEET].sheet_state == "hidden"
    assert workbook.worksheets[0].sheet_state == "visible"


def test_properties_name_no_one_and_carry_the_time_of_the_data(tmp_path: Path) -> None:
    path = tmp_path / "register.xlsx"
    path.write_bytes(xlsx_bytes(register_table()))
    props = load_workbook(path).properties
    assert props.creator == "compfund" and props.lastModifiedBy == "compfund"
    assert props.title == "Applications register"
    assert props.subject is None and props.keywords is None and props.description is None
    expected = HEAD.at.replace(tzinfo=None) if HEAD.at else datetime(2000, 1, 1)
    assert props.created == expected and props.modified == expected


def test_the_same_data_gives_the_same_bytes() -> None:
    assert xlsx_bytes(register_table()) == xlsx_bytes(register_table())
