"""Reading an exported PDF back: its manifest and the rows embedded in it (pypdf)."""

from __future__ import annotations

import json
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import PdfReadError

from compfund.errors import IntegrityFailure
from compfund.queries.export_table import Cell, Manifest
from reports.pdf import MANIFEST_KEY, ROWS_FILE


def read_pdf(path: Path) -> tuple[Manifest, list[tuple[Cell, ...]]]:
    """The manifest (document information) and the rows (``rows.json``) of an export."""
    try:
        reader = PdfReader(path)
        info = reader.metadata
        manifest_text = info.get(f"/{MANIFEST_KEY}") if info is not None else None
        attachments = reader.attachments
    except (PdfReadError, OSError, ValueError) as exc:
        raise IntegrityFailure(f"{path} is not a readable PDF: {exc}") from None
    if manifest_text is None:
        raise IntegrityFailure(f"{path} has no compfund manifest: it was not exported by compfund.")
    manifest = Manifest.from_text(str(manifest_text))
    embedded = attachments.get(ROWS_FILE) or []
    if len(embedded) != 1:
        raise IntegrityFailure(f"{path} does not hold its rows ({ROWS_FILE}): it was altered.")
    try:
        body = json.loads(embedded[0])
        rows = [tuple(row) for row in body["rows"]]
    except (ValueError, KeyError, TypeError) as exc:
        raise IntegrityFailure(f"The rows embedded in {path} are unreadable: {exc}") from None
    return manifest, rows
