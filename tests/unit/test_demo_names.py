"""The Khmer demo names are well-formed Unicode and their helpers build full names."""

from __future__ import annotations

import dataclasses
import re
import unicodedata

import pytest

from compfund.demo.names import (
    FAMILY_NAMES,
    GIVEN_NAMES_FEMALE,
    GIVEN_NAMES_MALE,
    GUARDIAN_RELATIONSHIPS,
    KhmerName,
    khmer_full_name,
    latin_full_name,
)

NAME_LISTS = {
    "family": FAMILY_NAMES,
    "female": GIVEN_NAMES_FEMALE,
    "male": GIVEN_NAMES_MALE,
}

COENG = "\u17d2"
CONSONANTS = {chr(c) for c in range(0x1780, 0x17A3)}  # KA .. QA
INDEPENDENT_VOWELS = {chr(c) for c in range(0x17A3, 0x17B4)}
DEPENDENT_VOWELS = {chr(c) for c in range(0x17B6, 0x17C6)}
REGISTER_SHIFTERS = {"\u17c9", "\u17ca"}  # MUUSIKATOAN, TRIISAP
LATIN_VARIANT = re.compile(r"[A-Z][a-z]*(?:[ -][A-Z][a-z]*)*")


def _all_khmer_strings() -> list[tuple[str, str]]:
    strings = [(f"{kind}:{n.latin[0]}", n.khmer) for kind, lst in NAME_LISTS.items() for n in lst]
    strings += [(f"guardian:{english}", khmer) for english, khmer in GUARDIAN_RELATIONSHIPS]
    return strings


KHMER_STRINGS = _all_khmer_strings()
KHMER_IDS = [label for label, _ in KHMER_STRINGS]
KHMER_VALUES = [khmer for _, khmer in KHMER_STRINGS]


def _is_khmer_block(ch: str) -> bool:
    return 0x1780 <= ord(ch) <= 0x17FF or 0x19E0 <= ord(ch) <= 0x19FF


@pytest.mark.parametrize("khmer", KHMER_VALUES, ids=KHMER_IDS)
def test_khmer_uses_only_khmer_block_characters_and_no_spaces(khmer: str) -> None:
    assert khmer
    assert all(_is_khmer_block(ch) for ch in khmer), [hex(ord(ch)) for ch in khmer]
    assert not any(ch.isspace() for ch in khmer)


@pytest.mark.parametrize("khmer", KHMER_VALUES, ids=KHMER_IDS)
def test_khmer_is_nfc_stable(khmer: str) -> None:
    assert unicodedata.normalize("NFC", khmer) == khmer


@pytest.mark.parametrize("khmer", KHMER_VALUES, ids=KHMER_IDS)
def test_coeng_is_always_followed_by_a_consonant(khmer: str) -> None:
    assert not khmer.endswith(COENG)
    for i, ch in enumerate(khmer):
        if ch == COENG:
            assert khmer[i + 1] in CONSONANTS, f"coeng at {i} is followed by {khmer[i + 1]!r}"


@pytest.mark.parametrize("khmer", KHMER_VALUES, ids=KHMER_IDS)
def test_khmer_clusters_are_in_encoding_order(khmer: str) -> None:
    # A word starts with a base letter, never a vowel sign or a subscript.
    assert khmer[0] in CONSONANTS | INDEPENDENT_VOWELS
    for prev, ch in zip(khmer, khmer[1:], strict=False):
        # A subscript belongs to a consonant, never to a vowel sign typed before it.
        if ch == COENG:
            assert prev not in DEPENDENT_VOWELS | REGISTER_SHIFTERS
        # A register shifter directly follows its consonant.
        if ch in REGISTER_SHIFTERS:
            assert prev in CONSONANTS
        # One dependent vowel per syllable.
        if ch in DEPENDENT_VOWELS:
            assert prev not in DEPENDENT_VOWELS
    # A subscript RO comes after any other subscript.
    assert COENG + "\u179a" + COENG not in khmer


@pytest.mark.parametrize("kind", NAME_LISTS)
def test_latin_variants_are_capitalised_ascii_words(kind: str) -> None:
    for name in NAME_LISTS[kind]:
        assert 1 <= len(name.latin) <= 4, name
        assert len(set(name.latin)) == len(name.latin), name
        for variant in name.latin:
            assert variant.isascii(), variant
            assert LATIN_VARIANT.fullmatch(variant), variant


