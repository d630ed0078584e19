"""``compfund award recommend|approve|reject|show|pending|received``: awards from the command line."""

from __future__ import annotations

import argparse
from enum import StrEnum
from typing import TYPE_CHECKING, TypeVar

from compfund.awards.award import recommend_award
from compfund.awards.award_decision import approve_award, reject_award
from compfund.awards.award_view import (
    HEAD_COLUMNS,
    AwardView,
    awards_awaiting_decision,
    show_award,
)
from compfund.awards.other_compensation import record_other_compensation
from compfund.cli.desks import on_desk
from compfund.cli.output import emit, table
from compfund.cli.parsing import Group, Parser, UsageError, add_group, add_leaf
from compfund.clock import parse_date, today_in_cambodia
from compfund.enums import HeadOfLoss, OtherSource
from compfund.money import Currency, Money

if TYPE_CHECKING:
    from compfund.cli.main import Globals

R = TypeVar("R")
H = TypeVar("H", bound=StrEnum)
HEADS = ", ".join(h.value for h in HeadOfLoss)


def parse_pairs(
    items: list[str], kind: type[H], option: str = "--head", value: str = "AMOUNT"
) -> dict[H, str]:
    """``HEAD=VALUE`` items, each head of ``kind`` once, as typed (a usage error if not)."""
    pairs: dict[H, str] = {}
    names = ", ".join(h.value for h in kind)
    for item in items:
        name, sep, typed = item.partition("=")
        try:
            head = kind(name.strip().lower())
        except ValueError:
            raise UsageError(
                f"{option} {item!r}: write HEAD={value}, HEAD one of {names}."
            ) from None
        if not sep or head in pairs:
            raise UsageError(f"{option} {item!r}: give each head once, as HEAD={value}.")
        pairs[head] = typed
    return pairs


def parse_heads(items: list[str], currency: Currency) -> dict[HeadOfLoss, Money]:
    pairs = parse_pairs(items, HeadOfLoss)
    return {head: Money.of(amount, currency) for head, amount in pairs.items()}


def _summary(view: AwardView) -> str:
    lines = [view.headline()]
    if view.heads:
        lines.append(table(view.head_rows(), list(HEAD_COLUMNS)))
    return "\n".join(lines + view.notes())


def _show(options: Globals, view: AwardView) -> int:
    emit(options.json, view.to_json(), _summary(view))
    return 0


def award_recommend(ns: argparse.Namespace, options: Globals) -> int:
    currency = Currency.parse(ns.currency)
    heads = parse_heads(ns.head or [], currency)
    first_due = parse_date(ns.first_due, "--first-due date") if ns.first_due else None
    view = on_desk(
        options,
        lambda d: d.do(
            recommend_award,
            ns.application,
            currency,
            heads,
            instalments=ns.instalments,
            first_due_on=first_due,
            note=ns.note,
        ),
    )
    return _show(options, view)


def award_approve(ns: argparse.Namespace, options: Globals) -> int:
    view = on_desk(
        options, lambda d: d.do(approve_award, ns.application, expected_version=ns.version)
    )
    return _show(options, view)


def award_reject(ns: argparse.Namespace, options: Globals) -> int:
    view = on_desk(
        options,
        lambda d: d.do(reject_award, ns.application, ns.reason, expected_version=ns.version),
    )
    return _show(options, view)


def award_show(ns: argparse.Namespace, options: Globals) -> int:
    return _show(options, on_desk(options, lambda d: d.read(show_award, ns.application)))


def award_pending(ns: argparse.Namespace, options: Globals) -> int:
    views = on_desk(options, lambda d: d.read(awards_awaiting_decision))
    rows = [
        [v.application_code, v.survivor_code, str(v.amount), v.status.value, v.recommended_by]
        for v in views
    ]
    emit(
        options.json,
        {"awards": [v.to_json() for v in views]},
        table(rows, ["application", "survivor", "amount", "status", "recommended by"]),
    )
    return 0


def award_received(ns: argparse.Namespace, options: Globals) -> int:
    amount = Money.of(ns.amount, ns.currency)
    day = parse_date(ns.date, "date received") if ns.date else today_in_cambodia()
    record = on_desk(
        options,
        lambda d: d.do(
            record_other_compensation,
            ns.survivor,
            OtherSource(ns.source),
            ns.reference,
            day,
            amount,
        ),
    )
    emit(
        options.json,
        {"record": record, "received_on": day.isoformat(), **amount.to_json()},
        f"Recorded {amount} received on {day} (record {record}); later awards deduct it.",
    )
    return 0


def register(sub: Group, common: Parser) -> None:
    award = add_group(sub, "award", "compensation awards and interim grants")
    rec = add_leaf(
        award,
        common,
        "recommend",
        award_recommend,
        "calculate and recommend the award for an eligible application (fund officer)",
    )
    rec.add_argument("application", metavar="APPLICATION_CODE")
    rec.add_argument("--currency", required=True, choices=[c.value for c in Currency])
    rec.add_argument(
        "--head",
        action="append",
        metavar="HEAD=AMOUNT",
        help=f"amount assessed under a head of loss ({HEADS}); repeat for each",
    )
    rec.add_argument("--instalments", type=int, default=1, metavar="N", help="1 = lump sum")
    rec.add_argument("--first-due", dest="first_due", metavar="DATE")
    rec.add_argument("--note")
    for name, run, text in (
        (
            "approve",
            award_approve,
            "approve a recommended award (an approver who did not recommend it)",
        ),
        ("reject", award_reject, "reject a recommended award with a reason"),
    ):
        leaf = add_leaf(award, common, name, run, text)
        leaf.add_argument("application", metavar="APPLICATION_CODE")
        leaf.add_argument(
            "--version", type=int, help="the award's version you looked at (refused if changed)"
        )
        if name == "reject":
            leaf.add_argument("--reason", required=True)
    show = add_leaf(award, common, "show", award_show, "an application's award and its calculation")
    show.add_argument("application", metavar="APPLICATION_CODE")
    add_leaf(award, common, "pending", award_pending, "awards waiting for an approver")
    got = add_leaf(
        award,
        common,
        "received",
        award_received,
        "record compensation a survivor actually received from another source",
    )
    got.add_argument("survivor", metavar="SURVIVOR_CODE")
    got.add_argument("--source", required=True, choices=[s.value for s in OtherSource])
    got.add_argument("--reference", required=True)
    got.add_argument("--amount", required=True)
    got.add_argument("--currency", required=True, choices=[c.value for c in Currency])
    got.add_argument("--date", help="date received (default today)")
