"""The window's presenters without Qt: fake views record what the presenter told them.

``ui.decisions`` (the Application menu) and ``ui.identity`` (the reason and search
forms) import no Qt, so the menu's logic and the reason rules are tested here as a
person would see them: which entries are enabled, what the hint says, when OK may be
pressed. The Qt widgets only pass these on (tests/ui covers them on screen).
"""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, date, datetime

import pytest

from compfund.actor import Actor
from compfund.desk import Desk
from compfund.eligibility.decisions import DecisionReport, RuleLine
from compfund.enums import ApplicationStatus, ApplicationType, EligibilityOutcome, RuleResult
from compfund.errors import InvalidInput
from compfund.permissions import Role
from compfund.queries.applications import ApplicationRow
from compfund.reasons import AWARD_REJECTION, IDENTIFYING_ACCESS
from ui.decisions import (
    APPROVE,
    CHECK,
    DETAILS,
    RECOMMEND,
    REJECT,
    ApplicationMenu,
    Recommendation,
    Step,
    decision_headline,
    rule_rows,
)
from ui.identity import ReasonForm, SearchForm

S = ApplicationStatus


class FakeMenu:
    def __init__(self) -> None:
        self.enabled: dict[Step, bool] = {}

    def enable(self, step: Step, enabled: bool) -> None:
        self.enabled[step] = enabled

    def on(self) -> set[Step]:
        return {step for step, on in self.enabled.items() if on}


class FakeForm:
    def __init__(self) -> None:
        self.hint = ""
        self.ready: bool | None = None

    def show_hint(self, text: str) -> None:
        self.hint = text

    def allow(self, ready: bool) -> None:
        self.ready = ready


def desk(role: Role) -> Desk:
    province = "KH-1" if role is Role.CASEWORKER else None
    return Desk(None, Actor(1, role.value, role, "Test officer", province))  # type: ignore[arg-type]


def row(status: S) -> ApplicationRow:
    return ApplicationRow(
        "APP-2026-000017",
        "SV-0000-0000",
        "KH-1",
        "Banteay Meanchey",
        "បន្ទាយមានជ័យ",
        ApplicationType.COMPENSATION_AWARD,
        status,
        datetime(2026, 11, 2, tzinfo=UTC),
        None,
    )


def test_the_qt_free_presenters_import_no_qt() -> None:
    code = "import sys, ui.decisions, ui.identity; print(any(m.startswith('PySide6') for m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


@pytest.mark.parametrize(
    ("role", "entries"),
    [
        (Role.FUND_OFFICER, [CHECK, RECOMMEND, DETAILS]),
        (Role.APPROVER, [APPROVE, REJECT, DETAILS]),
        (Role.FINANCE_OFFICER, [DETAILS]),
        (Role.CASEWORKER, []),
    ],
)
def test_each_officer_gets_the_entries_of_their_role(role: Role, entries: list[Step]) -> None:
    assert list(ApplicationMenu(desk(role), FakeMenu()).steps) == entries


@pytest.mark.parametrize(
    ("status", "open_for_fund_officer", "open_for_approver"),
    [
        (S.SUBMITTED, {CHECK}, set()),
        (S.UNDER_REVIEW, {CHECK}, set()),
        (S.ELIGIBLE, {RECOMMEND}, set()),
        (S.AWARD_RECOMMENDED, {DETAILS}, {APPROVE, REJECT, DETAILS}),
        (S.APPROVED, {DETAILS}, {DETAILS}),
        (S.CLOSED, {DETAILS}, {DETAILS}),
        (S.WITHDRAWN, set(), set()),
    ],
)
def test_the_menu_enables_what_the_core_has_open_for_the_row(
    status: S, open_for_fund_officer: set[Step], open_for_approver: set[Step]
) -> None:
    for role, expected in (
        (Role.FUND_OFFICER, open_for_fund_officer),
        (Role.APPROVER, open_for_approver),
    ):
        view = FakeMenu()
        menu = ApplicationMenu(desk(role), view)
        menu.refresh(row(status), ready=True)
        assert view.on() == expected, (role, status)
        assert set(view.enabled) == set(menu.steps)  # every entry is told, on or off


def test_nothing_is_enabled_while_locked_or_busy_or_with_no_row() -> None:
    view = FakeMenu()
    menu = ApplicationMenu(desk(Role.APPROVER), view)
    menu.refresh(row(S.AWARD_RECOMMENDED), ready=False)
    assert view.on() == set()
    menu.refresh(None, ready=True)
    assert view.on() == set()
    assert menu.row_for(APPROVE, row(S.ELIGIBLE)) is None
    assert menu.row_for(APPROVE, row(S.AWARD_RECOMMENDED)) is not None


def test_a_reason_form_waits_for_enough_words_not_padding() -> None:
    view = FakeForm()
    form = ReasonForm(IDENTIFYING_ACCESS, view)
    form.typed("   check      it   ")
    assert (view.ready, view.hint) == (False, "At least 10 characters: 2 more.")
    form.typed("check it out")
    assert view.ready is True and "audit trail" in view.hint


def test_a_reason_form_waits_for_its_other_fields_too() -> None:
    view = FakeForm()
    form = ReasonForm(AWARD_REJECTION, view)
    form.typed("medical costs not supported", "")
    assert view.ready is False
    form.typed("medical costs not supported", "SV-0000-0000")
    assert view.ready is True


def test_the_search_waits_for_two_characters_a_reason_and_the_last_search() -> None:
    view = FakeForm()
    search = SearchForm(view)
    search.typed("s", "checking an earlier registration")
    assert view.ready is False
    search.typed("so", "checking an earlier registration")
    assert view.ready is True
    search.typed("so", "checking an earlier registration", busy=True)
    assert view.ready is False
    search.typed("sokha", "why")
    assert (view.ready, view.hint) == (False, "At least 10 characters: 7 more.")


def test_the_eligibility_answer_reads_as_a_sentence_with_each_rule() -> None:
    report = DecisionReport(
        "APP-2026-000017",
        41,
        EligibilityOutcome.INFORMATION_NEEDED,
        S.INFORMATION_REQUESTED,
        3,
        "2026 policy",
        date(2026, 12, 3),
        (
            RuleLine(
                "identified", "Formally identified", RuleResult.PASSED, "identified", {}, None
            ),
            RuleLine("consent", "Consent recorded", RuleResult.MISSING, "no consent", {}, None),
            RuleLine("time_limit", "Within the time limit", RuleResult.PASSED, "late", {}, "ill"),
        ),
        date(2026, 12, 17),
    )
    headline = decision_headline(report)
    assert headline.startswith("APP-2026-000017 is information needed: now information requested.")
    assert "due 2026-12-17" in headline
    assert rule_rows(report)[2] == ("Within the time limit", "passed", "late [overridden: ill]")


def test_a_recommendation_is_read_exactly_or_refused_with_the_head_named() -> None:
    from compfund.enums import HeadOfLoss

    typed = Recommendation.read(
        "usd", {HeadOfLoss.LOST_WAGES: "1,200.50", HeadOfLoss.OTHER: " "}, 2, "", ""
    )
    assert str(typed.assessed[HeadOfLoss.LOST_WAGES]) == "1,200.50 USD"
    assert HeadOfLoss.OTHER not in typed.assessed
    with pytest.raises(InvalidInput, match=HeadOfLoss.LOST_WAGES.label):
        Recommendation.read("USD", {HeadOfLoss.LOST_WAGES: "12.5.0"}, 1, "", "")
