"""Fixtures for the window's tests: private settings and keyring, and test databases.

Every test gets its own settings file and an in-memory keyring, so nothing reads or
writes the officer's real ones and no keyring ever prompts. One database with 250
applications in three provinces is built per test session (reading tests share it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest

from compfund import config
from compfund.desk import Desk
from tests.conftest import cheap_passwords
from tests.keyring_memory import MemoryKeyring
from tests.ui.data import (
    ADMIN_PASSWORD,
    CASEWORKER_PASSWORD,
    PrivacyDatabase,
    SampleDatabase,
    add_applications,
    new_database,
    new_privacy_database,
    password_for,
)
from ui.collector import collect_on_this_thread
from ui.fonts import use_khmer_font

PROVINCE_COUNTS = {"KH-1": 100, "KH-2": 100, "KH-12": 50}  # 250 in all


@pytest.fixture(scope="package", autouse=True)
def collector_on_the_ui_thread(qapp: Any) -> Iterator[None]:
    """As the application does (ui/app.py): Python collects cycles on the UI thread only,
    never in a worker drawing an export. Given back to Python after the window's tests."""
    collector = collect_on_this_thread(qapp)
    yield
    collector.stop()


@pytest.fixture(autouse=True)
def private_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A settings file of the test's own; no database URL from the environment."""
    path = tmp_path / "config" / "settings.json"
    monkeypatch.setattr(config, "config_path", lambda: path)
    for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(variable, str(tmp_path / variable.lower()))
    monkeypatch.delenv("COMPFUND_DATABASE_URL", raising=False)
    return path


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    """An empty in-memory keyring as the active backend."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(scope="session")
def applications_db(
    tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path
) -> Iterator[SampleDatabase]:
    with cheap_passwords():
        path = tmp_path_factory.mktemp("db") / "compfund.sqlite"
        db = new_database(path, tuple(PROVINCE_COUNTS), sqlite_template)
        add_applications(db, PROVINCE_COUNTS)
    yield db
    db.engine.dispose()


@pytest.fixture(scope="session")
def admin_desk(applications_db: SampleDatabase) -> Iterator[Desk]:
    desk = Desk.log_in(applications_db.url, "admin", ADMIN_PASSWORD)
    yield desk
    desk.close()


@pytest.fixture(scope="session")
def caseworker_desk(applications_db: SampleDatabase) -> Iterator[Desk]:
    """The caseworker of Battambang (KH-2), who sees 100 of the 250 applications."""
    login = applications_db.caseworkers["KH-2"].login
    desk = Desk.log_in(applications_db.url, login, CASEWORKER_PASSWORD)
    yield desk
    desk.close()


@pytest.fixture(scope="session")
def privacy_db(
    tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path
) -> Iterator[PrivacyDatabase]:
    """Survivors in full and officers of several roles (see data.new_privacy_database)."""
    with cheap_passwords():
        path = tmp_path_factory.mktemp("privacy") / "compfund.sqlite"
        data = new_privacy_database(path, sqlite_template)
    yield data
    data.db.engine.dispose()


@pytest.fixture(scope="session")
def desk_of(privacy_db: PrivacyDatabase) -> Iterator[Callable[[str], Desk]]:
    """``desk_of(login)``: that officer's desk on the privacy database, logged in once."""
    desks: dict[str, Desk] = {}

    def desk(login: str) -> Desk:
        if login not in desks:
            desks[login] = Desk.log_in(privacy_db.db.url, login, password_for(login))
        return desks[login]

    yield desk
    for opened in desks.values():
        opened.close()


@pytest.fixture
def khmer_font(qapp: Any) -> Iterator[None]:
    """The application font as ``compfund gui`` sets it."""
    before = qapp.font()
    if use_khmer_font(qapp) is None:
        pytest.skip("no Khmer font installed here (Debian: fonts-noto-core)")
    qapp.processEvents()  # as before the first window of the application
    yield
    qapp.setFont(before)
