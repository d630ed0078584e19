"""The DOSVY intake template: its columns, their headers in Khmer and English, and the
lists a cell must choose from. ``reports/intake_template.py`` writes it as a workbook,
``reports/intake_reader.py`` reads a filled-in one back, and
``compfund.services.bulk_intake`` turns each row into a registration and an application.

One row is one survivor, their formal identification and one application. A cell that
must come from a list accepts the list's entry as shown in the workbook
("Male / ប្រុស"), its English or Khmer word alone, or the stored value ("male").
"""

from __future__ import annotations

from dataclasses import dataclass

from compfund.errors import InvalidInput
from compfund.models.enums import (
    COUNTRIES_OF_EXPLOITATION,
    ApplicationType,
    DocumentType,
    ExploitationForm,
    IdentifyingAuthority,
    Sex,
)
from compfund.provinces import PROVINCES

TEMPLATE_VERSION = "DOSVY intake 1"
"""Written into the template's instructions sheet, so a printed copy says which it is."""


@dataclass(frozen=True, slots=True)
class Choice:
    value: str  # what is stored
    english: str
    khmer: str

    @property
    def shown(self) -> str:
        """The entry as the workbook's drop-down list shows it."""
        return f"{self.english} / {self.khmer}"


@dataclass(frozen=True, slots=True)
class ChoiceList:
    name: str
    choices: tuple[Choice, ...]

    def parse(self, text: str) -> str:
        """The stored value for ``text``, or InvalidInput naming the list."""
        wanted = " ".join(text.split()).casefold()
        for choice in self.choices:
            forms = (choice.value, choice.english, choice.khmer, choice.shown)
            if wanted in {f.casefold() for f in forms}:
                return choice.value
        raise InvalidInput(f"{text!r} is not in the list of {self.name}: choose from the list.")


def _choices(name: str, *rows: tuple[str, str, str]) -> ChoiceList:
    return ChoiceList(name, tuple(Choice(*row) for row in rows))


SEXES = _choices("sexes", (Sex.FEMALE, "Female", "ស្រី"), (Sex.MALE, "Male", "ប្រុស"))
YES_NO = _choices("answers", ("yes", "Yes", "បាទ/ចាស"), ("no", "No", "ទេ"))
PROVINCE_LIST = ChoiceList(
    "provinces", tuple(Choice(p.code, f"{p.code} {p.name_en}", p.name_km) for p in PROVINCES)
)
DOCUMENT_TYPES = _choices(
    "identity documents",
    (DocumentType.NATIONAL_ID, "National ID card", "អត្តសញ្ញាណប័ណ្ណ"),
    (DocumentType.PASSPORT, "Passport", "លិខិតឆ្លងដែន"),
    (DocumentType.FAMILY_BOOK, "Family book", "សៀវភៅគ្រួសារ"),
    (DocumentType.BIRTH_CERTIFICATE, "Birth certificate", "សំបុត្រកំណើត"),
    (DocumentType.COMMUNE_LETTER, "Commune chief's letter", "លិខិតបញ្ជាក់ពីមេឃុំ"),
)
AUTHORITIES = _choices(
    "identifying authorities",
    (IdentifyingAuthority.AHTJPP, "Anti-trafficking police (AHTJPP)", "នគរបាលប្រឆាំងការជួញដូរមនុស្ស"),
    (IdentifyingAuthority.PROVINCIAL_POLICE, "Provincial police", "នគរបាលខេត្ត"),
    (IdentifyingAuthority.BORDER_POLICE, "Border police", "នគរបាលព្រំដែន"),
    (IdentifyingAuthority.DOSVY, "DOSVY", "មន្ទីរសង្គមកិច្ច"),
    (IdentifyingAuthority.MOSVY, "MOSVY (incl. Poipet Transit Center)", "ក្រសួងសង្គមកិច្ច"),
    (IdentifyingAuthority.EMBASSY, "Embassy or consulate", "ស្ថានទូត ឬស្ថានកុងស៊ុល"),
    (IdentifyingAuthority.COURT, "Court", "តុលាការ"),
)
EXPLOITATION_FORMS = _choices(
    "forms of exploitation",
    (ExploitationForm.FISHING, "Fishing", "នេសាទ"),
    (ExploitationForm.CONSTRUCTION, "Construction", "សំណង់"),
    (ExploitationForm.AGRICULTURE, "Agriculture", "កសិកម្ម"),
    (ExploitationForm.FACTORY, "Factory", "រោងចក្រ"),
    (ExploitationForm.BRICK_KILN, "Brick kiln", "ឡឥដ្ឋ"),
    (ExploitationForm.DOMESTIC_SERVITUDE, "Domestic servitude", "ការងារបម្រើតាមផ្ទះ"),
    (ExploitationForm.FORCED_BEGGING, "Forced begging", "ការបង្ខំឱ្យសុំទាន"),
    (ExploitationForm.FORCED_MARRIAGE, "Forced marriage", "ការបង្ខំឱ្យរៀបការ"),
    (ExploitationForm.SEXUAL_EXPLOITATION, "Sexual exploitation", "ការកេងប្រវ័ញ្ចផ្លូវភេទ"),
    (ExploitationForm.OTHER, "Other", "ផ្សេងៗ"),
)
_COUNTRY_KHMER = {
    "KH": "កម្ពុជា",
    "TH": "ថៃ",
    "MY": "ម៉ាឡេស៊ី",
    "CN": "ចិន",
    "ID": "ឥណ្ឌូណេស៊ី",
    "VN": "វៀតណាម",
    "LA": "ឡាវ",
    "KR": "កូរ៉េ",
    "JP": "ជប៉ុន",
    "SA": "អារ៉ាប៊ីសាអូឌីត",
    "TW": "តៃវ៉ាន់",
    "SG": "សិង្ហបុរី",
    "MM": "មីយ៉ាន់ម៉ា",
    "FJ": "ហ្វីជី",
    "ZA": "អាហ្វ្រិកខាងត្បូង",
    "MU": "ម៉ូរីស",
}
COUNTRIES = ChoiceList(
    "countries",
    tuple(
        Choice(code, f"{code} {name}", _COUNTRY_KHMER[code])
        for code, name in COUNTRIES_OF_EXPLOITATION.items()
    ),
)
APPLICATION_TYPES = _choices(
    "application types",
    (ApplicationType.INTERIM_GRANT, "Interim rehabilitation grant", "ជំនួយស្តារនីតិសម្បទាបណ្តោះអាសន្ន"),
    (ApplicationType.COMPENSATION_AWARD, "Compensation award", "ប្រាក់សំណង"),
)


