"""Application > Check eligibility, Recommend award…, Approve award, Reject award…, Award
details: the steps of the application selected in the list.

``ApplicationActions`` holds one action for each step the permission table lets the
officer take (``ui.decisions.steps_for``); the window enables each only while a row is
selected on which the core has it open, and neither while locked nor while work runs.
Each step's work runs as the window's work (``ui.window_work``): off the UI thread, one
at a time, its answer shown once the window is unlocked. Two short reads run on the UI
thread, before a dialog opens: the heads of loss claimed (``claimed_losses``, for the
recommend dialog) and, in the list, each page of rows as it scrolls into view. An approval or a rejection
first shows the award as it stands and carries the version seen, so an award changed
meanwhile on another desk is refused with the core's message rather than decided.
After each step the list shows the application's new status (``row_changed``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QWidget

from compfund.awards.award_view import AwardView
from compfund.desk import Desk
from compfund.eligibility.decisions import DecisionReport
from compfund.errors import CompfundError
from compfund.queries.applications import ApplicationRow
from compfund.queries.awards import claimed_losses
from ui import decisions
from ui.decision_dialogs import (
    AwardDialog,
    DecisionDialog,
    RecommendDialog,
    reject_dialog,
)
from ui.decisions import APPROVE, CHECK, DETAILS, RECOMMEND, REJECT, ApplicationMenu, Step
from ui.errors import show_error
from ui.identity_dialogs import ReasonDialog
from ui.window_work import WindowWork

Changed = tuple[Any, ApplicationRow]


class ApplicationActions(QObject):
    def __init__(
        self,
        desk: Desk,
        work: WindowWork,
        window: QWidget,
        selected_row: Callable[[], ApplicationRow | None],
        row_changed: Callable[[ApplicationRow], None],
    ) -> None:
        super().__init__(window)
        self.desk = desk
        self.work = work
        self.window = window
        self._selected_row = selected_row
        self._row_changed = row_changed
        handlers: dict[Step, Callable[[], object]] = {
            CHECK: self.check,
            RECOMMEND: self.ask_recommendation,
            APPROVE: self.ask_approval,
            REJECT: self.ask_rejection,
            DETAILS: self.show_details,
        }
        self.by_step: dict[Step, QAction] = {}
        self.menu = ApplicationMenu(desk, self)
        for step in self.menu.steps:
            action = QAction(step.text, window)
            action.setStatusTip(step.tip)
            action.triggered.connect(handlers[step])
            self.by_step[step] = action

    @property
    def actions(self) -> list[QAction]:
        return list(self.by_step.values())

    def set_enabled(self, ready: bool) -> None:
        """``ready``: unlocked and no work running; each step also needs the core to have
        it open on the selected row."""
        self.menu.refresh(self._selected_row(), ready=ready)

    def enable(self, step: Step, enabled: bool) -> None:
        self.by_step[step].setEnabled(enabled)

    def _row(self, step: Step) -> ApplicationRow | None:
        return self.menu.row_for(step, self._selected_row())

    def _open(self, dialog: QDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _changed(self, answer: Changed) -> Any:
        result, row = answer
        self._row_changed(row)
        return result

    # -- eligibility -----------------------------------------------------------------------

    def check(self) -> None:
        row = self._row(CHECK)
        if row is not None:
            self.work.start(
                f"Checking the eligibility of {row.code}…",
                decisions.check,
                self.desk,
                row.code,
                on_done=self._checked,
            )

    def _checked(self, answer: tuple[DecisionReport, ApplicationRow]) -> None:
        self._open(DecisionDialog(self._changed(answer), self.window))

    # -- recommending ----------------------------------------------------------------------

    def ask_recommendation(self) -> RecommendDialog | None:
        row = self._row(RECOMMEND)
        if row is None:
            return None
        try:
            claimed = self.desk.read(claimed_losses, row.code)
        except CompfundError as error:
            show_error(self.window, error)
            return None
        dialog = RecommendDialog(row, claimed, self.window)
        dialog.accepted.connect(lambda: self._recommend(row.code, dialog))
        self._open(dialog)
        return dialog

    def _recommend(self, code: str, dialog: RecommendDialog) -> None:
        self.work.start(
            f"Recommending the award for {code}…",
            decisions.recommend,
            self.desk,
            code,
            dialog.recommendation(),
            on_done=self._decided,
        )

    # -- approving and rejecting -----------------------------------------------------------

    def ask_approval(self) -> None:
        self._read_award(APPROVE, self._confirm_approval)

    def _confirm_approval(self, view: AwardView) -> None:
        dialog = AwardDialog(view, self.window, "Approve award")
        dialog.accepted.connect(
            lambda: self.work.start(
                f"Approving the award for {view.application_code}…",
                decisions.approve,
                self.desk,
                view,
                on_done=self._decided,
            )
        )
        self._open(dialog)

    def ask_rejection(self) -> None:
        self._read_award(REJECT, self._ask_reason)

    def _ask_reason(self, view: AwardView) -> None:
        dialog: ReasonDialog = reject_dialog(view, self.window)
        dialog.accepted.connect(
            lambda: self.work.start(
                f"Rejecting the award for {view.application_code}…",
                decisions.reject,
                self.desk,
                view,
                dialog.reason.text(),
                on_done=self._decided,
            )
        )
        self._open(dialog)

    def _decided(self, answer: tuple[AwardView, ApplicationRow]) -> None:
        self._show_award(self._changed(answer))

    # -- reading ---------------------------------------------------------------------------

    def show_details(self) -> None:
        self._read_award(DETAILS, self._show_award)

    def _read_award(self, step: Step, then: Callable[[AwardView], None]) -> None:
        row = self._row(step)
        if row is not None:
            self.work.start(
                f"Reading the award for {row.code}…",
                decisions.award_of,
                self.desk,
                row.code,
                on_done=then,
            )

    def _show_award(self, view: AwardView) -> None:
        self._open(AwardDialog(view, self.window))
