"""Khmer text in one character order, so that names that look the same compare equal.

Khmer strings that render identically can be stored in different character orders
(a register shifter typed before or after a vowel, a subscript RO typed before or after
another subscript, COENG DA or COENG TA for the same subscript glyph). Unicode NFC does
not unify them. ``khmer_normal`` applies the character-order rules of SIL's Khmer
encoding structure (the *khnormal* algorithm of SIL's khmer-character-specification,
MIT licence; this is an independent implementation of its rules):

1. every character gets a category; a consonant written after a COENG takes the
   COENG's category, so that each COENG stays with its subscript;
2. inside each orthographic syllable (a base consonant or independent vowel and the
   marks that follow it) characters are put in category order, keeping the typed order
   within a category: base, robat, subscripts, register shifter, ZWNJ, pre-vowel,
   below-vowel, above-vowel, post-vowel, signs, final signs;
3. repeated invisible characters (COENG COENG, ZWNJ ZWJ ...) are reduced to one;
4. split vowels are joined: E + II is OE (U+17BE), E + AA is OO (U+17C4);
   a below-vowel typed between them is moved behind the joined vowel;
5. vowel U written under a consonant that also carries an above-vowel is the register
   shifter that shape stands for: TRIISAP (U+17CA) over consonants that take it,
   MUUSIKATOAN (U+17C9) over sonorants and BA;
6. a subscript RO goes after any other subscript (it is drawn in front of the cluster);
7. COENG DA becomes COENG TA: the two subscripts are drawn with one glyph.

``matching_key`` goes further for comparison only (never for storage: we keep what was
typed): NFC, zero-width characters dropped, spaces collapsed.
"""

from __future__ import annotations

import re
import unicodedata
from enum import IntEnum

__all__ = ["khmer_normal", "matching_key"]

COENG = "\u17d2"
ZWNJ = "\u200c"
ZWJ = "\u200d"
RO = "\u179a"
DA = "\u178a"
TA = "\u178f"
VOWEL_U = "\u17bb"
TRIISAP = "\u17ca"
MUUSIKATOAN = "\u17c9"


class _Cat(IntEnum):
    """Sort order of characters inside one syllable (lowest first)."""

    OTHER = 0
    BASE = 1
    ROBAT = 2
    COENG = 3
    ZWJ = 4  # a joiner that asks for a visible (final) coeng
    SHIFTER = 5
    ZWNJ = 6
    VOWEL_PRE = 7
    VOWEL_BELOW = 8
    VOWEL_ABOVE = 9
    VOWEL_POST = 10
    SIGN = 11
    SIGN_FINAL = 12


def _category(ch: str) -> _Cat:
    o = ord(ch)
    if 0x1780 <= o <= 0x17A2 or 0x17A5 <= o <= 0x17B3:
        return _Cat.BASE
    if o == 0x17B6:
        return _Cat.VOWEL_POST
    if 0x17B7 <= o <= 0x17BA:
        return _Cat.VOWEL_ABOVE
    if 0x17BB <= o <= 0x17BD:
        return _Cat.VOWEL_BELOW
    if 0x17BE <= o <= 0x17C5:
        return _Cat.VOWEL_PRE  # pre-vowels and the split vowels that start with one
    if o in (0x17C6, 0x17CB) or 0x17CD <= o <= 0x17D1 or o == 0x17DD:
        return _Cat.SIGN
    if o in (0x17C7, 0x17C8):
        return _Cat.SIGN_FINAL
    if o in (0x17C9, 0x17CA):
        return _Cat.SHIFTER
    if o == 0x17CC:
        return _Cat.ROBAT
    if o == 0x17D2:
        return _Cat.COENG
    if ch == ZWNJ:
        return _Cat.ZWNJ
    if ch == ZWJ:
        return _Cat.ZWJ
    return _Cat.OTHER


