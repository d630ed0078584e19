"""Show identity…: offered by role, asked with a reason, recorded, shown, and legible."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QKeySequence
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from compfund.audit.access import IdentityDocumentView, SurvivorIdentity
from compfund.db.uow import UnitOfWork
from compfund.desk import Desk
from compfund.enums import DocumentType, Sex
from compfund.models import AuditEvent
from compfund.reasons import IDENTIFYING_ACCESS
from tests.ui.data import MINOR_IN_FULL, PrivacyDatabase
from tests.ui.windows import (
    REASON,
    give_reason,
    menu_texts,
    open_window,
    png_folder,
    show_identity,
    shown,
)
from ui.applications_model import ROW_ROLE
from ui.identity import identity_asking, identity_lines, reason_hint
from ui.identity_dialogs import IdentityDialog, ReasonDialog
from ui.survivor_views import SurvivorViews

# -- what the views say (no Qt) --------------------------------------------------------


def _identity(**changes: Any) -> SurvivorIdentity:
    values: dict[str, Any] = dict(
        code="SV-7K3Q-9M2X",
        name_km="កែវ ស្រីពេជ្រ",
        name_latin="Keo Sreypich",
        sex=Sex.FEMALE,
        date_of_birth=None,
        birth_year=1990,
        province_code="KH-2",
        phone=None,
        address="  ",
        guardian_name=None,
        guardian_relationship=None,
        guardian_phone=None,
        documents=(),
    )
    values.update(changes)
    return SurvivorIdentity(**values)


def test_the_identity_lines_say_what_is_missing_and_what_is_estimated() -> None:
    lines = dict(identity_lines(_identity()))
    assert lines["Born"] == "1990 (estimated year)"
    assert lines["Province"] == "បាត់ដំបង Battambang"
    assert (lines["Phone"], lines["Address"]) == ("not recorded", "not recorded")
    assert (lines["Guardian"], lines["Documents"]) == ("none recorded", "none recorded")
    full = dict(
        identity_lines(
            _identity(
                date_of_birth=date(2011, 4, 12),
                guardian_name="ចាន់ សុភា",
                guardian_relationship="mother",
                guardian_phone="097 765 4321",
                documents=(
                    IdentityDocumentView(DocumentType.NATIONAL_ID, "010203040"),
                    IdentityDocumentView(DocumentType.COMMUNE_LETTER, None),
                ),
            )
        )
    )
    assert full["Born"] == "2011-04-12"
    assert full["Guardian"] == "ចាន់ សុភា (mother), 097 765 4321"
    assert full["Documents"] == "national ID card 010203040\ncommune chief's letter"


def test_a_reason_counts_words_not_padding() -> None:
    assert not IDENTIFYING_ACCESS.is_enough("   check      it   ")  # "check it": 8 characters
    assert IDENTIFYING_ACCESS.is_enough("check it out")
    assert reason_hint("check it") == "At least 10 characters: 2 more."
    assert "audit trail" in reason_hint("check it out")


# -- who is offered the action ---------------------------------------------------------


@pytest.mark.parametrize("login", ["au", "fin"])
def test_auditors_and_finance_officers_are_not_offered_identities(
    qtbot: Any, desk_of: Callable[[str], Desk], login: str
) -> None:
    window = open_window(qtbot, desk_of(login))
    assert window.model is not None and window.model.total == 7  # they do see the list
    assert window.survivors is None
    assert menu_texts(window, "Survivor") == []
    assert window.table is not None and window.table.actions() == []
    keys = {QKeySequence("Ctrl+I"), QKeySequence("Ctrl+F")}
    assert not [a for a in window.findChildren(type(window.lock_action)) if a.shortcut() in keys]


@pytest.mark.parametrize("login", ["fo", "ap", "cwkh2"])
def test_fund_officers_approvers_and_caseworkers_are_offered_show_identity(
    qtbot: Any, desk_of: Callable[[str], Desk], login: str
) -> None:
    window = open_window(qtbot, desk_of(login))
    assert window.survivors is not None
    show, find = window.survivors.actions
    assert menu_texts(window, "Survivor") == ["Show identity…", "Find survivor…"]
    assert (show.shortcut(), find.shortcut()) == (QKeySequence("Ctrl+I"), QKeySequence("Ctrl+F"))
    assert window.table is not None and window.table.actions() == [show]  # context menu
    assert window.table.contextMenuPolicy() == Qt.ContextMenuPolicy.ActionsContextMenu
    assert not show.isEnabled() and find.isEnabled()
    window.table.selectRow(0)
    assert show.isEnabled()
    assert window.selected_survivor() == window.model.index(0, 0).data(ROW_ROLE).survivor_code


# -- asking for the reason -------------------------------------------------------------


def test_the_reason_dialog_refuses_short_reasons(qtbot: Any) -> None:
    dialog = ReasonDialog(identity_asking("SV-7K3Q-9M2X"))
    qtbot.addWidget(dialog)
    dialog.show()
    assert "audit trail" in " ".join(
        label.text() for label in dialog.findChildren(type(dialog.hint))
    )
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.reason, "check   it")
    assert not dialog.ok_button.isEnabled()
    assert dialog.hint.text() == "At least 10 characters: 2 more."
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.result() == 0  # Enter does not get round it
    qtbot.keyClicks(dialog.reason, " now")
    assert dialog.ok_button.isEnabled()
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


# -- showing an identity ---------------------------------------------------------------


def identifying_accesses(privacy_db: PrivacyDatabase, code: str) -> list[tuple[Any, ...]]:
    """(who, what, survivor, reason, survivors) of each identifying access naming ``code``."""
    with UnitOfWork(privacy_db.db.engine, privacy_db.db.admin, read_only=True) as uow:
        events = uow.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.event == "identifying_access")
            .order_by(AuditEvent.chain_seq)
        )
        return [
            (e.actor_login, e.entity, e.entity_id, e.detail, e.new_values["survivors"])
            for e in events
            if code in e.new_values["survivors"]
        ]


def test_a_shown_identity_is_in_full_and_recorded_with_its_reason(
    qtbot: Any, desk_of: Callable[[str], Desk], privacy_db: PrivacyDatabase
) -> None:
    before = len(identifying_accesses(privacy_db, privacy_db.minor))
    window = open_window(qtbot, desk_of("fo"))
    dialog = show_identity(qtbot, window, privacy_db.minor)
    values = {label: shown_value.text() for label, shown_value in dialog.values.items()}
    assert values["Survivor code"] == privacy_db.minor
    assert values["Name in Khmer"] == MINOR_IN_FULL.name_km
    assert values["Name in Latin script"] == "Keo Sreypich"
    assert values["Sex"] == "female"
    assert values["Born"] == "2011-04-12"
    assert values["Province"] == "បាត់ដំបង Battambang"
    assert values["Phone"] == "012 345 678"
    assert values["Address"] == MINOR_IN_FULL.address
    assert values["Guardian"] == "ចាន់ សុភា (Chan Sophea) (mother), 097 765 4321"
    assert values["Documents"] == "birth certificate BC20110412\nfamily book FB77120"
    events = identifying_accesses(privacy_db, privacy_db.minor)
    assert len(events) == before + 1
    assert events[-1] == ("fo", "survivor identity", privacy_db.minor, REASON, [privacy_db.minor])
    dialog.close()


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What ui.errors shows, instead of a message box."""
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: said.append(text))
    return said


