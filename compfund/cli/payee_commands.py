"""``compfund payee propose|confirm|refuse|show|pending``: where a survivor's money goes.

A caseworker of the survivor's province or a fund officer proposes the payee's details
(the first ones too); a finance officer who did not propose them confirms or refuses
them. Nothing is paid to a survivor whose change waits."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from compfund.cli.desks import on_desk
from compfund.cli.output import emit, table
from compfund.cli.parsing import Group, Parser, add_group, add_leaf
from compfund.disbursements.payee import PayeeInput, PayeeView
from compfund.disbursements.payee_change import (
    PayeeChangeView,
    PayeeDecision,
    confirm_payee_change,
    payee_changes_pending,
    propose_payee_change,
    refuse_payee_change,
    show_payee,
)
from compfund.enums import Channel

if TYPE_CHECKING:
    from compfund.cli.main import Globals

CHANNELS = [c.value for c in Channel]
HIDDEN = "(not shown)"


def _paid_to(channel: Channel, institution: str | None, account: str | None) -> str:
    if channel is Channel.CASH_DOSVY:
        return channel.label
    return f"{channel.label}, {institution or ''} {account or HIDDEN}"


def _change_rows(changes: tuple[PayeeChangeView, ...]) -> str:
    rows = [
        [
            str(c.id),
            c.survivor_code,
            c.status.value,
            _paid_to(c.channel, c.institution, c.account)
            + (f" ({c.payee.value}: {c.payee_name})" if c.payee_name else ""),
            f"{c.proposed_by} {c.proposed_at:%Y-%m-%d}",
            c.decided_by or "",
            str(c.version),
        ]
        for c in changes
    ]
    return table(
        rows, ["change", "survivor", "status", "paid to", "proposed", "decided", "version"]
    )


def _details_json(details: PayeeView | None) -> dict[str, object] | None:
    if details is None:
        return None
    return {
        "payee": details.payee.value,
        "channel": details.channel.value,
        "institution": details.institution,
        "account": details.account,
        "dosvy_province": details.dosvy_province,
        "version": details.version,
    }


def payee_propose(ns: argparse.Namespace, options: Globals) -> int:
    data = PayeeInput(Channel(ns.channel), ns.name, ns.institution, ns.account, ns.province)
    change = on_desk(
        options,
        lambda d: d.do(propose_payee_change, ns.survivor, data, expected_version=ns.version),
    )
    emit(
        options.json,
        change.to_json(),
        f"Payee change {change.id} of {change.survivor_code} proposed: it takes effect when "
        "a finance officer who did not propose it confirms it "
        f"(compfund payee confirm {change.id}).",
    )
    return 0


def _decision_json(decision: PayeeDecision) -> dict[str, object]:
    return {**decision.change.to_json(), "details_version": decision.details_version}


def payee_confirm(ns: argparse.Namespace, options: Globals) -> int:
    decision = on_desk(
        options, lambda d: d.do(confirm_payee_change, ns.change, expected_version=ns.version)
    )
    change = decision.change
    emit(
        options.json,
        _decision_json(decision),
        f"Payee change {change.id} confirmed: {change.survivor_code} is now paid by "
        f"{_paid_to(change.channel, change.institution, change.account)} "
        f"(payee details version {decision.details_version}).",
    )
    return 0


def payee_refuse(ns: argparse.Namespace, options: Globals) -> int:
    decision = on_desk(
        options,
        lambda d: d.do(refuse_payee_change, ns.change, ns.reason, expected_version=ns.version),
    )
    emit(
        options.json,
        _decision_json(decision),
        f"Payee change {decision.change.id} refused; the details on file stay as they are.",
    )
    return 0


def payee_show(ns: argparse.Namespace, options: Globals) -> int:
    found = on_desk(options, lambda d: d.do(show_payee, ns.survivor, ns.reason))
    details = found.details
    if details is None:
        head = f"{found.survivor_code}: no payee details on file yet."
    else:
        head = (
            f"{found.survivor_code}: paid to the {details.payee.value} by "
            f"{_paid_to(details.channel, details.institution, details.account)} "
            f"(version {details.version})."
        )
    text = f"{head}\n{_change_rows(found.changes)}" if found.changes else head
    payload = {
        "survivor": found.survivor_code,
        "details": _details_json(details),
        "changes": [c.to_json() for c in found.changes],
    }
    emit(options.json, payload, text)
    return 0


def payee_pending(ns: argparse.Namespace, options: Globals) -> int:
    changes = on_desk(options, lambda d: d.read(payee_changes_pending))
    emit(
        options.json,
        {"changes": [c.to_json() for c in changes]},
        _change_rows(changes) if changes else "No payee change awaits confirmation.",
    )
    return 0


def register(sub: Group, common: Parser) -> None:
    payee = add_group(sub, "payee", "how survivors are paid: proposed, then confirmed")
    propose = add_leaf(
        payee, common, "propose", payee_propose, "propose a survivor's payee details or a change"
    )
    propose.add_argument("survivor", metavar="SURVIVOR_CODE")
    propose.add_argument("--channel", required=True, choices=CHANNELS)
    propose.add_argument("--name", required=True, help="the payee's name (guardian for a minor)")
    propose.add_argument("--institution", help="bank or mobile-money provider")
    propose.add_argument("--account", help="account or mobile number")
    propose.add_argument("--province", help="cash: the DOSVY office's province, e.g. KH-1")
    propose.add_argument(
        "--version", type=int, help="the version of the details on file that this replaces"
    )
    confirm = add_leaf(
        payee, common, "confirm", payee_confirm, "(finance) confirm a change you did not propose"
    )
    confirm.add_argument("change", type=int, metavar="CHANGE")
    confirm.add_argument("--version", type=int, help="the change's version you looked at")
    refuse = add_leaf(payee, common, "refuse", payee_refuse, "(finance) refuse a change")
    refuse.add_argument("change", type=int, metavar="CHANGE")
    refuse.add_argument("--reason", required=True, help="why (kept with the change)")
    refuse.add_argument("--version", type=int, help="the change's version you looked at")
    show = add_leaf(
        payee, common, "show", payee_show, "a survivor's payee details and changes (give --reason)"
    )
    show.add_argument("survivor", metavar="SURVIVOR_CODE")
    show.add_argument("--reason", required=True, help="why you need to see them (recorded)")
    add_leaf(payee, common, "pending", payee_pending, "changes awaiting confirmation")
