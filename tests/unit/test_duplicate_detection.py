"""Duplicate detection on the test set: recall at least 0.9, false matches at most 10%."""

from datetime import date

from compfund.enums import DocumentType, Sex
from compfund.intake.duplicate_detection import DuplicateIndex, PersonDetails, compare
from tests.unit.duplicate_pairs import DISTINCT_PAIRS, TRUE_PAIRS

MIN_RECALL = 0.9
MAX_FALSE_MATCHES = 0.10


def _has_both_scripts(person: PersonDetails) -> bool:
    khmer = any("\u1780" <= ch <= "\u17ff" for ch in person.name_km)
    latin = any("a" <= ch.lower() <= "z" for ch in person.name_latin)
    return khmer and latin


def test_the_test_set_is_large_enough_and_in_both_scripts() -> None:
    assert len(TRUE_PAIRS) >= 50
    assert len(DISTINCT_PAIRS) >= 50
    for pair in TRUE_PAIRS + DISTINCT_PAIRS:
        assert _has_both_scripts(pair.a) and _has_both_scripts(pair.b), pair.note
    retyped = [p for p in TRUE_PAIRS if p.a.name_km != p.b.name_km]
    romanised = [p for p in TRUE_PAIRS if p.a.name_latin != p.b.name_latin]
    assert len(retyped) >= 30 and len(romanised) >= 30


def test_recall_and_false_match_rate_on_the_test_set() -> None:
    found = [p for p in TRUE_PAIRS if compare(p.a, p.b).likely_same]
    false = [p for p in DISTINCT_PAIRS if compare(p.a, p.b).likely_same]
    recall = len(found) / len(TRUE_PAIRS)
    false_rate = len(false) / len(DISTINCT_PAIRS)
    print(
        f"\nduplicate detection: recall {recall:.3f} ({len(found)}/{len(TRUE_PAIRS)} same-person "
        f"pairs found), false matches {false_rate:.3f} ({len(false)}/{len(DISTINCT_PAIRS)} "
        "different-person pairs flagged)"
    )
    for pair in false:
        print(f"  flagged, different people: {pair.note}")
    for pair in [p for p in TRUE_PAIRS if p not in found]:
        print(f"  missed, same person: {pair.note}")
    assert recall >= MIN_RECALL
    assert false_rate <= MAX_FALSE_MATCHES


def test_comparison_is_symmetric() -> None:
    for pair in TRUE_PAIRS + DISTINCT_PAIRS:
        assert compare(pair.a, pair.b).likely_same == compare(pair.b, pair.a).likely_same, pair.note


def test_reasons_name_what_was_compared_without_the_names() -> None:
    a = PersonDetails("សុខ សុខា", "Sok Sokha", Sex.MALE, date(1991, 3, 14))
    b = PersonDetails("សុខ សុខា", "Sok Sokhar", Sex.MALE, date(1991, 3, 14))
    result = compare(a, b)
    assert result.likely_same and result.score == 100
    assert "same date of birth" in result.reasons
    assert not any("Sok" in reason or "សុខ" in reason for reason in result.reasons)


def test_a_shared_document_number_outweighs_the_name() -> None:
    a = PersonDetails(
        "សុខ សុខា", "Sok Sokha", Sex.MALE, None, 1990, ((DocumentType.PASSPORT, "N1234567"),)
    )
    b = PersonDetails(
        "កែវ វិចិត្រ", "Keo Vichet", Sex.MALE, None, 1975, ((DocumentType.PASSPORT, "n 123 4567"),)
    )
    result = compare(a, b)
    assert result.likely_same and "same passport number" in result.reasons


def test_numbers_are_compared_only_within_their_document_type() -> None:
    a = PersonDetails(
        "សុខ សុខា", "Sok Sokha", Sex.MALE, None, 1990, ((DocumentType.PASSPORT, "123456"),)
    )
    b = PersonDetails(
        "កែវ វិចិត្រ", "Keo Vichet", Sex.MALE, None, 1990, ((DocumentType.FAMILY_BOOK, "123456"),)
    )
    assert not compare(a, b).likely_same


def test_index_finds_the_registered_survivor_among_many() -> None:
    people = [p.a for p in DISTINCT_PAIRS] + [p.b for p in DISTINCT_PAIRS]
    index = DuplicateIndex.of(enumerate(people))
    target = TRUE_PAIRS[-1]
    index.add(999, target.a)
    assert len(index) == len(people) + 1
    found = index.likely_duplicates(target.b)
    assert [m.survivor_id for m in found] == [999]
    assert index.likely_duplicates(target.b, exclude=999) == []
