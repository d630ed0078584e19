"""``compfund application consent|withdraw-consent|disclosure|heads|submit|attach``.

A caseworker completes one application's intake here, through the same services bulk
intake uses. What is typed is parsed first (dates as YYYY-MM-DD, money exact, never a
float) and a malformed value exits 2 before anything is asked of the database; the
services judge the rest (a minor's consent is the guardian's, ...), and a refusal exits 1
with nothing written.
"""

from __future__ import annotations

import argparse
import mimetypes
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from compfund.applications.application import (
    attach_document,
    check_attachment_size,
    submit_application,
)
from compfund.applications.claims import (
    DisclosureInput,
    LossClaim,
    ReceivedPayment,
    record_disclosure,
    set_heads_of_loss,
)
from compfund.applications.consent import ConsentInput, record_consent, withdraw_consent
from compfund.cli.award_commands import parse_heads, parse_pairs
from compfund.cli.desks import on_desk
from compfund.cli.output import emit, table
from compfund.cli.parsing import Group, Parser, UsageError, add_group, add_leaf
from compfund.clock import parse_date, today_in_cambodia
from compfund.codes import parse_application_code
from compfund.enums import ConsentGiver, ConsentMethod, HeadOfLoss, Payer, Recipient
from compfund.errors import InvalidInput
from compfund.intake.template import Disclosed
from compfund.models.cases import MAX_ATTACHMENT_BYTES
from compfund.money import Currency, Money

if TYPE_CHECKING:
    from compfund.cli.main import Globals

_PAYMENT_OPTIONS = ("amount", "currency", "received_on", "paid_by")
"""What an answer of "received" must give."""
_DETAIL_OPTIONS = (*_PAYMENT_OPTIONS, "payer_note", "received_by")


def _words(value: str) -> str:
    return value.replace("_", " ")


def _option(name: str) -> str:
    return "--" + name.replace("_", "-")


def _day(text: str | None, what: str) -> date:
    return parse_date(text, what) if text else today_in_cambodia()


def consent(ns: argparse.Namespace, options: Globals) -> int:
    code = parse_application_code(ns.application)
    data = ConsentInput(
        ConsentGiver(ns.by), parse_date(ns.date, "date of consent"), ConsentMethod(ns.method)
    )
    on_desk(options, lambda d: d.do(record_consent, code, data))
    emit(
        options.json,
        {
            "application": code,
            "given_by": data.given_by.value,
            "given_on": data.given_on.isoformat(),
            "method": data.method.value,
        },
        f"Consent to {code} given by the {data.given_by.value} on {data.given_on} "
        f"({_words(data.method.value)}) is recorded.",
    )
    return 0


def withdraw(ns: argparse.Namespace, options: Globals) -> int:
    code = parse_application_code(ns.application)
    day = _day(ns.date, "date of withdrawal")
    method = ConsentMethod(ns.method)
    on_desk(options, lambda d: d.do(withdraw_consent, code, day, method, ns.reason))
    emit(
        options.json,
        {"application": code, "withdrawn_on": day.isoformat(), "method": method.value},
        f"Consent to {code} was withdrawn on {day} ({_words(method.value)}); the withdrawal "
        "is recorded and the application goes no further.",
    )
    return 0


def _payment(ns: argparse.Namespace) -> ReceivedPayment:
    missing = [_option(k) for k in _PAYMENT_OPTIONS if getattr(ns, k) is None]
    if missing:
        raise UsageError(f"Money was received: give {', '.join(missing)} as well.")
    return ReceivedPayment(
        Money.of(ns.amount, ns.currency),
        parse_date(ns.received_on, "date the money was received"),
        Payer(ns.paid_by),
        Recipient(ns.received_by or Recipient.SURVIVOR),
        ns.payer_note,
    )


def disclosure(ns: argparse.Namespace, options: Globals) -> int:
    code = parse_application_code(ns.application)
    details = [_option(k) for k in _DETAIL_OPTIONS if getattr(ns, k) is not None]
    if ns.answer != Disclosed.RECEIVED and details:
        raise UsageError(
            f"The answer is {_words(ns.answer)!r}, yet money received is given "
            f"({', '.join(details)}): answer 'received' or leave those out."
        )
    if ns.answer == Disclosed.NOT_ASKED:
        if ns.asked_on:
            raise UsageError("The answer is 'not asked': leave out --asked-on.")
        emit(
            options.json,
            {"application": code, "recorded": False},
            f"Nothing is recorded for {code}: the survivor was not asked, so the question "
            "stays open (an answer recorded before stands).",
        )
        return 0
    payments = (_payment(ns),) if ns.answer == Disclosed.RECEIVED else ()
    data = DisclosureInput(_day(ns.asked_on, "date the survivor was asked"), payments)
    on_desk(options, lambda d: d.do(record_disclosure, code, data))
    said = (
        "nothing received"
        if not payments
        else "; ".join(
            f"{p.amount} received by the {p.received_by.value} on {p.received_on} from the "
            f"{p.paid_by.value}" + (f" ({p.paid_by_note})" if p.paid_by_note else "")
            for p in payments
        )
    )
    emit(
        options.json,
        {
            "application": code,
            "recorded": True,
            "asked_on": data.asked_on.isoformat(),
            "payments": [
                {
                    **p.amount.to_json(),
                    "received_on": p.received_on.isoformat(),
                    "paid_by": p.paid_by.value,
                    "paid_by_note": p.paid_by_note,
                    "received_by": p.received_by.value,
                }
                for p in payments
            ],
        },
        f"The disclosure for {code} is recorded: {said} (asked on {data.asked_on}).",
    )
    return 0


