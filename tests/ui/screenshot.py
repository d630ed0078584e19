"""Grab the main window on demo data to a PNG (the README's docs/screenshot.png).

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui.screenshot docs/screenshot.png

Builds a throwaway database with ``compfund demo``'s generator, spreads the
applications over recent months and statuses, logs in as a fund officer and saves the
window at 1100x650.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication

from compfund.actor import BOOTSTRAP
from compfund.db.engine import open_engine
from compfund.db.migrate import upgrade
from compfund.db.urls import parse_url
from compfund.demo.generate import DemoRequest, make_demo
from compfund.desk import Desk
from compfund.permissions import Role
from tests.ui.data import spread_out
from ui.app import application
from ui.main_window import MainWindow

SIZE = (1100, 650)


def grab(out: Path, *, survivors: int = 120) -> None:
    with tempfile.TemporaryDirectory(prefix="compfund-demo-") as folder:
        url = f"sqlite:///{folder}/compfund.sqlite"
        engine = open_engine(parse_url(url))
        upgrade(engine)
        result = make_demo(engine, DemoRequest(survivors=survivors))
        spread_out(engine, BOOTSTRAP)
        engine.dispose()
        officer = next(lg for lg in result.logins if lg.role is Role.FUND_OFFICER)
        app = application()
        desk = Desk.log_in(url, officer.login, officer.password)
        try:
            window = MainWindow(desk)
            window.resize(*SIZE)
            window.show()
            for _ in range(5):
                app.processEvents()
            out.parent.mkdir(parents=True, exist_ok=True)
            if not window.grab().save(str(out)):
                raise SystemExit(f"could not write {out}")
            window.close()
        finally:
            desk.close()
        QApplication.processEvents()


if __name__ == "__main__":
    grab(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshot.png"))
