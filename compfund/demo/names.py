"""Khmer personal names for synthetic demo data and duplicate-detection test sets.

Every name carries its Khmer spelling and the Latin romanisations met in Cambodian
documents (ID cards, passports, NGO intake forms, court files). ``latin[0]`` is the
most common romanisation; the rest are real-world variants of the *same* name, which
is what makes the lists useful for testing duplicate detection: one survivor may be
registered as "Sok Sokha" by one caseworker and "Sok Sokhar" by another.

Khmer full names are written family name first, then given name, with a space
between them ("សុខ សុខា" / "Sok Sokha").

Spelling notes:

* Subscript consonants use COENG (U+17D2); a subscript RO comes after any other
  subscript (``ក្ត្រ``), and a register shifter (U+17C9/U+17CA) directly follows its
  consonant (``ប៊ុន``, ``ម៉ៅ``), as the Unicode Khmer encoding model requires.
* The subscript "d" in ម្តាយ (mother), ភក្តី and ចិន្តា is written with COENG TA,
  as most Cambodian digital text writes it; COENG DA (ម្ដាយ) looks the same on
  screen and is also in use, so matching code must treat the two alike.
* Names whose Khmer spelling varies a lot between families were left out (Sreyleak)
  or given one usual spelling (Channary as ចាន់ណារី, not ចន្ទនារី); these lists are
  demo data, not an authority on anyone's legal name.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "FAMILY_NAMES",
    "GIVEN_NAMES_FEMALE",
    "GIVEN_NAMES_MALE",
    "GUARDIAN_RELATIONSHIPS",
    "KhmerName",
    "khmer_full_name",
    "latin_full_name",
]


@dataclass(frozen=True, slots=True)
class KhmerName:
    """One Khmer name: its Khmer spelling and its Latin romanisations.

    ``latin[0]`` is the most common romanisation; the rest are variants seen in
    Cambodian documents.
    """

    khmer: str
    latin: tuple[str, ...]

    def __post_init__(self) -> None:
        if not self.khmer:
            raise ValueError("a Khmer name needs its Khmer spelling")
        if not self.latin:
            raise ValueError(f"the Khmer name {self.khmer} needs at least one romanisation")


def _n(khmer: str, *latin: str) -> KhmerName:
    return KhmerName(khmer, tuple(latin))


FAMILY_NAMES: tuple[KhmerName, ...] = (
    _n("សុខ", "Sok", "Sokh"),
    _n("ចាន់", "Chan", "Chann"),
    _n("ហេង", "Heng", "Haeng"),
    _n("លី", "Ly", "Lee", "Li"),
    _n("គីម", "Kim", "Kym"),
    _n("កែវ", "Keo", "Kaev", "Kev"),
    _n("ជា", "Chea", "Chia"),
    _n("ម៉ៅ", "Mao", "Mau"),
    _n("ពៅ", "Pov", "Pou", "Pao"),
    _n("ញឹម", "Nhim", "Nhoem", "Nim"),
    _n("ឈឹម", "Chhim", "Chim", "Chhoem"),
    _n("ឡុង", "Long", "Loung"),
    _n("មាស", "Meas", "Mias", "Meah"),
    _n("សំ", "Sam", "Samm"),
    _n("អ៊ុំ", "Oum", "Um", "Oem"),
    _n("ហ៊ុន", "Hun", "Houn"),
    _n("សេង", "Seng", "Sieng"),
    _n("ប្រាក់", "Prak", "Prack", "Brak"),
    _n("ទូច", "Touch", "Toch", "Tuch"),
    _n("យឹម", "Yim", "Yoem", "Yem"),
    _n("អ៊ុក", "Ouk", "Ok", "Uk"),
    _n("ងួន", "Nguon", "Nguan", "Nguen"),
    _n("ស", "Sar", "Sa"),
    _n("មាន", "Mean", "Mien", "Mian"),
    _n("ហែម", "Hem", "Haem"),
    _n("រស់", "Ros", "Ruos", "Rous"),
    _n("គង់", "Kong", "Kung"),
    _n("សោម", "Som", "Saom"),
    _n("ទេព", "Tep", "Teb", "Taep"),
    _n("ស៊ីន", "Sin", "Sinn"),
    _n("វ៉ាន់", "Vann", "Van", "Vaan"),
    _n("អែម", "Em", "Aem", "Eam"),
    _n("ពេជ្រ", "Pich", "Pech", "Petch"),
    _n("ម៉ែន", "Men", "Maen"),
    _n("ថាច់", "Thach", "Thac", "Thatch"),
    _n("លឹម", "Lim", "Loem", "Lem"),
    _n("ញ៉ែម", "Nhem", "Nhaem"),
    _n("ប៉ែន", "Pen", "Paen", "Penn"),
    _n("ហាក់", "Hak", "Hack"),
    _n("មុំ", "Mom", "Mum"),
    _n("វង្ស", "Vong", "Vongs", "Vung"),
    _n("ស៊ុន", "Sun", "Soun"),
    _n("កៅ", "Kao", "Kau"),
    _n("ខេង", "Kheng", "Khaeng"),
    _n("ស៊ី", "Sy", "Si", "See"),
    _n("ទិត្យ", "Tith", "Tit", "Thith"),
    _n("នួន", "Nuon", "Nuan", "Nourn"),
    _n("ជុំ", "Chum", "Choum"),
    _n("សាយ", "Say", "Sai"),
    _n("ខៀវ", "Khieu", "Khiev", "Kheav"),
    _n("អ៊ឹង", "Ung", "Eung", "Oeng"),
    _n("ហួត", "Huot", "Hout", "Huat"),
    _n("ប៊ុន", "Bun", "Boun"),
    _n("អេង", "Eng", "Aeng"),
    _n("ឯក", "Ek", "Aek", "Eak"),
    _n("សៅ", "Sao", "Sau"),
    _n("អ៊ូច", "Ouch", "Uch"),
)
"""Common Khmer family names (the name written first)."""


GIVEN_NAMES_FEMALE: tuple[KhmerName, ...] = (
    _n("សុខា", "Sokha", "Sok Ha", "Sokhar", "Sokhaa"),
    _n("សុភា", "Sophea", "So Phea", "Sopheah", "Sophear"),
    _n("បុប្ផា", "Bopha", "Bo Pha", "Bophar", "Boppha"),
    _n("ស្រីមុំ", "Sreymom", "Srey Mom", "Srei Mom"),
    _n("ចន្ថា", "Chantha", "Chan Tha", "Chanta", "Chanthar"),
    _n("ពិសី", "Pisey", "Pisei", "Pi Sey"),
    _n("ដារ៉ា", "Dara", "Da Ra", "Darra"),
    _n("គន្ធា", "Kunthea", "Kun Thea", "Kunthear", "Kunthia"),
    _n("ស្រីនាង", "Sreyneang", "Srey Neang", "Srei Neang", "Sreyneng"),
    _n("ចាន់ណារី", "Channary", "Chan Nary", "Chanary", "Channari"),
    _n("សុគន្ធា", "Sokunthea", "So Kunthea", "Sokun Thea", "Sokunthear"),
    _n("ស្រីពៅ", "Sreypov", "Srey Pov", "Srei Pov", "Sreypou"),
    _n("លក្ខិណា", "Leakhena", "Leak Hena", "Leakkhena", "Leakhina"),
    _n("រស្មី", "Raksmey", "Reaksmey", "Rasmey", "Raksmei"),
    _n("ធីតា", "Thida", "Theda", "Thidar", "Tida"),
    _n("ម្លិះ", "Malis", "Mlis", "Maliss"),
    _n("ផល្លា", "Phalla", "Phala", "Phal La"),
    _n("សុផល", "Sophal", "So Phal", "Sophall"),
    _n("ណាវី", "Navy", "Na Vy", "Navi"),
    _n("ស្រីនិច", "Sreynich", "Srey Nich", "Srei Nich"),
    _n("ស្រីពេជ្រ", "Sreypich", "Srey Pich", "Srei Pich", "Sreypech"),
    _n("ស្រីរ័ត្ន", "Sreyroth", "Srey Roth", "Sreyrath", "Srei Roth"),
    _n("ស្រីអូន", "Sreyoun", "Srey Oun", "Srei Oun", "Sreyon"),
    _n("ស្រីម៉ៅ", "Sreymao", "Srey Mao", "Srei Mao"),
    _n("ស្រីទូច", "Sreytouch", "Srey Touch", "Srei Toch"),
    _n("កុលាប", "Kolab", "Kolap", "Ko Lab"),
    _n("វណ្ណា", "Vanna", "Van Na", "Vana"),
    _n("កញ្ញា", "Kanha", "Kagna", "Kanhha", "Kanya"),
    _n("ចិន្តា", "Chenda", "Chen Da", "Chinda", "Chendar"),
    _n("លីដា", "Lida", "Li Da", "Lyda"),
    _n("សុម៉ាលី", "Somaly", "So Maly", "Somali"),
    _n("ម៉ាលី", "Maly", "Mali", "Ma Ly"),
    _n("នារី", "Nary", "Neary", "Nari", "Na Ry"),
    _n("សុធា", "Sothea", "So Thea", "Sothear"),
    _n("សុវណ្ណា", "Sovanna", "So Vanna", "Sovana"),
    _n("មាលា", "Mealea", "Mea Lea", "Mealear", "Malea"),
    _n("រចនា", "Rachana", "Ra Chana", "Rachna"),
    _n("សុភាព", "Sopheap", "So Pheap", "Sopheab"),
    _n("រតនា", "Ratana", "Rattana", "Rathana"),
    _n("ថាវី", "Thavy", "Tha Vy", "Thavi"),
    _n("ដាវី", "Davy", "Da Vy", "Davi"),
    _n("សុជាតា", "Socheata", "So Cheata", "Sochheata", "Socheatta"),
    _n("ចាន់មុនី", "Chanmony", "Chan Mony", "Chanmoni"),
    _n("វិច្ឆិកា", "Vicheka", "Vichheka", "Vichika", "Vi Cheka"),
    _n("រំដួល", "Romduol", "Romdoul", "Rumduol", "Rom Duol"),
    _n("កល្យាណ", "Kalyan", "Kalyann", "Kaliyan"),
)
"""Common Khmer given names for women and girls."""


GIVEN_NAMES_MALE: tuple[KhmerName, ...] = (
    _n("វិចិត្រ", "Vichet", "Vi Chet", "Vichett", "Vichetr"),
    _n("សំណាង", "Samnang", "Sam Nang", "Somnang", "Samnag"),
    _n("រិទ្ធី", "Rithy", "Rithi", "Ritthy", "Rity"),
    _n("សុវណ្ណ", "Sovann", "Sovan", "So Vann"),
    _n("វាសនា", "Veasna", "Veas Na", "Vesna", "Veasnar"),
    _n("សម្បត្តិ", "Sambath", "Sam Bath", "Sombath", "Sambat"),
    _n("ពិសិដ្ឋ", "Piseth", "Pi Seth", "Piset", "Pisith"),
    _n("វុទ្ធី", "Vuthy", "Vuthi", "Voeuthy", "Vutthy"),
    _n("ប៊ុនធឿន", "Bunthoeun", "Bun Thoeun", "Bunthoeurn", "Bunthoen"),
    _n("សុភ័ក្ត្រ", "Sopheak", "So Pheak", "Sopheaktra"),
    _n("ចាន់ធូ", "Chanthou", "Chan Thou", "Chantou", "Chanthu"),
    _n("កុសល", "Kosal", "Ko Sal", "Kusal", "Kosol"),
    _n("នរិន្ទ", "Narin", "Na Rin", "Narinn", "Norin"),
    _n("រដ្ឋា", "Rotha", "Ro Tha", "Ratha", "Rottha"),
    _n("សុខហេង", "Sokheng", "Sok Heng", "Sokhaeng"),
    _n("វិសាល", "Visal", "Vi Sal", "Visall", "Veasal"),
    _n("វណ្ណៈ", "Vannak", "Van Nak", "Vanak", "Vannakk"),
    _n("ដារ៉ា", "Dara", "Da Ra", "Darra"),
    _n("ប៊ុនណា", "Bunna", "Bun Na", "Buna", "Bounna"),
    _n("សុធី", "Sothy", "So Thy", "Sothi"),
    _n("ភក្តី", "Pheakdey", "Pheakdei", "Peakdey", "Pheak Dey"),
    _n("វិបុល", "Vibol", "Vi Bol", "Vibal", "Vibul"),
    _n("ចំរើន", "Chamroeun", "Chamreun", "Chamroeurn", "Cham Roeun"),
    _n("មករា", "Makara", "Ma Kara", "Makkara"),
    _n("វីរៈ", "Virak", "Vireak", "Veerak", "Vi Rak"),
    _n("បុរី", "Borey", "Bo Rey", "Borei", "Bory"),
    _n("សុគុណ", "Sokun", "So Kun", "Sokunn"),
    _n("មុនី", "Mony", "Moni", "Mo Ny"),
    _n("រតនៈ", "Ratanak", "Rattanak", "Rathanak"),
    _n("សីហា", "Seyha", "Sey Ha", "Seiha", "Sayha"),
    _n("សុខា", "Sokha", "Sok Ha", "Sokhar", "Sokhaa"),
    _n("ភារម្យ", "Phearum", "Phea Rum", "Pharum", "Phearom"),
    _n("ចាន់ណា", "Channa", "Chan Na", "Chana"),
    _n("បូរ៉ា", "Bora", "Bo Ra", "Borra"),
    _n("ចំណាន", "Chamnan", "Cham Nan", "Chamnann"),
    _n("ចាន់រិទ្ធ", "Chanrith", "Chan Rith", "Chanreth"),
    _n("សុជាតិ", "Socheat", "So Cheat", "Sochet", "Sochheat"),
    _n("វិជ្ជា", "Vichea", "Vi Chea", "Vichhea", "Vicchea"),
    _n("សុខមាន", "Sokmean", "Sok Mean", "Sokmien"),
    _n("ប៊ុនរឿន", "Bunroeun", "Bun Roeun", "Bunroeurn", "Bunrouen"),
    _n("សំបូរ", "Sambo", "Sambor", "Sam Bo"),
    _n("បញ្ញា", "Panha", "Pagna", "Panhha", "Pa Nha"),
    _n("សុផល", "Sophal", "So Phal", "Sophall"),
)
"""Common Khmer given names for men and boys."""


GUARDIAN_RELATIONSHIPS: tuple[tuple[str, str], ...] = (
    ("mother", "ម្តាយ"),
    ("father", "ឪពុក"),
    ("grandmother", "យាយ"),
    ("grandfather", "តា"),
    # មីង and ពូ are a parent's younger sister and brother, the usual words for a
    # caring aunt or uncle; a parent's elder sibling is អ៊ំ.
    ("aunt", "មីង"),
    ("uncle", "ពូ"),
    ("elder brother", "បងប្រុស"),
    ("elder sister", "បងស្រី"),
    ("stepmother", "ម្តាយចុង"),
    ("stepfather", "ឪពុកចុង"),
    ("other relative", "សាច់ញាតិ"),
    ("legal guardian", "អាណាព្យាបាល"),
)
"""A minor's guardian's relationship to the survivor: (English, Khmer)."""


def latin_full_name(family: KhmerName, given: KhmerName, variant: int = 0) -> str:
    """The Latin full name as in Cambodian documents: family name first.

    ``variant`` picks a romanisation of each part (modulo the number each has), so
    ``variant=0`` gives the most common form, e.g. "Sok Sokha".
    """
    family_latin = family.latin[variant % len(family.latin)]
    given_latin = given.latin[variant % len(given.latin)]
    return f"{family_latin} {given_latin}"


def khmer_full_name(family: KhmerName, given: KhmerName) -> str:
    """The Khmer full name: family name, a space, given name, e.g. "សុខ សុខា"."""
    return f"{family.khmer} {given.khmer}"