class Kind:
    TEXT = "text"
    DATE = "date"
    YEAR = "year"
    CHOICE = "choice"


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    english: str
    khmer: str
    required: bool = False
    kind: str = Kind.TEXT
    choices: ChoiceList | None = None
    max_chars: int = 120
    hint: str = ""


def _col(key: str, english: str, khmer: str, **more: object) -> Column:
    return Column(key, english, khmer, **more)  # type: ignore[arg-type]


def _pick(key: str, english: str, khmer: str, choices: ChoiceList, **more: object) -> Column:
    return Column(key, english, khmer, kind=Kind.CHOICE, choices=choices, **more)  # type: ignore[arg-type]


COLUMNS: tuple[Column, ...] = (
    # the survivor
    _col("name_km", "Name in Khmer", "ឈ្មោះជាអក្សរខ្មែរ", required=True),
    _col(
        "name_latin",
        "Name in Latin letters",
        "ឈ្មោះជាអក្សរឡាតាំង",
        required=True,
        hint="as on the identity document; family name first",
    ),
    _pick("sex", "Sex", "ភេទ", SEXES, required=True),
    _col(
        "date_of_birth",
        "Date of birth",
        "ថ្ងៃខែឆ្នាំកំណើត",
        kind=Kind.DATE,
        hint="YYYY-MM-DD; leave empty if unknown and give the estimated year",
    ),
    _col(
        "birth_year",
        "Estimated year of birth",
        "ឆ្នាំកំណើតប៉ាន់ស្មាន",
        kind=Kind.YEAR,
        hint="only when the date of birth is unknown",
    ),
    _pick("province", "Responsible province", "ខេត្តទទួលបន្ទុក", PROVINCE_LIST, required=True),
    _col("phone", "Phone", "លេខទូរស័ព្ទ", max_chars=40),
    _col("address", "Address", "អាសយដ្ឋាន", max_chars=300),
    _col(
        "guardian_name",
        "Guardian's name (minor)",
        "ឈ្មោះអាណាព្យាបាល",
        hint="required when the survivor is under 18",
    ),
    _col("guardian_relationship", "Guardian's relationship", "ទំនាក់ទំនងអាណាព្យាបាល", max_chars=40),
    _col("guardian_phone", "Guardian's phone", "លេខទូរស័ព្ទអាណាព្យាបាល", max_chars=40),
    _pick("document_type", "Identity document", "ឯកសារអត្តសញ្ញាណ", DOCUMENT_TYPES),
    _col(
        "document_number",
        "Document number",
        "លេខឯកសារ",
        max_chars=40,
        hint="required for every document but a commune chief's letter",
    ),
    _col("document_issued_by", "Document issued by", "ចេញដោយ"),
    # the formal identification
    _pick("authority", "Identifying authority", "អាជ្ញាធរកំណត់អត្តសញ្ញាណ", AUTHORITIES, required=True),
    _col("officer_name", "Identifying officer", "មន្ត្រីកំណត់អត្តសញ្ញាណ", required=True),
    _col(
        "identified_on",
        "Identified on",
        "កាលបរិច្ឆេទកំណត់អត្តសញ្ញាណ",
        required=True,
        kind=Kind.DATE,
        hint="YYYY-MM-DD",
    ),
    _col("place", "Place of identification", "ទីកន្លែងកំណត់អត្តសញ្ញាណ", required=True, max_chars=200),
    _col(
        "form_reference", "Identification form reference", "លេខយោងទម្រង់", required=True, max_chars=60
    ),
    _pick(
        "exploitation_form",
        "Form of exploitation",
        "ទម្រង់នៃការកេងប្រវ័ញ្ច",
        EXPLOITATION_FORMS,
        required=True,
    ),
    _pick("country", "Country of exploitation", "ប្រទេសដែលកើតហេតុ", COUNTRIES, required=True),
    _pick("act_established", "Act established", "អំពើត្រូវបានបញ្ជាក់", YES_NO, required=True),
    _pick(
        "means_established",
        "Means established",
        "មធ្យោបាយត្រូវបានបញ្ជាក់",
        YES_NO,
        required=True,
        hint="not required for a minor: answer as the record says",
    ),
    _pick("purpose_established", "Purpose established", "គោលបំណងត្រូវបានបញ្ជាក់", YES_NO, required=True),
    _pick("minor_at_time", "Minor at the time", "អនីតិជននៅពេលកើតហេតុ", YES_NO, required=True),
    # the application
    _pick(
        "application_type", "Application type", "ប្រភេទពាក្យស្នើសុំ", APPLICATION_TYPES, required=True
    ),
    _col(
        "submitting_organisation",
        "Submitting organisation",
        "អង្គភាពដាក់ពាក្យ",
        required=True,
        hint="the DOSVY office or partner NGO",
    ),
)
COLUMN_BY_KEY = {c.key: c for c in COLUMNS}
COLUMN_BY_HEADER = {c.english.casefold(): c for c in COLUMNS}
CHOICE_LISTS: tuple[ChoiceList, ...] = tuple(
    dict.fromkeys(c.choices for c in COLUMNS if c.choices is not None)
)

