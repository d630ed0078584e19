"""compfund.secrets through a real Secret Service (the gnome-keyring that scripts/test starts).

Skipped where no Secret Service answers on the session bus (a developer's machine
without gnome-keyring); under CI=true that is a failure instead, since scripts/test
is meant to provide one.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import keyring
import keyring.errors
import pytest
from keyring.backends import SecretService

from compfund import secrets

pytestmark = pytest.mark.secret_service


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


@pytest.fixture
def secret_service() -> Iterator[SecretService.Keyring]:
    """Make the real Secret Service backend the active keyring for one test."""
    backend = SecretService.Keyring()
    try:
        backend.priority  # noqa: B018 - raises RuntimeError when no Secret Service answers
    except Exception as exc:
        reason = f"no Secret Service reachable on the D-Bus session bus ({exc})"
        if _in_ci():
            pytest.fail(f"{reason}; scripts/test should have started gnome-keyring")
        pytest.skip(reason)
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def test_round_trip_through_secret_service(secret_service: SecretService.Keyring) -> None:
    database = f"postgresql+psycopg://127.0.0.1:5432/compfund_test_{uuid.uuid4().hex[:8]}"
    login = "sokha"
    password = "ពាក្យសម្ងាត់-" + uuid.uuid4().hex
    try:
        assert secrets.keyring_usable()
        assert secrets.recall_password(database, login) is None

        secrets.remember_password(database, login, password)
        assert secrets.recall_password(database, login) == password
        # filed where the module says, straight from the backend
        assert secret_service.get_password(f"compfund:{database}", login) == password

        secrets.remember_password(database, login, password + "-changed")
        assert secrets.recall_password(database, login) == password + "-changed"

        secrets.forget_password(database, login)
        assert secrets.recall_password(database, login) is None
        secrets.forget_password(database, login)  # absent: no error
    finally:
        try:
            secret_service.delete_password(f"compfund:{database}", login)
        except keyring.errors.PasswordDeleteError:
            pass
