"""``compfund user disable|enable|reset-password|set-role|set-province``, run as the real
console script (both databases): exit codes, words, JSON, and what the officer can do
afterwards."""

from __future__ import annotations

from pathlib import Path

import pytest

from compfund.officer_rights import confirm_request
from compfund.permissions import Role
from tests.conftest import PASSWORD, TestDatabase
from tests.integration.cli_helpers import Cli, Result, user_rows

NEW_PASSWORD = "a brand new long password"


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path / "home")


@pytest.fixture
def fund(database: TestDatabase) -> TestDatabase:
    database.admin()
    return database


def url_of(db: TestDatabase) -> str:
    return db.url.render_as_string(hide_password=False)


def user_cmd(cli: Cli, db: TestDatabase, as_login: str, *args: str, **kw: str) -> Result:
    """``compfund --json user ARGS`` logged in as ``as_login`` (its password in the env)."""
    password = kw.pop("password", PASSWORD)
    return cli(
        "--json", "user", *args, "--db", url_of(db), "--user", as_login, password=password, **kw
    )


def can_log_in(cli: Cli, db: TestDatabase, login: str, password: str = PASSWORD) -> int:
    """The exit code of a command the officer may run: 0 logged in, 3 refused at login."""
    return cli("audit", "verify", "--db", url_of(db), "--user", login, password=password).code


def test_disable_then_enable(cli: Cli, fund: TestDatabase) -> None:
    fund.officer("au", Role.AUDITOR)
    admin, login = fund.login("admin"), fund.login("au")

    result = user_cmd(cli, fund, admin, "disable", login)
    assert result.code == 0, result.stderr
    assert result.json()["disabled"] is True
    assert can_log_in(cli, fund, login) == 3

    result = user_cmd(cli, fund, admin, "enable", login)
    assert result.code == 0, result.stderr
    assert result.json()["disabled"] is False
    assert can_log_in(cli, fund, login) == 0


def test_reset_password_reads_the_new_one_from_standard_input(cli: Cli, fund: TestDatabase) -> None:
    fund.officer("au", Role.AUDITOR)
    login = fund.login("au")

    result = cli(
        "user",
        "reset-password",
        login,
        "--db",
        url_of(fund),
        "--user",
        fund.login("admin"),
        password=PASSWORD,
        stdin=NEW_PASSWORD + "\n",
    )

    assert result.code == 0, result.stderr
    assert result.stdout.strip() == f"{login}: new password set."
    assert can_log_in(cli, fund, login, PASSWORD) == 3
    assert can_log_in(cli, fund, login, NEW_PASSWORD) == 0


def test_set_role_changes_what_the_officer_may_do(cli: Cli, fund: TestDatabase) -> None:
    fund.officer("au", Role.AUDITOR)
    login = fund.login("au")
    assert user_cmd(cli, fund, login, "list").error()["code"] == "permission_denied"

    result = user_cmd(cli, fund, fund.login("admin"), "set-role", login, "admin")

    assert result.code == 0, result.stderr
    assert (result.json()["role"], result.json()["waiting"]["role"]) == ("auditor", "admin")
    assert user_cmd(cli, fund, login, "list").code == 1  # not yet
    refused = user_cmd(cli, fund, fund.login("admin"), "confirm", login)
    assert refused.code == 1
    assert "another administrator or an approver" in refused.error()["message"]
    fund.confirmer()
    confirmed = user_cmd(cli, fund, fund.login("admin2"), "confirm", login)
    assert confirmed.code == 0, confirmed.stderr
    assert confirmed.json()["outcome"] == "confirmed"
    listed = user_cmd(cli, fund, login, "list")
    assert listed.code == 0, listed.stderr
    assert login in {u["login"] for u in listed.json()["users"]}


def test_set_role_to_caseworker_needs_a_province(cli: Cli, fund: TestDatabase) -> None:
    fund.officer("fo", Role.FUND_OFFICER)
    login, admin = fund.login("fo"), fund.login("admin")

    refused = user_cmd(cli, fund, admin, "set-role", login, "caseworker")
    assert refused.code == 2
    assert "needs a responsible province (--province KH-n)" in refused.error()["message"]

    result = user_cmd(cli, fund, admin, "set-role", login, "caseworker", "--province", "KH-7")
    assert result.code == 0, result.stderr
    assert (login, "fund_officer", None) in user_rows(fund.engine)
    fund.confirmer().do(confirm_request, login)
    assert (login, "caseworker", "KH-7") in user_rows(fund.engine)


def test_set_province_of_a_caseworker(cli: Cli, fund: TestDatabase) -> None:
    fund.officer("cw", Role.CASEWORKER, "KH-2")
    login = fund.login("cw")

    result = cli(
        "user",
        "set-province",
        login,
        "KH-12",
        "--db",
        url_of(fund),
        "--user",
        fund.login("admin"),
        password=PASSWORD,
    )

    assert result.code == 0, result.stderr
    assert result.stdout.strip() == f"{login}: now responsible for KH-12."
    assert (login, "caseworker", "KH-12") in user_rows(fund.engine)


