"""Latin spellings of Khmer names folded to one key, so romanisation variants meet.

Cambodian documents romanise the same Khmer name in many ways: "Sokha", "Sok Ha",
"Sokhar"; "Chea" and "Chia"; "Touch", "Toch" and "Tuch"; "Ly", "Lee" and "Li".
``latin_key`` folds the differences that carry no information about who a person is:

- case, accents, spaces, hyphens, apostrophes and dots ("Sok Ha" = "Sokha");
- doubled letters ("Chann" = "Chan", "Boppha" = "Bopha");
- aspiration written or not: kh/k, chh/ch, th/t, ph/p ("Chantha" = "Chanta");
- ck/k, tch/ch, w/v, ee/i, vowel y/i ("Prack", "Thatch", "Lee", "Ly");
- nh for the palatal nasal, however written: gn, ny before a vowel ("Kagna", "Kanya");
- vowel spellings of the same sound: ae/e ("Haeng"), ia/ie/ea ("Chia", "Sieng"),
  oeu/oe/eu ("Chamroeun", "Bunthoen"), ou/uo/o/u ("Touch", "Huot", "Kung");
- a final or pre-consonant r or h after a vowel ("Sokhar", "Sopheah", "Bunthoeurn");
- a final b written for p ("Kolab" = "Kolap").

The key is for comparison only; the name is stored as the caseworker typed it.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["latin_key", "latin_parts"]

_VOWELS = "aeiou"

# Applied in order, after lower-casing and removing everything but letters.
_FOLDS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"ee", "i"),
        (r"(.)\1+", r"\1"),  # doubled letters
        (r"ck", "k"),
        (r"tch", "ch"),
        (r"w", "v"),
        (r"gn", "nh"),
        (r"ny(?=[aeiou])", "nh"),
        (r"y(?![aeiou])", "i"),  # y as a vowel; initial Y of "Yim" stays
        (r"chh", "ch"),
        (r"kh", "k"),
        (r"th", "t"),
        (r"ph", "p"),
        (r"(?<=[aeiou])r(?![aeiou])", ""),  # Sokhar, Bunthoeurn
        (r"(?<=[aeiou])h(?![aeiou])", ""),  # Sopheah, Meah
        (r"ae", "e"),
        (r"oeu|oe|eu", "e"),
        (r"i[ae]", "ea"),
        (r"uo|ua|ou|o", "u"),
        (r"b$", "p"),
        (r"(.)\1+", r"\1"),  # doubles made by the folds above
    )
)


def _letters(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if "a" <= ch <= "z" or ch == " ")


def _fold(word: str) -> str:
    for pattern, replacement in _FOLDS:
        word = pattern.sub(replacement, word)
    return word


def latin_key(name: str) -> str:
    """The whole name folded into one key, spaces and all separators removed."""
    return _fold(_letters(name).replace(" ", ""))


def latin_parts(name: str) -> tuple[str, ...]:
    """Each space-separated part folded on its own (family name first, as written)."""
    return tuple(_fold(part) for part in _letters(name.replace("-", " ")).split())
