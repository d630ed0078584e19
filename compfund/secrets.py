"""Remembering an officer's database password in the OS keyring.

The password of an officer's PostgreSQL login role may be kept in the computer's
secure password store (Secret Service / GNOME Keyring or KWallet on Linux, the
macOS Keychain, the Windows Credential Manager), never anywhere else: when no secure
store is available compfund simply asks for the password each time.

Entries are filed under the service name ``compfund:<database URL without password>``
with the officer's login as the user name.
"""

from __future__ import annotations

import logging

import keyring
import keyring.backend
import keyring.errors
from keyring.backends import chainer, fail, null
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from compfund.errors import KeyringUnavailable

__all__ = [
    "NO_SECURE_STORE",
    "forget_password",
    "keyring_usable",
    "recall_password",
    "remember_password",
    "service_name",
]

log = logging.getLogger(__name__)

NO_SECURE_STORE = (
    "This computer has no secure password store (OS keyring); "
    "compfund will ask for your password each time."
)
_FORGET_FAILED = (
    "The saved password could not be removed from this computer's password store (OS keyring)."
)


def service_name(database: str) -> str:
    """Return the keyring service name for ``database``.

    ``database`` should already be the URL without its password; if it still carries
    one, the password is dropped so that it never shows in the (unencrypted) entry name.
    """
    try:
        url = make_url(database)
    except ArgumentError:
        return f"compfund:{database}"
    if url.password is not None:
        database = url._replace(password=None).render_as_string(hide_password=False)
    return f"compfund:{database}"


def _is_secure(backend: keyring.backend.KeyringBackend) -> bool:
    """Whether ``backend`` keeps passwords in a real secure store."""
    if isinstance(backend, fail.Keyring | null.Keyring):
        return False
    if isinstance(backend, chainer.ChainerBackend):
        # The chainer stores into its first backend: that one must be secure.
        chained = list(backend.backends)
        return bool(chained) and _is_secure(chained[0])
    kind = type(backend)
    if "plaintext" in kind.__name__.lower() or kind.__module__.startswith("keyrings.alt.file"):
        return False  # files on disk, readable or guarded by a terminal prompt
    try:
        priority = float(backend.priority)
    except Exception:  # a backend reports "not viable here" by raising
        return False
    return priority > 0


def keyring_usable() -> bool:
    """Return True if the active keyring backend is a real secure password store."""
    try:
        backend = keyring.get_keyring()
    except Exception:
        log.debug("no keyring backend could be loaded", exc_info=True)
        return False
    return _is_secure(backend)


def remember_password(database: str, login: str, password: str) -> None:
    """Store ``login``'s password for ``database`` in the OS keyring.

    Raises:
        KeyringUnavailable: there is no secure store, or it refused to store the password.
    """
    if not keyring_usable():
        raise KeyringUnavailable(NO_SECURE_STORE)
    try:
        keyring.set_password(service_name(database), login, password)
    except Exception as exc:
        log.warning("the keyring refused to store a password: %s", exc)
        raise KeyringUnavailable(NO_SECURE_STORE) from exc


def recall_password(database: str, login: str) -> str | None:
    """Return the stored password of ``login`` for ``database``, or None.

    None also when there is no usable keyring or it fails to answer: the caller then
    asks the officer for the password.
    """
    if not keyring_usable():
        return None
    try:
        password: str | None = keyring.get_password(service_name(database), login)
    except Exception as exc:
        log.warning("the keyring failed to return a password: %s", exc)
        return None
    return password


def forget_password(database: str, login: str) -> None:
    """Remove the stored password of ``login`` for ``database``, if there is one.

    Does nothing when nothing is stored or no usable keyring is present.

    Raises:
        KeyringUnavailable: a stored password exists but the keyring failed to remove it.
    """
    if not keyring_usable():
        return
    try:
        keyring.delete_password(service_name(database), login)
    except keyring.errors.PasswordDeleteError:
        return  # nothing was stored
    except Exception as exc:
        log.warning("the keyring failed to remove a password: %s", exc)
        raise KeyringUnavailable(_FORGET_FAILED) from exc
