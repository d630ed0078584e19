"""An in-memory keyring backend for tests: nothing leaves the process.

Force it with ``keyring.set_keyring(MemoryKeyring())``. Each instance starts empty.
Defining it also registers it with ``keyring`` (every backend subclass is), with a
low priority of 1, so it never outranks a real store in auto-detection.
"""

from __future__ import annotations

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError


class MemoryKeyring(KeyringBackend):
    """Keeps passwords in a dict keyed by (service, username)."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        try:
            del self.entries[(service, username)]
        except KeyError:
            raise PasswordDeleteError("No such password") from None
