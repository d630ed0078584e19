"""A Khmer font behind the interface font, so Khmer text renders as Khmer everywhere.

The interface keeps the system's own font for Latin text; Khmer glyphs come from the
first installed Khmer font below (``QFont.setFamilies`` gives Qt an ordered fallback
list), rather than whatever font the platform happens to pick, or none (boxes).
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QFontDatabase, QFontInfo
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

KHMER_FONTS = ("Noto Sans Khmer", "Khmer OS", "Khmer OS System", "Khmer UI")


def khmer_font_family() -> str | None:
    """The first of KHMER_FONTS installed on this computer, or None."""
    installed = set(QFontDatabase.families())
    return next((family for family in KHMER_FONTS if family in installed), None)


def use_khmer_font(app: QApplication) -> str | None:
    """Put a Khmer font behind the application font; returns the family used."""
    family = khmer_font_family()
    if family is None:
        log.warning("no Khmer font installed (looked for %s)", ", ".join(KHMER_FONTS))
        return None
    font = app.font()
    # The first family as resolved (the default is often an alias such as "Sans Serif",
    # which would otherwise let the Khmer font take over Latin text as well).
    font.setFamilies([QFontInfo(font).family(), family])
    app.setFont(font)
    return family
