"""compfund.secrets against an in-memory keyring and against unusable backends."""

from __future__ import annotations

from collections.abc import Iterator

import keyring
import keyring.errors
import pytest
from keyring.backends import fail, null

from compfund import secrets
from compfund.errors import KeyringUnavailable
from tests.keyring_memory import MemoryKeyring

DB = "postgresql+psycopg://fund-db.example:5432/compfund"


@pytest.fixture
def memory() -> Iterator[MemoryKeyring]:
    """Make a fresh in-memory keyring the active backend for one test."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(params=[fail.Keyring, null.Keyring], ids=["fail", "null"])
def unusable(request: pytest.FixtureRequest) -> Iterator[None]:
    """Make a backend that is no secure store the active one for one test."""
    previous = keyring.get_keyring()
    keyring.set_keyring(request.param())
    yield
    keyring.set_keyring(previous)


def test_round_trip(memory: MemoryKeyring) -> None:
    assert secrets.keyring_usable()
    secrets.remember_password(DB, "sokha", "ពាក្យសម្ងាត់ 1!")
    assert secrets.recall_password(DB, "sokha") == "ពាក្យសម្ងាត់ 1!"
    assert memory.entries == {(f"compfund:{DB}", "sokha"): "ពាក្យសម្ងាត់ 1!"}


def test_remember_replaces_the_old_password(memory: MemoryKeyring) -> None:
    secrets.remember_password(DB, "sokha", "old")
    secrets.remember_password(DB, "sokha", "new")
    assert secrets.recall_password(DB, "sokha") == "new"


def test_entries_are_per_database_and_login(memory: MemoryKeyring) -> None:
    secrets.remember_password(DB, "sokha", "a")
    secrets.remember_password(DB, "dara", "b")
    secrets.remember_password("sqlite:////tmp/demo.sqlite", "sokha", "c")
    assert secrets.recall_password(DB, "sokha") == "a"
    assert secrets.recall_password(DB, "dara") == "b"
    assert secrets.recall_password("sqlite:////tmp/demo.sqlite", "sokha") == "c"
    assert secrets.recall_password(DB, "vanna") is None


def test_password_in_url_is_left_out_of_the_entry_name(memory: MemoryKeyring) -> None:
    with_password = "postgresql+psycopg://sokha:hunter2@fund-db.example:5432/compfund"
    secrets.remember_password(with_password, "sokha", "hunter2")
    [(service, _login)] = memory.entries
    assert service == "compfund:postgresql+psycopg://sokha@fund-db.example:5432/compfund"
    assert "hunter2" not in service
    # the same entry is found whether or not the caller stripped the password
    assert (
        secrets.recall_password("postgresql+psycopg://sokha@fund-db.example:5432/compfund", "sokha")
        == "hunter2"
    )


def test_recall_nothing_stored(memory: MemoryKeyring) -> None:
    assert secrets.recall_password(DB, "sokha") is None


def test_forget(memory: MemoryKeyring) -> None:
    secrets.remember_password(DB, "sokha", "pw")
    secrets.forget_password(DB, "sokha")
    assert secrets.recall_password(DB, "sokha") is None
    assert memory.entries == {}
    secrets.forget_password(DB, "sokha")  # absent: no error


def test_unusable_backend(unusable: None) -> None:
    assert not secrets.keyring_usable()
    with pytest.raises(KeyringUnavailable) as caught:
        secrets.remember_password(DB, "sokha", "pw")
    assert caught.value.message == (
        "This computer has no secure password store (OS keyring); "
        "compfund will ask for your password each time."
    )
    assert caught.value.code == "keyring_unavailable"
    assert secrets.recall_password(DB, "sokha") is None
    secrets.forget_password(DB, "sokha")  # no error either


def test_zero_priority_backend_is_unusable(
    memory: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(MemoryKeyring, "priority", 0)
    assert not secrets.keyring_usable()
    with pytest.raises(KeyringUnavailable):
        secrets.remember_password(DB, "sokha", "pw")
    assert memory.entries == {}


def test_backend_that_is_not_viable_is_unusable(
    memory: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    def not_here(cls: type) -> float:
        raise RuntimeError("no daemon")

    monkeypatch.setattr(MemoryKeyring, "priority", property(not_here))
    assert not secrets.keyring_usable()
    assert secrets.recall_password(DB, "sokha") is None


def test_keyring_error_on_store_becomes_keyring_unavailable(
    memory: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(service: str, username: str, password: str) -> None:
        raise keyring.errors.PasswordSetError("collection is locked")

    monkeypatch.setattr(memory, "set_password", refuse)
    with pytest.raises(KeyringUnavailable, match="no secure password store"):
        secrets.remember_password(DB, "sokha", "pw")


def test_keyring_error_on_recall_gives_none(
    memory: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("locked")

    secrets.remember_password(DB, "sokha", "pw")
    monkeypatch.setattr(memory, "get_password", broken)
    assert secrets.recall_password(DB, "sokha") is None
