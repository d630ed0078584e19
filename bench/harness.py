"""What the benchmarks share: the command line, timing, memory, a table, a fresh database.

Figures are wall times on shared machines, so each is printed beside a baseline measured
in the same run, as a ratio; the ratio is the figure to compare between runs.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import tracemalloc
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from time import perf_counter
from typing import TypeVar

from argon2 import PasswordHasher, Type
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import URL, make_url

from compfund import auth, passwords
from compfund.cli.output import table
from compfund.db.engine import open_engine
from compfund.db.migrate import upgrade
from compfund.db.urls import parse_url, shown

T = TypeVar("T")

# -- the command line ----------------------------------------------------------------------


def arguments(
    doc: str | None, *, database: bool, survivors: tuple[int, int] | None = None
) -> argparse.Namespace:
    """``--quick`` and, where asked, ``--db URL`` and ``--survivors N`` (whose default is
    ``survivors[0]``, or ``survivors[1]`` with ``--quick``)."""
    parser = argparse.ArgumentParser(
        description=(doc or "").split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--quick", action="store_true", help="smaller sizes, a few seconds")
    if database:
        parser.add_argument(
            "--db",
            metavar="URL",
            help="a PostgreSQL server (postgresql+psycopg://USER@HOST:PORT/DB) on which to "
            "make, and afterwards drop, a database of its own; default: a temporary "
            "embedded SQLite file",
        )
    if survivors is not None:
        parser.add_argument(
            "--survivors",
            type=int,
            metavar="N",
            help=f"survivors at full size (default {survivors[0]:,}; --quick {survivors[1]:,})",
        )
    options = parser.parse_args()
    if survivors is not None and options.survivors is None:
        options.survivors = survivors[1] if options.quick else survivors[0]
    return options


def machine() -> str:
    one, five, _ = os.getloadavg()
    return (
        f"{os.cpu_count()} cores ({platform.machine()}), load {one:.2f}/{five:.2f}, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}"
    )


# -- measuring -----------------------------------------------------------------------------


def median_seconds(action: Callable[[], object], *, runs: int, budget: float = 0.0) -> float:
    """The median wall time of ``action``: at least ``runs`` runs, more while the total
    stays under ``budget`` seconds (at most 1,000)."""
    times: list[float] = []
    started = perf_counter()
    while len(times) < max(runs, 1) or (perf_counter() - started < budget and len(times) < 1000):
        t = perf_counter()
        action()
        times.append(perf_counter() - t)
    return statistics.median(times)


def traced_peak(action: Callable[[], T]) -> tuple[int, T]:
    """Bytes allocated by Python at the worst moment of ``action`` (tracemalloc), and
    what ``action`` returned."""
    tracemalloc.start()
    try:
        result = action()
        return tracemalloc.get_traced_memory()[1], result
    finally:
        tracemalloc.stop()


def peak_rss() -> int:
    """The process's resident memory at its highest so far, in bytes (Linux: KiB * 1024)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


# -- printing ------------------------------------------------------------------------------


def seconds(value: float) -> str:
    if round(value * 1e6) < 1000:
        return f"{value * 1e6:.0f} µs"
    if value < 1:
        return f"{value * 1000:.1f} ms" if value < 0.1 else f"{value * 1000:.0f} ms"
    return f"{value:.2f} s" if value < 100 else f"{value:.0f} s"


def mib(value: float) -> str:
    """A number of bytes in MiB (in KiB below one MiB)."""
    if value < 2**20:
        return f"{value / 1024:.0f} KiB"
    return f"{value / 2**20:.1f} MiB" if value < 100 * 2**20 else f"{value / 2**20:,.0f} MiB"


def ratio(value: float, baseline: float) -> str:
    if baseline <= 0:
        return "-"
    r = value / baseline
    if r < 0.1:  # a small fraction reads better as "1/N" than as 0.000
        return f"1/{1 / r:,.0f}" if r > 0 else "0"
    return f"{r:.2f}" if r < 10 else f"{r:,.0f}"


def print_table(title: str, headers: list[str], rows: list[list[str]]) -> None:
    print(f"\n{title}\n")
    print(table(rows, headers))
    print(flush=True)


# -- the database --------------------------------------------------------------------------


@dataclass(frozen=True)
class BenchDatabase:
    kind: str  # "sqlite" or "postgresql"
    url: URL  # the owner's URL
    engine: Engine  # the owner's engine
    login_prefix: str  # PostgreSQL roles are server-wide: every login made here has it


@contextmanager
def fresh_database(server: str | None, folder: Path, name: str) -> Iterator[BenchDatabase]:
    """A new, migrated database: a SQLite file ``name`` in ``folder``, or a database of
    its own on the PostgreSQL ``server``, dropped afterwards with the logins made on it."""
    if server is None:
        url = make_url(f"sqlite+pysqlite:///{folder / name}.sqlite")
        engine = open_engine(url)
        try:
            upgrade(engine)
            yield BenchDatabase("sqlite", url, engine, "")
        finally:
            engine.dispose()
    else:
        with _postgresql_database(parse_url(server), name) as database:
            yield database


@contextmanager
def _postgresql_database(server: URL, name: str) -> Iterator[BenchDatabase]:
    tag = uuid.uuid4().hex[:8]
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    database, prefix = f"compfund_bench_{name}_{tag}", f"b{tag}_"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{database}"'))
    try:
        url = server.set(database=database)
        engine = open_engine(url)
        try:
            upgrade(engine)
            yield BenchDatabase("postgresql", url, engine, prefix)
        finally:
            engine.dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
            roles = conn.execute(
                text("SELECT rolname FROM pg_roles WHERE rolname LIKE :p"), {"p": f"{prefix}%"}
            ).scalars()
            for role in list(roles):
                conn.execute(text(f'DROP ROLE IF EXISTS "{role}"'))
        admin.dispose()


def database_label(server: str | None) -> str:
    return "embedded SQLite (temporary file)" if server is None else shown(parse_url(server))


def cheap_password_hashing() -> None:
    """Hash officers' passwords with cheap Argon2 parameters, as the test suite does.

    The demo's officers (about 35) cost a fixed few seconds at the real parameters, which
    would hide the figure per survivor; logging in pays the same cheap price.
    """
    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1, type=Type.ID)
    passwords.HASHER = cheap
    auth.HASHER = cheap  # type: ignore[attr-defined]
