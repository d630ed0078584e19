"""The consent and the disclosure of money received, from one row of a DOSVY workbook.

The row's cells are already parsed one by one (lists, dates not in the future) by
``compfund.applications.bulk_intake``. Here they become the inputs single intake gives
``record_consent`` and ``record_disclosure``, which judge them by the same rules (a
minor's consent comes from the guardian, an amount received is more than zero, ...).
What only a workbook can get wrong is checked here: "received" without its amount,
currency, date and payer; an amount that is not exact; details of money received next
to "nothing received" or "not asked".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from compfund.applications.claims import DisclosureInput, ReceivedPayment
from compfund.applications.consent import ConsentInput
from compfund.enums import ConsentGiver, ConsentMethod, Payer, Recipient
from compfund.errors import InvalidInput
from compfund.intake.rows import IntakeRow, RowProblem
from compfund.intake.template import COLUMN_BY_KEY, Disclosed
from compfund.money import Money

PAYMENT_KEYS = ("received_amount", "received_currency", "received_on", "paid_by")
"""What a row that answers "received" must give."""
_DETAIL_KEYS = (*PAYMENT_KEYS, "paid_by_note", "received_by")
_REQUIRED_KEYS = ("consent_given_by", "consent_given_on", "consent_method", "disclosure")
_OPTIONAL_KEYS = ("disclosure_asked_on", *_DETAIL_KEYS)


def heading(key: str) -> str:
    """The column's English header, as problems name it."""
    return COLUMN_BY_KEY[key].english


@dataclass(frozen=True, slots=True)
class RowAnswers:
    consent: ConsentInput
    disclosure: DisclosureInput | None
    """None: the survivor was not asked (nothing is recorded; the question stays open)."""


def _problem(row: IntakeRow, key: str, message: str) -> RowProblem:
    return RowProblem(row.number, heading(key), message)


def _payment(
    row: IntakeRow, v: dict[str, object], problems: list[RowProblem]
) -> ReceivedPayment | None:
    for key in PAYMENT_KEYS:
        if not row.get(key):  # a cell typed but unreadable is listed already
            problems.append(_problem(row, key, "is required when money was received."))
    if not all(k in v for k in PAYMENT_KEYS):
        return None
    try:
        amount = Money.of(str(v["received_amount"]), str(v["received_currency"]))
    except InvalidInput as error:
        problems.append(_problem(row, "received_amount", error.message))
        return None
    received_on = v["received_on"]
    assert isinstance(received_on, date)
    note = v.get("paid_by_note")
    return ReceivedPayment(
        amount,
        received_on,
        Payer(str(v["paid_by"])),
        Recipient(str(v.get("received_by", Recipient.SURVIVOR))),
        str(note) if note is not None else None,
    )


def _disclosure(
    row: IntakeRow, v: dict[str, object], problems: list[RowProblem]
) -> DisclosureInput | None:
    answer = v.get("disclosure")
    given = [heading(k) for k in _DETAIL_KEYS if row.get(k)]
    if answer in (Disclosed.NOTHING, Disclosed.NOT_ASKED) and given:
        said = "Nothing received" if answer == Disclosed.NOTHING else "Not asked"
        problems.append(
            _problem(
                row,
                "disclosure",
                f"says {said!r}, yet money received is filled in ({', '.join(given)}): "
                "answer 'Received' or empty those cells.",
            )
        )
    if answer not in (Disclosed.NOTHING, Disclosed.RECEIVED):
        return None  # not asked, or the answer is missing (listed already)
    asked_on = v.get("disclosure_asked_on")
    if not row.get("disclosure_asked_on"):
        problems.append(
            _problem(row, "disclosure_asked_on", "is required unless the survivor was not asked.")
        )
    payment = _payment(row, v, problems) if answer == Disclosed.RECEIVED else None
    if not isinstance(asked_on, date) or (answer == Disclosed.RECEIVED and payment is None):
        return None
    return DisclosureInput(asked_on, (payment,) if payment else ())


def row_answers(
    row: IntakeRow, v: dict[str, object], problems: list[RowProblem]
) -> RowAnswers | None:
    """The row's consent and disclosure from its parsed cells ``v``; None when a cell
    is missing or wrong, with what this module finds added to ``problems``."""
    found: list[RowProblem] = []
    disclosure = _disclosure(row, v, found)
    problems.extend(found)
    unread = any(row.get(k) and k not in v for k in (*_REQUIRED_KEYS, *_OPTIONAL_KEYS))
    if found or unread or not all(k in v for k in _REQUIRED_KEYS):
        return None  # what is wrong is listed, here or with the cell
    given_on = v["consent_given_on"]
    assert isinstance(given_on, date)
    consent = ConsentInput(
        ConsentGiver(str(v["consent_given_by"])), given_on, ConsentMethod(str(v["consent_method"]))
    )
    return RowAnswers(consent, disclosure)