# Consonants over which the shape of vowel U stands for TRIISAP (U+17CA); the others
# (the sonorants NGO, NYO, NO, MO, YO, RO, LO, VO ... and BA) take MUUSIKATOAN (U+17C9).
_TAKES_TRIISAP = frozenset(
    chr(c)
    for c in (
        *range(0x1780, 0x1784),
        *range(0x1785, 0x1789),
        *range(0x178A, 0x178E),
        *range(0x178F, 0x1793),
        *range(0x1795, 0x1798),
        *range(0x179E, 0x17A1),
        0x17A2,
    )
)
BA = "\u1794"
_ABOVE_AFTER_U = re.compile("[\u17b7-\u17ba\u17be\u17bf\u17dd\u17d0]|\u17b6\u17c6")


def _categories(text: str) -> list[_Cat]:
    """Categories, a subscript consonant taking its COENG's (so the pair stays together)."""
    cats = [_category(ch) for ch in text]
    for i in range(1, len(cats)):
        if text[i - 1] in (COENG, ZWJ) and cats[i] in (_Cat.BASE, _Cat.COENG):
            cats[i] = cats[i - 1]
    return cats


def _shifter_for(cluster: str) -> str:
    """The register shifter that vowel U's shape stands for over ``cluster``."""
    consonants = [ch for ch in cluster if _category(ch) is _Cat.BASE]
    if BA in consonants:
        return MUUSIKATOAN
    return TRIISAP if any(ch in _TAKES_TRIISAP for ch in consonants) else MUUSIKATOAN


_INVISIBLE_RUN = re.compile(f"([{ZWNJ}{ZWJ}]|{COENG}{ZWJ}?)[{COENG}{ZWNJ}{ZWJ}]+")
_E_II = re.compile("\u17c1([\u17bb-\u17bd]?)\u17b8")
_E_AA = re.compile("\u17c1([\u17bb-\u17bd]?)\u17b6")
_OE_U = re.compile("(\u17be)(\u17bb)")
_RO_FIRST = re.compile(f"({COENG}{RO})({COENG}[\u1780-\u17b3])")
_COENG_DA = re.compile(f"{COENG}{DA}")


def _fix_syllable(syllable: str) -> str:
    s = _INVISIBLE_RUN.sub(r"\1", syllable)
    s = _E_II.sub("\u17be\\1", s)
    s = _E_AA.sub("\u17c4\\1", s)
    s = _OE_U.sub(r"\2\1", s)
    u = s.find(VOWEL_U)
    if u > 0 and _ABOVE_AFTER_U.match(s, u + 1) and TRIISAP not in s and MUUSIKATOAN not in s:
        cluster_end = u
        while cluster_end > 0 and _category(s[cluster_end - 1]) is _Cat.VOWEL_PRE:
            cluster_end -= 1
        s = s[:u] + _shifter_for(s[:cluster_end]) + s[u + 1 :]
        # the new shifter belongs before the vowels: sort the syllable again
        s = _sorted(s)
    s = _RO_FIRST.sub(r"\2\1", s)
    return _COENG_DA.sub(COENG + TA, s)


def _sorted(syllable: str) -> str:
    cats = _categories(syllable)
    order = sorted(range(len(syllable)), key=lambda i: (cats[i], i))
    return "".join(syllable[i] for i in order)


def khmer_normal(text: str) -> str:
    """``text`` with every Khmer syllable in SIL's canonical character order."""
    cats = _categories(text)
    out: list[str] = []
    i = 0
    while i < len(text):
        if cats[i] is not _Cat.BASE:
            out.append(text[i])
            i += 1
            continue
        j = i + 1
        while j < len(text) and cats[j] > _Cat.BASE:
            j += 1
        order = sorted(range(i, j), key=lambda k: (cats[k], k))
        out.append(_fix_syllable("".join(text[k] for k in order)))
        i = j
    return "".join(out)


_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))


def matching_key(text: str) -> str:
    """The form of a Khmer name used for comparison: NFC, SIL order, no zero-widths."""
    nfc = unicodedata.normalize("NFC", text)
    ordered = khmer_normal(nfc).translate(_ZERO_WIDTH)
    return " ".join(ordered.split())
