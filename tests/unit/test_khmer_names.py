"""Khmer names typed in different character orders compare equal; Latin variants meet."""

import pytest

from compfund.intake.khmer import khmer_normal, matching_key
from compfund.intake.romanisation import latin_key, latin_parts

COENG = "\u17d2"


@pytest.mark.parametrize(
    ("typed", "canonical", "rule"),
    [
        ("ប\u17bb\u17ca\u1793", "ប៊ុន", "register shifter before the vowel"),
        ("ម\u17c5\u17c9", "ម៉ៅ", "register shifter before the vowel"),
        ("ក\u17d2\u179a\u17d2\u178f", "ក្ត្រ", "subscript RO after the other subscript"),
        ("ម\u17d2\u178aាយ", "ម្តាយ", "COENG DA folded to COENG TA"),
        ("ស\u17c1\u17b8", "សើ", "E + II joined into OE"),
        ("ស\u17c1\u17b6", "សោ", "E + AA joined into OO"),
        ("ស\u17bb\u17b8", "ស៊ី", "vowel U over a consonant that takes TRIISAP"),
        ("ម\u17bb\u17b8", "ម៉ី", "vowel U over a sonorant: MUUSIKATOAN"),
        ("ប\u17bb\u17b8", "ប៉ី", "vowel U over BA: MUUSIKATOAN"),
        ("ក\u17d2\u17d2ក", "ក្ក", "a repeated COENG"),
    ],
)
def test_sil_character_order_rules(typed: str, canonical: str, rule: str) -> None:
    assert typed != canonical
    assert khmer_normal(typed) == khmer_normal(canonical) == canonical, rule


def test_text_already_in_order_is_left_as_typed() -> None:
    for name in ("សុខ សុខា", "ស្រីពេជ្រ", "សុភ័ក្ត្រ", "ចំរើន", "ប៊ុនធឿន", "អ៊ុំ"):
        assert khmer_normal(name) == name


def test_non_khmer_text_passes_through() -> None:
    assert khmer_normal("Sok Sokha 1991") == "Sok Sokha 1991"


def test_matching_key_drops_zero_width_characters_and_extra_spaces() -> None:
    assert matching_key("សុខ\u200b  សុខា ") == matching_key("សុខ សុខា") == "សុខ សុខា"
    assert matching_key("សុខ\u200bសុខា") == "សុខសុខា"


@pytest.mark.parametrize(
    "variants",
    [
        ("Sokha", "Sok Ha", "Sokhar", "SOKHAA", "sok-ha"),
        ("Chea", "Chia"),
        ("Touch", "Toch", "Tuch"),
        ("Ly", "Lee", "Li"),
        ("Kanha", "Kagna", "Kanya", "Kanhha"),
        ("Chantha", "Chanta", "Chan Tha", "Chanthar"),
        ("Bunthoeun", "Bunthoeurn", "Bun Thoeun", "Bunthoen"),
        ("Kolab", "Kolap"),
        ("Prak", "Prack"),
        ("Sreypich", "Srey Pich", "Srei Pich"),
    ],
)
def test_romanisation_variants_share_one_key(variants: tuple[str, ...]) -> None:
    assert len({latin_key(v) for v in variants}) == 1, [latin_key(v) for v in variants]


def test_initial_y_is_a_consonant_and_different_names_keep_different_keys() -> None:
    assert latin_key("Yim") != latin_key("Im")
    assert latin_key("Sokha") != latin_key("Sophea")
    assert latin_key("Sam") != latin_key("Som")


def test_latin_parts_keep_the_written_order() -> None:
    assert latin_parts("Sok-Sokha") == ("suk", "suka")
    assert latin_parts("Sokha  SOK") == ("suka", "suk")
