"""``compfund``: the command line. Global options may stand before or after the command.

Exit codes: 0 ok, 1 refused by a rule or permission, 2 usage, 3 authentication,
4 database unreachable, 5 integrity failure.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy.exc import DBAPIError

from compfund.cli import (
    application_commands,
    audit_commands,
    award_commands,
    batch_commands,
    commands,
    document_commands,
    eligibility_commands,
    export_commands,
    intake_commands,
    ledger_commands,
    officer_commands,
    payee_commands,
)
from compfund.cli.output import fail
from compfund.cli.parsing import Parser, common_options
from compfund.db.refusals import translate
from compfund.errors import CompfundError


@dataclass(frozen=True)
class Globals:
    db: str | None
    user: str | None
    json: bool


def build_parser() -> Parser:
    common = common_options()
    parser = Parser(
        prog="compfund", parents=[common], description="NCCT Survivor Compensation Fund"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    sub.required = True

    def leaf(
        group: argparse._SubParsersAction[Parser],
        name: str,
        run: Callable[..., int],
        help_text: str,
    ) -> Parser:
        p = group.add_parser(name, parents=[common], help=help_text, description=help_text)
        p.set_defaults(run=run)
        return p

    db = sub.add_parser("db", help="the database: upgrade its schema, show its URL")
    db_sub = db.add_subparsers(dest="db_command", metavar="COMMAND", parser_class=Parser)
    db_sub.required = True
    leaf(db_sub, "upgrade", commands.db_upgrade, "create or upgrade the schema (owner role)")
    leaf(db_sub, "url", commands.db_url, "show the database URL in use (password hidden)")

    user = sub.add_parser("user", help="officers and their roles")
    user_sub = user.add_subparsers(dest="user_command", metavar="COMMAND", parser_class=Parser)
    user_sub.required = True
    add = leaf(
        user_sub,
        "add",
        commands.user_add,
        "add an officer (password from standard input or a prompt)",
    )
    add.add_argument("login")
    add.add_argument(
        "--role",
        required=True,
        help="caseworker, fund_officer, approver, "
        "finance_officer, enforcement_officer, auditor or admin",
    )
    add.add_argument("--province", metavar="ISO_CODE", help="caseworker's province, e.g. KH-12")
    add.add_argument("--name", dest="display_name", help="display name")
    leaf(user_sub, "list", commands.user_list, "list officers")
    officer_commands.register(user_sub, common)

    demo = leaf(sub, "demo", commands.demo, "fill an empty database with synthetic demo data")
    demo.add_argument("--survivors", type=int, default=120, metavar="N")
    demo.add_argument("--seed", type=int, default=2026, metavar="S")
    demo.add_argument(
        "--as-of",
        dest="as_of",
        metavar="DATE",
        help="the demo's 'today' (default: today in Cambodia)",
    )

    leaf(sub, "gui", commands.gui, "open the window")
    audit_commands.register(sub, common)
    export_commands.register(sub, common)
    ledger_commands.register(sub, common)
    eligibility_commands.register(sub, common)
    intake_commands.register(sub, common)
    application_commands.register(sub, common)
    award_commands.register(sub, common)
    batch_commands.register(sub, common)
    payee_commands.register(sub, common)
    document_commands.register(sub, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    as_json = "--json" in args_list
    try:
        ns = build_parser().parse_args(args_list)
        options = Globals(
            getattr(ns, "db", None), getattr(ns, "user", None), getattr(ns, "json", False)
        )
        code: int = ns.run(ns, options)
        return code
    except CompfundError as error:
        return fail(as_json, error)
    except DBAPIError as error:  # from work done outside a desk (db upgrade, demo, user add)
        return fail(as_json, translate(error))
    except KeyboardInterrupt:
        return 130


def run() -> None:
    sys.exit(main())


def gui_main() -> None:
    sys.exit(main(["gui", *sys.argv[1:]]))