HEADER_ROWS = 2
"""Row 1 holds the Khmer headers, row 2 the English ones; data starts on row 3."""

INSTRUCTIONS: tuple[tuple[str, str], ...] = (
    (
        "One row is one survivor, their formal identification and one application.",
        "មួយជួរ គឺអ្នករស់រានមានជីវិតម្នាក់ ការកំណត់អត្តសញ្ញាណ និងពាក្យស្នើសុំមួយ។",
    ),
    (
        "Columns marked * must be filled in. Choose from the drop-down lists where given.",
        "ជួរឈរដែលមានសញ្ញា * ត្រូវតែបំពេញ។ សូមជ្រើសរើសពីបញ្ជីទម្លាក់ចុះ។",
    ),
    (
        "Dates are written YYYY-MM-DD (2026-03-31). Give the date of birth, or if it is "
        "unknown the estimated year of birth.",
        "កាលបរិច្ឆេទសរសេរ ឆ្នាំ-ខែ-ថ្ងៃ (2026-03-31)។",
    ),
    (
        "A survivor under 18 needs the guardian's name. Every identity document but a "
        "commune chief's letter needs its number.",
        "អនីតិជនត្រូវមានឈ្មោះអាណាព្យាបាល។",
    ),
    (
        "If any row has a problem, the whole file is refused and every problem is listed "
        "with its row and column: correct them and import the file again.",
        "ប្រសិនបើជួរណាមួយមានបញ្ហា ឯកសារទាំងមូលនឹងត្រូវបដិសេធ។",
    ),
    (
        "A survivor who may already be registered is put on hold for a fund officer to "
        "check; the other rows go forward.",
        "អ្នកដែលប្រហែលជាបានចុះឈ្មោះរួចហើយ នឹងត្រូវផ្អាកសម្រាប់ការត្រួតពិនិត្យ។",
    ),
    (
        "Do not type formulas: a cell starting with = is read as text.",
        "កុំវាយរូបមន្ត។",
    ),
)


def header(column: Column, khmer: bool) -> str:
    """The header as written in the template; required columns carry a star."""
    text = column.khmer if khmer else column.english
    return f"{text} *" if column.required else text
