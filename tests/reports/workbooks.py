"""Workbooks for the intake tests: the app's template filled in as a caseworker would."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Mapping
from datetime import date

from openpyxl import load_workbook

from compfund.intake.template import COLUMNS, HEADER_ROWS
from reports.cells import CellValue, put
from reports.intake_template import DATA_SHEET, intake_template

COLUMN_NUMBER = {c.key: n for n, c in enumerate(COLUMNS, start=1)}


def fisherman_row(**changes: CellValue) -> dict[str, CellValue]:
    """An adult fisherman deported from Thailand and identified at Poipet, as typed in;
    he consented by thumbprint the next day and said he had received nothing."""
    row: dict[str, CellValue] = {
        "name_km": "សុខ សុខា",
        "name_latin": "Sok Sokha",
        "sex": "Male / ប្រុស",
        "date_of_birth": date(1991, 3, 14),
        "province": "KH-1 Banteay Meanchey / បន្ទាយមានជ័យ",
        "phone": "012 345 678",
        "document_type": "National ID card / អត្តសញ្ញាណប័ណ្ណ",
        "document_number": "110223344",
        "authority": "MOSVY (incl. Poipet Transit Center) / ក្រសួងសង្គមកិច្ច",
        "officer_name": "Chea Sophal",
        "identified_on": date(2026, 1, 5),
        "place": "Poipet Transit Center",
        "form_reference": "VIG-2026-0141",
        "exploitation_form": "Fishing / នេសាទ",
        "country": "TH Thailand / ថៃ",
        "act_established": "Yes / បាទ/ចាស",
        "means_established": "Yes / បាទ/ចាស",
        "purpose_established": "Yes / បាទ/ចាស",
        "minor_at_time": "No / ទេ",
        "application_type": "Interim rehabilitation grant / ជំនួយស្តារនីតិសម្បទាបណ្តោះអាសន្ន",
        "submitting_organisation": "DOSVY Banteay Meanchey",
        "consent_given_by": "Survivor / អ្នករស់រានមានជីវិត",
        "consent_given_on": date(2026, 1, 6),
        "consent_method": "Thumbprint on form / ផ្តិតមេដៃលើទម្រង់",
        "disclosure": "Nothing received / មិនបានទទួលអ្វីទេ",
        "disclosure_asked_on": date(2026, 1, 6),
    }
    row.update(changes)
    return row


def settlement_row(**changes: CellValue) -> dict[str, CellValue]:
    """The fisherman again, whose family the broker paid USD 150 to drop the complaint
    (report 3.3): the amount typed as text, exactly."""
    received: dict[str, CellValue] = {
        "disclosure": "Received / បានទទួល",
        "received_amount": "150.00",
        "received_currency": "USD US dollar / ដុល្លារអាមេរិក",
        "received_on": date(2025, 12, 20),
        "paid_by": "Agent or broker / ភ្នាក់ងារ ឬមេខ្យល់",
        "paid_by_note": "the broker in Poipet",
        "received_by": "Family / គ្រួសារ",
    }
    return fisherman_row(**{**received, **changes})


def filled_template(rows: Iterable[Mapping[str, CellValue]]) -> bytes:
    """The app's own template with ``rows`` typed into the data sheet, saved as bytes."""
    book = intake_template()
    sheet = book[DATA_SHEET]
    for number, row in enumerate(rows, start=HEADER_ROWS + 1):
        for key, value in row.items():
            put(sheet, number, COLUMN_NUMBER[key], value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def reopened(data: bytes):  # type: ignore[no-untyped-def]
    return load_workbook(io.BytesIO(data))


def with_part(data: bytes, name: str, content: bytes) -> bytes:
    """The workbook ``data`` with its part ``name`` replaced (or added) by ``content``."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            body = content if item.filename == name else source.read(item)
            target.writestr(item.filename, body)
        if name not in source.namelist():
            target.writestr(name, content)
    return out.getvalue()


def with_number(data: bytes, row: int, key: str, value: float) -> bytes:
    """The workbook ``data`` with a number typed into ``key`` on ``row``, as a spreadsheet
    stores it: a binary float (the app itself never writes one)."""
    book = reopened(data)
    book[DATA_SHEET].cell(row, COLUMN_NUMBER[key]).value = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
