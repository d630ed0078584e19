"""Each benchmark in ``bench/`` still runs on today's code and prints its table.

Nothing here reads a figure: speed is reported by the benchmarks, never asserted.
Marked ``bench``: the full suite (scripts/test) runs them, ``pytest -m "not bench"``
leaves them out.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.bench

BENCH = Path(__file__).resolve().parents[2] / "bench"


def _run(script: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, str(BENCH / script), "--quick", *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_hostile_workbooks_are_all_refused_and_tabled() -> None:
    out = _run("hostile_workbooks.py")
    assert "x 1,000 rows" in out
    for case in ("billion laughs", "zip bomb", "20,000+ blank rows", "very long cell"):
        assert case in out
    assert "NOT REFUSED" not in out


def test_national_scale_runs_on_a_small_demo() -> None:
    out = _run("national_scale.py", "--survivors", "30")
    for operation in ("applications list: first page", "register export, PDF", "ledger check"):
        assert operation in out


def test_duplicates_runs() -> None:
    out = _run("duplicates.py")
    assert "searches/s" in out