@pytest.mark.parametrize(
    "args",
    [
        ["disable"],
        ["enable"],
        ["reset-password"],
        ["set-role", "{login}", "auditor"],
        ["set-province", "{login}", "KH-1"],
    ],
)
def test_an_administrator_cannot_change_their_own_account(
    cli: Cli, fund: TestDatabase, args: list[str]
) -> None:
    admin = fund.login("admin")
    argv = [a.format(login=admin) for a in args]
    if len(argv) == 1:
        argv.append(admin)
    before = user_rows(fund.engine)

    result = user_cmd(cli, fund, admin, *argv, stdin=NEW_PASSWORD + "\n")

    assert result.code == 1
    error = result.error()
    assert error["code"] == "refused"
    assert "cannot change your own account: ask another administrator" in error["message"]
    assert "Traceback" not in result.stderr
    assert user_rows(fund.engine) == before
    assert can_log_in(cli, fund, admin) == 0


def test_only_an_administrator_may_change_officers(cli: Cli, fund: TestDatabase) -> None:
    fund.officer("ap", Role.APPROVER)
    fund.officer("au", Role.AUDITOR)

    result = user_cmd(cli, fund, fund.login("ap"), "disable", fund.login("au"))

    assert result.code == 1
    assert result.error()["code"] == "permission_denied"
    assert "approver may not manage users" in result.error()["message"]
    assert can_log_in(cli, fund, fund.login("au")) == 0


def test_unknown_login_and_role_are_told_plainly(cli: Cli, fund: TestDatabase) -> None:
    admin = fund.login("admin")

    missing = user_cmd(cli, fund, admin, "disable", fund.login("ghost"))
    assert missing.code == 1
    assert missing.error()["code"] == "not_found"
    assert "`compfund user list` shows them" in missing.error()["message"]

    fund.officer("au", Role.AUDITOR)
    bad_role = user_cmd(cli, fund, admin, "set-role", fund.login("au"), "boss")
    assert bad_role.code == 2
    assert "Unknown role 'boss'" in bad_role.error()["message"]
    for result in (missing, bad_role):
        assert "Traceback" not in result.stderr


# -- officers with money rights (issue 10) -------------------------------------------------


def test_an_approver_added_by_one_admin_logs_in_once_another_confirms(
    cli: Cli, fund: TestDatabase
) -> None:
    login, admin = fund.login("ap"), fund.login("admin")
    added = cli(
        "--json",
        "user",
        "add",
        login,
        "--role",
        "approver",
        "--db",
        url_of(fund),
        "--user",
        admin,
        password=PASSWORD,
        stdin=NEW_PASSWORD + "\n",
    )
    assert added.code == 0, added.stderr
    assert added.json()["disabled"] is True
    assert added.json()["waiting"]["kind"] == "new_officer"
    assert can_log_in(cli, fund, login, NEW_PASSWORD) == 3
    assert user_cmd(cli, fund, admin, "enable", login).code == 1
    listed = user_cmd(cli, fund, admin, "list").json()["users"]
    assert next(u for u in listed if u["login"] == login)["waiting"]["proposed_by"] == admin

    fund.confirmer()
    confirmed = user_cmd(cli, fund, fund.login("admin2"), "confirm", login)
    assert confirmed.code == 0, confirmed.stderr
    assert fund.desk_for(login, NEW_PASSWORD).actor.role is Role.APPROVER


def test_an_approver_refuses_and_auditors_list_the_requests(cli: Cli, fund: TestDatabase) -> None:
    fund.officer("ap", Role.APPROVER)
    fund.officer("au", Role.AUDITOR)
    fund.officer("fo", Role.FUND_OFFICER)
    admin, fo = fund.login("admin"), fund.login("fo")
    assert user_cmd(cli, fund, admin, "set-role", fo, "finance_officer").code == 0
    refused = user_cmd(cli, fund, fund.login("ap"), "refuse", fo, "--reason", "no such post")
    assert refused.code == 0, refused.stderr
    assert (login_role(fund, fo), refused.json()["outcome"]) == ("fund_officer", "refused")

    listed = user_cmd(cli, fund, fund.login("au"), "requests")
    assert listed.code == 0, listed.stderr
    requests = listed.json()["requests"]
    assert [(r["login"], r["kind"], r["outcome"]) for r in requests] == [
        (fo, "role_change", "refused"),
        (fund.login("ap"), "new_officer", "confirmed"),
    ]
    assert requests[0]["reason"] == "no such post"
    assert requests[1]["decided_by"] == fund.login("admin2")
    pending = user_cmd(cli, fund, fund.login("au"), "requests", "--pending")
    assert pending.json()["requests"] == []


def login_role(db: TestDatabase, login: str) -> str:
    return next(role for lg, role, _ in user_rows(db.engine) if lg == login)
