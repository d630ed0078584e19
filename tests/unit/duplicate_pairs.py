"""The duplicate-detection test set: pairs of registrations, the same person or not.

Built from the demo names (``compfund.demo.names``, whose romanisations are real
variants) and hand-written hard cases. Each pair is two registrations as two caseworkers
might type them:

- **same person**: the Khmer name in another character order (register shifter after
  the vowel, subscript RO first, COENG DA for COENG TA, a split vowel, vowel U for a
  shifter, no space or a zero-width space between the names), another romanisation,
  the family name last, a birth year instead of the date, day and month swapped, the
  ID card number with spaces, one registration without documents;
- **different people**: the same name with another birth, twins and siblings (same
  family name), the same given name in another family, the same name and year with
  another ID card number, the same (unisex) name of a man and a woman, and given names
  that differ by one syllable (Kunthea / Sokunthea).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from compfund.demo.names import (
    FAMILY_NAMES,
    GIVEN_NAMES_FEMALE,
    GIVEN_NAMES_MALE,
    KhmerName,
)
from compfund.enums import DocumentType, Sex
from compfund.intake.duplicate_detection import PersonDetails

ID = DocumentType.NATIONAL_ID
PASSPORT = DocumentType.PASSPORT


@dataclass(frozen=True)
class Pair:
    a: PersonDetails
    b: PersonDetails
    same_person: bool
    note: str


# -- Khmer typed in other character orders (all render the same) -------------------------

COENG = "\u17d2"


def _retyped(khmer: str, way: int) -> str:
    """``khmer`` as another keyboard or typist stores it; the same on screen."""
    ways = (
        lambda s: s.replace(COENG + "\u178f", COENG + "\u178a"),  # COENG TA -> COENG DA
        lambda s: (
            s.replace("\u17ca\u17bb", "\u17bb\u17ca")
            .replace("\u17c9\u17b6", "\u17b6\u17c9")
            .replace("\u17c9\u17c5", "\u17c5\u17c9")
            .replace("\u17ca\u17b8", "\u17b8\u17ca")
            .replace("\u17ca\u17bc", "\u17bc\u17ca")
            .replace("\u17c9\u17c2", "\u17c2\u17c9")
        ),
        lambda s: s.replace("\u17be", "\u17c1\u17b8").replace("\u17c4", "\u17c1\u17b6"),
        lambda s: s.replace("\u17ca\u17b8", "\u17bb\u17b8").replace("\u17c9\u17b8", "\u17bb\u17b8"),
        lambda s: s.replace(" ", "\u200b"),
        lambda s: s.replace(" ", ""),
    )
    changed = ways[way % len(ways)](khmer)
    if changed == khmer:  # nothing to retype this way: drop the space instead
        changed = khmer.replace(" ", "")
    return changed


def _person(
    family: KhmerName,
    given: KhmerName,
    sex: Sex,
    *,
    variant: int = 0,
    khmer: str | None = None,
    dob: date | None = None,
    year: int | None = None,
    documents: tuple[tuple[DocumentType, str], ...] = (),
    family_last: bool = False,
) -> PersonDetails:
    fam = family.latin[variant % len(family.latin)]
    giv = given.latin[variant % len(given.latin)]
    return PersonDetails(
        name_km=khmer or f"{family.khmer} {given.khmer}",
        name_latin=f"{giv} {fam}" if family_last else f"{fam} {giv}",
        sex=sex,
        date_of_birth=dob,
        birth_year=year if dob is None else None,
        documents=documents,
    )


def _given(i: int) -> tuple[KhmerName, Sex]:
    if i % 2:
        return GIVEN_NAMES_MALE[(i * 5) % len(GIVEN_NAMES_MALE)], Sex.MALE
    return GIVEN_NAMES_FEMALE[(i * 5) % len(GIVEN_NAMES_FEMALE)], Sex.FEMALE


def _dob(i: int) -> date:
    return date(1970 + (i * 7) % 36, 1 + (i * 5) % 12, 1 + (i * 11) % 28)


def _id_number(i: int) -> str:
    return f"{110000000 + i * 7919:09d}"


# -- the same person, registered twice ------------------------------------------------------


def _generated_same_person(count: int) -> list[Pair]:
    pairs = []
    for i in range(count):
        family = FAMILY_NAMES[(i * 7) % len(FAMILY_NAMES)]
        given, sex = _given(i)
        dob = _dob(i)
        number = _id_number(i)
        first = _person(family, given, sex, dob=dob, documents=((ID, number),))
        khmer = _retyped(first.name_km, i)
        variant = 1 + i % 3
        swapped = date(dob.year, dob.day, dob.month) if dob.day <= 12 else dob
        second_dob, second_year = (
            (dob, None),
            (None, dob.year),
            (None, dob.year + (1 if i % 2 else -1)),
            (swapped, None),
        )[i % 4]
        documents = (
            ((ID, f"{number[:3]} {number[3:6]} {number[6:]}"),),
            (),
            ((PASSPORT, f"N0{i:06d}"),),
        )[i % 3]
        second = _person(
            family,
            given,
            sex,
            variant=variant,
            khmer=khmer,
            documents=documents,
            family_last=i % 5 == 4,
            dob=second_dob,
            year=second_year,
        )
        pairs.append(Pair(first, second, True, f"generated #{i}: {first.name_latin}"))
    return pairs


def _p(
    km: str, latin: str, sex: Sex, born: date | int, *docs: tuple[DocumentType, str]
) -> PersonDetails:
    dob, year = (born, None) if isinstance(born, date) else (None, born)
    return PersonDetails(km, latin, sex, dob, year, tuple(docs))


F, M = Sex.FEMALE, Sex.MALE

HAND_WRITTEN_SAME_PERSON = [
    Pair(
        _p("សុខ សុខា", "Sok Sokha", F, date(1991, 3, 14)),
        _p("សុខ សុខា", "SOK SOKHAR", F, 1991),
        True,
        "capitals and a final r; birth year only",
    ),
    Pair(
        _p("សុខ សុខា", "Sok Sokha", M, date(1991, 3, 14)),
        _p("សុខសុខា", "Sok-Sok Ha", M, date(1991, 3, 14)),
        True,
        "hyphen and split given name",
    ),
    Pair(
        _p("ចាន់ ចន្ថា", "Chan Chantha", F, 1988),
        _p("ចាន់ ចាន់ថា", "Chann Chanta", F, 1989),
        True,
        "Khmer given name spelt two ways (ចន្ថា / ចាន់ថា)",
    ),
    Pair(
        _p("ប៊ុន វិចិត្រ", "Bun Vichet", M, date(1985, 6, 2), (ID, "010203040")),
        _p("ប៊ុន វិចិត្រ", "Boun Vichetr", M, 1985, (ID, "010-203-040")),
        True,
        "ID card number with hyphens",
    ),
    Pair(
        _p("ម៉ៅ ស្រីពៅ", "Mao Sreypov", F, date(2008, 1, 9)),
        _p("ម៉ៅ ស្រីពៅ", "Sreypou Mau", F, date(2008, 9, 1)),
        True,
        "western order, day and month swapped",
    ),
    Pair(
        _p("ញឹម ភក្តី", "Nhim Pheakdey", M, 1979),
        _p("ញឹម ភក្ដី", "Nhoem Peakdei", M, 1980),
        True,
        "COENG DA for COENG TA, two romanisations",
    ),
    Pair(
        _p("ហ៊ុន រដ្ឋា", "Hun Rotha", M, date(1993, 11, 30), (PASSPORT, "N0123456")),
        _p("ហុ៊ន រដ្ឋា", "Houn Ratha", M, 1993, (PASSPORT, "n0123456")),
        True,
        "shifter typed after the vowel, passport number in lower case",
    ),
    Pair(
        _p("កែវ សុភ័ក្ត្រ", "Keo Sopheak", M, 1990),
        _p("កែវ សុភ័ក្រ្ត", "Kaev Sopheaktra", M, 1990),
        True,
        "subscript RO typed first",
    ),
    Pair(
        _p("ខៀវ ស្រីនាង", "Khieu Sreyneang", F, 2001),
        _p("ខៀវ ស្រីនាង", "Khiev Srei Neang", F, 2002),
        True,
        "romanisation and a year apart",
    ),
    Pair(
        _p("អ៊ុំ ចំរើន", "Oum Chamroeun", M, date(1975, 4, 17)),
        _p("អុ៊ំ ចំរេីន", "Um Chamreun", M, date(1975, 4, 17)),
        True,
        "shifter after vowel and split vowel OE",
    ),
    Pair(
        _p("ស៊ីន សុម៉ាលី", "Sin Somaly", F, 1996),
        _p("សុីន សុមុាលី", "Sinn So Maly", F, 1996),
        True,
        "vowel U typed for the register shifters",
    ),
    Pair(
        _p("ទូច ស្រីទូច", "Touch Sreytouch", F, 2005, (DocumentType.BIRTH_CERTIFICATE, "BC-77/2005")),
        _p("ទូច ស្រីទូច", "Tuch Srei Toch", F, 2005, (DocumentType.BIRTH_CERTIFICATE, "BC 77 2005")),
        True,
        "birth certificate number with other separators",
    ),
    Pair(
        _p("សុខ សុភា", "Sok Sophea", F, date(1994, 10, 3)),
        _p("សុខ សុផា", "Sok Sopheah", F, date(1994, 10, 3)),
        True,
        "Khmer typing slip (ផ for ភ)",
    ),
    Pair(
        _p("យឹម ម៉ាលី", "Yim Maly", F, 1970),
        _p("យឹម ម៉ាលី", "Yem Mali", F, 1973),
        True,
        "estimated years three apart (missed by design: beyond the tolerance)",
    ),
    Pair(
        _p("អ៊ុក សំណាង", "Ouk Samnang", M, date(1982, 2, 20)),
        _p("អ៊ុក សំណាង", "Uk Somnang", M, 1982, (PASSPORT, "N7654321")),
        True,
        "passport on one registration only",
    ),
]


# -- different people ----------------------------------------------------------------------


def _generated_different_people() -> list[Pair]:
    pairs: list[Pair] = []
    for i in range(12):  # the same (common) name, born years apart
        family = FAMILY_NAMES[i % 6]
        given, sex = _given(i)
        a = _person(family, given, sex, dob=_dob(i))
        b = _person(family, given, sex, variant=1, year=_dob(i).year + 5 + i % 9)
        pairs.append(Pair(a, b, False, f"same name, born apart: {a.name_latin}"))
    for i in range(14):  # twins and siblings: same family, another given name
        family = FAMILY_NAMES[(i * 3) % len(FAMILY_NAMES)]
        names = GIVEN_NAMES_FEMALE if i % 2 else GIVEN_NAMES_MALE
        sex = F if i % 2 else M
        g1, g2 = names[i % len(names)], names[(i + 7) % len(names)]
        dob = _dob(i + 50)
        a = _person(family, g1, sex, dob=dob)
        twins = i < 7
        b = _person(family, g2, sex, variant=i % 2, dob=dob if twins else None, year=dob.year + 2)
        pairs.append(Pair(a, b, False, f"siblings: {a.name_latin} / {b.name_latin}"))
    for i in range(10):  # the same given name in another family, same date of birth
        given, sex = _given(i + 3)
        dob = _dob(i + 80)
        a = _person(FAMILY_NAMES[i], given, sex, dob=dob)
        b = _person(FAMILY_NAMES[i + 20], given, sex, dob=dob)
        pairs.append(Pair(a, b, False, f"same given name: {a.name_latin} / {b.name_latin}"))
    for i in range(6):  # same name and year, two ID card numbers
        family = FAMILY_NAMES[i + 30]
        given, sex = _given(i + 9)
        year = 1980 + i * 3
        a = _person(family, given, sex, year=year, documents=((ID, _id_number(i)),))
        b = _person(family, given, sex, year=year, documents=((ID, _id_number(i + 100)),))
        pairs.append(Pair(a, b, False, f"two ID card numbers: {a.name_latin}"))
    return pairs


def _unisex(km: str, latin: str, born: date) -> Pair:
    return Pair(_p(km, latin, F, born), _p(km, latin, M, born), False, f"woman and man: {latin}")


HAND_WRITTEN_DIFFERENT_PEOPLE = [
    _unisex("សុខ សុខា", "Sok Sokha", date(1990, 2, 2)),
    _unisex("ជា ដារ៉ា", "Chea Dara", date(1987, 8, 19)),
    _unisex("លី សុផល", "Ly Sophal", date(1999, 12, 1)),
    Pair(
        _p("ចាន់ គន្ធា", "Chan Kunthea", F, 1994),
        _p("ចាន់ សុគន្ធា", "Chan Sokunthea", F, 1994),
        False,
        "given names one syllable apart",
    ),
    Pair(
        _p("ហេង សុផល", "Heng Sophal", F, 1989),
        _p("ហេង សុភាព", "Heng Sopheap", F, 1989),
        False,
        "Sophal / Sopheap",
    ),
    Pair(
        _p("សេង ម៉ាលី", "Seng Maly", F, 2000),
        _p("សេង សុម៉ាលី", "Seng Somaly", F, 2000),
        False,
        "Maly / Somaly",
    ),
    Pair(
        _p("គីម ដាវី", "Kim Davy", F, date(1997, 5, 5)),
        _p("គីម ថាវី", "Kim Thavy", F, date(1997, 5, 5)),
        False,
        "twins Davy / Thavy",
    ),
    Pair(
        _p("ពៅ មុនី", "Pov Mony", M, 1983),
        _p("ពៅ ចាន់មុនី", "Pov Chanmony", F, 1983),
        False,
        "Mony / Chanmony",
    ),
    Pair(
        _p("មាស សុខា", "Meas Sokha", M, 1992),
        _p("មាស សុខហេង", "Meas Sokheng", M, 1992),
        False,
        "Sokha / Sokheng",
    ),
    Pair(
        _p("ទេព វណ្ណា", "Tep Vanna", F, date(1986, 7, 7)),
        _p("ទេព វណ្ណា", "Tep Vanna", F, date(1968, 7, 7)),
        False,
        "same name, birth 18 years apart",
    ),
    Pair(
        _p("សំ ចាន់ធូ", "Sam Chanthou", M, 1978),
        _p("សំ ចាន់ណា", "Sam Channa", M, 1978),
        False,
        "Chanthou / Channa",
    ),
]


TRUE_PAIRS: list[Pair] = _generated_same_person(48) + HAND_WRITTEN_SAME_PERSON
DISTINCT_PAIRS: list[Pair] = _generated_different_people() + HAND_WRITTEN_DIFFERENT_PEOPLE
