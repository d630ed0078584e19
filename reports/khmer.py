"""Khmer text for PDFs: where a line may break, and how wide a piece is once shaped.

Khmer writes no spaces between words. ICU's line breaker (PyICU, with its Khmer
dictionary) finds the word boundaries; ``word_breaks`` marks them with U+200B ZERO
WIDTH SPACE, and only where a new orthographic cluster starts: never before a vowel
sign or other mark, never after a COENG (U+17D2, which joins the next consonant under
the one before), never next to a joiner.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import icu
import uharfbuzz as hb

ZWSP = "\u200b"
COENG = "\u17d2"
_JOINERS = "\u200c\u200d"
_MARKS = {"Mn", "Mc", "Me"}


def is_khmer(ch: str) -> bool:
    return "\u1780" <= ch <= "\u17ff" or "\u19e0" <= ch <= "\u19ff"


def has_khmer(text: str) -> bool:
    return any(is_khmer(ch) for ch in text)


def cluster_starts_at(text: str, i: int) -> bool:
    """True when a break before ``text[i]`` falls between two clusters."""
    if i <= 0 or i >= len(text):
        return False
    here, before = text[i], text[i - 1]
    if unicodedata.category(here) in _MARKS or here in _JOINERS:
        return False
    return before != COENG and before not in _JOINERS


def clusters(text: str) -> list[str]:
    """``text`` cut into clusters (a base character with its marks and subscripts)."""
    found: list[str] = []
    start = 0
    for i in range(1, len(text)):
        if cluster_starts_at(text, i):
            found.append(text[start:i])
            start = i
    if text:
        found.append(text[start:])
    return found


@lru_cache(maxsize=1)
def _line_breaker() -> icu.BreakIterator:
    return icu.BreakIterator.createLineInstance(icu.Locale("km"))


def _khmer_runs(text: str) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    start = None
    for i, ch in enumerate(text):
        if is_khmer(ch) or (start is not None and ch in _JOINERS):
            start = i if start is None else start
        elif start is not None:
            runs.append((start, i))
            start = None
    if start is not None:
        runs.append((start, len(text)))
    return runs


def word_breaks(text: str) -> str:
    """``text`` with U+200B at the Khmer word boundaries ICU finds (never in a cluster)."""
    if not has_khmer(text):
        return text
    breaker = _line_breaker()
    cuts: list[int] = []
    for start, end in _khmer_runs(text):
        run = text[start:end]  # Khmer is in the BMP: ICU's UTF-16 offsets are indexes
        breaker.setText(run)
        cuts += [start + p for p in breaker if 0 < p < len(run) and cluster_starts_at(run, p)]
    if not cuts:
        return text
    pieces, last = [], 0
    for cut in cuts:
        pieces += [text[last:cut], ZWSP]
        last = cut
    pieces.append(text[last:])
    return "".join(pieces)


class ShapedWidth:
    """Widths of shaped text in one TrueType font (HarfBuzz, the shaper ReportLab uses)."""

    def __init__(self, path: str) -> None:
        face = hb.Face(hb.Blob.from_file_path(path))
        self._upem = face.upem
        self._font = hb.Font(face)
        self._width = lru_cache(maxsize=50_000)(self._units)

    def _units(self, text: str) -> int:
        buffer = hb.Buffer()
        buffer.add_str(text)
        buffer.guess_segment_properties()
        hb.shape(self._font, buffer, {})
        return sum(p.x_advance for p in buffer.glyph_positions)

    def __call__(self, text: str, size: float) -> float:
        return float(self._width(text)) * size / float(self._upem)
