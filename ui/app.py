"""Starting the window: ``run(database)`` is what ``compfund gui`` and ``compfund-gui`` call.

Log in, work in the main window, and after File > Log out log in again; cancelling the
login dialog or closing the window ends the program.
"""

from __future__ import annotations

import logging
import os
import sys

from platformdirs import user_log_dir
from PySide6.QtWidgets import QApplication

from compfund.desk import chosen_database
from compfund.errors import CompfundError
from ui.collector import collect_on_this_thread
from ui.errors import install_excepthook, show_error
from ui.fonts import use_khmer_font
from ui.login_dialog import LoginDialog
from ui.main_window import MainWindow

log = logging.getLogger(__name__)


def _log_to_file() -> None:
    if logging.getLogger().handlers:
        return  # logging is already set up (by a caller, or by pytest)
    try:
        folder = user_log_dir("compfund", appauthor=False)
        os.makedirs(folder, exist_ok=True)
        handler: logging.Handler = logging.FileHandler(
            os.path.join(folder, "compfund-gui.log"), encoding="utf-8"
        )
    except OSError:
        handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.INFO, handlers=[handler])


def application() -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    app.setApplicationName("compfund")
    app.setApplicationDisplayName("compfund")
    use_khmer_font(app)
    collect_on_this_thread(app)  # never in a worker thread (see ui/collector.py)
    return app


def run(database: str | None) -> int:
    """Show the login dialog, then the main window; returns the exit code."""
    _log_to_file()
    app = application()
    install_excepthook()
    try:
        # as given, else $COMPFUND_DATABASE_URL, else the settings, else the officer's file
        database = chosen_database(database)
    except CompfundError as error:  # a malformed database URL
        show_error(None, error)
        return error.exit_code
    while True:
        try:
            desk = LoginDialog.ask(database)
        except CompfundError as error:
            show_error(None, error)
            return error.exit_code
        if desk is None:
            return 0
        window = MainWindow(desk)
        window.show()
        try:
            code = app.exec()
        finally:
            desk.close()
        if not window.wants_log_out:
            return code
        window.deleteLater()
