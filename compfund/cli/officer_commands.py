"""``compfund user disable|enable|reset-password|set-role|set-province``: an administrator
changes another officer's account (never their own)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from compfund import officers
from compfund.cli.desks import logged_in_desk
from compfund.cli.output import emit
from compfund.cli.parsing import Group, Parser, add_leaf
from compfund.cli.passwords import new_password
from compfund.permissions import Role

if TYPE_CHECKING:
    from compfund.cli.main import Globals
    from compfund.officers import UserSummary


def _done(options: Globals, user: UserSummary, what: str) -> int:
    emit(options.json, user.to_json(), f"{user.login}: {what}.")
    return 0


def user_disable(ns: argparse.Namespace, options: Globals) -> int:
    with logged_in_desk(options) as desk:
        user = desk.do(officers.disable_user, ns.login)
    return _done(options, user, "disabled, can no longer log in")


def user_enable(ns: argparse.Namespace, options: Globals) -> int:
    with logged_in_desk(options) as desk:
        user = desk.do(officers.enable_user, ns.login)
    return _done(options, user, "enabled, may log in again")


def user_reset_password(ns: argparse.Namespace, options: Globals) -> int:
    with logged_in_desk(options) as desk:
        user = desk.do(officers.reset_password, ns.login, password=new_password(ns.login))
    return _done(options, user, "new password set")


def user_set_role(ns: argparse.Namespace, options: Globals) -> int:
    role = Role.parse(ns.role)
    with logged_in_desk(options) as desk:
        user = desk.do(officers.set_role, ns.login, role, province_code=ns.province)
    where = f" in {user.province_code}" if user.province_code else ""
    return _done(options, user, f"now {user.role.label}{where}")


def user_set_province(ns: argparse.Namespace, options: Globals) -> int:
    with logged_in_desk(options) as desk:
        user = desk.do(officers.set_province, ns.login, ns.province)
    return _done(options, user, f"now responsible for {user.province_code}")


def register(user: Group, common: Parser) -> None:
    """The commands that change an officer, under ``compfund user``."""
    for name, run, help_text in (
        ("disable", user_disable, "disable an officer: they can no longer log in"),
        ("enable", user_enable, "enable an officer again (also lifts a lock)"),
        (
            "reset-password",
            user_reset_password,
            "set another officer's password (from standard input or a prompt)",
        ),
    ):
        add_leaf(user, common, name, run, help_text).add_argument("login")
    set_role = add_leaf(user, common, "set-role", user_set_role, "move an officer to another role")
    set_role.add_argument("login")
    set_role.add_argument(
        "role",
        help="caseworker, fund_officer, approver, "
        "finance_officer, enforcement_officer, auditor or admin",
    )
    set_role.add_argument(
        "--province", metavar="ISO_CODE", help="a caseworker's province, e.g. KH-12"
    )
    set_province = add_leaf(
        user, common, "set-province", user_set_province, "give a caseworker another province"
    )
    set_province.add_argument("login")
    set_province.add_argument("province", metavar="ISO_CODE", help="e.g. KH-12")
