"""``compfund batch build|release|confirm|reconcile|resolve|show|cancel|reissue|due``:
disbursements from the command line (payee details: compfund.cli.payee_commands)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from compfund.cli.desks import on_desk
from compfund.cli.output import emit, table
from compfund.cli.parsing import Group, Parser, UsageError, add_group, add_leaf
from compfund.clock import parse_date
from compfund.disbursements.batch_view import BatchView, instalments_due, show_batch
from compfund.disbursements.payment import (
    confirm_payment,
    record_failure,
    record_return,
    reissue_instalment,
)
from compfund.disbursements.payment_batch import build_batch, cancel_batch, release_batch
from compfund.disbursements.reconciliation import reconcile_statement, resolve_difference
from compfund.enums import Channel
from compfund.errors import InvalidInput
from compfund.money import Currency
from compfund.private_files import write_private

if TYPE_CHECKING:
    from compfund.cli.main import Globals

CHANNELS = [c.value for c in Channel]


def _batch_text(view: BatchView) -> str:
    rows = [
        [p.key, p.survivor_code, str(p.amount), p.status.value, p.account or p.institution or ""]
        for p in view.payments
    ]
    head = (
        f"Batch {view.id}: {view.status.value}, {len(view.payments)} {view.channel.label} "
        f"payments, {view.total}"
    )
    skipped = "".join(f"\nleft out: {s}" for s in view.skipped)
    return f"{head}\n{table(rows, ['key', 'survivor', 'amount', 'status', 'paid to'])}{skipped}"


def batch_build(ns: argparse.Namespace, options: Globals) -> int:
    due_by = parse_date(ns.due_by, "--due-by date") if ns.due_by else None
    view = on_desk(
        options,
        lambda d: d.do(
            build_batch, Currency.parse(ns.currency), Channel(ns.channel), due_by=due_by
        ),
    )
    emit(options.json, view.to_json(), _batch_text(view))
    return 0


def batch_release(ns: argparse.Namespace, options: Globals) -> int:
    folder = Path(ns.out or ".")
    if not folder.is_dir():
        raise InvalidInput(f"--out {folder} is not a folder.")
    released = on_desk(
        options, lambda d: d.do(release_batch, ns.batch, expected_version=ns.version)
    )
    target = folder / released.file_name
    try:
        write_private(target, released.instruction_file)
    except FileExistsError:
        raise InvalidInput(
            f"Batch {ns.batch} was released, but {target} already exists: the instruction "
            "file is kept with the batch; move the old file and ask for it again."
        ) from None
    payload = {
        **released.batch.to_json(),
        "journal_entry": released.entry_seq,
        "instruction_file": str(target),
        "sha256": released.sha256,
    }
    emit(options.json, payload, f"{_batch_text(released.batch)}\nInstruction file: {target}")
    return 0


def batch_confirm(ns: argparse.Namespace, options: Globals) -> int:
    if ns.failed and ns.returned:
        raise UsageError("Give --failed or --returned, not both.")
    if ns.failed:
        outcome = on_desk(options, lambda d: d.do(record_failure, ns.key, ns.failed))
    elif ns.returned:
        outcome = on_desk(options, lambda d: d.do(record_return, ns.key, ns.returned))
    else:
        day = parse_date(ns.date, "payment date") if ns.date else None
        outcome = on_desk(
            options, lambda d: d.do(confirm_payment, ns.key, ns.reference, paid_on=day)
        )
    text = f"Payment {outcome.key} ({outcome.amount}) is {outcome.status.value}" + (
        "." if outcome.changed else ": it already was, nothing changed."
    )
    emit(options.json, outcome.to_json(), text)
    return 0


def batch_reconcile(ns: argparse.Namespace, options: Globals) -> int:
    path = Path(ns.statement)
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"Cannot read the statement {path}: {exc.strerror}.") from None
    result = on_desk(
        options,
        lambda d: d.do(
            reconcile_statement, ns.batch, path.name, content, confirm_matched=ns.confirm_matched
        ),
    )
    counts = ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in result.counts.items())
    rows = [[str(x.line_id), x.category.label, x.key or "", x.detail] for x in result.differences]
    text = f"Reconciliation {result.reconciliation_id} of batch {result.batch_id}: {counts}."
    if rows:
        text += "\nTo resolve (compfund batch resolve LINE --resolution ...):\n"
        text += table(rows, ["line", "category", "key", "detail"])
    emit(options.json, result.to_json(), text)
    return 0


def batch_resolve(ns: argparse.Namespace, options: Globals) -> int:
    done = on_desk(
        options,
        lambda d: d.do(resolve_difference, ns.line, ns.resolution, expected_version=ns.version),
    )
    emit(options.json, done.to_json(), f"Line {done.line_id} resolved: {done.resolution}")
    return 0


def batch_show(ns: argparse.Namespace, options: Globals) -> int:
    view = on_desk(options, lambda d: d.read(show_batch, ns.batch))
    emit(options.json, view.to_json(), _batch_text(view))
    return 0


def batch_cancel(ns: argparse.Namespace, options: Globals) -> int:
    view = on_desk(options, lambda d: d.do(cancel_batch, ns.batch))
    emit(options.json, view.to_json(), _batch_text(view))
    return 0


def batch_reissue(ns: argparse.Namespace, options: Globals) -> int:
    due = parse_date(ns.due, "--due date") if ns.due else None
    version = on_desk(
        options,
        lambda d: d.do(reissue_instalment, ns.instalment, due_on=due, expected_version=ns.version),
    )
    emit(
        options.json,
        {"instalment": ns.instalment, "status": "scheduled", "version": version},
        f"Instalment {ns.instalment} is scheduled again; the next batch pays it with a new key.",
    )
    return 0


def batch_due(ns: argparse.Namespace, options: Globals) -> int:
    currency = Currency.parse(ns.currency) if ns.currency else None
    due = on_desk(options, lambda d: d.read(instalments_due, currency))
    rows = [[str(i.id), i.survivor_code, str(i.seq), i.due_on, str(i.amount)] for i in due]
    emit(
        options.json,
        {
            "instalments": [
                {
                    "id": i.id,
                    "survivor": i.survivor_code,
                    "seq": i.seq,
                    "due": i.due_on,
                    "version": i.version,
                    **i.amount.to_json(),
                }
                for i in due
            ]
        },
        table(rows, ["instalment", "survivor", "no.", "due", "amount"]),
    )
    return 0


def _leaf_with_batch(
    group: Group, common: Parser, name: str, run: Callable[..., int], text: str
) -> Parser:
    leaf = add_leaf(group, common, name, run, text)
    leaf.add_argument("batch", type=int, metavar="BATCH")
    return leaf


def register(sub: Group, common: Parser) -> None:
    batch = add_group(sub, "batch", "payment batches, payments and reconciliation")
    build = add_leaf(
        batch, common, "build", batch_build, "batch the due instalments of one currency and channel"
    )
    build.add_argument("--currency", required=True, choices=[c.value for c in Currency])
    build.add_argument("--channel", required=True, choices=CHANNELS)
    build.add_argument("--due-by", dest="due_by", metavar="DATE", help="default today")
    release = _leaf_with_batch(
        batch, common, "release", batch_release, "release a batch and write its instruction file"
    )
    release.add_argument("--out", metavar="FOLDER", help="where to write the file (default .)")
    release.add_argument("--version", type=int, help="the batch's version you looked at")
    confirm = add_leaf(
        batch,
        common,
        "confirm",
        batch_confirm,
        "record a payment as paid (or --failed / --returned with the reason)",
    )
    confirm.add_argument("key", metavar="PAYMENT_KEY")
    confirm.add_argument("--reference", help="bank reference, or the signed receipt's number")
    confirm.add_argument("--date", help="date paid (default today)")
    confirm.add_argument("--failed", metavar="REASON")
    confirm.add_argument("--returned", metavar="REASON")
    rec = _leaf_with_batch(
        batch, common, "reconcile", batch_reconcile, "match a bank's or provider's statement (CSV)"
    )
    rec.add_argument("statement", metavar="STATEMENT.csv")
    rec.add_argument(
        "--confirm-matched",
        dest="confirm_matched",
        action="store_true",
        help="record matched released payments as paid",
    )
    res = add_leaf(batch, common, "resolve", batch_resolve, "record how a difference was resolved")
    res.add_argument("line", type=int, metavar="LINE")
    res.add_argument("--resolution", required=True)
    res.add_argument("--version", type=int)
    _leaf_with_batch(batch, common, "show", batch_show, "a batch and its payments")
    _leaf_with_batch(batch, common, "cancel", batch_cancel, "undo a batch not yet released")
    again = add_leaf(
        batch, common, "reissue", batch_reissue, "schedule a failed or returned instalment again"
    )
    again.add_argument("instalment", type=int, metavar="INSTALMENT")
    again.add_argument("--due", metavar="DATE")
    again.add_argument("--version", type=int)
    due = add_leaf(batch, common, "due", batch_due, "instalments scheduled to be paid")
    due.add_argument("--currency", choices=[c.value for c in Currency])