@pytest.mark.parametrize(
    ("login", "which", "expected"),
    [
        ("cwkh2", "adult", "among the survivors of KH-2"),  # another province: not there
        ("au", "minor", "auditor"),  # the core refuses what the window does not offer
        ("fo", "SV-0000-0000", "SV-0000-0000"),  # a malformed code
    ],
)
def test_the_core_refusal_is_shown_and_no_identity(
    qtbot: Any,
    desk_of: Callable[[str], Desk],
    privacy_db: PrivacyDatabase,
    messages: list[str],
    login: str,
    which: str,
    expected: str,
) -> None:
    code = getattr(privacy_db, which, which)
    window = open_window(qtbot, desk_of(login))
    views = SurvivorViews(window.desk, window.lock_presenter, window, lambda: None)
    views.ask_identity(code)
    give_reason(qtbot)
    qtbot.waitUntil(lambda: bool(messages))
    assert expected in messages[0]
    assert not shown(IdentityDialog)


# -- Khmer on screen ---------------------------------------------------------------------


def test_the_identity_dialog_renders_khmer(
    qtbot: Any,
    khmer_font: None,
    desk_of: Callable[[str], Desk],
    privacy_db: PrivacyDatabase,
    tmp_path: Path,
) -> None:
    """Grabs the dialog to a PNG to look at (set COMPFUND_UI_PNG to a folder to keep it)."""
    window = open_window(qtbot, desk_of("fo"))
    dialog = show_identity(qtbot, window, privacy_db.minor)
    qtbot.waitExposed(dialog)
    name = dialog.values["Name in Khmer"]
    # The Khmer name is drawn with a Khmer font, not boxes, and has room for its subscripts.
    assert name.fontMetrics().inFontUcs4(ord("ព")) or "Khmer" in " ".join(name.font().families())
    assert name.height() >= name.fontMetrics().tightBoundingRect(MINOR_IN_FULL.name_km).height()
    # no line cut off, no subscript clipped, once the layout has settled
    values = dialog.values.values()
    qtbot.waitUntil(lambda: all(v.height() >= v.heightForWidth(v.width()) for v in values))
    out = png_folder(tmp_path) / "identity.png"
    assert dialog.grab().save(str(out))
    image = QImage(str(out))
    assert image.width() >= dialog.minimumWidth() and not image.isNull()
    dialog.close()
