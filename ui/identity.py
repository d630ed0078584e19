"""Seeing who a survivor is, without Qt: the reason asked for, and what the views show.

Showing a survivor's identity and searching survivors by name or document number are
identifying accesses (TIPSE Art. 49): only roles the permission table names may make
them, each needs a typed reason, and the core writes each one to the audit trail in the
same transaction as the read (``compfund.audit.access``). The window only offers them,
asks for the reason, and shows what comes back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from compfund.audit.access import (
    SurvivorIdentity,
    SurvivorMatch,
    search_survivors,
    show_identity,
)
from compfund.desk import Desk
from compfund.provinces import BY_CODE
from compfund.reasons import IDENTIFYING_ACCESS, MAX_SEARCH_RESULTS, MIN_SEARCH, Reason, squeezed

NOT_RECORDED = "not recorded"

REASON_NOTE = (
    "Seeing who a survivor is, is an identifying access. Your name, the time, the "
    "survivor and the reason you type here are kept in the audit trail."
)
SEARCH_NOTE = (
    "Searching by name or document number is an identifying access: your name, the time, "
    "the reason and every survivor found are kept in the audit trail."
)
PRIVATE_NOTE = (
    "Identifying information (TIPSE Art. 49): do not copy it into lists, e-mails or chats."
)

DOCUMENT_WORDS = {
    "national_id": "national ID card",
    "passport": "passport",
    "family_book": "family book",
    "birth_certificate": "birth certificate",
    "commune_letter": "commune chief's letter",
}


@dataclass(frozen=True, slots=True)
class Asking:
    """What a reason dialog asks for: its title, the note above, an example reason and
    the text of its OK button."""

    title: str
    note: str
    example: str
    ok_text: str
    reason: Reason = IDENTIFYING_ACCESS
    """The kind of reason the service takes (its minimum length)."""


def identity_asking(survivor_code: str) -> Asking:
    return Asking(
        f"why see survivor {survivor_code}?",
        REASON_NOTE,
        "e.g. checking the payee's name before the transfer",
        "Show identity",
    )


def reason_hint(typed: str, reason: Reason = IDENTIFYING_ACCESS) -> str:
    """Under the reason field: how much more to type, or that it will do."""
    missing = reason.missing(typed)
    if missing <= 0:
        return "This reason will be kept in the audit trail."
    return f"At least {reason.minimum} characters: {missing} more."


def search_ok(text: str, reason: str) -> bool:
    return len(squeezed(text)) >= MIN_SEARCH and IDENTIFYING_ACCESS.is_enough(reason)


class ReasonView(Protocol):
    """What a form asking for a reason shows: the hint under the field, and whether its
    OK (or Search) button may be pressed."""

    def show_hint(self, text: str) -> None: ...

    def allow(self, ready: bool) -> None: ...


class ReasonForm:
    """The presenter of a reason dialog: OK waits until the reason is long enough and
    every other required field is filled in; the hint says how much more to type."""

    def __init__(self, reason: Reason, view: ReasonView) -> None:
        self.reason = reason
        self.view = view

    def ready(self, typed: str, *required: str) -> bool:
        return all(field.strip() for field in required) and self.reason.is_enough(typed)

    def typed(self, typed: str, *required: str) -> None:
        self.view.allow(self.ready(typed, *required))
        self.view.show_hint(reason_hint(typed, self.reason))


class SearchForm:
    """The presenter of the survivor search: Search waits for two characters and a
    reason, and while a search runs."""

    def __init__(self, view: ReasonView) -> None:
        self.view = view

    def typed(self, text: str, reason: str, *, busy: bool = False) -> None:
        self.view.allow(not busy and search_ok(text, reason))
        self.view.show_hint(reason_hint(reason))


def province_name(code: str) -> str:
    province = BY_CODE.get(code)
    return f"{province.name_km} {province.name_en}" if province else code


def _or_not_recorded(value: str | None) -> str:
    return value.strip() if value and value.strip() else NOT_RECORDED


def born(identity: SurvivorIdentity) -> str:
    if identity.date_of_birth is not None:
        return identity.date_of_birth.isoformat()
    if identity.birth_year is not None:
        return f"{identity.birth_year} (estimated year)"
    return NOT_RECORDED


def guardian(identity: SurvivorIdentity) -> str:
    if not identity.guardian_name:
        return "none recorded"
    text = identity.guardian_name
    if identity.guardian_relationship:
        text += f" ({identity.guardian_relationship})"
    if identity.guardian_phone:
        text += f", {identity.guardian_phone}"
    return text


def documents(identity: SurvivorIdentity) -> str:
    lines = [
        f"{DOCUMENT_WORDS.get(d.document_type.value, d.document_type.value)} {d.number or ''}"
        for d in identity.documents
    ]
    return "\n".join(line.strip() for line in lines) or "none recorded"


def identity_lines(identity: SurvivorIdentity) -> list[tuple[str, str]]:
    """(label, value) for each line of the identity view, in the order shown."""
    return [
        ("Survivor code", identity.code),
        ("Name in Khmer", identity.name_km),
        ("Name in Latin script", identity.name_latin),
        ("Sex", identity.sex.value),
        ("Born", born(identity)),
        ("Province", province_name(identity.province_code)),
        ("Phone", _or_not_recorded(identity.phone)),
        ("Address", _or_not_recorded(identity.address)),
        ("Guardian", guardian(identity)),
        ("Documents", documents(identity)),
    ]


MATCH_HEADERS = ("Survivor", "Name in Khmer", "Name in Latin script", "Province")


def match_cells(match: SurvivorMatch) -> tuple[str, str, str, str]:
    return (match.code, match.name_km, match.name_latin, province_name(match.province_code))


def found_line(count: int) -> str:
    if count == 0:
        return "No survivor matches."
    if count >= MAX_SEARCH_RESULTS:
        return f"The first {count} survivors found are shown: type more of the name to narrow."
    return "1 survivor found." if count == 1 else f"{count} survivors found."


# -- the calls, made off the UI thread (each writes its audit record, hence desk.do) --------


def fetch_identity(desk: Desk, survivor_code: str, reason: str) -> SurvivorIdentity:
    return desk.do(show_identity, survivor_code, reason)


def find_survivors(desk: Desk, text: str, reason: str) -> list[SurvivorMatch]:
    return desk.do(search_survivors, text, reason)
