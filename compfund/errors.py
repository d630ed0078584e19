"""One error base class for the whole fund system.

Every error a fund officer can meet is a ``CompfundError`` subclass with a message
they can act on, a stable ``code`` for ``--json`` output and the command line's exit
code. Entry points (the command line, the window) translate these; services raise them.
"""

from __future__ import annotations


class CompfundError(Exception):
    """Base of every error the fund system raises on purpose."""

    code = "error"
    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class RuleViolation(CompfundError):
    """A business rule refuses the action (exit 1)."""

    code = "refused"
    exit_code = 1


class PermissionDenied(CompfundError):
    """The acting officer's role or province does not allow the action (exit 1)."""

    code = "permission_denied"
    exit_code = 1


class NotFound(CompfundError):
    """A survivor, application, user or other record does not exist (exit 1)."""

    code = "not_found"
    exit_code = 1


class ConcurrentEdit(CompfundError):
    """Someone else saved the same record first; reload and try again (exit 1)."""

    code = "concurrent_edit"
    exit_code = 1


class InvalidInput(CompfundError):
    """A value typed or passed is malformed or unknown (exit 2, like a usage error)."""

    code = "invalid_input"
    exit_code = 2


class AuthenticationFailed(CompfundError):
    """Wrong login or password, a disabled account, or no way to ask for a password (exit 3)."""

    code = "authentication_failed"
    exit_code = 3


class KeyringUnavailable(CompfundError):
    """This computer has no usable secure password store (the OS keyring)."""

    code = "keyring_unavailable"
    exit_code = 3


class DatabaseUnreachable(CompfundError):
    """The database server cannot be reached or the file cannot be opened (exit 4)."""

    code = "database_unreachable"
    exit_code = 4


class IntegrityFailure(CompfundError):
    """Stored data fails a check that should always hold (exit 5)."""

    code = "integrity_failure"
    exit_code = 5
