"""What each ``compfund`` command does: parse, call services through a Desk, print."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from compfund import officers as users
from compfund.actor import BOOTSTRAP
from compfund.cli.desks import logged_in_desk, require_schema
from compfund.cli.output import emit, table
from compfund.cli.passwords import new_password
from compfund.clock import parse_date, today_in_cambodia
from compfund.db import migrate
from compfund.db.engine import open_engine
from compfund.db.uow import UnitOfWork
from compfund.db.urls import chosen_url, shown
from compfund.errors import AuthenticationFailed
from compfund.permissions import Role

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from compfund.cli.main import Globals


def _owner_engine(options: Globals) -> Engine:
    """The database as given by the URL itself (the owner role on PostgreSQL)."""
    return open_engine(chosen_url(options.db))


def db_upgrade(ns: argparse.Namespace, options: Globals) -> int:
    engine = _owner_engine(options)
    try:
        before = migrate.current_revision(engine)
        migrate.upgrade(engine)
        after = migrate.current_revision(engine)
    finally:
        engine.dispose()
    emit(
        options.json,
        {"database": shown(engine.url), "from": before, "to": after},
        f"{shown(engine.url)}: schema at {after}" + ("" if before == after else f" (was {before})"),
    )
    return 0


def db_url(ns: argparse.Namespace, options: Globals) -> int:
    url = shown(chosen_url(options.db))
    emit(options.json, {"database": url}, url)
    return 0


def user_add(ns: argparse.Namespace, options: Globals) -> int:
    role = Role.parse(ns.role)
    if options.user:
        with logged_in_desk(options) as desk:
            added = desk.do(
                users.add_user,
                ns.login,
                role=role,
                password=new_password(ns.login),
                display_name=ns.display_name,
                province_code=ns.province,
            )
    else:
        engine = _owner_engine(options)
        try:
            require_schema(engine)
            with UnitOfWork(engine, BOOTSTRAP) as uow:
                if users.count_users(uow) > 0 and not users.bootstrap_may_add(uow, role):
                    raise AuthenticationFailed(
                        "Officers exist already: log in as an administrator with --user LOGIN."
                    )
                added = users.add_user(
                    ns.login,
                    role=role,
                    password=new_password(ns.login),
                    display_name=ns.display_name,
                    province_code=ns.province,
                    actor=BOOTSTRAP,
                    uow=uow,
                )
                uow.commit()
        finally:
            engine.dispose()
    where = f" in {added.province_code}" if added.province_code else ""
    said = f"Added {added.login} ({added.role.label}{where})."
    if added.waiting:
        said += (
            " Disabled until another administrator or an approver confirms it: "
            f"compfund user confirm {added.login}"
        )
    emit(options.json, added.to_json(), said)
    return 0


def user_list(ns: argparse.Namespace, options: Globals) -> int:
    with logged_in_desk(options) as desk:
        found = desk.read(users.list_users)
    rows = [
        [
            u.login,
            u.display_name,
            u.role.label,
            u.province_code or "",
            "disabled" if u.disabled else "",
            f"{u.waiting.what}, proposed by {u.waiting.proposed_by}" if u.waiting else "",
        ]
        for u in found
    ]
    emit(
        options.json,
        {"users": [u.to_json() for u in found]},
        table(rows, ["login", "name", "role", "province", "", "waiting for confirmation"]),
    )
    return 0


def demo(ns: argparse.Namespace, options: Globals) -> int:
    from compfund.demo.generate import DemoRequest, make_demo

    as_of = parse_date(ns.as_of, "--as-of date") if ns.as_of else today_in_cambodia()
    request = DemoRequest(survivors=ns.survivors, seed=ns.seed, as_of=as_of)
    engine = _owner_engine(options)
    try:
        migrate.upgrade(engine)
        result = make_demo(engine, request)
    finally:
        engine.dispose()
    rows = [[lg.login, lg.role.label, lg.province_code or "", lg.password] for lg in result.logins]
    emit(
        options.json,
        result.to_json(),
        f"Demo data: {result.survivors} survivors, {result.applications} applications, "
        f"{result.money.awards_approved} awards approved, {result.money.payments_paid} "
        "payments paid.\n" + table(rows, ["login", "role", "province", "password"]),
    )
    return 0


def gui(ns: argparse.Namespace, options: Globals) -> int:
    from ui.app import run  # type: ignore[import-not-found,unused-ignore]

    code: int = run(options.db)
    return code
