"""Fonts and table cells for PDFs, Khmer shaped and wrapped at word boundaries.

Fonts: Noto Sans Khmer (Khmer OS Battambang loses glyphs under ReportLab's shaping) and
Noto Sans for everything else, both from Debian's fonts-noto-core. They are registered
afresh for every document: ReportLab numbers the glyphs a shaper produces without a
character of their own as it meets them, per font object, so a font shared between
documents would make a document's bytes depend on what was drawn before it.

Cells: ReportLab 5.1.0 neither breaks lines at U+200B nor splits a shaped word without
losing glyphs, so a cell holding Khmer is laid out here: word boundaries marked by
``reports.khmer.word_breaks`` and spaces are the break points, each piece is measured
shaped, lines are filled greedily and drawn with explicit line breaks, so ReportLab
never has to split a shaped word. A piece wider than the cell is cut between clusters.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph

from reports.khmer import ZWSP, ShapedWidth, clusters, has_khmer, is_khmer, word_breaks

FONT_FOLDER = "/usr/share/fonts/truetype/noto"
KHMER_FONT = "CompfundKhmer"
LATIN_FONT = "CompfundSans"
LATIN_BOLD = "CompfundSansBold"
_FILES = {
    KHMER_FONT: f"{FONT_FOLDER}/NotoSansKhmer-Regular.ttf",
    LATIN_FONT: f"{FONT_FOLDER}/NotoSans-Regular.ttf",
    LATIN_BOLD: f"{FONT_FOLDER}/NotoSans-Bold.ttf",
}
_SLACK = 0.96  # HarfBuzz kerning may differ a little from the plain widths


def register_fonts() -> None:
    """Register the report fonts anew (once per document, see the module docstring)."""
    for name, path in _FILES.items():
        try:
            font = TTFont(name, path)
        except OSError as exc:
            raise FileNotFoundError(
                f"The font {path} is missing: install Debian's fonts-noto-core "
                "(scripts/setup does)."
            ) from exc
        pdfmetrics.registerFont(font)


@lru_cache(maxsize=1)
def _khmer_width() -> ShapedWidth:
    return ShapedWidth(_FILES[KHMER_FONT])


# Punctuation Noto Sans Khmer draws itself: it stays in the run it stands in, so that a
# word such as "គ.ជ.ប.ជ" is shaped in one font (ReportLab shapes a word in one font).
_NEUTRAL = set(" !\"'(),-./:;?\u00ab\u00bb\u2010\u2018\u2019\u201c\u201d\u2026") | {ZWSP}


def script_runs(text: str) -> Iterator[tuple[str, bool]]:
    """``text`` cut into runs of Khmer and of other characters; punctuation and spaces
    join the run they stand in (marks are Khmer characters themselves)."""
    kinds: list[bool | None] = [None if ch in _NEUTRAL else is_khmer(ch) for ch in text]
    resolved: list[bool] = []
    for i, kind in enumerate(kinds):
        if kind is None:  # after a space (or first): the next script; else the one before
            starts_word = i == 0 or text[i - 1] == " " or text[i - 1] == ZWSP
            ahead = next((k for k in kinds[i:] if k is not None), None)
            if resolved and (not starts_word or ahead is None or text[i] in " " + ZWSP):
                kind = resolved[-1]
            else:
                kind = bool(ahead)
        resolved.append(kind)
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or resolved[i] != resolved[start]:
            yield text[start:i], resolved[start]
            start = i


def text_width(text: str, size: float) -> float:
    width = 0.0
    for run, khmer in script_runs(text):
        if khmer:
            width += _khmer_width()(run, size)
        else:
            width += pdfmetrics.stringWidth(run, LATIN_FONT, size)
    return width


_PIECES = re.compile(f"[^ {ZWSP}]*(?: +|{ZWSP}|$)")


def _pieces(line: str) -> list[str]:
    return [p.replace(ZWSP, "") for p in _PIECES.findall(line) if p]


def _cut(piece: str, room: float, size: float) -> list[str]:
    """A piece too wide for the cell, cut between clusters."""
    parts, current = [], ""
    for cluster in clusters(piece):
        if current and text_width(current + cluster, size) > room:
            parts.append(current)
            current = ""
        current += cluster
    return parts + ([current] if current else [])


def fit_lines(text: str, width: float, size: float) -> list[str]:
    """``text`` broken into lines no wider than ``width`` (points) at ``size``."""
    room = width * _SLACK
    lines: list[str] = []
    for hard_line in word_breaks(text).split("\n"):
        current = ""
        for piece in _pieces(hard_line):
            if text_width((current + piece).rstrip(), size) <= room:
                current += piece
                continue
            if current.strip():
                lines.append(current.rstrip())
            current = ""
            if text_width(piece.rstrip(), size) > room:
                *full, piece = _cut(piece.rstrip(), room, size) or [""]
                lines += full
            current = piece
        lines.append(current.rstrip())
    return lines


def _markup(line: str) -> str:
    """Each run in its font; a space between a Khmer and a Latin run of one word, since
    ReportLab shapes a whole word in one font."""
    parts: list[str] = []
    previous = ""
    for run, khmer in script_runs(line):
        if previous and not previous[-1].isspace() and not run[0].isspace():
            parts.append(" ")
        parts.append(f'<font name="{KHMER_FONT if khmer else LATIN_FONT}">{escape(run)}</font>')
        previous = run
    return "".join(parts)


class CellStyles:
    """Paragraph styles of one size: shaped for Khmer, plain for the rest."""

    def __init__(self, size: float, *, bold: bool = False) -> None:
        self.size = size
        font = LATIN_BOLD if bold else LATIN_FONT
        leading = size * 1.25
        self.plain = ParagraphStyle(
            f"plain{size}{bold}", fontName=font, fontSize=size, leading=leading
        )
        self.shaped = ParagraphStyle(
            f"shaped{size}{bold}",
            fontName=font,
            fontSize=size,
            leading=size * 1.75,  # room for Khmer vowels above and subscripts below
            shaping=1,
            splitLongWords=0,
        )


def cell(text: str, width: float, styles: CellStyles) -> Paragraph | str:
    """What a table cell holds: a plain string where it fits on one line, else a paragraph."""
    if has_khmer(text):
        lines = fit_lines(text, width, styles.size)
        return Paragraph("<br/>".join(_markup(line) for line in lines), styles.shaped)
    if "\n" not in text and pdfmetrics.stringWidth(text, LATIN_FONT, styles.size) <= width:
        return text
    return Paragraph(escape(text).replace("\n", "<br/>"), styles.plain)
