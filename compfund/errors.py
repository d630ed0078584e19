"""One error base class for the whole fund system.

Every error a fund officer can meet is a ``CompfundError`` subclass with a message
they can act on, a stable ``code`` (its kind, for ``--json`` output and the command
line's exit code), and where it says more than its kind, a stable ``key`` with the
``params`` its message was made from, so a message can be put in another language
without parsing English. Services raise them; ``compfund.desk.Desk`` turns the
database's own refusals into them (``compfund.db.refusals``), so the window and the
command line show the same words.
"""

from __future__ import annotations

from collections.abc import Mapping

Param = str | int


class CompfundError(Exception):
    """Base of every error the fund system raises on purpose."""

    code = "error"
    exit_code = 1

    def __init__(
        self, message: str, *, key: str | None = None, params: Mapping[str, Param] | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.key = key or self.code
        self.params: dict[str, Param] = dict(params or {})


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


class ReadOnlyRefusal(CompfundError):
    """Work run as a read tried to write: an identifying access, say, that must be recorded
    (exit 1). Nothing was shown and nothing was changed."""

    code = "read_only"
    exit_code = 1


class IntegrityFailure(CompfundError):
    """Stored data fails a check that should always hold (exit 5)."""

    code = "integrity_failure"
    exit_code = 5
