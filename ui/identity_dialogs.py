"""The two dialogs of "Show identity…": the reason asked first, then the identity itself.

The reason dialog keeps OK disabled until the reason is long enough and says that it
is kept in the audit trail; every identifying access of the window (an identified
export, a payee document) asks its reason with it. The identity dialog is a plain read-only form; it is a
child of the main window, which closes it on lock and on log out.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from compfund.audit.access import SurvivorIdentity
from compfund.reasons import MAX_REASON
from ui.errors import TITLE
from ui.identity import PRIVATE_NOTE, Asking, ReasonForm, identity_lines


def note_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


class ReasonDialog(QDialog):
    """Asks why (``asking`` says what for); OK stays disabled until the reason is long
    enough and every field added with ``require`` is filled in."""

    def __init__(self, asking: Asking, parent: QWidget | None = None, reason: str = "") -> None:
        super().__init__(parent)
        self.asking = asking
        self.form_presenter = ReasonForm(asking.reason, self)
        self.setWindowTitle(f"{TITLE} — {asking.title}")
        self.setMinimumWidth(460)
        self.reason = QLineEdit(reason)
        self.reason.setMaxLength(MAX_REASON)
        self.reason.setPlaceholderText(asking.example)
        self.hint = QLabel()
        self.required: list[QLineEdit] = []
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button.setText(asking.ok_text)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.box = QVBoxLayout(self)
        self.box.addWidget(note_label(asking.note))
        self.form = QFormLayout()
        self.form.addRow("Reason", self.reason)
        self.form.addRow("", self.hint)
        self.box.addLayout(self.form)
        self.box.addWidget(self.buttons)
        self.reason.textChanged.connect(self._typed)
        self._typed()

    @property
    def ok_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def require(self, label: str, field: QLineEdit) -> None:
        """Ask for ``field`` too, above the reason; OK waits until it is filled in."""
        self.form.insertRow(len(self.required), label, field)
        self.required.append(field)
        field.textChanged.connect(self._typed)
        self._typed()

    def ready(self) -> bool:
        return self.form_presenter.ready(self.reason.text(), *self._required_texts())

    def _required_texts(self) -> list[str]:
        return [field.text() for field in self.required]

    def _typed(self) -> None:
        self.form_presenter.typed(self.reason.text(), *self._required_texts())

    def show_hint(self, text: str) -> None:
        self.hint.setText(text)

    def allow(self, ready: bool) -> None:
        self.ok_button.setEnabled(ready)

    def accept(self) -> None:
        if self.ready():
            super().accept()


class IdentityDialog(QDialog):
    """A survivor's identity as the core returned it (already recorded as an access)."""

    def __init__(self, identity: SurvivorIdentity, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.identity = identity
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(f"{TITLE} — survivor {identity.code}")
        self.setMinimumWidth(440)
        warning = note_label(PRIVATE_NOTE)
        warning.setStyleSheet("color: #8a4b00;")
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.values: dict[str, QLabel] = {}
        for label, value in identity_lines(identity):
            shown = QLabel(value)
            shown.setTextFormat(Qt.TextFormat.PlainText)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            shown.setWordWrap(True)
            self.values[label] = shown
            form.addRow(label, shown)
        name = self.values["Name in Khmer"]
        bigger = QFont(name.font())
        bigger.setPointSizeF(bigger.pointSizeF() * 1.3)
        name.setFont(bigger)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self._layout = QVBoxLayout(self)
        self._layout.addWidget(warning)
        self._layout.addLayout(form)
        self._layout.addWidget(buttons)
        self._fitted = False

    def showEvent(self, event: QShowEvent) -> None:
        if not self._fitted:
            self._fitted = True
            self._fit_height()
        super().showEvent(event)

    def _fit_height(self) -> None:
        """As tall as the wrapped lines need at the dialog's width. A top-level window
        otherwise settles on the height its layout wants at its narrowest, which (at a
        200 % scale, for one) clips the second line of a value and Khmer subscripts."""
        self.ensurePolished()
        self._layout.activate()
        width = max(self.minimumWidth(), self.sizeHint().width())
        self.resize(width, self._layout.totalHeightForWidth(width))
