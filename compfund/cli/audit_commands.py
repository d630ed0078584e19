"""``compfund audit verify``: recompute the hash chains and report the first bad row."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from compfund.audit.verify import verify_chains
from compfund.cli import export_commands
from compfund.cli.desks import logged_in_desk
from compfund.cli.output import emit
from compfund.cli.parsing import Group, Parser, add_group, add_leaf

if TYPE_CHECKING:
    from compfund.cli.main import Globals

INTEGRITY_FAILURE = 5


def audit_verify(ns: argparse.Namespace, options: Globals) -> int:
    expect: dict[str, str] = {}
    for item in ns.expect_head or []:
        chain, _, value = item.rpartition("=")
        expect[chain or "audit"] = value.strip().lower()
    with logged_in_desk(options) as desk:
        reports = desk.read(verify_chains, expect)
    lines = []
    for report in reports:
        if report.intact:
            lines.append(f"{report.chain}: intact, {report.rows} rows, head {report.head}")
        else:
            lines.append(f"{report.chain}: BROKEN after {report.rows} good rows. {report.problem}")
    emit(options.json, {"chains": [r.to_json() for r in reports]}, "\n".join(lines))
    return 0 if all(r.intact for r in reports) else INTEGRITY_FAILURE


def register(sub: Group, common: Parser) -> None:
    audit = add_group(sub, "audit", "the audit trail: verify its hash chains")
    verify = add_leaf(
        audit,
        common,
        "verify",
        audit_verify,
        "recompute the hash chains; exit 5 and name the first bad row if one fails",
    )
    verify.add_argument(
        "--expect-head",
        action="append",
        metavar="[CHAIN=]HASH",
        help="a head hash noted earlier: also detects rows cut off the end",
    )
    export_commands.register_verify(audit, common)
