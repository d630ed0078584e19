"""The Application menu without Qt: which steps an officer is offered, when each is
open, what the forms mean, and the work each step does at the desk.

The steps are the command line's ``compfund eligibility check`` and ``compfund award
recommend|approve|reject|show``, through the same services. Each is offered only to
roles the permission table lets take it, and is open only in the statuses the core
says (``compfund.application_steps``: both from the permission and workflow tables,
nothing copied here); the service still decides (four eyes, a concurrent change, the
policy). The work functions run off the UI thread: each takes the step and then reads
the application's row again, so the list shows its new status.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

from compfund import application_steps
from compfund.application_steps import ApplicationStep
from compfund.awards.award import recommend_award
from compfund.awards.award_decision import approve_award, reject_award
from compfund.awards.award_view import AwardView, show_award
from compfund.clock import parse_date
from compfund.desk import Desk
from compfund.eligibility.decisions import DecisionReport, check_eligibility
from compfund.enums import ApplicationStatus, HeadOfLoss
from compfund.errors import InvalidInput
from compfund.money import Currency, Money
from compfund.queries.applications import ApplicationRow, application_row
from compfund.queries.awards import MAX_INSTALMENTS
from compfund.reasons import AWARD_REJECTION
from compfund.workflow import words
from ui.identity import Asking

S = ApplicationStatus


@dataclass(frozen=True, slots=True)
class Step:
    """One entry of the Application menu: the core's step, in the menu's words."""

    text: str
    tip: str
    step: ApplicationStep


CHECK = Step(
    "&Check eligibility",
    "Run the eligibility rules on the selected application and store the decision",
    ApplicationStep.CHECK_ELIGIBILITY,
)
RECOMMEND = Step(
    "&Recommend award…",
    "Assess the selected eligible application and recommend its award",
    ApplicationStep.RECOMMEND_AWARD,
)
APPROVE = Step(
    "&Approve award",
    "Approve the award recommended for the selected application",
    ApplicationStep.APPROVE_AWARD,
)
REJECT = Step(
    "Re&ject award…",
    "Reject the award recommended for the selected application, with a reason",
    ApplicationStep.REJECT_AWARD,
)
DETAILS = Step(
    "Award &details",
    "The calculation of the selected application's award",
    ApplicationStep.AWARD_DETAILS,
)
MENU = {s.step: s for s in (CHECK, RECOMMEND, APPROVE, REJECT, DETAILS)}


def steps_for(desk: Desk) -> tuple[Step, ...]:
    """The steps the core lets this officer take, in the menu's order."""
    return tuple(MENU[step] for step in application_steps.steps_for(desk.actor))


def is_open(desk: Desk, step: Step, row: ApplicationRow | None) -> bool:
    """Whether the core has ``step`` open for this officer on the selected row."""
    status = row.status if row is not None else None
    return step.step in application_steps.open_steps(desk.actor, status)


class MenuView(Protocol):
    """The Application menu as its presenter drives it."""

    def enable(self, step: Step, enabled: bool) -> None: ...


class ApplicationMenu:
    """The presenter of the Application menu: which entries there are for this officer,
    and which are enabled for the selected row (never while locked or busy)."""

    def __init__(self, desk: Desk, view: MenuView) -> None:
        self.desk = desk
        self.view = view
        self.steps = steps_for(desk)

    def refresh(self, row: ApplicationRow | None, *, ready: bool) -> None:
        for step in self.steps:
            self.view.enable(step, ready and is_open(self.desk, step, row))

    def row_for(self, step: Step, row: ApplicationRow | None) -> ApplicationRow | None:
        """The selected row, if ``step`` is open on it (else the step does nothing)."""
        return row if is_open(self.desk, step, row) else None


# -- eligibility ---------------------------------------------------------------------------


def decision_headline(report: DecisionReport) -> str:
    due = (
        f" Information is requested from the caseworker, due {report.information_due_on}."
        if report.information_due_on
        else ""
    )
    outcome = report.outcome.value.replace("_", " ")
    return (
        f"{report.application} is {outcome}: now "
        f"{words(report.status)}. Decision {report.decision_id} under policy "
        f"{report.policy_version_id} '{report.policy_name}', {report.decided_on}.{due}"
    )


RULE_COLUMNS = ("Rule", "Result", "Reason")


def rule_rows(report: DecisionReport) -> list[tuple[str, str, str]]:
    """Each rule as the stored decision has it; an overridden rule says why."""
    return [
        (
            line.title,
            line.result.value,
            line.reason
            + (f" [overridden: {line.override_reason}]" if line.override_reason else ""),
        )
        for line in report.rules
    ]


# -- recommending ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Recommendation:
    """What a fund officer typed, read exactly (Money.of, never a float)."""

    currency: Currency
    assessed: dict[HeadOfLoss, Money]
    instalments: int
    first_due_on: date | None
    note: str | None

    @classmethod
    def read(
        cls,
        currency: str,
        assessed: dict[HeadOfLoss, str],
        instalments: int,
        first_due_on: str,
        note: str,
    ) -> Recommendation:
        """Raises the core's InvalidInput for an amount or a date it cannot read. Heads
        left blank are not assessed."""
        money = Currency.parse(currency)
        amounts = {}
        for head, typed in assessed.items():
            if typed.strip():
                try:
                    amounts[head] = Money.of(typed.strip(), money)
                except InvalidInput as error:
                    raise InvalidInput(f"{head.label}: {error.message}") from None
        due = first_due_on.strip()
        return cls(
            money,
            amounts,
            instalments,
            parse_date(due, "first due date") if due else None,
            note.strip() or None,
        )


INSTALMENTS = (1, MAX_INSTALMENTS)


# -- the work, off the UI thread ----------------------------------------------------------


def check(desk: Desk, code: str) -> tuple[DecisionReport, ApplicationRow]:
    report = desk.do(check_eligibility, code)
    return report, desk.read(application_row, code)


def recommend(desk: Desk, code: str, asked: Recommendation) -> tuple[AwardView, ApplicationRow]:
    view = desk.do(
        recommend_award,
        code,
        asked.currency,
        asked.assessed,
        instalments=asked.instalments,
        first_due_on=asked.first_due_on,
        note=asked.note,
    )
    return view, desk.read(application_row, code)


def award_of(desk: Desk, code: str) -> AwardView:
    return desk.read(show_award, code)


def approve(desk: Desk, seen: AwardView) -> tuple[AwardView, ApplicationRow]:
    """Approve the award as it was shown: refused (ConcurrentEdit) if it changed since."""
    code = seen.application_code
    view = desk.do(approve_award, code, expected_version=seen.version)
    return view, desk.read(application_row, code)


def reject(desk: Desk, seen: AwardView, reason: str) -> tuple[AwardView, ApplicationRow]:
    code = seen.application_code
    view = desk.do(reject_award, code, reason, expected_version=seen.version)
    return view, desk.read(application_row, code)


def reject_asking(view: AwardView) -> Asking:
    return Asking(
        f"why reject the award for {view.application_code}?",
        "A rejected award is final: the application becomes rejected, and the survivor may "
        "ask for a review. The reason is kept with the award and in the audit trail, and "
        "the fund officer who recommended it sees it.",
        "e.g. the medical costs claimed are not supported by receipts",
        "Reject award",
        AWARD_REJECTION,
    )
