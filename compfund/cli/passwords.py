"""Where the command line gets passwords: never from a file or an argument."""

from __future__ import annotations

import getpass
import os
import sys

from compfund.errors import AuthenticationFailed, InvalidInput

ENV_PASSWORD = "COMPFUND_PASSWORD"


def _has_terminal() -> bool:
    if sys.stdin.isatty():
        return True
    try:
        with open("/dev/tty"):
            return True
    except OSError:
        return False


def acting_password(login: str) -> str:
    """The logged-in officer's password: $COMPFUND_PASSWORD, else a prompt, else refuse."""
    password = os.environ.get(ENV_PASSWORD)
    if password:
        return password
    if not _has_terminal():
        raise AuthenticationFailed(
            f"No password for {login}: set {ENV_PASSWORD} or run compfund in a terminal."
        )
    return getpass.getpass(f"Password for {login}: ")


def new_password(login: str) -> str:
    """A new officer's password: one line of standard input, or typed twice at a prompt."""
    if not sys.stdin.isatty():
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise InvalidInput(f"No password for {login} on standard input.")
        return line
    first = getpass.getpass(f"New password for {login}: ")
    if getpass.getpass("Type it again: ") != first:
        raise InvalidInput("The two passwords differ; nothing was changed.")
    return first
