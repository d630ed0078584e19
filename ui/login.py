"""Logging in, without Qt: what the login dialog shows and what happens on OK.

The dialog (``ui.login_dialog``) only builds widgets and forwards values here, so the
rules below are tested without a window. Passwords are remembered only in the OS
keyring and only for the shared PostgreSQL database; when this computer has no secure
store, the officer is asked each time and the password is kept nowhere else.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from dataclasses import dataclass

from compfund import config, secrets
from compfund.desk import Desk, database_label, is_shared, keyring_key
from compfund.errors import KeyringUnavailable

log = logging.getLogger(__name__)

REMEMBER = "Remember my password on this computer"


@dataclass(frozen=True, slots=True)
class LoggedIn:
    desk: Desk
    keyring_problem: KeyringUnavailable | None = None
    """The log-in worked but the password could not be remembered or forgotten."""


def _login_key(login: str) -> str:
    return login.strip().lower()  # as compfund.auth compares logins


class LoginPresenter:
    """The state of one login dialog for ``database`` (a URL, or None for the default)."""

    def __init__(
        self,
        database: str | None,
        *,
        log_in: Callable[[str | None, str, str], Desk] = Desk.log_in,
    ) -> None:
        self.database = database
        self.database_label = database_label(database)
        self.shared = is_shared(database)
        self.keyring_usable = self.shared and secrets.keyring_usable()
        self._key = keyring_key(database)
        self._log_in = log_in
        self.login = config.load().last_login or ""
        self.password = self.recalled_password(self.login)
        self.remember = bool(self.password)

    @property
    def remember_visible(self) -> bool:
        return self.shared

    @property
    def remember_enabled(self) -> bool:
        return self.keyring_usable

    @property
    def remember_note(self) -> str:
        """Why the remember box cannot be ticked, or '' when it can."""
        return secrets.NO_SECURE_STORE if self.shared and not self.keyring_usable else ""

    def recalled_password(self, login: str) -> str:
        """The password kept in the keyring for ``login`` here, or ''."""
        if not self.keyring_usable or not login.strip():
            return ""
        return secrets.recall_password(self._key, _login_key(login)) or ""

    def attempt(self, login: str, password: str, remember: bool) -> LoggedIn:
        """Log in; on success keep the login for next time and remember or forget the
        password as asked. Raises the CompfundError of a failed log-in.

        Runs off the UI thread: it touches the database, the keyring and the settings
        file, never a widget.
        """
        desk = self._log_in(self.database, login, password)
        self._keep_last_login(desk.actor.login)
        problem = None
        if self.keyring_usable:
            try:
                if remember:
                    secrets.remember_password(self._key, desk.actor.login, password)
                else:
                    secrets.forget_password(self._key, desk.actor.login)
            except KeyringUnavailable as exc:
                problem = exc
        return LoggedIn(desk, problem)

    def _keep_last_login(self, login: str) -> None:
        try:
            config.save(dataclasses.replace(config.load(), last_login=login))
        except OSError as exc:
            log.warning("could not save the last login in the settings file: %s", exc)
