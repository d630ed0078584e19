"""Compare the database an older migration chain builds with the one this tree builds.

    .venv/bin/python scripts/compare_schema.py [--out DIR] [OLD_REF]

OLD_REF is a git commit whose ``migrations/`` folder is the "old" chain (default: the
commit before the one that squashed the chain 0001..0024 into 0001_baseline); "new" is this working
tree's ``migrations/``. Each is upgraded from empty to its head, the way ``compfund db
upgrade`` does, and compared:

- PostgreSQL, one throwaway cluster each (roles are cluster-wide): ``pg_dump
  --schema-only --no-owner``; plain ``pg_dump --schema-only`` (owners, grants, row-level
  security); the compfund roles with their attributes and memberships; the database's
  own privileges (CONNECT); ``pg_dump --data-only`` (the rows the migrations seed).
- SQLite, one file each: every table as SQLite sees it (PRAGMA table_xinfo,
  foreign_key_list, index_list) and as SQLAlchemy reflects it (named foreign keys,
  unique and CHECK constraints, indexes); the SQL of every index and trigger; the
  seeded rows. The CREATE TABLE text in sqlite_master is diffed too, for information
  only: SQLite keeps the text of a table as it was built (a column added by ALTER TABLE
  is appended to the text, a table rebuilt by a batch operation gets a quoted name), so
  a table built in one step reads differently for the same table.

With ``--out DIR`` every compared part is also written to DIR/old and DIR/new.

The alembic_version value is the one difference expected and ignored. Prints a unified
diff for each other difference; exits 1 if a compared part (all but the information-only
one) differs. Needs the PostgreSQL server binaries (initdb, pg_ctl, pg_dump), as
scripts/test does; run as root it runs them as the postgres OS user.
"""

from __future__ import annotations

import argparse
import difflib
import glob
import io
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# The migration 0024 of the chain that the baseline replaced; the commit before the one
# that deleted it is the default "old" tree.
LAST_OF_THE_CHAIN = "migrations/versions/0024_policy_used_by_awards.py"

# Run in a fresh interpreter, so that ``import migrations`` finds the chain asked for.
UPGRADE = """
import sys
from pathlib import Path
root, url = Path(sys.argv[1]), sys.argv[2]
sys.path.insert(0, str(root))
import migrations
assert Path(migrations.__file__).resolve().parent == (root / "migrations").resolve()
from alembic import command
from alembic.config import Config
from sqlalchemy.engine import make_url
from compfund.db.engine import open_engine
config = Config()
config.set_main_option("script_location", str(root / "migrations"))
engine = open_engine(make_url(url))
with engine.begin() as connection:
    config.attributes["connection"] = connection
    command.upgrade(config, "head")
engine.dispose()
"""


def say(message: str) -> None:
    print(f"compare_schema: {message}", file=sys.stderr, flush=True)


