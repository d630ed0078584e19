"""``compfund export applications|audit`` and ``compfund audit verify-export FILE``.

The report library is imported inside each command (the core imports none).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from compfund.cli.desks import logged_in_desk
from compfund.cli.output import emit
from compfund.cli.parsing import Group, Parser, add_group, add_leaf
from compfund.errors import InvalidInput
from compfund.queries.audit_trail import AuditRange
from compfund.queries.register import RegisterFilter

if TYPE_CHECKING:
    from compfund.cli.main import Globals

INTEGRITY_FAILURE = 5


def _progress(options: Globals) -> Any:
    if options.json or not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        sys.stderr.write(f"\r{done} of {total} rows")
        if done == total:
            sys.stderr.write("\n")

    return show


def report_done(options: Globals, result: Any) -> int:
    emit(options.json, result.to_json(), result.summary())
    return 0


def export_applications(ns: argparse.Namespace, options: Globals) -> int:
    from reports.exporting import export_register

    if ns.reason is not None and not ns.identified:
        raise InvalidInput("--reason goes with --identified (names and documents).")
    if ns.identified and not ns.reason:
        raise InvalidInput("An identified export needs --reason: say why, it is recorded.")
    filters = RegisterFilter.parse(
        province=ns.province,
        status=ns.status,
        application_type=ns.type,
        created_from=ns.date_from,
        created_to=ns.date_to,
    )
    with logged_in_desk(options) as desk:
        result = export_register(
            desk,
            filters,
            ns.format,
            Path(ns.out),
            reason=ns.reason if ns.identified else None,
            progress=_progress(options),
        )
    return report_done(options, result)


def export_audit(ns: argparse.Namespace, options: Globals) -> int:
    from reports.exporting import export_audit_trail

    period = AuditRange.parse(ns.date_from, ns.date_to)
    with logged_in_desk(options) as desk:
        result = export_audit_trail(
            desk, period, ns.format, Path(ns.out), progress=_progress(options)
        )
    return report_done(options, result)


def verify_export(ns: argparse.Namespace, options: Globals) -> int:
    from reports.exporting import verify_file

    with logged_in_desk(options) as desk:
        check = verify_file(desk, Path(ns.file))
    emit(options.json, check.to_json(), check.report(ns.file))
    return 0 if check.matches else INTEGRITY_FAILURE


def _format_and_out(parser: Parser) -> None:
    parser.add_argument("--format", required=True, choices=["xlsx", "pdf"])
    parser.add_argument("--out", required=True, metavar="FILE", help="the file to write")
    parser.add_argument("--from", dest="date_from", metavar="DATE", help="first day, YYYY-MM-DD")
    parser.add_argument("--to", dest="date_to", metavar="DATE", help="last day (inclusive)")


def register(sub: Group, common: Parser) -> None:
    export = add_group(sub, "export", "reports as workbooks or PDFs, each recorded in the trail")
    applications = add_leaf(
        export,
        common,
        "applications",
        export_applications,
        "the applications register (survivor codes; --identified adds names, with a reason)",
    )
    _format_and_out(applications)
    applications.add_argument("--province", metavar="ISO_CODE", help="e.g. KH-2")
    applications.add_argument("--status", help="e.g. submitted")
    applications.add_argument("--type", help="interim_grant or compensation_award")
    applications.add_argument(
        "--identified", action="store_true", help="add names, birth dates, documents, phones"
    )
    applications.add_argument("--reason", help="why identified data is needed (recorded)")
    audit = add_leaf(export, common, "audit", export_audit, "the audit trail (date range)")
    _format_and_out(audit)


def register_verify(audit: Group, common: Parser) -> None:
    """``compfund audit verify-export FILE``, added to the ``audit`` group."""
    verify = add_leaf(
        audit,
        common,
        "verify-export",
        verify_export,
        "check an exported workbook or PDF against the database; exit 5 if it does not match",
    )
    verify.add_argument("file", metavar="FILE")
