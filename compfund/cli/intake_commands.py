"""``compfund import template|applications`` and ``compfund duplicates ...``.

The workbook code lives in ``reports/`` and is imported inside each command (the core
imports no report library).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from compfund.cli.desks import logged_in_desk
from compfund.cli.output import emit, table
from compfund.cli.parsing import Group, Parser, add_group, add_leaf
from compfund.errors import InvalidInput
from compfund.intake.rows import BulkIntakeRefused, IntakeFileRefused

if TYPE_CHECKING:
    from compfund.cli.main import Globals

R = TypeVar("R")


def _do(options: Globals, service: Callable[..., R], *args: object) -> R:
    """Run ``service`` as the officer named by --user, in one unit of work."""
    with logged_in_desk(options) as desk:
        return desk.do(service, *args)


def import_template(ns: argparse.Namespace, options: Globals) -> int:
    from reports.intake_template import write_intake_template

    out = Path(ns.out)
    if out.suffix.lower() != ".xlsx":
        raise InvalidInput(f"Write the template to an .xlsx file, not {out.name!r}.")
    write_intake_template(out)
    emit(options.json, {"template": str(out)}, f"Wrote the DOSVY intake template to {out}.")
    return 0


def _refused(options: Globals, error: BulkIntakeRefused | IntakeFileRefused) -> int:
    if options.json:
        body = {
            "error": {
                "code": error.code,
                "message": error.message.splitlines()[0],
                "problems": [p.to_json() for p in error.problems],
            }
        }
        sys.stderr.write(json.dumps(body, ensure_ascii=False) + "\n")
    else:
        sys.stderr.write(f"compfund: {error.message}\n")
    return error.exit_code


def import_applications(ns: argparse.Namespace, options: Globals) -> int:
    from compfund.applications.bulk_intake import import_applications as land
    from reports.intake_reader import read_intake_workbook

    path = Path(ns.file)
    if not path.is_file():
        raise InvalidInput(f"There is no file {str(path)!r}.")
    try:
        rows = read_intake_workbook(path)
        result = _do(options, land, path.name, rows)
    except (BulkIntakeRefused, IntakeFileRefused) as error:
        return _refused(options, error)
    lines = [
        [str(r.row), r.survivor, r.application, "on hold" if r.on_hold else "submitted"]
        for r in result.rows
    ]
    notices = [f"row {r.row}: {r.notice}" for r in result.rows if r.on_hold]
    text = (
        f"Imported {len(result.rows)} application(s) from {path.name}; "
        f"{result.held} on hold as possible duplicates.\n"
        + table(lines, ["row", "survivor", "application", "status"])
        + ("\n" + "\n".join(notices) if notices else "")
    )
    emit(options.json, result.to_json(), text)
    return 0


def duplicates_screen(ns: argparse.Namespace, options: Globals) -> int:
    from compfund.applications.possible_duplicates import screen_submitted

    found = _do(options, screen_submitted)
    held = [s for s in found if s.held]
    text = f"Screened {len(found)} submitted application(s); {len(held)} put on hold." + "".join(
        f"\n{s.notice}" for s in held
    )
    emit(options.json, {"screened": [s.to_json() for s in found]}, text)
    return 0


def duplicates_list(ns: argparse.Namespace, options: Globals) -> int:
    from compfund.applications.possible_duplicates import held_cases

    cases = _do(options, held_cases)
    rows = [
        [c.application, c.survivor, c.existing_survivor, c.existing_province_code, f"{c.score}%"]
        for c in cases
    ]
    headers = ["application", "survivor", "may be", "their province", "score"]
    emit(options.json, {"held": [c.to_json() for c in cases]}, table(rows, headers))
    return 0


def duplicates_compare(ns: argparse.Namespace, options: Globals) -> int:
    from compfund.applications.possible_duplicates import compare_side_by_side

    shown = _do(options, compare_side_by_side, ns.application, ns.survivor, ns.reason)
    fields = ("code", "province_code", "name_km", "name_latin", "sex", "date_of_birth")
    rows = [
        [name, str(getattr(shown.held, name) or ""), str(getattr(shown.registered, name) or "")]
        for name in (*fields, "birth_year")
    ]
    rows.append(
        [
            "documents",
            "; ".join(f"{d.document_type.value} {d.number or ''}" for d in shown.held.documents),
            "; ".join(
                f"{d.document_type.value} {d.number or ''}" for d in shown.registered.documents
            ),
        ]
    )
    text = table(rows, ["", "held application", "registered"]) + (
        f"\n{shown.score}% alike: {shown.reasons}"
    )
    payload = {"application": shown.application, "score": shown.score, "reasons": shown.reasons}
    emit(options.json, payload | {"rows": rows}, text)
    return 0


def duplicates_link(ns: argparse.Namespace, options: Globals) -> int:
    from compfund.applications.possible_duplicates import link_to_registered_survivor

    code = _do(options, link_to_registered_survivor, ns.application, ns.survivor, ns.reason)
    emit(
        options.json,
        {"application": ns.application, "survivor": code},
        f"{ns.application} now belongs to {code} and goes forward.",
    )
    return 0


def duplicates_override(ns: argparse.Namespace, options: Globals) -> int:
    from compfund.applications.possible_duplicates import override_duplicate_hold

    _do(options, override_duplicate_hold, ns.application, ns.reason)
    emit(
        options.json,
        {"application": ns.application, "released": True},
        f"{ns.application} is not a duplicate and goes forward; the reason was recorded.",
    )
    return 0


def register(sub: Group, common: Parser) -> None:
    intake = add_group(sub, "import", "bulk intake from the DOSVY workbook")
    template = add_leaf(
        intake, common, "template", import_template, "write the DOSVY intake template (.xlsx)"
    )
    template.add_argument("--out", required=True, metavar="FILE.xlsx")
    applications = add_leaf(
        intake,
        common,
        "applications",
        import_applications,
        "import a filled-in template: every row lands, or none (every problem is listed)",
    )
    applications.add_argument("file", metavar="FILE.xlsx")

    dup = add_group(sub, "duplicates", "applications held as possible duplicates")
    add_leaf(
        dup, common, "screen", duplicates_screen, "screen submitted applications (all provinces)"
    )
    add_leaf(dup, common, "list", duplicates_list, "list the open possible duplicates")
    for name, run, help_text, with_survivor in (
        ("compare", duplicates_compare, "show both survivors side by side (recorded)", True),
        ("link", duplicates_link, "the same person: link to the registered survivor", True),
        ("override", duplicates_override, "not the same person: let it go forward", False),
    ):
        leaf = add_leaf(dup, common, name, run, help_text)
        leaf.add_argument("application", metavar="APPLICATION_CODE")
        if with_survivor:
            leaf.add_argument("survivor", metavar="SURVIVOR_CODE")
        leaf.add_argument("--reason", required=True, help="why (kept in the audit trail)")
