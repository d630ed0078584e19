"""``compfund ledger|income|rates|period ...``: the fund's money from the command line."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from compfund.cli.desks import logged_in_desk
from compfund.cli.output import emit, table
from compfund.cli.parsing import Group, Parser, add_group, add_leaf
from compfund.clock import parse_date, today_in_cambodia
from compfund.ledger.balances import fund_balance, survivor_statement, trial_balance
from compfund.ledger.check import check_ledger
from compfund.ledger.exchange import exchange, set_rate
from compfund.ledger.income import record_income
from compfund.ledger.periods import confirm_close, request_close
from compfund.money import Currency, Money

if TYPE_CHECKING:
    from compfund.cli.main import Globals
    from compfund.desk import Desk

INTEGRITY_FAILURE = 5


def _desk(options: Globals) -> Desk:
    return logged_in_desk(options)


def ledger_check(ns: argparse.Namespace, options: Globals) -> int:
    with logged_in_desk(options) as desk:
        result = desk.read(check_ledger)
    payload = {
        "sound": result.sound,
        "entries": result.entries,
        "problems": [{"entry": p.entry_seq, "problem": p.message} for p in result.problems],
    }
    text = f"Ledger sound: {result.entries} entries checked."
    if not result.sound:
        count = len(result.problems)
        head = f"Ledger check FAILED: {count} problem{'' if count == 1 else 's'} in "
        found = [f"  {p.message}" for p in result.problems]  # one line each
        text = "\n".join([f"{head}{result.entries} entries checked:", *found])
    emit(options.json, payload, text)
    return 0 if result.sound else INTEGRITY_FAILURE


def ledger_trial_balance(ns: argparse.Namespace, options: Globals) -> int:
    as_of = parse_date(ns.as_of, "--as-of date") if ns.as_of else None
    with logged_in_desk(options) as desk:
        rows = desk.read(trial_balance, as_of)
    payload = {
        "as_of": as_of.isoformat() if as_of else None,
        "accounts": [
            {
                "account": r.key,
                "debit": r.debit.amount_text(),
                "credit": r.credit.amount_text(),
                "currency": r.balance.currency.value,
            }
            for r in rows
        ],
    }
    lines = [
        [r.key, r.debit.amount_text(), r.credit.amount_text(), r.balance.currency.value]
        for r in rows
    ]
    emit(options.json, payload, table(lines, ["account", "debit", "credit", "currency"]))
    return 0


def ledger_statement(ns: argparse.Namespace, options: Globals) -> int:
    with logged_in_desk(options) as desk:
        lines = desk.do(survivor_statement, ns.survivor, ns.reason)
    payload = {
        "survivor": ns.survivor.upper(),
        "lines": [
            {
                "entry": ln.entry_seq,
                "date": ln.entry_date.isoformat(),
                "kind": ln.kind,
                "memo": ln.memo,
                "account": ln.account.value,
                **ln.amount.to_json(),
            }
            for ln in lines
        ],
    }
    rows = [
        [str(ln.entry_seq), ln.entry_date.isoformat(), ln.kind, ln.account.value, str(ln.amount)]
        for ln in lines
    ]
    emit(options.json, payload, table(rows, ["entry", "date", "kind", "account", "amount"]))
    return 0


def income_add(ns: argparse.Namespace, options: Globals) -> int:
    amount = Money.of(ns.amount, ns.currency)
    day = parse_date(ns.date, "date received") if ns.date else today_in_cambodia()
    with logged_in_desk(options) as desk:
        entry = desk.do(
            record_income,
            ns.source,
            ns.source_name,
            ns.reference,
            day,
            amount,
            restriction=ns.restriction,
        )
        balances = desk.read(fund_balance)
    emit(
        options.json,
        {"entry": entry, **amount.to_json(), "fund_balance": [b.to_json() for b in balances]},
        f"Recorded {amount} as journal entry {entry}. Fund balance: "
        + ", ".join(str(b) for b in balances),
    )
    return 0


def rates_set(ns: argparse.Namespace, options: Globals) -> int:
    day = parse_date(ns.date, "rate date") if ns.date else today_in_cambodia()
    with logged_in_desk(options) as desk:
        used = desk.do(
            set_rate, day, Currency.parse(ns.base), Currency.parse(ns.quote), ns.rate, ns.source
        )
    emit(
        options.json,
        {
            "date": day.isoformat(),
            "base": used.base.value,
            "quote": used.quote.value,
            "rate": str(used.rate),
            "source": used.source,
        },
        f"1 {used.base.value} = {used.rate} {used.quote.value} on {day} ({used.source})",
    )
    return 0


def ledger_exchange(ns: argparse.Namespace, options: Globals) -> int:
    amount = Money.of(ns.amount, ns.currency)
    with logged_in_desk(options) as desk:
        entry, got, used = desk.do(exchange, amount, Currency.parse(ns.to), ns.memo)
    emit(
        options.json,
        {
            "entry": entry,
            "from": amount.to_json(),
            "to": got.to_json(),
            "rate": str(used.rate),
            "rate_source": used.source,
        },
        f"Exchanged {amount} for {got} at {used.rate} (entry {entry}).",
    )
    return 0


def period_close(ns: argparse.Namespace, options: Globals) -> int:
    with logged_in_desk(options) as desk:
        desk.do(confirm_close if ns.confirm else request_close, ns.month)
    what = "closed" if ns.confirm else "asked to be closed; an approver confirms with --confirm"
    emit(options.json, {"month": ns.month, "closed": bool(ns.confirm)}, f"{ns.month} {what}.")
    return 0


def register(sub: Group, common: Parser) -> None:
    ledger = add_group(sub, "ledger", "the fund's ledger")
    add_leaf(
        ledger,
        common,
        "check",
        ledger_check,
        "check every invariant of the journal; exit 5 listing every problem found",
    )
    tb = add_leaf(
        ledger,
        common,
        "trial-balance",
        ledger_trial_balance,
        "every account's debit or credit balance",
    )
    tb.add_argument("--as-of", dest="as_of", metavar="DATE", help="entries dated up to DATE")
    st = add_leaf(
        ledger,
        common,
        "statement",
        ledger_statement,
        "a survivor's statement of account (an identifying access: give --reason)",
    )
    st.add_argument("survivor", metavar="SURVIVOR_CODE")
    st.add_argument("--reason", required=True)
    ex = add_leaf(
        ledger,
        common,
        "exchange",
        ledger_exchange,
        "change fund money into the other currency at the recorded rate",
    )
    ex.add_argument("--amount", required=True)
    ex.add_argument("--currency", required=True, choices=[c.value for c in Currency])
    ex.add_argument("--to", required=True, choices=[c.value for c in Currency])
    ex.add_argument("--memo", default="Currency exchange")

    income = add_group(sub, "income", "money coming into the fund")
    add = add_leaf(income, common, "add", income_add, "record an appropriation or donation")
    add.add_argument("--source", required=True, choices=["appropriation", "donor"])
    add.add_argument("--from", dest="source_name", required=True, metavar="NAME")
    add.add_argument("--reference", required=True)
    add.add_argument("--amount", required=True, help="e.g. 250000000 or 1250.50")
    add.add_argument("--currency", required=True, choices=[c.value for c in Currency])
    add.add_argument("--date", help="date received (default today)")
    add.add_argument("--restriction", help="any restriction on its use")

    rates = add_group(sub, "rates", "exchange rates")
    rs = add_leaf(rates, common, "set", rates_set, "record a rate: 1 BASE = RATE QUOTE")
    rs.add_argument("base", choices=[c.value for c in Currency])
    rs.add_argument("quote", choices=[c.value for c in Currency])
    rs.add_argument("rate")
    rs.add_argument("--source", required=True)
    rs.add_argument("--date")

    period = add_group(sub, "period", "ledger periods (months)")
    close = add_leaf(
        period,
        common,
        "close",
        period_close,
        "a finance officer asks to close MONTH; an approver confirms (--confirm)",
    )
    close.add_argument("month", metavar="YYYY-MM")
    close.add_argument("--confirm", action="store_true")
