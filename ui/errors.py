"""The one way the window shows an error to the officer.

A ``CompfundError`` carries a message the officer can act on and is shown as it is.
Anything else is a fault in compfund: the details go to the log, the officer gets a
plain message that does not leak internals (or survivor data) onto the screen.
"""

from __future__ import annotations

import logging
import sys
from types import TracebackType

from PySide6.QtWidgets import QMessageBox, QWidget

from compfund.errors import CompfundError

log = logging.getLogger(__name__)

TITLE = "compfund"
UNEXPECTED = (
    "Something went wrong inside compfund and the last action may not have finished. "
    "The details were written to the log; please tell your administrator."
)


def message_for(error: BaseException) -> str:
    """What the officer reads for ``error``; unexpected errors are logged here."""
    if isinstance(error, CompfundError):
        return error.message
    log.error("unexpected error", exc_info=(type(error), error, error.__traceback__))
    return UNEXPECTED


def show_error(parent: QWidget | None, error: BaseException) -> None:
    QMessageBox.warning(parent, TITLE, message_for(error))


def install_excepthook() -> None:
    """Show errors that escape a slot instead of letting them vanish into stderr."""

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, tb)
            return
        error.__traceback__ = tb
        show_error(None, error)

    sys.excepthook = hook
