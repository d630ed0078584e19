"""When the shared database itself refuses a step, the window says the rule in the fund's
words, as the command line does (``compfund.db.refusals``), never "something went wrong"."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import text

from compfund.awards.award import recommend_award
from compfund.awards.award_decision import approve_award
from compfund.enums import AwardStatus, HeadOfLoss
from compfund.four_eyes import Pair
from compfund.money import Money
from tests.conftest import TestDatabase
from tests.integration.money_data import USD, office
from tests.ui.windows import open_window, png_folder, select_application, wait_for
from ui.decision_dialogs import AwardDialog
from ui.decisions import APPROVE
from ui.errors import UNEXPECTED

pytestmark = pytest.mark.parametrize("database", ["postgresql"], indirect=True)

RULE = (
    "The database refused the change: only an approver who neither recommended nor "
    "already approved an award may approve or reject it, in their own name."
)


def test_a_trigger_refusal_shows_the_rule_in_the_window(
    qtbot: Any, database: TestDatabase, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fund = office(database)
    _, app = fund.eligible()
    fund.fund_officer.do(recommend_award, app, USD, {HeadOfLoss.LOST_WAGES: Money.of("2500", USD)})
    assert fund.approver.do(approve_award, app).status is AwardStatus.AWAITING_SECOND_APPROVAL
    # A service that forgot the pair (what the trigger is there for): only the database stops it.
    monkeypatch.setattr(Pair, "check", lambda self, actor, first_taken_by: None)

    window = open_window(qtbot, fund.approver)
    select_application(window, app)
    assert window.cases is not None
    window.cases.by_step[APPROVE].trigger()
    confirm = wait_for(qtbot, AwardDialog)
    assert confirm.ok_button is not None
    qtbot.mouseClick(confirm.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.work.busy, timeout=30000)
    box = wait_for(qtbot, QMessageBox)
    assert box.grab().save(str(png_folder(tmp_path) / "database-refusal.png"))
    assert box.text() == RULE
    assert box.text() != UNEXPECTED
    box.done(0)
    with database.engine.connect() as conn:
        status = conn.execute(text("SELECT status FROM awards")).scalar_one()
    assert status == "awaiting_second_approval"
