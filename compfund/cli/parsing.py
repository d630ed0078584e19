"""Argument parsing shared by every command module: errors are usage errors (exit 2)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TypeAlias

from compfund.errors import InvalidInput


class UsageError(InvalidInput):
    code = "usage"


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{message} (see `{self.prog} --help`)")


Group: TypeAlias = "argparse._SubParsersAction[Parser]"


def common_options() -> Parser:
    """--db, --user and --json, accepted before or after any command."""
    common = Parser(add_help=False)
    common.add_argument(
        "--db",
        default=argparse.SUPPRESS,
        metavar="URL",
        help="database URL (else $COMPFUND_DATABASE_URL, else your own file)",
    )
    common.add_argument(
        "--user",
        default=argparse.SUPPRESS,
        metavar="LOGIN",
        help="log in as this officer (password: $COMPFUND_PASSWORD or a prompt)",
    )
    common.add_argument(
        "--json",
        action="store_true",
        default=argparse.SUPPRESS,
        help="print results as JSON on stdout, errors as JSON on stderr",
    )
    return common


def add_group(sub: Group, name: str, help_text: str) -> Group:
    parser = sub.add_parser(name, help=help_text, description=help_text)
    group: Group = parser.add_subparsers(
        dest=f"{name}_command", metavar="COMMAND", parser_class=Parser
    )
    group.required = True
    return group


def add_leaf(
    group: Group, common: Parser, name: str, run: Callable[..., int], help_text: str
) -> Parser:
    parser: Parser = group.add_parser(name, parents=[common], help=help_text, description=help_text)
    parser.set_defaults(run=run)
    return parser
