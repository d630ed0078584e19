"""A small export table made by hand, for report tests that need no database."""

from __future__ import annotations

from datetime import UTC, datetime

from compfund.queries.export_table import Cell, ChainPoint, ExportKind, ExportTable
from compfund.queries.register import COLUMNS

HEAD = ChainPoint("ab" * 32, 42, datetime(2026, 3, 1, 3, 0, tzinfo=UTC))
HOSTILE = (
    "=1+2",
    '=HYPERLINK("http://example.invalid","x")',
    "+SUM(A1:A2)",
    "-2+3",
    "@SUM(1)",
    "\t=cmd|' /C calc'!A0",
    "\r=1",
    "#N/A",
    "=",
)


def row(n: int, organisation: str = "DOSVY Battambang") -> tuple[Cell, ...]:
    return (
        f"APP-2026-{n:05d}1",
        "SV-7K3Q-9M2X",
        "KH-2",
        "Battambang",
        "បាត់ដំបង",
        "interim grant",
        "submitted",
        "fishing",
        "TH",
        "2026-01-02",
        organisation,
        "2026-03-01 10:00:00",
        "",
    )


def register_table(rows: list[tuple[Cell, ...]] | None = None) -> ExportTable:
    return ExportTable(
        ExportKind.APPLICATIONS,
        "Applications register",
        "បញ្ជីពាក្យស្នើសុំ",
        COLUMNS,
        tuple(rows if rows is not None else [row(n) for n in range(40)]),
        (("province", "KH-2"),),
        HEAD,
        "Demo fund officer (fo1)",
    )
