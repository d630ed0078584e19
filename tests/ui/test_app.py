"""Starting the window: which database, and the log-in / log-out loop."""

from __future__ import annotations

import sys
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from compfund import config
from compfund.desk import Desk
from tests.ui.data import SampleDatabase
from ui import app as app_module
from ui.main_window import MainWindow


def test_the_database_given_wins_then_the_environment_then_the_settings(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    chosen = app_module.chosen_database  # the core's choice, as the command line makes it
    assert chosen(None).startswith("sqlite") and chosen(None).endswith("/compfund/compfund.sqlite")
    config.save(config.Settings(database_url="postgresql://fund-db/compfund"))
    assert chosen(None) == "postgresql+psycopg://fund-db/compfund"
    monkeypatch.setenv("COMPFUND_DATABASE_URL", "postgresql://sokha:s3cret@fund-db/other")
    assert chosen(None) == "postgresql+psycopg://sokha@fund-db/other"  # never a password
    assert chosen("sqlite:////tmp/given.sqlite").split(":///") == [
        "sqlite+pysqlite",
        "/tmp/given.sqlite",
    ]


class SpyDesk(Desk):
    def __init__(self, engine: Any, actor: Any) -> None:
        super().__init__(engine, actor)
        self.closed = False

    def close(self) -> None:  # the shared test engine stays open
        self.closed = True


def test_log_out_asks_again_and_closing_the_window_ends(
    qtbot: Any,
    monkeypatch: pytest.MonkeyPatch,
    admin_desk: Desk,
    applications_db: SampleDatabase,
) -> None:
    desks = [SpyDesk(admin_desk.engine, admin_desk.actor) for _ in range(2)]
    asked: list[str | None] = []
    opened: list[MainWindow] = []

    def ask(database: str | None) -> Desk | None:
        asked.append(database)
        return desks[len(asked) - 1]

    class ScriptedWindow(MainWindow):
        """Logs out the first time, is closed the second time."""

        def __init__(self, desk: Desk) -> None:
            super().__init__(desk)
            opened.append(self)
            QTimer.singleShot(0, self._log_out if len(opened) == 1 else self.close)

    monkeypatch.setattr(app_module.LoginDialog, "ask", staticmethod(ask))
    monkeypatch.setattr(app_module, "MainWindow", ScriptedWindow)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run() installs its own
    QTimer.singleShot(10_000, QApplication.quit)  # never hang the suite

    assert app_module.run(applications_db.url) == 0
    assert asked == [app_module.chosen_database(applications_db.url)] * 2
    assert [d.closed for d in desks] == [True, True]
    assert QApplication.applicationName() == "compfund"


def test_cancelling_the_login_ends_quietly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(app_module.LoginDialog, "ask", staticmethod(lambda database: None))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    assert app_module.run("sqlite:////tmp/unused.sqlite") == 0


def test_a_malformed_database_url_is_explained(monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(app_module, "show_error", lambda parent, error: shown.append(error.message))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    assert app_module.run("mysql://fund-db/compfund") == 2
    assert "SQLite or PostgreSQL" in shown[0]
