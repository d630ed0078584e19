"""PDFs: the same bytes for the same data, neutral metadata with the manifest, the rows
embedded and read back, and a page that poppler can draw."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from compfund.queries.export_table import rows_digest
from reports.pdf import MANIFEST_KEY, pdf_bytes
from reports.pdf_read import read_pdf
from tests.reports.tables import HEAD, register_table, row


def test_the_same_data_gives_the_same_bytes() -> None:
    first = pdf_bytes(register_table())
    pdf_bytes(register_table([]))  # another document in between changes nothing
    assert pdf_bytes(register_table()) == first


def test_metadata_names_no_one_and_dates_the_data(tmp_path: Path) -> None:
    path = tmp_path / "register.pdf"
    path.write_bytes(pdf_bytes(register_table()))
    info = PdfReader(path).metadata
    assert info is not None
    assert info.title == "Applications register"
    assert info.author == "compfund" and info.creator == "compfund"
    assert info.subject == "" and info.get("/Keywords") == ""
    assert HEAD.at is not None and info.creation_date is not None
    assert info.creation_date.timestamp() == HEAD.at.timestamp()
    assert set(info) == {
        "/Title", "/Author", "/Subject", "/Keywords", "/Creator", "/Producer",
        "/CreationDate", "/ModDate", "/Trapped", f"/{MANIFEST_KEY}",
    }  # fmt: skip


def test_the_manifest_and_rows_read_back(tmp_path: Path) -> None:
    table = register_table()
    path = tmp_path / "register.pdf"
    path.write_bytes(pdf_bytes(table))
    manifest, rows = read_pdf(path)
    assert manifest == table.manifest()
    assert rows == list(table.rows)
    assert rows_digest(manifest.columns, rows) == table.rows_sha256


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils")
def test_poppler_draws_the_first_page(tmp_path: Path) -> None:
    path = tmp_path / "register.pdf"
    path.write_bytes(pdf_bytes(register_table()))
    subprocess.run(
        ["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", str(path), str(tmp_path / "p")],
        check=True,
        capture_output=True,
    )
    (page,) = tmp_path.glob("p*.png")
    assert page.stat().st_size > 5000
    text = subprocess.run(
        ["pdftotext", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "Applications register" in text and "APP-2026-000001" in text
    assert HEAD.hash in text


def test_a_long_list_of_survivor_codes_fits_its_row_on_one_page() -> None:
    """An audit event naming a whole batch's survivors, in a register's narrowest column:
    a table row cannot span pages, so the cell is cut with a pointer to the rows file."""
    codes = ", ".join(f'"SV-{n:04d}-KWBT"' for n in range(200))
    long_row = tuple(codes if i in (1, 2, 8) else v for i, v in enumerate(row(1)))
    data = pdf_bytes(register_table([row(0), long_row, row(2)]))
    assert data.startswith(b"%PDF-")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "morecharactersintheembedded" in "".join(text.split())
