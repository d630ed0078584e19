"""The Application menu: a fund officer checks eligibility and recommends an award, an
approver who did not recommend it approves or rejects it, each step offered by the
permission table and only while the application's status allows it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from compfund.applications.claims import LossClaim
from compfund.awards.award import recommend_award
from compfund.awards.award_decision import reject_award
from compfund.db.uow import RELOAD
from compfund.eligibility.rules import RULES
from compfund.enums import HeadOfLoss
from compfund.money import Money
from tests.conftest import TestDatabase
from tests.integration.money_data import KHR, USD, Office, office
from tests.ui.windows import (
    grab_with_menu,
    menu_texts,
    open_window,
    png_folder,
    select_application,
    shown,
    status_shown,
    wait_for,
)
from ui.decision_dialogs import AwardCalculation, AwardDialog, DecisionDialog, RecommendDialog
from ui.decisions import APPROVE, CHECK, DETAILS, RECOMMEND, REJECT, Step
from ui.identity_dialogs import ReasonDialog
from ui.main_window import MainWindow
from ui.tables import cell_texts

pytestmark = pytest.mark.parametrize("database", ["sqlite"], indirect=True)

FUND_OFFICER_STEPS = ["Check eligibility", "Recommend award…", "Award details"]
APPROVER_STEPS = ["Approve award", "Reject award…", "Award details"]


def enabled(window: MainWindow) -> set[Step]:
    assert window.cases is not None
    return {step for step, action in window.cases.by_step.items() if action.isEnabled()}


def trigger(window: MainWindow, step: Step) -> None:
    assert window.cases is not None
    window.cases.by_step[step].trigger()


def award_shown(qtbot: Any, window: MainWindow) -> AwardDialog:
    """Once the work is done: the award dialog it opened (read-only: Close alone)."""
    qtbot.waitUntil(lambda: not window.work.busy, timeout=30000)
    qtbot.waitUntil(lambda: any(d.ok_button is None for d in shown(AwardDialog)))
    return next(d for d in shown(AwardDialog) if d.ok_button is None)


def recommended(fund: Office, amount: str = "1200.50") -> str:
    """An eligible application whose award the fund officer recommended (not under test)."""
    _, app = fund.eligible()
    fund.fund_officer.do(recommend_award, app, USD, {HeadOfLoss.LOST_WAGES: Money.of(amount, USD)})
    return app


def test_a_fund_officer_recommends_an_award_and_another_officer_approves_it(
    qtbot: Any, database: TestDatabase, tmp_path: Path, khmer_font: None
) -> None:
    fund = office(database)
    _, app = fund.eligible()
    window = open_window(qtbot, fund.fund_officer)
    assert menu_texts(window, "Application") == FUND_OFFICER_STEPS
    assert enabled(window) == set()  # nothing selected
    select_application(window, app)
    assert enabled(window) == {RECOMMEND}
    grab_with_menu(window, "Application", png_folder(tmp_path) / "application-menu.png")

    trigger(window, RECOMMEND)
    dialog = wait_for(qtbot, RecommendDialog)
    assert dialog.currency.currentText() == "USD"
    # Every head the application claims (USD 10,000 each), prefilled with the claim.
    assert list(dialog.heads) == list(HeadOfLoss)
    assert [field.text() for field in dialog.heads.values()] == ["10000.00"] * len(HeadOfLoss)
    for field in dialog.heads.values():
        field.clear()  # the officer assesses lost wages only
    qtbot.keyClicks(dialog.heads[HeadOfLoss.LOST_WAGES], "1200.50")
    qtbot.keyClicks(dialog.note, "wages of 8 months at sea, per the employer's ledger")
    assert dialog.grab().save(str(png_folder(tmp_path) / "recommend-dialog.png"))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    shown_award = award_shown(qtbot, window)
    calculation = shown_award.calculation
    assert "recommended, 1,200.50 USD" in calculation.headline.text()
    assert cell_texts(calculation.heads) == [
        ("lost wages", "10,000.00 USD", "1,200.50 USD", "3,000.00 USD", "1,200.50 USD")
    ]
    assert shown_award.grab().save(str(png_folder(tmp_path) / "award-recommended.png"))
    shown_award.reject()
    assert status_shown(window, app) == "award recommended"
    assert enabled(window) == {DETAILS}  # the recommender is offered no approval at all
    assert window.grab().save(str(png_folder(tmp_path) / "window-award-recommended.png"))
    window.close()

    approver = open_window(qtbot, fund.approver)
    assert menu_texts(approver, "Application") == APPROVER_STEPS
    select_application(approver, app)
    assert enabled(approver) == {APPROVE, REJECT, DETAILS}
    trigger(approver, APPROVE)
    confirm = wait_for(qtbot, AwardDialog)
    assert confirm.ok_button is not None and confirm.ok_button.text() == "Approve award"
    assert "1,200.50 USD" in confirm.calculation.headline.text()
    qtbot.mouseClick(confirm.ok_button, Qt.MouseButton.LeftButton)

    approved = award_shown(qtbot, approver)
    assert "approved, 1,200.50 USD" in approved.calculation.headline.text()
    approved.reject()
    assert status_shown(approver, app) == "approved"
    assert enabled(approver) == {DETAILS}


def test_a_rejection_cannot_be_confirmed_without_a_reason(
    qtbot: Any, database: TestDatabase, tmp_path: Path
) -> None:
    fund = office(database)
    app = recommended(fund)
    window = open_window(qtbot, fund.approver)
    select_application(window, app)
    trigger(window, REJECT)
    dialog = wait_for(qtbot, ReasonDialog)
    calculation = dialog.findChild(AwardCalculation)
    assert calculation is not None and "1,200.50 USD" in calculation.headline.text()
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.reason, "too  high")
    assert not dialog.ok_button.isEnabled()
    dialog.accept()
    assert dialog.isVisible()  # not confirmed
    assert status_shown(window, app) == "award recommended"

    qtbot.keyClicks(dialog.reason, " for 8 months")
    assert dialog.grab().save(str(png_folder(tmp_path) / "reject-dialog.png"))
    assert dialog.ok_button.text() == "Reject award"
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    rejected = award_shown(qtbot, window)
    assert "rejected" in rejected.calculation.headline.text()
    assert status_shown(window, app) == "rejected"


def test_an_award_changed_on_another_desk_is_not_approved_as_it_was_shown(
    qtbot: Any, database: TestDatabase
) -> None:
    fund = office(database)
    app = recommended(fund)
    window = open_window(qtbot, fund.approver)
    select_application(window, app)
    trigger(window, APPROVE)
    confirm = wait_for(qtbot, AwardDialog)
    fund.approver2.do(reject_award, app, "rejected on the other desk meanwhile")
    assert confirm.ok_button is not None
    qtbot.mouseClick(confirm.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.work.busy, timeout=30000)
    box = wait_for(qtbot, QMessageBox)
    assert box.text() == RELOAD
    box.done(0)
    assert not [d for d in shown(AwardDialog)]


def test_check_eligibility_shows_each_rule_and_the_new_status(
    qtbot: Any, database: TestDatabase, tmp_path: Path
) -> None:
    fund = office(database)
    _, app = fund.submitted()
    window = open_window(qtbot, fund.fund_officer)
    select_application(window, app)
    assert status_shown(window, app) == "submitted"
    assert enabled(window) == {CHECK}
    trigger(window, CHECK)
    qtbot.waitUntil(lambda: not window.work.busy, timeout=30000)
    dialog = wait_for(qtbot, DecisionDialog)
    assert dialog.headline.text().startswith(f"{app} is eligible: now eligible. Decision ")
    rules = cell_texts(dialog.rules)
    assert [title for title, _, _ in rules] == [rule.title for rule in RULES]
    assert {result for _, result, _ in rules} == {"passed"}
    assert all(reason for _, _, reason in rules)
    assert dialog.grab().save(str(png_folder(tmp_path) / "eligibility-decision.png"))
    dialog.reject()
    assert status_shown(window, app) == "eligible"
    assert enabled(window) == {RECOMMEND}


def test_steps_wait_while_the_window_is_locked(qtbot: Any, database: TestDatabase) -> None:
    fund = office(database)
    _, app = fund.eligible()
    window = open_window(qtbot, fund.fund_officer)
    select_application(window, app)
    assert enabled(window) == {RECOMMEND}
    window.lock()
    assert enabled(window) == set()


def test_a_caseworker_is_offered_no_step_and_a_finance_officer_only_to_read(
    qtbot: Any, database: TestDatabase
) -> None:
    fund = office(database)
    app = recommended(fund)
    caseworker = open_window(qtbot, fund.caseworker)
    assert caseworker.cases is None
    assert menu_texts(caseworker, "Application") == []
    caseworker.close()
    finance = open_window(qtbot, fund.finance)
    assert menu_texts(finance, "Application") == ["Award details"]
    select_application(finance, app)
    trigger(finance, DETAILS)
    details = award_shown(qtbot, finance)
    assert "recommended, 1,200.50 USD" in details.calculation.headline.text()


def test_the_recommend_dialog_offers_the_heads_claimed_in_their_currency(
    qtbot: Any, database: TestDatabase
) -> None:
    fund = office(database)
    claims = (LossClaim(HeadOfLoss.MEDICAL_COSTS, Money.of("1250000", KHR)),)
    _, app = fund.eligible(claims=claims)
    window = open_window(qtbot, fund.fund_officer)
    select_application(window, app)
    trigger(window, RECOMMEND)
    dialog = wait_for(qtbot, RecommendDialog)
    assert dialog.currency.currentText() == "KHR"
    assert list(dialog.heads) == [HeadOfLoss.MEDICAL_COSTS]
    assert dialog.heads[HeadOfLoss.MEDICAL_COSTS].text() == "1250000.00"
    dialog.reject()
    window.close()


def _approve_in_window(qtbot: Any, window: MainWindow, app: str) -> AwardDialog:
    select_application(window, app)
    trigger(window, APPROVE)
    confirm = wait_for(qtbot, AwardDialog)
    assert confirm.ok_button is not None
    qtbot.mouseClick(confirm.ok_button, Qt.MouseButton.LeftButton)
    return award_shown(qtbot, window)


def test_above_the_threshold_a_second_approver_approves_in_the_window(
    qtbot: Any, database: TestDatabase
) -> None:
    fund = office(database)
    app = recommended(fund, "2500")  # above the default policy's USD 2,000 threshold
    first = open_window(qtbot, fund.approver)
    once = _approve_in_window(qtbot, first, app)
    assert "awaiting second approval" in once.calculation.headline.text()
    once.reject()
    assert status_shown(first, app) == "award recommended"
    first.close()

    second = open_window(qtbot, fund.approver2)
    twice = _approve_in_window(qtbot, second, app)
    assert "approved, 2,500.00 USD" in twice.calculation.headline.text()
    twice.reject()
    assert status_shown(second, app) == "approved"