@pytest.mark.parametrize("kind", NAME_LISTS)
def test_no_duplicate_khmer_spelling_within_a_list(kind: str) -> None:
    spellings = [n.khmer for n in NAME_LISTS[kind]]
    assert len(spellings) == len(set(spellings))


@pytest.mark.parametrize("kind", NAME_LISTS)
def test_main_romanisation_is_unique_within_a_list(kind: str) -> None:
    mains = [n.latin[0] for n in NAME_LISTS[kind]]
    assert len(mains) == len(set(mains))


@pytest.mark.parametrize("kind", NAME_LISTS)
def test_a_variant_never_names_another_entry(kind: str) -> None:
    # Otherwise a duplicate-detection test set would pair two different names.
    by_main = {n.latin[0]: n for n in NAME_LISTS[kind]}
    for name in NAME_LISTS[kind]:
        for variant in name.latin[1:]:
            assert variant not in by_main, f"{variant} is a variant of {name.latin[0]}"


def test_lists_meet_the_minimum_sizes() -> None:
    assert len(FAMILY_NAMES) >= 40
    assert len(GIVEN_NAMES_FEMALE) >= 40
    assert len(GIVEN_NAMES_MALE) >= 40


def test_guardian_relationships() -> None:
    english = [e for e, _ in GUARDIAN_RELATIONSHIPS]
    khmer = [k for _, k in GUARDIAN_RELATIONSHIPS]
    assert len(english) == len(set(english))
    assert len(khmer) == len(set(khmer))
    assert all(e.isascii() and e == e.lower() and e.strip() == e for e in english)
    assert {"mother", "father", "grandmother", "aunt", "uncle", "legal guardian"} <= set(english)
    assert dict(GUARDIAN_RELATIONSHIPS)["father"] == "ឪពុក"


def _find(names: tuple[KhmerName, ...], main: str) -> KhmerName:
    return next(n for n in names if n.latin[0] == main)


def test_known_spellings() -> None:
    assert _find(FAMILY_NAMES, "Sok").khmer == "\u179f\u17bb\u1781"
    assert _find(GIVEN_NAMES_FEMALE, "Sokha") == KhmerName(
        "\u179f\u17bb\u1781\u17b6", ("Sokha", "Sok Ha", "Sokhar", "Sokhaa")
    )
    # ស្រី: SA, COENG, RO, then the vowel II.
    assert _find(GIVEN_NAMES_FEMALE, "Sreymom").khmer.startswith("\u179f\u17d2\u179a\u17b8")


def test_latin_full_name_puts_the_family_name_first() -> None:
    sok = _find(FAMILY_NAMES, "Sok")
    sokha = _find(GIVEN_NAMES_FEMALE, "Sokha")
    assert latin_full_name(sok, sokha) == "Sok Sokha"
    assert latin_full_name(sok, sokha, variant=1) == "Sokh Sok Ha"


def test_latin_full_name_wraps_the_variant_per_part() -> None:
    family = KhmerName("ចាន់", ("Chan", "Chann"))
    given = KhmerName("សុខា", ("Sokha", "Sok Ha", "Sokhar", "Sokhaa"))
    assert latin_full_name(family, given, variant=2) == "Chan Sokhar"
    assert latin_full_name(family, given, variant=3) == "Chann Sokhaa"
    assert latin_full_name(family, given, variant=4) == "Chan Sokha"
    assert latin_full_name(family, given, variant=-1) == "Chann Sokhaa"


def test_khmer_full_name_is_family_space_given() -> None:
    sok = _find(FAMILY_NAMES, "Sok")
    sokha = _find(GIVEN_NAMES_FEMALE, "Sokha")
    assert khmer_full_name(sok, sokha) == "សុខ សុខា"
    assert khmer_full_name(sok, sokha) == "\u179f\u17bb\u1781 \u179f\u17bb\u1781\u17b6"


def test_every_list_combination_gives_a_full_name() -> None:
    for family in FAMILY_NAMES:
        for given in GIVEN_NAMES_FEMALE + GIVEN_NAMES_MALE:
            assert khmer_full_name(family, given).count(" ") == 1
            for variant in range(4):
                full = latin_full_name(family, given, variant)
                assert full.startswith(family.latin[variant % len(family.latin)] + " ")


def test_khmer_name_is_frozen_and_needs_a_romanisation() -> None:
    name = KhmerName("លី", ("Ly", "Lee", "Li"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        name.khmer = "គីម"  # type: ignore[misc]
    with pytest.raises(ValueError):
        KhmerName("លី", ())
    with pytest.raises(ValueError):
        KhmerName("", ("Ly",))
