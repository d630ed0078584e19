"""``compfund user disable|enable|reset-password|set-role|set-province``: an administrator
changes another officer's account (never their own); ``user confirm|refuse|requests``:
another administrator or an approver decides a proposed change of an officer's rights,
and auditors list them."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from compfund import officer_rights, officers
from compfund.cli.desks import logged_in_desk
from compfund.cli.output import emit, table
from compfund.cli.parsing import Group, Parser, add_leaf
from compfund.cli.passwords import new_password
from compfund.permissions import Role

if TYPE_CHECKING:
    from compfund.cli.main import Globals
    from compfund.officer_rights import RequestSummary
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
    assert user.waiting is not None
    return _done(
        options,
        user,
        f"{user.waiting.what} proposed; the officer stays {user.role.label} until another "
        f"administrator or an approver confirms it: compfund user confirm {user.login}",
    )


def user_set_province(ns: argparse.Namespace, options: Globals) -> int:
    with logged_in_desk(options) as desk:
        user = desk.do(officers.set_province, ns.login, ns.province)
    return _done(options, user, f"now responsible for {user.province_code}")


def _decided(options: Globals, request: RequestSummary) -> int:
    outcome = request.outcome.value if request.outcome else "pending"
    emit(options.json, request.to_json(), f"{request.login}: {request.what}, {outcome}.")
    return 0


def user_confirm(ns: argparse.Namespace, options: Globals) -> int:
    with logged_in_desk(options) as desk:
        request = desk.do(officer_rights.confirm_request, ns.login)
    return _decided(options, request)


def user_refuse(ns: argparse.Namespace, options: Globals) -> int:
    with logged_in_desk(options) as desk:
        request = desk.do(officer_rights.refuse_request, ns.login, reason=ns.reason)
    return _decided(options, request)


def user_requests(ns: argparse.Namespace, options: Globals) -> int:
    with logged_in_desk(options) as desk:
        found = desk.read(officer_rights.list_requests, pending_only=ns.pending)
    rows = [
        [
            r.login,
            r.what,
            r.proposed_by,
            r.proposed_at.date().isoformat(),
            r.outcome.value if r.outcome else "pending",
            r.decided_by or "",
            r.decided_at.date().isoformat() if r.decided_at else "",
            r.reason or "",
        ]
        for r in found
    ]
    headers = ["login", "change", "proposed by", "on", "outcome", "decided by", "on", "reason"]
    emit(options.json, {"requests": [r.to_json() for r in found]}, table(rows, headers))
    return 0


def _register_decisions(user: Group, common: Parser) -> None:
    add_leaf(
        user,
        common,
        "confirm",
        user_confirm,
        "(another administrator, an approver) confirm a proposed change of an officer's rights",
    ).add_argument("login")
    refuse = add_leaf(
        user, common, "refuse", user_refuse, "refuse a proposed change of an officer's rights"
    )
    refuse.add_argument("login")
    refuse.add_argument("--reason", required=True, help="why, kept with the request")
    requests = add_leaf(
        user,
        common,
        "requests",
        user_requests,
        "proposed changes of officers' rights, decided or not (auditors too)",
    )
    requests.add_argument("--pending", action="store_true", help="only those waiting")


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
    set_role = add_leaf(
        user, common, "set-role", user_set_role, "propose moving an officer to another role"
    )
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
    _register_decisions(user, common)
