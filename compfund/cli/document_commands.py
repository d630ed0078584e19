"""``compfund document award-letter|voucher|statement``: documents that name the payee.

Each is an identifying access (it needs ``--reason``, which is recorded) and an export
(recorded with the file's SHA-256; ``compfund audit verify-export`` checks it later).
The report library is imported inside the command (the core imports none).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from compfund.cli.desks import logged_in_desk
from compfund.cli.export_commands import report_done
from compfund.cli.parsing import Group, Parser, add_group, add_leaf
from compfund.queries.payee_documents import award_letter, payment_voucher, statement_document

if TYPE_CHECKING:
    from compfund.cli.main import Globals

_DOCUMENTS = {
    "award-letter": (
        award_letter,
        "APPLICATION_CODE",
        "the letter telling the payee what was awarded and when it is paid",
    ),
    "voucher": (
        payment_voucher,
        "PAYMENT_KEY",
        "a payment's voucher: whom to pay, how much, how, with lines to sign on receipt",
    ),
    "statement": (
        statement_document,
        "SURVIVOR_CODE",
        "a survivor's statement of account naming the payee",
    ),
}


def write_document(ns: argparse.Namespace, options: Globals) -> int:
    from reports.exporting import export_payee_document

    document = _DOCUMENTS[ns.document][0]
    with logged_in_desk(options) as desk:
        result = export_payee_document(desk, document, ns.key, ns.reason, Path(ns.out), ns.format)
    return report_done(options, result)


def register(sub: Group, common: Parser) -> None:
    group = add_group(
        sub, "document", "letters, vouchers and statements naming the payee (give --reason)"
    )
    for name, (_, key, text) in _DOCUMENTS.items():
        leaf = add_leaf(group, common, name, write_document, text)
        leaf.set_defaults(document=name)
        leaf.add_argument("key", metavar=key)
        leaf.add_argument("--reason", required=True, help="why it is needed (recorded)")
        leaf.add_argument("--out", required=True, metavar="FILE", help="the file to write")
        leaf.add_argument("--format", default="pdf", choices=["pdf", "xlsx"])
