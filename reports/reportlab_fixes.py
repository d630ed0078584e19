"""A correction to ReportLab 5.1.0's text rise bookkeeping, applied when reports/ loads.

``PDFTextObject.setRise`` (reportlab/pdfgen/textobject.py) replaces an immediately
preceding ``Ts`` operator instead of appending a new one, but in that branch it never
records the new rise in ``self._rise`` (nor moves ``self._y`` by it). The shaped-text
writer (``_formatText``) then believes the rise is back at its base value and skips the
reset, so one Khmer vowel's vertical offset leaks into every following glyph ("ធម្មតា"
prints its last letters below the line). The corrected method keeps the same output
operators and always records the rise it wrote. tests/reports/test_reportlab_fixes.py
renders shaped Khmer with and without it.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfgen import textobject

_original_set_rise = textobject.PDFTextObject.setRise


def _set_rise(self: Any, rise: float) -> None:
    """Move the text baseline up or down, remembering where it now is."""
    operator = f"{fp_str(rise)} Ts"
    if self._code and self._code[-1].endswith(" Ts"):
        self._y += self._rise  # undo the replaced operator's move
        self._code[-1] = operator
    else:
        self._code.append(operator)
    self._rise = rise
    self._y -= rise


def apply() -> None:
    textobject.PDFTextObject.setRise = _set_rise


def undo() -> None:
    """Restore ReportLab's own method (for the test that shows the difference)."""
    textobject.PDFTextObject.setRise = _original_set_rise


def applied() -> bool:
    return textobject.PDFTextObject.setRise is _set_rise
