"""How fast, and with how much memory, a hostile intake workbook is refused.

Each hostile or broken workbook of ``tests/reports/hostile.py`` is read as the window
and ``compfund import applications`` read it (``reports.intake_reader``), and the time
to refuse it is given as a ratio against reading two valid templates in the same run:
one row (the least a caseworker uploads) and 1,000 rows (the most a file may hold). A
refusal should cost about what a small valid file costs, and never more than the
largest valid one. Peak memory is Python's own allocations (tracemalloc) during one read.

No database: the reader refuses before anything reaches one.

    .venv/bin/python bench/hostile_workbooks.py [--quick]
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import partial

import this_checkout  # noqa: F401
from harness import (
    arguments,
    machine,
    median_seconds,
    mib,
    print_table,
    ratio,
    seconds,
    traced_peak,
)

from compfund.intake.rows import MAX_ROWS, IntakeFileRefused
from reports.intake_reader import read_intake_bytes
from tests.reports.hostile import (
    BILLION_LAUGHS,
    CSV_FILE,
    EXTERNAL_ENTITY,
    OLE_FILE,
    SHEET,
    larger_than_the_cap,
    long_sheet_of_blank_rows,
    one_row_template,
    plain_zip,
    rows_template,
    too_many_parts,
    truncated,
    typed_formula,
    understated_sizes,
    very_long_cell,
    zip_bomb,
)
from tests.reports.workbooks import fisherman_row, with_part


def full_rows(count: int) -> bytes:
    """The template with ``count`` fisherman rows, every column filled in."""
    return rows_template(count, lambda n: fisherman_row(name_latin=f"Sok Sokha {n}"))


def hostile_cases(one: bytes) -> dict[str, Callable[[], bytes]]:
    return {
        "empty file": lambda: b"",
        "not a zip (CSV)": lambda: CSV_FILE,
        "old .xls (OLE)": lambda: OLE_FILE,
        "zip, not a workbook": plain_zip,
        "truncated zip": lambda: truncated(one),
        "larger than 5 MB": larger_than_the_cap,
        "zip bomb (inflates to 60 MB)": lambda: zip_bomb(one),
        "zip directory understates a part": lambda: understated_sizes(one),
        "more than 500 parts": lambda: too_many_parts(one),
        "billion laughs": lambda: with_part(one, SHEET, BILLION_LAUGHS),
        "external entity": lambda: with_part(one, SHEET, EXTERNAL_ENTITY),
        f"{MAX_ROWS + 1:,} full rows (cap {MAX_ROWS:,})": lambda: full_rows(MAX_ROWS + 1),
        "20,000+ blank rows": lambda: long_sheet_of_blank_rows(one),
        "very long cell": very_long_cell,
        "typed formula": lambda: typed_formula(one),
    }


def read(data: bytes) -> str:
    """Read ``data`` as an intake workbook: the refusal's reason, or how many rows."""
    try:
        rows = read_intake_bytes("bench.xlsx", data)
    except IntakeFileRefused as refusal:
        return " ".join(refusal.message.split("was not imported: ", 1)[-1].split())
    return f"read {len(rows)} rows"


def main() -> int:
    options = arguments(__doc__, database=False)
    runs, budget = (1, 0.0) if options.quick else (7, 2.0)
    print(f"Hostile workbooks. {machine()}.")
    one = one_row_template()
    workbooks = {"valid, 1 row": one, f"valid, {MAX_ROWS:,} rows": full_rows(MAX_ROWS)}
    workbooks.update({name: build() for name, build in hostile_cases(one).items()})
    figures = {}
    for name, data in workbooks.items():
        took = median_seconds(partial(read, data), runs=runs, budget=budget)
        figures[name] = (data, took, *traced_peak(partial(read, data)))
    _, one_time, one_peak, _ = figures["valid, 1 row"]
    _, full_time, _, _ = figures[f"valid, {MAX_ROWS:,} rows"]
    rows = []
    wrongly_read = []
    for name, (data, took, peak, outcome) in figures.items():
        hostile = not name.startswith("valid")
        if hostile and outcome.startswith("read "):
            wrongly_read.append(name)
            outcome = f"NOT REFUSED: {outcome}"
        rows.append(
            [
                name,
                f"{len(data):,}",
                seconds(took),
                ratio(took, one_time),
                ratio(took, full_time),
                mib(peak),
                ratio(peak, one_peak),
                outcome[:70],
            ]
        )
    headers = ["workbook", "bytes", "median", "x 1 row", "x 1,000 rows", "peak (Python)"]
    headers += ["x 1 row", "outcome"]
    print_table(
        f"Time to read or refuse (median of at least {runs} runs), and peak memory",
        headers,
        rows,
    )
    if wrongly_read:
        print(f"Read when it should have been refused: {', '.join(wrongly_read)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
