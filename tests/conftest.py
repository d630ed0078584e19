"""Fixtures for the whole suite.

- Every test runs with its own config and data folders, an in-memory keyring, and
  cheap Argon2 parameters (one test checks the real ones).
- ``database`` is parametrised over the embedded SQLite file and the shared
  PostgreSQL server given by $COMPFUND_TEST_PG_URL (started by scripts/test). Each
  test gets a fresh, migrated database: a copy of a SQLite file, or a PostgreSQL
  database cloned from a template database, both migrated once per session.
  ``database_from_empty`` runs the migrations themselves for the test.
  Officers' PostgreSQL roles get a unique prefix and are dropped afterwards.
  Under CI=true a missing PostgreSQL fails the run instead of skipping.
- Under pytest-xdist every worker is its own session: its own templates and folders;
  names made on the shared server carry the worker's id as well as a random part.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

import keyring
import psycopg
import pytest
from argon2 import PasswordHasher, Type
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import NullPool

from compfund import passwords
from compfund.actor import BOOTSTRAP
from compfund.db.engine import open_engine
from compfund.db.migrate import upgrade
from compfund.db.uow import UnitOfWork
from compfund.desk import Desk
from compfund.officer_rights import MONEY_RIGHTS, confirm_request
from compfund.officers import add_user
from compfund.permissions import Role
from migrations.rules_hold import DATABASE_PRIVILEGES
from tests.keyring_memory import MemoryKeyring

PASSWORD = "correct horse battery staple"
PG_ENV = "COMPFUND_TEST_PG_URL"


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"true", "1", "yes"}


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.delenv("COMPFUND_DATABASE_URL", raising=False)
    monkeypatch.delenv("COMPFUND_PASSWORD", raising=False)


@pytest.fixture(autouse=True)
def _memory_keyring(request: pytest.FixtureRequest) -> Iterator[MemoryKeyring | None]:
    if request.node.get_closest_marker("secret_service"):
        yield None
        return
    before = keyring.get_keyring()
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    yield memory
    keyring.set_keyring(before)


@contextmanager
def cheap_passwords() -> Iterator[None]:
    """Cheap Argon2 parameters while inside. Fixtures of a wider scope than a test that
    add officers use it: they are set up before ``_cheap_argon2``, and the real
    parameters cost half a second a password."""
    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1, type=Type.ID)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(passwords, "HASHER", cheap)
        patch.setattr("compfund.auth.HASHER", cheap)
        yield


@pytest.fixture(autouse=True)
def _cheap_argon2() -> Iterator[None]:
    with cheap_passwords():
        yield


def unique_name(stem: str, length: int = 8) -> str:
    """``stem`` + this xdist worker's id (none when serial) + random hex: a name no other
    worker, test or run on the shared server holds at the same time."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")  # gw0, gw1, ...
    return f"{stem}{worker}{uuid.uuid4().hex[:length]}"


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On pytest-xdist workers, put each test marked ``slow`` at the front of a different
    worker's share. ``--dist worksteal`` (scripts/test) first cuts the collection into one
    run of tests per worker (share k: what is left // workers left) and later steals only
    from a share's end: two slow tests in one share would run one after the other while
    the other worker had nothing left to take. Every worker reorders alike, as it must."""
    workers = getattr(config, "workerinput", {}).get("workercount", 0)
    slow = [item for item in items if item.get_closest_marker("slow")]
    if workers < 2 or not slow:
        return
    rest = iter([item for item in items if not item.get_closest_marker("slow")])
    ordered: list[pytest.Item] = []
    left = len(items)
    for k in range(workers):
        size = left // (workers - k)
        front = slow[k::workers]
        ordered += front + list(islice(rest, max(0, size - len(front))))
        left -= size
    ordered += list(rest)
    items[:] = ordered


# -- PostgreSQL server ------------------------------------------------------------------


@dataclass
class PgServer:
    admin_url: URL
    template: str
    admin: Engine = field(repr=False)

    def url_for(self, database: str) -> URL:
        return self.admin_url.set(database=database)


# Roles are cluster-wide: a migration creates its shared roles (compfund_<role>, the gate)
# when missing, so two workers migrating at once would both create them. They take turns.
MIGRATION_LOCK = 0x636F6D70  # "comp", a pg_advisory_lock key of the tests' own


def pg_upgrade(server: PgServer, database: str) -> None:
    """Run the migrations on ``database``, one worker at a time on the shared server."""
    engine = open_engine(server.url_for(database))
    try:
        with server.admin.connect() as lock:
            lock.execute(text("SELECT pg_advisory_lock(:k)"), {"k": MIGRATION_LOCK})
            try:
                upgrade(engine)
            finally:
                lock.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": MIGRATION_LOCK})
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer | None]:
    raw = os.environ.get(PG_ENV)
    if not raw:
        if in_ci():
            pytest.fail(f"CI=true but {PG_ENV} is not set: PostgreSQL did not start.")
        yield None
        return
    admin_url = make_url(raw)
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    server = PgServer(admin_url, unique_name("compfund_tpl_"), admin)
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{server.template}"'))
    pg_upgrade(server, server.template)
    yield server
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{server.template}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated from empty once per session; tests get copies of it."""
    path = tmp_path_factory.mktemp("sqlite-template") / "compfund.sqlite"
    engine = open_engine(make_url(f"sqlite+pysqlite:///{path}"))
    upgrade(engine)
    engine.dispose()  # the last connection closed: the WAL is checkpointed into the file
    assert not path.with_name(path.name + "-wal").exists()
    return path


# -- one fresh database per test ----------------------------------------------------------


@dataclass
class TestDatabase:
    """A fresh, migrated database and helpers to put officers on it."""

    kind: str
    url: URL  # the owner's URL
    engine: Engine  # the owner's engine
    prefix: str  # prefix of every login made here (PostgreSQL roles are server-wide)
    _admin: Desk | None = None
    _confirmer: Desk | None = None
    _desks: list[Desk] = field(default_factory=list)

    __test__ = False

    def login(self, name: str) -> str:
        return f"{self.prefix}{name}"

    def _founding_admin(self, name: str, display_name: str) -> Desk:
        with UnitOfWork(self.engine, BOOTSTRAP) as uow:
            add_user(
                self.login(name),
                role=Role.ADMIN,
                password=PASSWORD,
                display_name=display_name,
                actor=BOOTSTRAP,
                uow=uow,
            )
            uow.commit()
        return self.desk_for(self.login(name))

    def admin(self) -> Desk:
        """The first administrator, who adds the officers."""
        if self._admin is None:
            self._admin = self._founding_admin("admin", "Test administrator")
        return self._admin

    def confirmer(self) -> Desk:
        """The second founding administrator (login ``admin2``), who confirms what the
        first proposes: officers with money rights, changes of role."""
        self.admin()
        if self._confirmer is None:
            self._confirmer = self._founding_admin("admin2", "Second test administrator")
        return self._confirmer

    def officer(self, name: str, role: Role, province: str | None = None) -> Desk:
        """A working officer: added by the first administrator and, with money rights,
        confirmed by the second."""
        self.admin().do(
            add_user, self.login(name), role=role, password=PASSWORD, province_code=province
        )
        if role in MONEY_RIGHTS:
            self.confirmer().do(confirm_request, self.login(name))
        return self.desk_for(self.login(name))

    def desk_for(self, login: str, password: str = PASSWORD) -> Desk:
        desk = Desk.log_in(self.url, login, password)
        self._desks.append(desk)
        return desk

    def close(self) -> None:
        for desk in self._desks:
            desk.close()
        self.engine.dispose()


def _sqlite_database(path: Path, template: Path | None) -> TestDatabase:
    """A database in ``path``: a copy of ``template``, or migrated from empty."""
    url = make_url(f"sqlite+pysqlite:///{path}")
    if template is not None:
        shutil.copyfile(template, path)
    engine = open_engine(url)
    if template is None:
        upgrade(engine)
    return TestDatabase("sqlite", url, engine, "")


@contextmanager
def fresh_database(
    request: pytest.FixtureRequest, kind: str, *, from_empty: bool = False
) -> Iterator[TestDatabase]:
    """A fresh, migrated database of ``kind`` for the fixture asking, at any scope:
    copied from the session's template, or (``from_empty``) migrated for it."""
    factory: pytest.TempPathFactory = request.getfixturevalue("tmp_path_factory")
    if kind == "sqlite":
        if request.node.get_closest_marker("postgres_only"):
            pytest.skip("this behaviour exists only on the shared PostgreSQL database")
        template = None if from_empty else request.getfixturevalue("sqlite_template")
        db = _sqlite_database(factory.mktemp("db") / "compfund.sqlite", template)
        try:
            yield db
        finally:
            db.close()
        return
    server: PgServer | None = request.getfixturevalue("pg_server")
    if server is None:
        pytest.skip(f"no PostgreSQL: set {PG_ENV} (scripts/test starts one)")
    name = unique_name("compfund_t_", 10)
    prefix = unique_name("t", 6) + "_"
    template = "template0" if from_empty else server.template
    with server.admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    url = server.url_for(name)
    if from_empty:
        pg_upgrade(server, name)
    else:  # a database's own grants are not copied from its template
        owner = create_engine(url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
        with owner.connect() as conn:
            conn.execute(text(DATABASE_PRIVILEGES))
    db = TestDatabase("postgresql", url, open_engine(url), prefix)
    try:
        yield db
    finally:
        db.close()
        with server.admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            roles = conn.execute(
                text("SELECT rolname FROM pg_roles WHERE rolname LIKE :p"), {"p": f"{prefix}%"}
            ).scalars()
            for role in list(roles):
                conn.execute(text(f'DROP ROLE IF EXISTS "{role}"'))


@contextmanager
def plain_client(db: TestDatabase, user: str, password: str = PASSWORD) -> Iterator[psycopg.Cursor]:
    """A plain database client (psql, DBeaver ...) logged in as ``user`` with its password."""
    url = db.url
    with (
        psycopg.connect(
            host=url.host,
            port=url.port,
            dbname=url.database,
            user=user,
            password=password,
            autocommit=True,
        ) as conn,
        conn.cursor() as cur,
    ):
        yield cur


def record_by_hand(cur: psycopg.Cursor, entity: str, entity_id: object) -> None:
    """Append, in the open transaction of a plain client, the audit event of a change
    made by hand, in the connected officer's own name (0005_money_rules asks for one).
    The hash is not computed: ``audit verify`` would report it, as it should."""
    cur.execute("SELECT pg_advisory_xact_lock(74610101)")  # compfund.db.chain.CHAIN_LOCKS
    cur.execute("SELECT length, last_hash FROM chain_heads WHERE chain = 'audit'")
    length, last = cur.fetchone()  # type: ignore[misc]
    cur.execute(
        "INSERT INTO audit_events (chain_seq, occurred_at, actor_login, event, entity, "
        "entity_id, prev_hash, row_hash) VALUES (%s, now(), session_user, 'update', %s, %s, "
        "%s, %s)",
        (length + 1, entity, str(entity_id), last, "d" * 64),
    )


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest) -> Iterator[TestDatabase]:
    with fresh_database(request, request.param) as db:
        yield db


@pytest.fixture(params=["sqlite", "postgresql"])
def database_from_empty(request: pytest.FixtureRequest) -> Iterator[TestDatabase]:
    """As ``database``, but the migrations run from empty for this test (migration tests)."""
    with fresh_database(request, request.param, from_empty=True) as db:
        yield db