def old_tree(ref: str, into: Path) -> Path:
    """``migrations/`` of ``ref``, unpacked under ``into``."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", ref, "migrations"],
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def chain_before_the_baseline() -> str:
    """The commit just before the one that squashed 0001..0024 into the baseline."""
    squash = subprocess.run(
        ["git", "-C", str(ROOT), "log", "-1", "--format=%H", "--diff-filter=D", "--"]
        + [LAST_OF_THE_CHAIN],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    if not squash:
        raise SystemExit(f"compare_schema: no commit deleted {LAST_OF_THE_CHAIN}: give OLD_REF")
    return f"{squash}^"


def upgrade(tree: Path, url: str) -> None:
    subprocess.run([sys.executable, "-c", UPGRADE, str(tree), url], check=True, cwd="/")


# -- PostgreSQL -----------------------------------------------------------------------------


def pg_bin() -> Path:
    found = shutil.which("pg_config")
    if found:
        out = subprocess.run([found, "--bindir"], capture_output=True, text=True).stdout.strip()
        if out and (Path(out) / "initdb").exists():
            return Path(out)
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name)
    )
    if candidates:
        return Path(candidates[-1])
    raise SystemExit("compare_schema: no PostgreSQL server binaries (initdb) found")


def as_postgres(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


class Cluster:
    """A throwaway PostgreSQL cluster reached on a Unix socket only."""

    def __init__(self, bindir: Path, where: Path) -> None:
        self.bin, self.where = bindir, where
        self.data, self.sock = where / "data", where / "sock"
        self.sock.mkdir(parents=True)
        if os.geteuid() == 0:
            shutil.chown(where, "postgres")
            shutil.chown(self.sock, "postgres")
        self.run("initdb", "-D", str(self.data), "-U", "postgres", "-E", "UTF8", "--locale=C")
        self.run("initdb", "--version")
        with open(self.data / "postgresql.conf", "a", encoding="utf-8") as conf:
            conf.write(f"\nlisten_addresses = ''\nunix_socket_directories = '{self.sock}'\n")
            conf.write("fsync = off\n")
        self.run("pg_ctl", "-D", str(self.data), "-l", str(where / "server.log"), "-w", "start")

    def run(self, program: str, *args: str) -> str:
        done = subprocess.run(
            as_postgres([str(self.bin / program), *args]),
            check=True,
            capture_output=True,
            text=True,
            cwd="/",
        )
        return done.stdout

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@/{database}?host={self.sock}"

    def sql(self, database: str, query: str) -> str:
        return self.run("psql", "-h", str(self.sock), "-XAtq", "-d", database, "-c", query)

    def dump(self, database: str, *options: str) -> str:
        text = self.run("pg_dump", "-h", str(self.sock), *options, database)
        # \restrict and \unrestrict carry a random key, different in every dump
        return "".join(
            line
            for line in text.splitlines(keepends=True)
            if not line.startswith(("\\restrict ", "\\unrestrict "))
        )

    def stop(self) -> None:
        self.run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")


ROLES = """
SELECT r.rolname, r.rolsuper, r.rolinherit, r.rolcreaterole, r.rolcreatedb,
       r.rolcanlogin, r.rolconnlimit, r.rolpassword IS NOT NULL AS has_password,
       coalesce((SELECT string_agg(g.rolname, ',' ORDER BY g.rolname)
                 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
                 WHERE m.member = r.oid), '') AS member_of
