"""One way to show an error: the officer's message as it is, or a plain one plus a log."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from compfund.errors import PermissionDenied
from ui import errors


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    messages: list[str] = []

    def warning(parent: Any, title: str, text: str, *args: Any) -> None:
        assert title == "compfund"
        messages.append(text)

    monkeypatch.setattr(QMessageBox, "warning", warning)
    return messages


def test_a_compfund_error_is_shown_with_its_own_message(shown: list[str]) -> None:
    errors.show_error(None, PermissionDenied("A caseworker may not approve award."))
    assert shown == ["A caseworker may not approve award."]


def test_an_unexpected_error_is_logged_and_shown_plainly(
    shown: list[str], caplog: pytest.LogCaptureFixture
) -> None:
    try:
        raise KeyError("Sok Sokha")  # internals, possibly survivor data: not for the screen
    except KeyError as exc:
        with caplog.at_level(logging.ERROR, logger="ui.errors"):
            errors.show_error(None, exc)
    assert shown == [errors.UNEXPECTED]
    assert "Sok Sokha" not in shown[0]
    assert caplog.records[0].exc_info is not None
    assert "KeyError" in caplog.text
