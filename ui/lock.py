"""Locking the window, without Qt: when it locks, who may unlock it, which answers count.

After ``IDLE_LOCK_MINUTES`` without keyboard or mouse input (or on File > Lock now) the
window hides everything it shows and asks the same officer for their password. The
core checks it (``Desk.unlock``): a wrong password is counted towards the lockout and
audited like a failed login, and the core's own message says when the account is locked.

Work asked for before a lock (a survivor's identity still being fetched, say) must not
appear after it: each lock, and the end of the session, moves the ``ticket`` on, and
an answer that comes back with an older ticket is dropped.
"""

from __future__ import annotations

from compfund.desk import Desk

IDLE_LOCK_MINUTES = 10.0
"""Minutes without input before the window locks itself. Tests set it (or pass their own)."""

LOCKED_TITLE = "compfund is locked"


class LockPresenter:
    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.locked = False
        self.ended = False
        self._ticket = 0

    @property
    def prompt(self) -> str:
        actor = self.desk.actor
        return (
            f"The window was locked to keep survivors' information private. "
            f"{actor.name_and_login}: type your password to go on, or log out."
        )

    def ticket(self) -> int:
        """Give this to work that reports back later; check it with ``current``."""
        return self._ticket

    def current(self, ticket: int) -> bool:
        """True while nothing has been locked or ended since ``ticket`` was taken."""
        return ticket == self._ticket and not self.ended

    def lock(self) -> bool:
        """Lock; False if the window was already locked (or the session is over)."""
        if self.locked or self.ended:
            return False
        self.locked = True
        self._ticket += 1
        return True

    def check_password(self, password: str) -> None:
        """Raise the core's AuthenticationFailed unless ``password`` is the officer's.

        Runs off the UI thread (an Argon2 check, or a round trip to the server)."""
        self.desk.unlock(password)

    def unlock(self) -> None:
        """The password was right: show the window's content again."""
        self.locked = False

    def end(self) -> None:
        """The officer logged out or closed the window: drop every answer still due."""
        self.ended = True
        self._ticket += 1
