"""The dialogs of the Application menu: an eligibility decision, an award's calculation
(to read, or to approve), the reason for rejecting, and the recommendation form.

Each is a child of the main window, which closes it on lock and on log out. The
recommendation form reads amounts with the core's own parser (``Money.of``: text, never
a float) and stays open, saying what is wrong, until the core can read every value.
"""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from compfund.awards.award_view import HEAD_COLUMNS, AwardView
from compfund.eligibility.decisions import DecisionReport
from compfund.enums import ApplicationType, HeadOfLoss
from compfund.errors import CompfundError
from compfund.money import Currency, Money
from compfund.queries.applications import ApplicationRow
from ui.applications_model import province, words
from ui.decisions import (
    INSTALMENTS,
    RULE_COLUMNS,
    Recommendation,
    decision_headline,
    reject_asking,
    rule_rows,
)
from ui.errors import TITLE, show_error
from ui.identity_dialogs import ReasonDialog, note_label
from ui.tables import AMOUNT, fit_height, read_only_table

DAY_HINT = "YYYY-MM-DD, or empty: the day it is approved"
BLANK_HEAD = "blank: not assessed"


def application_line(row: ApplicationRow) -> QLabel:
    """Which application a dialog is about: its code, survivor code, province and type."""
    return note_label(
        f"{row.code} · survivor {row.survivor_code} · {province(row)} · "
        f"{words(row.application_type.value)} · {words(row.status.value)}"
    )


def headline_label(text: str) -> QLabel:
    label = note_label(text)
    bold = QFont(label.font())
    bold.setBold(True)
    label.setFont(bold)
    return label


def _buttons(dialog: QDialog, ok_text: str | None) -> QDialogButtonBox:
    """Close alone, or OK (saying ``ok_text``) and Cancel."""
    if ok_text is None:
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    else:
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
        buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class DecisionDialog(QDialog):
    """The stored eligibility decision: the outcome, then each rule's result and reason."""

    def __init__(self, report: DecisionReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{TITLE} — eligibility of {report.application}")
        self.resize(900, 400)
        self.headline = headline_label(decision_headline(report))
        self.rules = read_only_table(RULE_COLUMNS, rule_rows(report))
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.rules, 1)
        layout.addWidget(_buttons(self, None))


class AwardCalculation(QWidget):
    """An award as stored: amount and status, each head of loss, then the notes
    (deductions, rate, policies, approvers needed, instalments)."""

    def __init__(self, view: AwardView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.headline = headline_label(view.headline())
        self.heads = read_only_table(
            [column.capitalize() for column in HEAD_COLUMNS],
            view.head_rows(),
            dict.fromkeys(range(1, len(HEAD_COLUMNS)), AMOUNT),
            stretch=0,
        )
        fit_height(self.heads)
        self.heads.setVisible(bool(view.heads))
        self.notes = note_label("\n".join(view.notes()))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.headline)
        layout.addWidget(self.heads)
        layout.addWidget(self.notes)


class AwardDialog(QDialog):
    """An award's calculation: to read (Close), or to confirm a step (``ok_text``)."""

    def __init__(
        self, view: AwardView, parent: QWidget | None = None, ok_text: str | None = None
    ) -> None:
        super().__init__(parent)
        self.view = view
        self.setWindowTitle(f"{TITLE} — award for {view.application_code}")
        self.setMinimumWidth(720)
        self.calculation = AwardCalculation(view)
        self.buttons = _buttons(self, ok_text)
        layout = QVBoxLayout(self)
        layout.addWidget(self.calculation)
        layout.addWidget(self.buttons)

    @property
    def ok_button(self) -> QPushButton | None:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)


def reject_dialog(view: AwardView, parent: QWidget | None = None) -> ReasonDialog:
    """The calculation above the reason; Reject award stays disabled until the reason is
    as long as the service needs."""
    dialog = ReasonDialog(reject_asking(view), parent)
    dialog.box.insertWidget(0, AwardCalculation(view))
    dialog.setMinimumWidth(720)
    return dialog


class RecommendDialog(QDialog):
    """Currency, the amount assessed under each head of loss (a compensation award), the
    instalments, the first due date and a note. ``recommendation`` reads them."""

    def __init__(
        self,
        row: ApplicationRow,
        claimed: dict[HeadOfLoss, Money] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.row = row
        self.setWindowTitle(f"{TITLE} — recommend the award for {row.code}")
        self.setMinimumWidth(520)
        claimed = claimed or {}
        self.currency = QComboBox()
        for currency in (Currency.USD, Currency.KHR):
            self.currency.addItem(currency.value, currency.value)
        claim_currencies = {m.currency for m in claimed.values()}
        if len(claim_currencies) == 1:  # assess in the claim's currency, by default
            self.currency.setCurrentIndex(self.currency.findData(claim_currencies.pop().value))
        self.heads: dict[HeadOfLoss, QLineEdit] = {}
        form = QFormLayout()
        form.addRow("Currency", self.currency)
        if row.application_type is ApplicationType.COMPENSATION_AWARD:
            form.addRow(note_label("Amount assessed under each head of loss claimed:"))
            for head in [h for h in HeadOfLoss if h in claimed] or list(HeadOfLoss):
                field = QLineEdit(placeholderText=BLANK_HEAD)
                label = head.label.capitalize()
                if head in claimed:
                    field.setText(claimed[head].amount_text())  # the claim, to assess down
                    label = f"{label} (claimed {claimed[head]})"
                self.heads[head] = field
                form.addRow(label, field)
        else:
            form.addRow(note_label("An interim grant is the policy's fixed amount."))
        self.instalments = QSpinBox()
        self.instalments.setRange(*INSTALMENTS)
        self.instalments.setSpecialValueText("1: a lump sum")
        self.instalments.setSuffix(" monthly instalments")
        self.first_due = QLineEdit(placeholderText=DAY_HINT)
        self.note = QLineEdit()
        self.note.setMaxLength(500)
        form.addRow("Instalments", self.instalments)
        form.addRow("First due", self.first_due)
        form.addRow("Note", self.note)
        self.buttons = _buttons(self, "Recommend award")
        layout = QVBoxLayout(self)
        layout.addWidget(application_line(row))
        layout.addLayout(form)
        layout.addWidget(
            note_label("The approver sees the calculation: each head capped, then deductions.")
        )
        layout.addWidget(self.buttons)

    @property
    def ok_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def recommendation(self) -> Recommendation:
        """What was typed, read by the core (InvalidInput if an amount or date is not)."""
        return Recommendation.read(
            str(self.currency.currentData()),
            {head: field.text() for head, field in self.heads.items()},
            self.instalments.value(),
            self.first_due.text(),
            self.note.text(),
        )

    def accept(self) -> None:
        try:
            self.recommendation()
        except CompfundError as error:
            show_error(self, error)
            return
        super().accept()