def heads(ns: argparse.Namespace, options: Globals) -> int:
    code = parse_application_code(ns.application)
    amounts = parse_heads(ns.head, Currency.parse(ns.currency))
    notes = parse_pairs(ns.note or [], HeadOfLoss, "--note", "TEXT")
    if unclaimed := [h.value for h in notes if h not in amounts]:
        raise UsageError(f"--note for {', '.join(unclaimed)}: claim that head with --head too.")
    claims = tuple(LossClaim(h, amount, notes.get(h)) for h, amount in amounts.items())
    on_desk(options, lambda d: d.do(set_heads_of_loss, code, claims))
    rows = [[_words(c.head.value), str(c.amount), c.note or ""] for c in claims]
    emit(
        options.json,
        {
            "application": code,
            "heads": [{"head": c.head.value, **c.amount.to_json(), "note": c.note} for c in claims],
        },
        f"Heads of loss claimed for {code}:\n" + table(rows, ["head of loss", "amount", "note"]),
    )
    return 0


def submit(ns: argparse.Namespace, options: Globals) -> int:
    code = parse_application_code(ns.application)
    screening = on_desk(options, lambda d: d.do(submit_application, code))
    text = screening.notice if screening.held else f"{code} is submitted: no likely duplicate."
    emit(options.json, screening.to_json(), text)
    return 0


def attach(ns: argparse.Namespace, options: Globals) -> int:
    code = parse_application_code(ns.application)
    path = Path(ns.file)
    try:
        check_attachment_size(path.name, path.stat().st_size)  # before reading it all
        content = path.read_bytes()
    except OSError as error:
        raise InvalidInput(f"Cannot read {ns.file}: {error.strerror}.") from None
    media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    digest = on_desk(
        options,
        lambda d: d.do(
            attach_document,
            code,
            path.name,
            content,
            media_type=media_type,
            description=ns.description,
        ),
    )
    emit(
        options.json,
        {
            "application": code,
            "filename": path.name,
            "media_type": media_type,
            "size_bytes": len(content),
            "sha256": digest,
        },
        f"Attached {path.name} ({len(content)} bytes, SHA-256 {digest}) to {code}.",
    )
    return 0


def _choices(enum: type[ConsentGiver | ConsentMethod | Payer | Recipient]) -> list[str]:
    return [member.value for member in enum]


def register(sub: Group, common: Parser) -> None:
    group = add_group(
        sub, "application", "one application's intake: consent, disclosure, claim, submission"
    )
    p = add_leaf(group, common, "consent", consent, "record consent (the guardian's for a minor)")
    p.add_argument("application", metavar="APPLICATION_CODE")
    p.add_argument("--by", required=True, choices=_choices(ConsentGiver))
    p.add_argument("--date", required=True, metavar="DATE", help="when consent was given")
    p.add_argument("--method", required=True, choices=_choices(ConsentMethod))
    p = add_leaf(
        group,
        common,
        "withdraw-consent",
        withdraw,
        "record that consent was withdrawn: processing stops (the application is withdrawn)",
    )
    p.add_argument("application", metavar="APPLICATION_CODE")
    p.add_argument("--reason", required=True, help="how the withdrawal came (who asked, why)")
    p.add_argument("--method", required=True, choices=_choices(ConsentMethod))
    p.add_argument("--date", metavar="DATE", help="when it was withdrawn (default today)")
    p = add_leaf(
        group,
        common,
        "disclosure",
        disclosure,
        "record money received from the offender, agent or employer (or nothing received)",
    )
    p.add_argument("application", metavar="APPLICATION_CODE")
    p.add_argument(
        "--answer",
        required=True,
        choices=[Disclosed.NOTHING, Disclosed.RECEIVED, Disclosed.NOT_ASKED],
    )
    p.add_argument("--asked-on", dest="asked_on", metavar="DATE", help="default today")
    p.add_argument("--amount", help="the amount received, e.g. 150.00")
    p.add_argument("--currency", choices=[c.value for c in Currency])
    p.add_argument("--received-on", dest="received_on", metavar="DATE")
    p.add_argument("--paid-by", dest="paid_by", choices=_choices(Payer))
    p.add_argument("--payer-note", dest="payer_note", help="who paid (needed for 'other')")
    p.add_argument("--received-by", dest="received_by", choices=_choices(Recipient))
    p = add_leaf(
        group, common, "heads", heads, "set the heads of loss of a compensation award claim"
    )
    p.add_argument("application", metavar="APPLICATION_CODE")
    p.add_argument(
        "--head",
        required=True,
        action="append",
        metavar="HEAD=AMOUNT",
        help=f"one head of loss ({', '.join(h.value for h in HeadOfLoss)}); repeat for each",
    )
    p.add_argument("--currency", required=True, choices=[c.value for c in Currency])
    p.add_argument(
        "--note", action="append", metavar="HEAD=TEXT", help="a head's note (needed for other)"
    )
    p = add_leaf(group, common, "submit", submit, "submit a draft (screened for duplicates)")
    p.add_argument("application", metavar="APPLICATION_CODE")
    cap = f"{MAX_ATTACHMENT_BYTES // (1024 * 1024)} MB at most"
    p = add_leaf(group, common, "attach", attach, f"attach a scanned document ({cap})")
    p.add_argument("application", metavar="APPLICATION_CODE")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--description", help="what the document is, e.g. 'thumbprinted consent form'")
