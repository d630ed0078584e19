"""Is this person already registered? Comparing a new survivor with registered ones.

A survivor may be registered twice: by two caseworkers, in two provinces, with the name
romanised two ways and typed in Khmer in two character orders. Before an application
goes forward it is compared with every registered survivor:

- **Khmer name**: both put in SIL's canonical character order (``compfund.intake.khmer``)
  and compared with rapidfuzz's normalised Indel similarity (spaces ignored);
- **Latin name**: both folded by ``compfund.intake.romanisation`` and compared the same
  way, also with the family name moved last ("Sokha Sok" as passports write it);
- **birth**: the same date of birth, or estimated years that agree within a year or two;
  dates whose day and month are swapped count as a clerical slip, not a difference;
- **identity documents**: numbers compared only within the same document type.

The verdict, in order (each reason is kept and shown to the fund officer):

1. the same number on a document of the same type: **likely the same person**;
2. different national ID card numbers (the number is for life), a different sex,
   birth dates/years that disagree, or Khmer family names that differ (a family name
   is short, so its romanisations say little: "Sok" and "Ouk" are 80% alike in Latin
   letters but សុខ and អ៊ុក are different names): **different people**;
3. otherwise the better of the two name scripts decides: at least
   ``NAME_THRESHOLD_SAME_BIRTH`` when the dates of birth are equal, else at least
   ``NAME_THRESHOLD`` (a birth year agreeing only roughly is weaker evidence).

The thresholds were set on the test set in ``tests/unit/duplicate_pairs.py`` (recall and
false-match rate are asserted there). Scores are whole percentages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from rapidfuzz import fuzz, process

from compfund.enums import DocumentType, Sex
from compfund.intake.khmer import matching_key
from compfund.intake.romanisation import latin_key, latin_parts

__all__ = [
    "NAME_THRESHOLD",
    "NAME_THRESHOLD_SAME_BIRTH",
    "DuplicateIndex",
    "Match",
    "PersonDetails",
    "Resemblance",
    "compare",
    "document_number_key",
]

NAME_THRESHOLD = 88
"""Name similarity (%) that makes two people with roughly agreeing birth years a match."""
NAME_THRESHOLD_SAME_BIRTH = 80
"""Name similarity (%) that makes two people with the same date of birth a match."""
FAMILY_THRESHOLD = 80
"""Khmer family names less alike than this (%) belong to different families."""
BIRTH_YEAR_TOLERANCE = 2
"""Estimated years of birth this far apart still agree (estimates are rough)."""
_CANDIDATE_CUTOFF = 60
"""Pre-selection: registered names below this similarity are not examined further."""

LIFELONG_NUMBERS = frozenset({DocumentType.NATIONAL_ID})
"""Document types whose number never changes: two different numbers mean two people."""


def document_number_key(number: str) -> str:
    """A document number without spaces, hyphens, dots or slashes, in capitals."""
    return re.sub(r"[\s\-./]", "", number).upper()


@dataclass(frozen=True, slots=True)
class PersonDetails:
    """What intake knows about a person, as compared (never stored in this form)."""

    name_km: str
    name_latin: str
    sex: Sex | None = None
    date_of_birth: date | None = None
    birth_year: int | None = None
    documents: tuple[tuple[DocumentType, str], ...] = ()

    @property
    def year(self) -> int | None:
        return self.date_of_birth.year if self.date_of_birth else self.birth_year


@dataclass(frozen=True, slots=True)
class Resemblance:
    """How alike two people are: a score (0-100), the verdict and the reasons for it."""

    score: int
    likely_same: bool
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Keys:
    khmer: str
    khmer_family: str | None  # None when the Khmer name was typed without a space
    latin: str
    latin_swapped: str
    documents: frozenset[tuple[DocumentType, str]]


def _keys(person: PersonDetails) -> _Keys:
    parts = latin_parts(person.name_latin)
    swapped = "".join((*parts[1:], *parts[:1]))
    khmer_parts = matching_key(person.name_km).split(" ")
    return _Keys(
        khmer="".join(khmer_parts),
        khmer_family=khmer_parts[0] if len(khmer_parts) > 1 else None,
        latin=latin_key(person.name_latin),
        latin_swapped=swapped,
        documents=frozenset(
            (kind, document_number_key(number)) for kind, number in person.documents if number
        ),
    )


def _similarity(a: str, b: str) -> int:
    if not a or not b:
        return 0
    return round(fuzz.ratio(a, b))


def _birth(a: PersonDetails, b: PersonDetails) -> tuple[str, str]:
    """("same" | "close" | "differs" | "unknown", reason)."""
    if a.date_of_birth and b.date_of_birth:
        x, y = a.date_of_birth, b.date_of_birth
        if x == y:
            return "same", "same date of birth"
        if x.year == y.year and (x.month, x.day) == (y.day, y.month):
            return "close", "dates of birth alike but for day and month swapped"
        return "differs", "different dates of birth"
    ya, yb = a.year, b.year
    if ya is None or yb is None:
        return "unknown", "birth not known for both"
    if abs(ya - yb) <= BIRTH_YEAR_TOLERANCE:
        return "close", f"years of birth agree within {BIRTH_YEAR_TOLERANCE} ({ya}, {yb})"
    return "differs", f"years of birth far apart ({ya}, {yb})"


def _family_names(a: _Keys, b: _Keys) -> int | None:
    """How alike the Khmer family names are; None when neither name shows where it ends."""
    if a.khmer_family is not None and b.khmer_family is not None:
        return _similarity(a.khmer_family, b.khmer_family)
    if a.khmer_family is not None:
        return _similarity(a.khmer_family, b.khmer[: len(a.khmer_family)])
    if b.khmer_family is not None:
        return _similarity(b.khmer_family, a.khmer[: len(b.khmer_family)])
    return None


def _documents(a: _Keys, b: _Keys) -> tuple[str, str]:
    """("same" | "differs" | "unknown", reason)."""
    shared = a.documents & b.documents
    if shared:
        kind = sorted(k.value for k, _ in shared)[0].replace("_", " ")
        return "same", f"same {kind} number"
    for kind in LIFELONG_NUMBERS:
        mine = {n for k, n in a.documents if k is kind}
        theirs = {n for k, n in b.documents if k is kind}
        if mine and theirs:
            return "differs", f"different {kind.value.replace('_', ' ')} numbers"
    return "unknown", ""


def _compare_keys(a: PersonDetails, ka: _Keys, b: PersonDetails, kb: _Keys) -> Resemblance:
    km = _similarity(ka.khmer, kb.khmer)
    lat = max(_similarity(ka.latin, kb.latin), _similarity(ka.latin_swapped, kb.latin))
    name = max(km, lat)
    reasons = [f"Khmer names {km}% alike", f"Latin names {lat}% alike"]
    docs, doc_reason = _documents(ka, kb)
    birth, birth_reason = _birth(a, b)
    reasons.append(birth_reason)
    if doc_reason:
        reasons.append(doc_reason)
    if docs == "same":
        return Resemblance(max(name, 95), True, tuple(reasons))
    if a.sex and b.sex and a.sex is not b.sex:
        reasons.append("different sex")
        return Resemblance(min(name, 40), False, tuple(reasons))
    if docs == "differs" or birth == "differs":
        return Resemblance(min(name, 50), False, tuple(reasons))
    family = _family_names(ka, kb)
    if family is not None and family < FAMILY_THRESHOLD:
        reasons.append(f"Khmer family names only {family}% alike")
        return Resemblance(min(name, 60), False, tuple(reasons))
    threshold = NAME_THRESHOLD_SAME_BIRTH if birth == "same" else NAME_THRESHOLD
    return Resemblance(name, name >= threshold, tuple(reasons))


def compare(a: PersonDetails, b: PersonDetails) -> Resemblance:
    """How alike ``a`` and ``b`` are, and whether they are likely the same person."""
    return _compare_keys(a, _keys(a), b, _keys(b))


@dataclass(frozen=True, slots=True)
class Match:
    """A registered survivor who is likely the person being registered."""

    survivor_id: int
    resemblance: Resemblance


@dataclass
class DuplicateIndex:
    """Registered survivors, ready to be searched for likely duplicates of a new one.

    Pre-selection runs in rapidfuzz's C loop over all names; only the survivors whose
    name scores at least ``_CANDIDATE_CUTOFF`` in either script, or who share a document
    number, are compared in full.
    """

    _ids: list[int] = field(default_factory=list)
    _people: list[PersonDetails] = field(default_factory=list)
    _keys: list[_Keys] = field(default_factory=list)
    _khmer: list[str] = field(default_factory=list)
    _latin: list[str] = field(default_factory=list)
    _by_document: dict[tuple[DocumentType, str], list[int]] = field(default_factory=dict)
    _known: set[int] = field(default_factory=set)

    @classmethod
    def of(cls, registered: Iterable[tuple[int, PersonDetails]]) -> DuplicateIndex:
        index = cls()
        for survivor_id, person in registered:
            index.add(survivor_id, person)
        return index

    def __len__(self) -> int:
        return len(self._ids)

    def add(self, survivor_id: int, person: PersonDetails) -> None:
        """Add a registered survivor (once: a survivor already in the index is skipped)."""
        if survivor_id in self._known:
            return
        self._known.add(survivor_id)
        keys = _keys(person)
        position = len(self._ids)
        self._ids.append(survivor_id)
        self._people.append(person)
        self._keys.append(keys)
        self._khmer.append(keys.khmer)
        self._latin.append(keys.latin)
        for document in keys.documents:
            self._by_document.setdefault(document, []).append(position)

    def _candidates(self, keys: _Keys) -> set[int]:
        found: set[int] = set()
        for query, choices in (
            (keys.khmer, self._khmer),
            (keys.latin, self._latin),
            (keys.latin_swapped, self._latin),
        ):
            if not query:
                continue
            hits = process.extract(
                query, choices, scorer=fuzz.ratio, score_cutoff=_CANDIDATE_CUTOFF, limit=None
            )
            found.update(position for _, _, position in hits)
        for document in keys.documents:
            found.update(self._by_document.get(document, ()))
        return found

    def likely_duplicates(
        self, person: PersonDetails, *, exclude: int | None = None
    ) -> list[Match]:
        """Registered survivors likely to be ``person``, the most alike first."""
        keys = _keys(person)
        matches = []
        for position in self._candidates(keys):
            if self._ids[position] == exclude:
                continue
            resemblance = _compare_keys(person, keys, self._people[position], self._keys[position])
            if resemblance.likely_same:
                matches.append(Match(self._ids[position], resemblance))
        return sorted(matches, key=lambda m: (-m.resemblance.score, m.survivor_id))
