"""The fund at national scale: the demo with 20,000 survivors, and what officers do on it.

Two databases are filled with ``compfund demo`` (``compfund.demo.make_demo``, through the
services, with the full audit trail and ledger): one with N survivors and one with N/10.
On each, the same operations run through a logged-in desk, as the window and the command
line run them:

- opening the applications list: the count and the first page of 100 rows, as the
  window's paged model asks them, for a fund officer (every province) and a caseworker
  (one);
- duplicate detection for one new survivor against every registered one (loading the
  index, then matching), and the match alone against an index already loaded;
- the window's survivor search by name (an identifying access, recorded);
- the applications register exported as XLSX and as PDF (``compfund export applications``);
- ``compfund audit verify`` (both hash chains) and ``compfund ledger check``.

Two ratios per operation: the time at N over the time at N/10 (10 means the operation
grows in step with the fund; 1 means it does not grow at all), and the time at N over a
trivial read through the desk (a unit of work running ``SELECT 1``) measured in the same
run. Each operation runs once untimed on the smaller database first (imports, fonts and
caches are paid there). Peak resident memory is the process's high-water mark after
each operation.

    .venv/bin/python bench/national_scale.py [--quick] [--survivors N] [--db URL]
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from time import perf_counter

import this_checkout  # noqa: F401
from harness import (
    BenchDatabase,
    arguments,
    cheap_password_hashing,
    database_label,
    fresh_database,
    machine,
    median_seconds,
    mib,
    peak_rss,
    print_table,
    ratio,
    seconds,
)
from sqlalchemy import text

from compfund.actor import Actor
from compfund.applications.screening import registered_index
from compfund.audit.access import search_survivors
from compfund.audit.verify import verify_chains
from compfund.db.uow import UnitOfWork
from compfund.demo.generate import DemoRequest, make_demo
from compfund.desk import Desk
from compfund.enums import DocumentType, Sex
from compfund.intake.duplicate_detection import DuplicateIndex, PersonDetails
from compfund.ledger.check import check_ledger
from compfund.permissions import Action
from compfund.queries.applications import application_page, count_applications
from compfund.queries.register import RegisterFilter
from compfund.service import service
from reports.exporting import export_register
from ui.applications_model import PAGE_SIZE

AS_OF = date(2026, 11, 1)
SEED = 2026
NEW_SURVIVOR = PersonDetails(
    name_km="សុខ សុខា",
    name_latin="Sok Sokha",
    sex=Sex.MALE,
    date_of_birth=date(1991, 3, 14),
    documents=((DocumentType.NATIONAL_ID, "110223344"),),
)
REASON = "Benchmark of the survivor search at national scale"


@service(Action.VIEW_CASES, writes=False)
def trivial_read(*, actor: Actor, uow: UnitOfWork) -> int:
    return int(uow.session.execute(text("SELECT 1")).scalar_one())


@service(Action.VIEW_CASES, writes=False)
def duplicate_check(*, actor: Actor, uow: UnitOfWork) -> int:
    """Duplicate detection as a submission runs it: load every registered survivor the
    officer may see, then match the new one against them."""
    return len(registered_index(uow, actor).likely_duplicates(NEW_SURVIVOR))


@service(Action.VIEW_CASES, writes=False)
def loaded_index(*, actor: Actor, uow: UnitOfWork) -> DuplicateIndex:
    return registered_index(uow, actor)


@dataclass
class Figure:
    took: float
    rss: int


@dataclass
class Officers:
    fund_officer: Desk
    caseworker: Desk
    auditor: Desk

    def close(self) -> None:
        for desk in (self.fund_officer, self.caseworker, self.auditor):
            desk.close()


def log_in(db: BenchDatabase, passwords: dict[str, str]) -> Officers:
    def desk(name: str) -> Desk:
        login = f"{db.login_prefix}{name}"
        return Desk.log_in(db.url, login, passwords[login])

    return Officers(desk("fund_officer1"), desk("cw_phnom_penh"), desk("auditor1"))


def operations(
    officers: Officers, out: Path, index: DuplicateIndex
) -> dict[str, tuple[Callable[[], object], int]]:
    """Each operation and how many times to run it (the median is kept)."""
    officer, auditor = officers.fund_officer, officers.auditor
    return {
        "trivial read (SELECT 1 via the desk)": (lambda: officer.read(trivial_read), 50),
        "applications list: count (all)": (lambda: officer.read(count_applications), 5),
        "applications list: first page (all)": (
            lambda: officer.read(application_page, 0, PAGE_SIZE),
            5,
        ),
        "applications list: count (1 province)": (
            lambda: officers.caseworker.read(count_applications),
            5,
        ),
        "applications list: first page (1 province)": (
            lambda: officers.caseworker.read(application_page, 0, PAGE_SIZE),
            5,
        ),
        "duplicate check: load index + match": (lambda: officer.read(duplicate_check), 3),
        "duplicate check: match only": (lambda: index.likely_duplicates(NEW_SURVIVOR), 20),
        "survivor search by name": (lambda: officer.do(search_survivors, "Sok", REASON), 5),
        "register export, XLSX": (
            lambda: export_register(officer, RegisterFilter(), "xlsx", out / "r.xlsx"),
            1,
        ),
        "register export, PDF": (
            lambda: export_register(officer, RegisterFilter(), "pdf", out / "r.pdf"),
            1,
        ),
        "audit verify (both chains)": (lambda: auditor.read(verify_chains), 1),
        "ledger check": (lambda: auditor.read(check_ledger), 1),
    }


def measure(
    server: str | None, folder: Path, survivors: int, *, warm_up: bool
) -> dict[str, Figure]:
    figures: dict[str, Figure] = {}
    with fresh_database(server, folder, f"s{survivors}") as db:
        request = DemoRequest(survivors, SEED, AS_OF, db.login_prefix)
        started = perf_counter()
        demo = make_demo(db.engine, request)
        figures["demo build"] = Figure(perf_counter() - started, peak_rss())
        print(
            f"  {survivors:,} survivors: {demo.applications:,} applications, demo built in "
            f"{seconds(figures['demo build'].took)}",
            flush=True,
        )
        officers = log_in(db, {lg.login: lg.password for lg in demo.logins})
        try:
            index = officers.fund_officer.read(loaded_index)
            for name, (action, runs) in operations(officers, folder, index).items():
                if warm_up:  # the first call pays for imports, fonts and caches
                    action()
                took = median_seconds(action, runs=runs)
                figures[name] = Figure(took, peak_rss())
        finally:
            officers.close()
    return figures


def main() -> int:
    options = arguments(__doc__, database=True, survivors=(20_000, 1_000))
    cheap_password_hashing()
    large = options.survivors
    small = max(large // 10, 1)
    print(f"National scale. {machine()}.\nDatabase: {database_label(options.db)}.")
    with tempfile.TemporaryDirectory(prefix="compfund-bench-") as folder:
        at_small = measure(options.db, Path(folder), small, warm_up=True)
        at_large = measure(options.db, Path(folder), large, warm_up=False)
    baseline = at_large["trivial read (SELECT 1 via the desk)"].took
    rows = []
    for name, figure in at_large.items():
        before = at_small[name].took
        rows.append(
            [
                name,
                seconds(before),
                seconds(figure.took),
                ratio(figure.took, before),
                ratio(figure.took, baseline),
                mib(figure.rss),
            ]
        )
    per_survivor = [at_small["demo build"].took / small, at_large["demo build"].took / large]
    rows.append(
        [
            "demo build, per survivor",
            seconds(per_survivor[0]),
            seconds(per_survivor[1]),
            ratio(per_survivor[1], per_survivor[0]),
            ratio(per_survivor[1], baseline),
            "",
        ]
    )
    print_table(
        f"At {small:,} and {large:,} survivors (median of the runs; exports and checks once)",
        ["operation", f"{small:,}", f"{large:,}", "x10 size", "x trivial read", "peak RSS"],
        rows,
    )
    print(
        "x10 size: the time at ten times the survivors over the time at a tenth "
        "(10 = linear; 1 = no growth).\nx trivial read: the time at "
        f"{large:,} over a unit of work running SELECT 1 ({seconds(baseline)} here)."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
