"""Khmer text gets a Khmer font, and Latin text keeps the interface font."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtGui import QFontInfo

from ui.fonts import khmer_font_family, use_khmer_font


def test_an_installed_khmer_font_backs_the_interface_font(qapp: Any) -> None:
    family = khmer_font_family()
    if family is None:
        pytest.skip("no Khmer font installed here (Debian: fonts-noto-core)")
    before = qapp.font()
    try:
        assert use_khmer_font(qapp) == family
        families = qapp.font().families()
        assert families[-1] == family
        assert QFontInfo(qapp.font()).family() == QFontInfo(before).family()  # Latin unchanged
    finally:
        qapp.setFont(before)
