"""Looking for survivors' names, document numbers and phone numbers in exported files.

A workbook is read whole: every part of the archive (all sheets, hidden ones too, the
shared strings, the document properties), XML entities decoded. A PDF is read as pypdf
extracts the text of its pages, plus its document information and embedded files.

Khmer in a PDF is drawn as shaped glyphs, and the text extracted holds for each glyph
the character it stands for; the glyphs that have none of their own (subscript
consonants, parts of vowels) get private-use code points, numbered by ReportLab's font
object as the document meets them. So a Khmer name is looked for as its own shaped
glyph string, made with the font object that drew the document (scan a PDF right after
making it, in the same process), compared line by line (and with the next line, for a name wrapped in its cell) with
spaces removed. The
identified export of the same data is the positive control: the same scan must find
every name in it.
"""

from __future__ import annotations

import html
import json
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pypdf import PdfReader
from reportlab.pdfbase.ttfonts import shapeStr
from sqlalchemy import Engine, select

from compfund.models import Identification, IdentityDocument, Survivor
from reports.pdf_text import KHMER_FONT

_SPACE = re.compile(r"\s+")
_KHMER_RUN = re.compile("[\u1780-\u17ff\u19e0-\u19ff\u200b-\u200d\ue000-\uf8ff\\s]+")
_WORD = re.compile(r"[A-Za-z]+")
_TOKEN = re.compile(r"[A-Za-z0-9-]+")
_PHONE = re.compile(r"(?<![0-9])\d{3} \d{3} \d{3,4}(?![0-9])")


@dataclass
class Needles:
    names_km: set[str] = field(default_factory=set)
    names_latin: set[str] = field(default_factory=set)
    documents: set[str] = field(default_factory=set)
    phones: set[str] = field(default_factory=set)
    guardian_phones: set[str] = field(default_factory=set)  # never exported, even identified

    @classmethod
    def of(cls, engine: Engine) -> Needles:
        found = cls()
        with engine.connect() as conn:
            for name_km, name_latin, phone, g_phone in conn.execute(
                select(Survivor.name_km, Survivor.name_latin, Survivor.phone,
                       Survivor.guardian_phone)
            ):  # fmt: skip
                found.names_km.add(name_km)
                found.names_latin.add(name_latin)
                found.phones.update([phone] if phone else [])
                found.guardian_phones.update([g_phone] if g_phone else [])
            found.documents.update(
                n for n in conn.execute(select(IdentityDocument.number)).scalars() if n
            )
        return found

    @staticmethod
    def officials(engine: Engine) -> set[str]:
        """Names of the identifying officers (police, DOSVY): not survivors' identities,
        kept in clear in the trail; a demo survivor may share one."""
        with engine.connect() as conn:
            return set(conn.execute(select(Identification.officer_name)).scalars())

    def excluding_names(self, names: set[str]) -> Needles:
        """The same needles less some Latin names (officials who share a survivor's name)."""
        return Needles(
            self.names_km, self.names_latin - names, self.documents, self.phones,
            self.guardian_phones,
        )  # fmt: skip

    def counts(self) -> dict[str, int]:
        return {k: len(v) for k, v in vars(self).items()}


@dataclass(frozen=True)
class Text:
    """What a file shows, and how its Khmer is to be compared (plain or shaped)."""

    text: str
    shaped_khmer: bool


def _ngrams(words: list[str]) -> set[str]:
    return {" ".join(words[i : i + n]) for n in (2, 3, 4) for i in range(len(words))}


def _shaped(name: str) -> str:
    """The glyphs of ``name`` as the current Khmer font object numbers them."""
    return "".join(str(shapeStr(word, KHMER_FONT, 10)) for word in name.split())


def found_in(needles: Needles, seen: Text) -> dict[str, set[str]]:
    """Which needles ``seen`` shows, by kind."""
    text = " ".join(seen.text.split())
    if seen.shaped_khmer:
        cut = [_SPACE.sub("", line) for line in seen.text.splitlines()]
        pairs = [a + b for a, b in zip(cut, cut[1:], strict=False)]  # a name wrapped in its cell
        lines = {line for line in cut + pairs if _KHMER_RUN.search(line)}
        # Each name shaped once (not once per line); a shaped name holds no newline, so it
        # is in one of the lines exactly when it is in them joined by newlines.
        joined = "\n".join(lines)
        khmer = {n for n in needles.names_km if lines and _shaped(n) in joined}
    else:
        runs = set(_KHMER_RUN.findall(text))  # no newline left in ``text``: joined likewise
        joined_runs = "\n".join(runs)
        khmer = {n for n in needles.names_km if runs and n in joined_runs}
    phones = set(_PHONE.findall(text))
    return {
        "names_km": khmer,
        "names_latin": needles.names_latin & _ngrams(_WORD.findall(text)),
        "documents": needles.documents & set(_TOKEN.findall(text)),
        "phones": needles.phones & phones,
        "guardian_phones": needles.guardian_phones & phones,
    }


def xlsx_text(path: Path) -> Text:
    parts: list[str] = []
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            raw = archive.read(name).decode("utf-8", errors="replace")
            parts.append(html.unescape(re.sub(r"<[^>]+>", " ", raw)))
    return Text("\n".join(parts), shaped_khmer=False)


def pdf_page_text(path: Path) -> Text:
    """The text of every page (call right after the PDF was made: see the module doc)."""
    return Text("\n".join(p.extract_text() for p in PdfReader(path).pages), shaped_khmer=True)


def pdf_hidden_text(path: Path) -> Text:
    """Document information and embedded files: text as it is, not shaped."""
    reader = PdfReader(path)
    parts: list[str] = [str(v) for v in (reader.metadata or {}).values()]
    for name, contents in reader.attachments.items():
        parts.append(name)
        for content in contents:
            parts.append(json.dumps(json.loads(content), ensure_ascii=False))
    return Text("\n".join(parts), shaped_khmer=False)


def scan(needles: Needles, texts: Iterable[Text]) -> dict[str, set[str]]:
    total: dict[str, set[str]] = {}
    for text in texts:
        for kind, hits in found_in(needles, text).items():
            total.setdefault(kind, set()).update(hits)
    return total
