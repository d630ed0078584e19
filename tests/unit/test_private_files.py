"""The desk's files that hold survivors' data are created for their owner alone."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from compfund import config
from compfund.db.engine import open_engine
from compfund.private_files import write_private


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask() -> Iterator[None]:
    """A umask that would make files readable by everyone (as many desks have)."""
    before = os.umask(0o022)
    yield
    os.umask(before)


def test_the_embedded_database_and_its_folder_are_owner_only(
    tmp_path: Path, open_umask: None
) -> None:
    path = tmp_path / "new" / "folder" / "compfund.sqlite"
    engine = open_engine(make_url(f"sqlite+pysqlite:///{path}"))
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (x)"))
        conn.execute(text("INSERT INTO t VALUES (1)"))
    wal = path.with_name(path.name + "-wal")
    assert wal.exists()
    assert (mode(path), mode(wal)) == (0o600, 0o600)
    assert mode(path.parent) == mode(path.parent.parent) == 0o700
    engine.dispose()


def test_an_existing_database_file_readable_by_others_is_closed(
    tmp_path: Path, open_umask: None
) -> None:
    path = tmp_path / "compfund.sqlite"
    path.touch()
    path.chmod(0o644)
    open_engine(make_url(f"sqlite+pysqlite:///{path}")).dispose()
    assert mode(path) == 0o600


def test_settings_and_instruction_files_are_owner_only(tmp_path: Path, open_umask: None) -> None:
    config.save(config.Settings(database_url=None, language="km", last_login="sokdara"))
    assert mode(config.config_path()) == 0o600
    instruction = tmp_path / "batch-7.csv"
    write_private(instruction, "payee,account\n")
    assert mode(instruction) == 0o600
    with pytest.raises(FileExistsError):
        write_private(instruction, "again")
