"""ReportLab 5.1.0 leaks a Khmer vowel's vertical offset into the following glyphs
unless ``reports.reportlab_fixes`` corrects ``PDFTextObject.setRise``.

The test draws "វត្ថុ ធម្មតា" shaped with Noto Sans Khmer, reads the page's content
stream back operator by operator, and looks at the rise (``Ts``) in force when the
second word starts: it must be the baseline (0). It also shows that ReportLab's own
method gets it wrong, so the correction is what makes the difference.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from reports import reportlab_fixes
from reports.pdf_text import KHMER_FONT, register_fonts

TEXT = "វត្ថុ ធម្មតា"
_TOKEN = re.compile(rb"\((?:\\.|[^\\)])*\)|\[|\]|[^\s\[\]()]+")


def _content_stream() -> bytes:
    register_fonts()
    out = io.BytesIO()
    canvas = Canvas(out, pageCompression=0, invariant=1)
    style = ParagraphStyle("k", fontName=KHMER_FONT, fontSize=20, leading=30, shaping=1)
    paragraph = Paragraph(TEXT, style)
    paragraph.wrapOn(canvas, 400, 100)
    paragraph.drawOn(canvas, 50, 700)
    canvas.showPage()
    canvas.save()
    (text,) = re.findall(rb"BT(.*?)ET", out.getvalue(), re.S)[-1:]
    return text


def _shown_with_rise(stream: bytes) -> Iterator[tuple[bytes, float]]:
    """Every string shown (Tj, TJ) with the text rise in force when it is drawn."""
    rise, operands = 0.0, []
    for token in _TOKEN.findall(stream):
        if token == b"Ts":
            rise = float(operands[-1])
        elif token in (b"Tj", b"TJ"):
            for operand in operands:
                if operand.startswith(b"("):
                    yield operand, rise
        if re.fullmatch(rb"[A-Za-z*']+", token):
            operands = []
        elif token not in (b"[", b"]"):
            operands.append(token)


def _rise_at_second_word(stream: bytes) -> float:
    return next(rise for shown, rise in _shown_with_rise(stream) if b" " in shown)


def test_the_fix_is_applied_when_reports_loads() -> None:
    assert reportlab_fixes.applied()


def test_a_vowel_offset_does_not_leak_into_the_next_word() -> None:
    assert _rise_at_second_word(_content_stream()) == 0.0


def test_without_the_fix_reportlab_draws_the_next_word_off_the_line() -> None:
    reportlab_fixes.undo()
    try:
        broken = _content_stream()
    finally:
        reportlab_fixes.apply()
    assert _rise_at_second_word(broken) < 0  # drawn below the baseline: the bug
    assert _rise_at_second_word(_content_stream()) == 0.0
