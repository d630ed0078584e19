"""Making an export end to end, and checking an exported file, for one logged-in officer.

An export reads its rows through the desk (the identified register in a unit of work
that also records the identifying access), draws the file in memory, writes it to a
temporary file beside the target, records the export in the audit trail (with the
file's SHA-256) and only then renames it into place: there is never a half-written
file, nor a file whose export is not recorded. Long exports report progress through
``progress(done, total)``; the window runs them off its UI thread.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from compfund.desk import Desk
from compfund.errors import IntegrityFailure, InvalidInput
from compfund.queries.audit_trail import AuditRange, audit_trail
from compfund.queries.export_table import ExportTable, rows_digest
from compfund.queries.exports import FORMATS, ExportCheck, check_export, record_export
from compfund.queries.register import (
    RegisterFilter,
    applications_register,
    identified_applications_register,
)
from reports.pdf import pdf_bytes
from reports.pdf_read import read_pdf
from reports.xlsx import read_xlsx, xlsx_bytes

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class ExportResult:
    path: Path
    kind: str
    file_format: str
    rows: int
    size: int
    file_sha256: str
    chain_head: str
    audit_event: int

    def to_json(self) -> dict[str, object]:
        return {
            "file": str(self.path),
            "kind": self.kind,
            "format": self.file_format,
            "rows": self.rows,
            "bytes": self.size,
            "file_sha256": self.file_sha256,
            "chain_head": self.chain_head,
            "audit_event": self.audit_event,
        }

    def summary(self) -> str:
        """What was written and how it was recorded, as the command line and window say it."""
        return (
            f"Exported {self.rows} rows ({self.kind}) to {self.path} "
            f"({self.size} bytes, SHA-256 {self.file_sha256}); recorded as audit event "
            f"{self.audit_event}, after chain head {self.chain_head}."
        )


def render(table: ExportTable, file_format: str, progress: Progress | None = None) -> bytes:
    if file_format == "xlsx":
        return xlsx_bytes(table, progress)
    if file_format == "pdf":
        return pdf_bytes(table, progress)
    raise InvalidInput(f"Unknown format {file_format!r}: use {' or '.join(FORMATS)}.")


def _target(out: Path, file_format: str) -> Path:
    if file_format not in FORMATS:
        raise InvalidInput(f"Unknown format {file_format!r}: use {' or '.join(FORMATS)}.")
    out = out.expanduser()
    if not out.parent.is_dir():
        raise InvalidInput(f"The folder {out.parent} does not exist.")
    if out.is_dir():
        raise InvalidInput(f"{out} is a folder: give a file name.")
    return out


def save(
    desk: Desk, table: ExportTable, file_format: str, out: Path, progress: Progress | None = None
) -> ExportResult:
    """Draw ``table``, record the export, and put the file in place (see the module doc)."""
    target = _target(out, file_format)
    data = render(table, file_format, progress)
    digest = hashlib.sha256(data).hexdigest()
    handle, temporary = tempfile.mkstemp(prefix=".compfund-", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        event = desk.do(record_export, table.manifest(), file_format, digest)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return ExportResult(
        target,
        table.kind.value,
        file_format,
        len(table.rows),
        len(data),
        digest,
        table.head.hash,
        event,
    )


def export_register(
    desk: Desk,
    filters: RegisterFilter,
    file_format: str,
    out: Path,
    *,
    reason: str | None = None,
    progress: Progress | None = None,
) -> ExportResult:
    """The applications register; with ``reason``, the identified register."""
    _target(out, file_format)
    if reason is None:
        table = desk.read(applications_register, filters)
    else:
        table = desk.do(identified_applications_register, filters, reason)
    return save(desk, table, file_format, out, progress)


def export_audit_trail(
    desk: Desk,
    period: AuditRange,
    file_format: str,
    out: Path,
    *,
    progress: Progress | None = None,
) -> ExportResult:
    _target(out, file_format)
    table = desk.read(audit_trail, period)
    return save(desk, table, file_format, out, progress)


DocumentService = Callable[..., ExportTable]


def export_payee_document(
    desk: Desk,
    document: DocumentService,
    key: str,
    reason: str,
    out: Path,
    file_format: str = "pdf",
) -> ExportResult:
    """An award letter, payment voucher or statement (``compfund.queries.payee_documents``):
    the identifying access is recorded with the reason, then the export itself."""
    _target(out, file_format)
    table = desk.do(document, key, reason)
    return save(desk, table, file_format, out)


def file_format_of(data: bytes) -> str:
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "xlsx"
    raise IntegrityFailure("This file is neither a PDF nor a workbook exported by compfund.")


def verify_file(desk: Desk, path: Path) -> ExportCheck:
    """Compare an exported file with the database (``compfund audit verify-export``)."""
    path = path.expanduser()
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"Cannot read {path}: {exc.strerror or exc}") from None
    file_format = file_format_of(data)
    manifest, rows = read_pdf(path) if file_format == "pdf" else read_xlsx(path)
    in_file = rows_digest(manifest.columns, rows)
    digest = hashlib.sha256(data).hexdigest()
    return desk.read(check_export, manifest, in_file, digest, file_format)
