"""Fixtures for the whole suite.

- Every test runs with its own config and data folders, an in-memory keyring, and
  cheap Argon2 parameters (one test checks the real ones).
- ``database`` is parametrised over the embedded SQLite file and the shared
  PostgreSQL server given by $COMPFUND_TEST_PG_URL (started by scripts/test). Each
  test gets a fresh, migrated database; on PostgreSQL it is cloned from a template
  migrated once per session, and officers' roles get a unique prefix and are dropped.
  Under CI=true a missing PostgreSQL fails the run instead of skipping.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field

import keyring
import pytest
from argon2 import PasswordHasher, Type
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import URL, make_url

from compfund import passwords
from compfund.actor import BOOTSTRAP
from compfund.db.engine import open_engine
from compfund.db.migrate import upgrade
from compfund.db.uow import UnitOfWork
from compfund.desk import Desk
from compfund.officers import add_user
from compfund.permissions import Role
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


@pytest.fixture(autouse=True)
def _cheap_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1, type=Type.ID)
    monkeypatch.setattr(passwords, "HASHER", cheap)
    monkeypatch.setattr("compfund.auth.HASHER", cheap)


# -- PostgreSQL server ------------------------------------------------------------------


@dataclass
class PgServer:
    admin_url: URL
    template: str
    admin: Engine = field(repr=False)

    def url_for(self, database: str) -> URL:
        return self.admin_url.set(database=database)


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
    template = f"compfund_tpl_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{template}"'))
    tpl_engine = open_engine(admin_url.set(database=template))
    upgrade(tpl_engine)
    tpl_engine.dispose()
    yield PgServer(admin_url, template, admin)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)'))
    admin.dispose()


# -- one fresh database per test ----------------------------------------------------------


@dataclass
class TestDatabase:
    """A fresh, migrated database and helpers to put officers on it."""

    kind: str
    url: URL  # the owner's URL
    engine: Engine  # the owner's engine
    prefix: str  # prefix of every login made here (PostgreSQL roles are server-wide)
    _admin: Desk | None = None
    _desks: list[Desk] = field(default_factory=list)

    __test__ = False

    def login(self, name: str) -> str:
        return f"{self.prefix}{name}"

    def admin(self) -> Desk:
        if self._admin is None:
            with UnitOfWork(self.engine, BOOTSTRAP) as uow:
                add_user(
                    self.login("admin"),
                    role=Role.ADMIN,
                    password=PASSWORD,
                    display_name="Test administrator",
                    actor=BOOTSTRAP,
                    uow=uow,
                )
                uow.commit()
            self._admin = self.desk_for(self.login("admin"))
        return self._admin

    def officer(self, name: str, role: Role, province: str | None = None) -> Desk:
        self.admin().do(
            add_user, self.login(name), role=role, password=PASSWORD, province_code=province
        )
        return self.desk_for(self.login(name))

    def desk_for(self, login: str, password: str = PASSWORD) -> Desk:
        desk = Desk.log_in(self.url, login, password)
        self._desks.append(desk)
        return desk

    def close(self) -> None:
        for desk in self._desks:
            desk.close()
        self.engine.dispose()


def _sqlite_database(tmp_path_factory: pytest.TempPathFactory) -> TestDatabase:
    path = tmp_path_factory.mktemp("db") / "compfund.sqlite"
    url = make_url(f"sqlite+pysqlite:///{path}")
    engine = open_engine(url)
    upgrade(engine)
    return TestDatabase("sqlite", url, engine, "")


@pytest.fixture(params=["sqlite", "postgresql"])
def database(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestDatabase]:
    if request.param == "sqlite":
        if request.node.get_closest_marker("postgres_only"):
            pytest.skip("this behaviour exists only on the shared PostgreSQL database")
        db = _sqlite_database(tmp_path_factory)
        yield db
        db.close()
        return
    server: PgServer | None = request.getfixturevalue("pg_server")
    if server is None:
        pytest.skip(f"no PostgreSQL: set {PG_ENV} (scripts/test starts one)")
    name = f"compfund_t_{uuid.uuid4().hex[:10]}"
    prefix = f"t{uuid.uuid4().hex[:6]}_"
    with server.admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{server.template}"'))
    url = server.url_for(name)
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