FROM pg_authid r WHERE r.rolname LIKE 'compfund%' ORDER BY r.rolname
"""
DATABASE_ACL = "SELECT datacl FROM pg_database WHERE datname = current_database()"


def postgresql_parts(trees: dict[str, Path], work: Path) -> dict[str, dict[str, str]]:
    bindir = pg_bin()
    parts: dict[str, dict[str, str]] = {}
    for side, tree in trees.items():
        cluster = Cluster(bindir, work / f"pg-{side}")
        try:
            cluster.sql("postgres", "CREATE DATABASE compfund")
            upgrade(tree, cluster.url("compfund"))
            version = cluster.sql("compfund", "SELECT version_num FROM alembic_version").strip()
            say(f"PostgreSQL, {side} chain: upgraded to {version}")
            data = cluster.dump("compfund", "--data-only")
            parts[side] = {
                "pg_dump --schema-only --no-owner": cluster.dump(
                    "compfund", "--schema-only", "--no-owner"
                ),
                "pg_dump --schema-only (owners and privileges)": cluster.dump(
                    "compfund", "--schema-only"
                ),
                "compfund roles and memberships": cluster.sql("compfund", ROLES),
                "the database's privileges": cluster.sql("compfund", DATABASE_ACL),
                "pg_dump --data-only (seeded rows)": _mask_version(data, version),
            }
        finally:
            cluster.stop()
    return parts


def _mask_version(dump: str, version: str) -> str:
    lines = dump.splitlines(keepends=True)
    out, in_version = [], False
    for line in lines:
        if line.startswith("COPY public.alembic_version"):
            in_version = True
        elif in_version and line.strip() == version:
            line = "<alembic version>\n"
            in_version = False
        out.append(line)
    return "".join(out)


# -- SQLite ---------------------------------------------------------------------------------


def sqlite_parts(trees: dict[str, Path], work: Path) -> dict[str, dict[str, str]]:
    from sqlalchemy import create_engine, inspect, text

    parts: dict[str, dict[str, str]] = {}
    for side, tree in trees.items():
        path = work / f"{side}.sqlite"
        upgrade(tree, f"sqlite+pysqlite:///{path}")
        engine = create_engine(f"sqlite+pysqlite:///{path}")
        with engine.connect() as conn:
            version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
            say(f"SQLite, {side} chain: upgraded to {version}")
            master = conn.execute(
                text("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name")
            ).all()
            tables = [n for t, n, _, _ in master if t == "table" and not n.startswith("sqlite_")]
            inspector = inspect(conn)

            def pragma(name: str, table: str) -> list[tuple[Any, ...]]:
                return [tuple(r) for r in conn.exec_driver_sql(f'PRAGMA {name}("{table}")')]

            structure, rows = [], []
            for table in tables:
                structure.append(f"== {table}")
                structure += [f"column {r}" for r in pragma("table_xinfo", table)]
                # a foreign key's id and an index's seq are ordinals of declaration
                keys: dict[int, list[tuple[Any, ...]]] = {}
                for fk in pragma("foreign_key_list", table):
                    keys.setdefault(fk[0], []).append(fk)
                structure += sorted(f"foreign key {_foreign_key(rows)}" for rows in keys.values())
                for _, name, *flags in sorted(pragma("index_list", table), key=lambda r: r[1]):
                    on = [r[2] for r in sorted(pragma("index_info", name))]
                    structure.append(f"index {name} {tuple(flags)} on {on}")
                reflected: list[tuple[str, Callable[[str], Any]]] = [
                    ("primary key", inspector.get_pk_constraint),
                    ("foreign keys", inspector.get_foreign_keys),
                    ("unique", inspector.get_unique_constraints),
                    ("checks", inspector.get_check_constraints),
                    ("indexes", inspector.get_indexes),
                ]
                for label, reflect in reflected:
                    found = reflect(table)
                    if isinstance(found, list):
                        found = sorted(found, key=lambda c: str(c.get("name")))
                        structure += [f"{label}: {_plain(item)}" for item in found]
                    else:
                        structure.append(f"{label}: {found}")
                rows.append(f"== {table}")
                # table names come from sqlite_master
                query = f'SELECT * FROM "{table}" ORDER BY rowid'  # noqa: S608
                for row in conn.exec_driver_sql(query):
                    shown = ("<alembic version>",) if table == "alembic_version" else tuple(row)
                    rows.append(repr(shown))
        engine.dispose()
        parts[side] = {
            "SQLite tables (PRAGMA and reflection)": "\n".join(structure) + "\n",
            "SQLite indexes and triggers (sqlite_master sql)": "".join(
                f"{t} {n} ON {tn}:\n{sql}\n" for t, n, tn, sql in master if t != "table"
            ),
            "SQLite seeded rows": "\n".join(rows) + "\n",
            "SQLite CREATE TABLE text (information only)": "".join(
                f"{sql}\n" for t, _, _, sql in master if t == "table"
            ),
        }
    return parts


def _foreign_key(rows: list[tuple[Any, ...]]) -> tuple[Any, ...]:
    """One foreign key from its PRAGMA foreign_key_list rows (one per column)."""
    rows = sorted(rows, key=lambda r: r[1])
    target, on_update, on_delete, match = rows[0][2], *rows[0][5:8]
    return (
        tuple(r[3] for r in rows),
        target,
        tuple(r[4] for r in rows),
        on_update,
        on_delete,
        match,
    )


def _plain(value: Any) -> Any:
    """``value`` with SQL clauses (a partial index's WHERE) as their text."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_plain(v) for v in value)
    if hasattr(value, "compile"):
        return str(value)
    return value


# -- comparing ------------------------------------------------------------------------------


# Differences between the chain 0001..0024 and the baseline that are known and harmless:
# (part of the comparison, pattern every differing line of it matches, why).
_AWARD_LIMIT = (
    "two_approvers_above|lost_wages|medical_costs|psychological_harm|rehabilitation_and_travel"
)
EXPLAINED = (
    (
        "seeded rows",
        r"\(migration (0020|0001_baseline)\)",
        "the default award policy is recorded as created by the migration that made it",
    ),
    (
        "seeded rows",
        rf"^\(?\d+(\t|, )1(\t|, )'?USD'?(\t|, )'?({_AWARD_LIMIT}|other)'?(\t|, )\d+\)?$"
        r"|setval\('public\.award_policy_amounts_id_seq', [86], true\)",
        "the default award policy's amounts are numbered 1..6: the old chain inserted 8 and "
        "its 0022 deleted the first two (the interim grant and the cap, now the eligibility "
        "policy's)",
    ),
    (
        "SQLite tables",
        r"^foreign keys: \{'name': (None|'fk_awards_policy_version_id_policy_versions'), "
        r"'constrained_columns': \['policy_version_id'\]",
        "the old chain's 0022 added awards.policy_version_id by ALTER TABLE ADD COLUMN with "
        "its foreign key written inline (CONSTRAINT fk_awards_policy_version_id_policy_versions "
        "REFERENCES policy_versions (id)), whose name SQLAlchemy's SQLite reflection does not "
        "read; the baseline declares the same named key among the table's constraints",
    ),
)


def explained(name: str, changed: list[str]) -> set[str] | None:
    """The reasons that explain every changed line of part ``name``, or None."""
    reasons = set()
    for line in changed:
        why = [
            reason
            for part, pattern, reason in EXPLAINED
            if part in name and re.search(pattern, line[1:])
        ]
        if not why:
            return None
        reasons.add(why[0])
    return reasons


def compare(parts: dict[str, dict[str, str]], old_label: str) -> bool:
    same = True
    for name in parts["old"]:
        old, new = parts["old"][name], parts["new"][name]
        if old == new:
            print(f"identical: {name} ({len(old.splitlines())} lines)")
            continue
        diff = list(
            difflib.unified_diff(
                old.splitlines(keepends=True),
                new.splitlines(keepends=True),
                fromfile=f"old ({old_label})",
                tofile="new (working tree)",
            )
        )
        changed = [
            line.rstrip("\n")
            for line in diff
            if line[:1] in "+-" and not line.startswith(("+++ ", "--- "))
        ]
        reasons = explained(name, changed)
        if "information only" in name:
            print(f"differs, for information: {name}")
        elif reasons:
            print(f"differs as explained: {name}")
            for reason in sorted(reasons):
                print(f"  because {reason}")
        else:
            print(f"DIFFERS: {name}")
            same = False
        sys.stdout.writelines(diff)
    return same


def write(parts: dict[str, dict[str, str]], out: Path) -> None:
    for side, named in parts.items():
        (out / side).mkdir(parents=True, exist_ok=True)
        for name, text in named.items():
            slug = "".join(c if c.isalnum() else "-" for c in name).strip("-")
            (out / side / f"{slug}.txt").write_text(text, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old_ref", nargs="?", help="default: the tree before the squash")
    parser.add_argument("--out", type=Path, help="also write every compared part here")
    args = parser.parse_args()
    old_ref: str = args.old_ref or chain_before_the_baseline()
    work = Path(tempfile.mkdtemp(prefix="compfund-compare-"))
    try:
        if os.geteuid() == 0:
            shutil.chown(work, "postgres")
        trees = {"old": old_tree(old_ref, work / "old"), "new": ROOT}
        say(f"old chain: migrations/ of {old_ref}; new: {ROOT / 'migrations'}")
        pg = postgresql_parts(trees, work)
        lite = sqlite_parts(trees, work)
        parts = {side: {**pg[side], **lite[side]} for side in trees}
        if args.out:
            write(parts, args.out)
        return 0 if compare(parts, old_ref[:12]) else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
