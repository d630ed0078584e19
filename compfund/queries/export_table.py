"""What every export carries: its rows as printed, their digest, and its manifest.

A report (workbook or PDF) is drawn from one ``ExportTable``: bilingual column headings,
rows of literal cells (text or whole numbers, never formulas), the parameters that
chose them and the audit chain head read before the export. The digest of the rows is
computed over exactly the cells written, so ``compfund audit verify-export`` can read a
file back, recompute it from the file's own cells and tell whether anyone edited them.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from compfund.clock import in_cambodia
from compfund.errors import IntegrityFailure
from compfund.permissions import Action

Cell = str | int
MANIFEST_VERSION = 1

_NOT_PRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


class ExportKind(StrEnum):
    APPLICATIONS = "applications register"
    IDENTIFIED_APPLICATIONS = "identified applications register"
    AUDIT_TRAIL = "audit trail"
    AWARD_LETTER = "award letter"
    PAYMENT_VOUCHER = "payment voucher"
    SURVIVOR_STATEMENT = "survivor statement"

    @property
    def action(self) -> Action:
        """The permission an officer needs to make (or check) this export."""
        return _KIND_ACTIONS[self]

    @property
    def payee_document(self) -> bool:
        """A letter, voucher or statement: one survivor's document, printed on A4."""
        return self in (
            ExportKind.AWARD_LETTER,
            ExportKind.PAYMENT_VOUCHER,
            ExportKind.SURVIVOR_STATEMENT,
        )


_KIND_ACTIONS = {
    ExportKind.APPLICATIONS: Action.VIEW_CASES,
    ExportKind.IDENTIFIED_APPLICATIONS: Action.EXPORT_IDENTIFIED_DATA,
    ExportKind.AUDIT_TRAIL: Action.VIEW_AUDIT_TRAIL,
    ExportKind.AWARD_LETTER: Action.PRODUCE_AWARD_LETTER,
    ExportKind.PAYMENT_VOUCHER: Action.PRODUCE_PAYMENT_VOUCHER,
    ExportKind.SURVIVOR_STATEMENT: Action.PRODUCE_STATEMENT,
}


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    en: str
    km: str


@dataclass(frozen=True, slots=True)
class ChainPoint:
    """The audit chain head read before an export: its hash, length and time."""

    hash: str
    seq: int
    at: datetime | None  # when the event at the head happened (None: empty chain)

    @property
    def shown_at(self) -> str:
        return cambodia_time(self.at) if self.at else "-"


@dataclass(frozen=True, slots=True)
class Manifest:
    """The small record embedded in every exported file."""

    kind: ExportKind
    parameters: tuple[tuple[str, str], ...]
    chain_head: str
    chain_seq: int
    rows: int
    rows_sha256: str
    columns: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "compfund_export": MANIFEST_VERSION,
            "kind": self.kind.value,
            "parameters": dict(self.parameters),
            "chain_head": self.chain_head,
            "chain_seq": self.chain_seq,
            "rows": self.rows,
            "rows_sha256": self.rows_sha256,
            "columns": list(self.columns),
        }

    def to_text(self) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_text(cls, text: str) -> Manifest:
        try:
            body = json.loads(text)
            if body.get("compfund_export") != MANIFEST_VERSION:
                raise ValueError("unknown manifest version")
            return cls(
                ExportKind(body["kind"]),
                tuple((str(k), str(v)) for k, v in body["parameters"].items()),
                str(body["chain_head"]),
                int(body["chain_seq"]),
                int(body["rows"]),
                str(body["rows_sha256"]),
                tuple(str(c) for c in body["columns"]),
            )
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise IntegrityFailure(
                f"This file's compfund manifest is unreadable ({exc}): it was altered or "
                "was not exported by compfund."
            ) from None


@dataclass(frozen=True, slots=True)
class ExportTable:
    kind: ExportKind
    title_en: str
    title_km: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    parameters: tuple[tuple[str, str], ...]
    head: ChainPoint
    exported_by: str

    @property
    def rows_sha256(self) -> str:
        return rows_digest([c.key for c in self.columns], self.rows)

    def manifest(self) -> Manifest:
        return Manifest(
            self.kind,
            self.parameters,
            self.head.hash,
            self.head.seq,
            len(self.rows),
            self.rows_sha256,
            tuple(c.key for c in self.columns),
        )


def rows_digest(columns: list[str] | tuple[str, ...], rows: Any) -> str:
    """SHA-256 of the column keys and every cell, in order (text and whole numbers)."""
    body = {"columns": list(columns), "rows": [list(row) for row in rows]}
    text = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def printable(text: str | None) -> str:
    """A cell's text as every file format keeps it: line ends as LF, no control codes."""
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _NOT_PRINTABLE.sub("\ufffd", text)


def cambodia_time(moment: datetime | None) -> str:
    return in_cambodia(moment).strftime("%Y-%m-%d %H:%M:%S") if moment else ""
