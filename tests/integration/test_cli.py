"""The ``compfund`` command line, run as the real console script in a subprocess.

What an officer or a script notices: the exit code (0 ok, 1 refused, 2 usage,
3 authentication, 4 database unreachable), the words of the message, the JSON on
stdout or stderr, and what is (or is not) in the database afterwards.

Two refusals have no command yet (a caseworker acting outside their province, an
oversized attachment); they are tested through the services at the end of the file.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select, text

from compfund.applications.application import (
    IdentificationInput,
    attach_document,
    create_application,
    record_identification,
)
from compfund.applications.survivors import DocumentInput, SurvivorInput, register_survivor
from compfund.db import migrate
from compfund.db.engine import open_engine
from compfund.db.urls import parse_url
from compfund.desk import Desk
from compfund.enums import (
    ApplicationType,
    DocumentType,
    ExploitationForm,
    IdentifyingAuthority,
    Sex,
)
from compfund.errors import PermissionDenied, RuleViolation
from compfund.models import ApplicationDocument, Survivor, User
from compfund.models.cases import MAX_ATTACHMENT_BYTES
from compfund.permissions import Role
from tests.conftest import PASSWORD, TestDatabase
from tests.integration.cli_helpers import Cli, Result, count, user_rows

NEW_PASSWORD = "a new officer's long password"


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path / "home")


def url_of(database: TestDatabase) -> str:
    return database.url.render_as_string(hide_password=False)


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


@pytest.fixture
def fund(database: TestDatabase) -> TestDatabase:
    """A migrated database (both kinds) with its administrator ``<prefix>admin``."""
    database.admin()
    return database


def as_admin(fund: TestDatabase) -> list[str]:
    return ["--db", url_of(fund), "--user", fund.login("admin")]


def add_clerk(
    cli: Cli,
    fund: TestDatabase,
    *options: str,
    as_json: bool = True,
    password: str = PASSWORD,
    stdin: str = NEW_PASSWORD + "\n",
) -> Result:
    """``compfund user add clerk`` by the administrator, the new password on stdin."""
    return cli(
        *(["--json"] if as_json else []),
        "user",
        "add",
        fund.login("clerk"),
        *options,
        *as_admin(fund),
        password=password,
        stdin=stdin,
    )


# -- choosing the database ------------------------------------------------------------


def test_db_upgrade_creates_the_schema_in_a_fresh_sqlite_file(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "fresh" / "fund.sqlite"

    result = cli("--json", "db", "upgrade", "--db", sqlite_url(path))

    assert result.code == 0, result.stderr
    report = result.json()
    assert report["from"] is None
    assert report["to"]
    assert str(path) in report["database"]
    engine = open_engine(parse_url(sqlite_url(path)))
    try:
        assert migrate.is_current(engine)
    finally:
        engine.dispose()


def test_db_upgrade_twice_leaves_the_schema_where_it_is(cli: Cli, tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "fund.sqlite")
    first = cli("--json", "db", "upgrade", "--db", url)

    second = cli("--json", "db", "upgrade", "--db", url)

    assert second.code == 0, second.stderr
    assert second.json()["from"] == second.json()["to"] == first.json()["to"]


def test_without_db_the_file_lands_in_the_user_data_folder(cli: Cli) -> None:
    result = cli("db", "upgrade")

    assert result.code == 0, result.stderr
    expected = cli.data_home / "compfund" / "compfund.sqlite"
    assert expected.is_file()
    assert str(expected) in result.stdout


def test_database_url_comes_from_the_environment_without_db(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "from_env.sqlite"

    result = cli("db", "upgrade", env={"COMPFUND_DATABASE_URL": sqlite_url(path)})

    assert result.code == 0, result.stderr
    assert path.is_file()
    assert not (cli.data_home / "compfund" / "compfund.sqlite").exists()


def test_db_option_wins_over_the_environment(cli: Cli, tmp_path: Path) -> None:
    given, ignored = tmp_path / "given.sqlite", tmp_path / "ignored.sqlite"

    result = cli(
        "db",
        "upgrade",
        "--db",
        sqlite_url(given),
        env={"COMPFUND_DATABASE_URL": sqlite_url(ignored)},
    )

    assert result.code == 0, result.stderr
    assert given.is_file()
    assert not ignored.exists()


@pytest.mark.parametrize("as_json", [False, True], ids=["text", "json"])
def test_db_url_hides_the_password(cli: Cli, as_json: bool) -> None:
    flags = ["--json"] if as_json else []

    result = cli(*flags, "db", "url", "--db", "postgresql://bob:secret@localhost/x")

    assert result.code == 0, result.stderr
    assert "secret" not in result.stdout + result.stderr
    shown = result.json()["database"] if as_json else result.stdout
    assert "bob" in shown
    assert "localhost/x" in shown


def test_db_url_hides_the_password_from_the_environment(cli: Cli) -> None:
    result = cli("db", "url", env={"COMPFUND_DATABASE_URL": "postgresql://bob:secret@db.lan/fund"})

    assert result.code == 0, result.stderr
    assert "secret" not in result.stdout + result.stderr
    assert "db.lan/fund" in result.stdout


def test_db_url_without_anything_names_the_default_file(cli: Cli) -> None:
    result = cli("--json", "db", "url")

    assert result.code == 0, result.stderr
    assert result.json()["database"].endswith(str(cli.data_home / "compfund" / "compfund.sqlite"))


# -- the first administrator and logging in ---------------------------------------------


def test_first_admin_is_added_without_user_on_an_empty_database(
    cli: Cli, database: TestDatabase
) -> None:
    boss = database.login("boss")

    result = cli(
        "--json",
        "user",
        "add",
        boss,
        "--role",
        "admin",
        "--name",
        "Sok Dara",
        "--db",
        url_of(database),
        stdin=NEW_PASSWORD + "\n",
    )

    assert result.code == 0, result.stderr
    assert result.json() == {
        "login": boss,
        "display_name": "Sok Dara",
        "role": "admin",
        "province": None,
        "disabled": False,
        "waiting": None,
    }
    assert user_rows(database.engine) == [(boss, "admin", None)]
    desk = Desk.log_in(database.url, boss, NEW_PASSWORD)
    try:
        assert desk.actor.role is Role.ADMIN
    finally:
        desk.close()


def test_a_second_founding_admin_is_added_without_user(cli: Cli, fund: TestDatabase) -> None:
    """The second administrator confirms what the first proposes (issue 10)."""
    result = cli(
        "--json",
        "user",
        "add",
        fund.login("second"),
        "--role",
        "admin",
        "--db",
        url_of(fund),
        stdin=NEW_PASSWORD + "\n",
    )

    assert result.code == 0, result.stderr
    assert (result.json()["disabled"], result.json()["waiting"]) == (False, None)


def test_a_third_officer_without_user_is_told_to_log_in(cli: Cli, fund: TestDatabase) -> None:
    fund.confirmer()  # two administrators already
    before = user_rows(fund.engine)

    result = cli(
        "--json",
        "user",
        "add",
        fund.login("clerk"),
        "--role",
        "admin",
        "--db",
        url_of(fund),
        stdin=NEW_PASSWORD + "\n",
    )

    assert result.code == 3
    assert result.error()["code"] == "authentication_failed"
    assert "--user" in result.error()["message"]
    assert user_rows(fund.engine) == before


def test_first_officer_on_an_empty_database_must_be_an_admin(
    cli: Cli, database: TestDatabase
) -> None:
    result = cli(
        "user",
        "add",
        database.login("clerk"),
        "--role",
        "auditor",
        "--db",
        url_of(database),
        stdin=NEW_PASSWORD + "\n",
    )

    assert result.code == 1
    assert "first administrator" in result.stderr
    assert user_rows(database.engine) == []


def test_admin_adds_a_caseworker_with_user_and_password_from_environment(
    cli: Cli, fund: TestDatabase
) -> None:
    clerk = fund.login("clerk")

    result = add_clerk(
        cli, fund, "--role", "caseworker", "--province", "KH-12", "--name", "Chan Sreymom"
    )

    assert result.code == 0, result.stderr
    assert result.json() == {
        "login": clerk,
        "display_name": "Chan Sreymom",
        "role": "caseworker",
        "province": "KH-12",
        "disabled": False,
        "waiting": None,
    }
    assert (clerk, "caseworker", "KH-12") in user_rows(fund.engine)
    desk = Desk.log_in(fund.url, clerk, NEW_PASSWORD)
    try:
        assert (desk.actor.role, desk.actor.province_code) == (Role.CASEWORKER, "KH-12")
    finally:
        desk.close()


def test_added_officer_text_output_names_them(cli: Cli, fund: TestDatabase) -> None:
    clerk = fund.login("clerk")

    result = add_clerk(cli, fund, "--role", "caseworker", "--province", "KH-2", as_json=False)

    assert result.code == 0, result.stderr
    assert f"Added {clerk}" in result.stdout
    assert "KH-2" in result.stdout


@pytest.mark.parametrize(
    "arrangement",
    ["after", "before", "mixed"],
)
def test_global_options_stand_before_or_after_the_command(
    cli: Cli, fund: TestDatabase, arrangement: str
) -> None:
    options = {"--db": url_of(fund), "--user": fund.login("admin")}
    before, after = {
        "after": ([], ["--db", options["--db"], "--user", options["--user"], "--json"]),
        "before": (["--db", options["--db"], "--user", options["--user"], "--json"], []),
        "mixed": (["--json", "--user", options["--user"]], ["--db", options["--db"]]),
    }[arrangement]

    result = cli(*before, "user", "list", *after, password=PASSWORD)

    assert result.code == 0, result.stderr
    assert [u["login"] for u in result.json()["users"]] == [fund.login("admin")]


def test_user_list_json_lists_every_officer(cli: Cli, fund: TestDatabase) -> None:
    fund.officer("cw_kampot", Role.CASEWORKER, "KH-7")
    fund.officer("auditor", Role.AUDITOR)

    result = cli("--json", "user", "list", *as_admin(fund), password=PASSWORD)

    assert result.code == 0, result.stderr
    users = result.json()["users"]
    assert {(u["login"], u["role"], u["province"]) for u in users} == {
        (fund.login("admin"), "admin", None),
        (fund.login("cw_kampot"), "caseworker", "KH-7"),
        (fund.login("auditor"), "auditor", None),
    }
    for u in users:
        assert set(u) == {"login", "display_name", "role", "province", "disabled", "waiting"}
        assert u["disabled"] is False


def test_user_list_as_text_is_a_table(cli: Cli, fund: TestDatabase) -> None:
    fund.officer("cw_kampot", Role.CASEWORKER, "KH-7")

    result = cli("user", "list", *as_admin(fund), password=PASSWORD)

    assert result.code == 0, result.stderr
    header, *rows = result.stdout.splitlines()
    assert header.split()[:4] == ["login", "name", "role", "province"]
    assert any(fund.login("cw_kampot") in row and "KH-7" in row for row in rows)


def test_only_an_administrator_may_list_officers(cli: Cli, fund: TestDatabase) -> None:
    fund.officer("cw_kampot", Role.CASEWORKER, "KH-7")

    result = cli(
        "--json",
        "user",
        "list",
        "--db",
        url_of(fund),
        "--user",
        fund.login("cw_kampot"),
        password=PASSWORD,
    )

    assert result.code == 1
    assert result.error()["code"] == "permission_denied"
    assert "caseworker may not manage users" in result.error()["message"]


def test_only_an_administrator_may_add_officers(cli: Cli, fund: TestDatabase) -> None:
    fund.officer("auditor", Role.AUDITOR)
    before = user_rows(fund.engine)

    result = cli(
        "user",
        "add",
        fund.login("clerk"),
        "--role",
        "auditor",
        "--db",
        url_of(fund),
        "--user",
        fund.login("auditor"),
        password=PASSWORD,
        stdin=NEW_PASSWORD + "\n",
    )

    assert result.code == 1
    assert "may not manage users" in result.stderr
    assert user_rows(fund.engine) == before


# -- bad input: refused, with a clear message, nothing written ----------------------------


def test_unknown_role_is_a_usage_error(cli: Cli, fund: TestDatabase) -> None:
    before = user_rows(fund.engine)

    result = add_clerk(cli, fund, "--role", "boss")

    assert result.code == 2
    message = result.error()["message"]
    assert "Unknown role 'boss'" in message
    assert "caseworker" in message and "fund_officer" in message
    assert user_rows(fund.engine) == before


def test_unknown_province_is_a_usage_error_with_a_hint(cli: Cli, fund: TestDatabase) -> None:
    before = user_rows(fund.engine)

    result = add_clerk(cli, fund, "--role", "caseworker", "--province", "KH-99")

    assert result.code == 2
    message = result.error()["message"]
    assert "KH-99" in message
    assert "KH-1 to KH-25" in message
    assert user_rows(fund.engine) == before


def test_caseworker_without_province_is_a_usage_error(cli: Cli, fund: TestDatabase) -> None:
    before = user_rows(fund.engine)

    result = add_clerk(cli, fund, "--role", "caseworker")

    assert result.code == 2
    assert "province" in result.error()["message"]
    assert user_rows(fund.engine) == before


def test_province_for_a_non_caseworker_is_a_usage_error(cli: Cli, fund: TestDatabase) -> None:
    before = user_rows(fund.engine)

    result = add_clerk(cli, fund, "--role", "auditor", "--province", "KH-3")

    assert result.code == 2
    assert "Only caseworkers" in result.error()["message"]
    assert user_rows(fund.engine) == before


def test_duplicate_login_is_refused_and_nothing_written(cli: Cli, fund: TestDatabase) -> None:
    fund.officer("clerk", Role.AUDITOR)
    before = user_rows(fund.engine)

    result = add_clerk(cli, fund, "--role", "caseworker", "--province", "KH-3")

    assert result.code == 1
    assert result.error()["code"] == "refused"
    assert "already exists" in result.error()["message"]
    assert user_rows(fund.engine) == before
    fund.desk_for(fund.login("clerk"))  # the first officer's password still works


def test_missing_new_password_on_stdin_is_refused(cli: Cli, fund: TestDatabase) -> None:
    before = user_rows(fund.engine)

    result = add_clerk(cli, fund, "--role", "auditor", stdin="")

    assert result.code == 2
    assert "No password" in result.error()["message"]
    assert user_rows(fund.engine) == before


def test_too_short_new_password_is_refused(cli: Cli, fund: TestDatabase) -> None:
    before = user_rows(fund.engine)

    result = add_clerk(cli, fund, "--role", "auditor", stdin="short\n")

    assert result.code == 2
    assert "at least 12 characters" in result.error()["message"]
    assert user_rows(fund.engine) == before


def test_wrong_password_is_an_authentication_failure(cli: Cli, fund: TestDatabase) -> None:
    before = user_rows(fund.engine)

    result = add_clerk(cli, fund, "--role", "auditor", password="not the right password at all")

    assert result.code == 3
    assert result.error()["code"] == "authentication_failed"
    assert "Wrong login or password" in result.error()["message"]
    assert user_rows(fund.engine) == before


def test_unknown_login_is_an_authentication_failure(cli: Cli, fund: TestDatabase) -> None:
    result = cli(
        "--json",
        "user",
        "list",
        "--db",
        url_of(fund),
        "--user",
        fund.login("nobody"),
        password=PASSWORD,
    )

    assert result.code == 3
    assert "Wrong login or password" in result.error()["message"]


def test_no_password_and_no_terminal_fails_at_once(cli: Cli, fund: TestDatabase) -> None:
    before = user_rows(fund.engine)

    result = cli.waiting_on_stdin(
        "--json", "user", "add", fund.login("clerk"), "--role", "auditor", *as_admin(fund)
    )

    assert result.code == 3
    assert result.error()["code"] == "authentication_failed"
    assert "COMPFUND_PASSWORD" in result.error()["message"]
    assert user_rows(fund.engine) == before


def test_no_password_and_no_terminal_fails_at_once_as_text(cli: Cli, fund: TestDatabase) -> None:
    result = cli.waiting_on_stdin("user", "list", *as_admin(fund))

    assert result.code == 3
    assert result.stderr.startswith("compfund: No password for")
    assert result.stdout == ""


@pytest.mark.parametrize(
    "command",
    [["db", "upgrade"], ["user", "list", "--user", "admin"], ["demo", "--survivors", "5"]],
    ids=["db-upgrade", "user-list", "demo"],
)
def test_unreachable_postgresql_is_exit_4(cli: Cli, command: list[str]) -> None:
    result = cli(
        "--json",
        *command,
        "--db",
        "postgresql://x:hunter2secret@127.0.0.1:1/nope",
        password=PASSWORD,
        timeout=60,
    )

    assert result.code == 4
    assert result.error()["code"] == "database_unreachable"
    assert "Cannot reach the database" in result.error()["message"]
    assert "hunter2secret" not in result.stdout + result.stderr


def test_sqlite_file_that_cannot_be_created_is_exit_4(cli: Cli) -> None:
    result = cli("--json", "db", "upgrade", "--db", "sqlite:////dev/null/nowhere/fund.sqlite")

    assert result.code == 4
    assert result.error()["code"] == "database_unreachable"


def test_other_database_kinds_are_a_usage_error(cli: Cli) -> None:
    result = cli("--json", "db", "upgrade", "--db", "mysql://fund@db.lan/fund")

    assert result.code == 2
    assert "SQLite or PostgreSQL" in result.error()["message"]


def test_command_on_a_database_without_schema_says_to_upgrade(cli: Cli, tmp_path: Path) -> None:
    result = cli(
        "--json",
        "user",
        "add",
        "boss",
        "--role",
        "admin",
        "--db",
        sqlite_url(tmp_path / "empty.sqlite"),
        stdin=NEW_PASSWORD + "\n",
    )

    assert result.code == 1
    assert "compfund db upgrade" in result.error()["message"]


def test_garbage_command_is_a_usage_error_in_json(cli: Cli) -> None:
    result = cli("--json", "frobnicate")

    assert result.code == 2
    assert result.stdout == ""
    error = result.error()
    assert error["code"] == "usage"
    assert "frobnicate" in error["message"]
    assert "--help" in error["message"]


def test_garbage_command_is_a_usage_error_as_text(cli: Cli) -> None:
    result = cli("frobnicate")

    assert result.code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("compfund: ")
    assert "frobnicate" in result.stderr


def test_no_command_is_a_usage_error(cli: Cli) -> None:
    result = cli()

    assert result.code == 2
    assert "COMMAND" in result.stderr


def test_unknown_option_is_a_usage_error(cli: Cli) -> None:
    result = cli("--json", "user", "list", "--colour", "blue")

    assert result.code == 2
    assert "--colour" in result.error()["message"]


# -- demo: bad input ----------------------------------------------------------------------


@pytest.fixture
def migrated_file(cli: Cli, tmp_path: Path) -> Path:
    path = tmp_path / "demo.sqlite"
    assert cli("db", "upgrade", "--db", sqlite_url(path)).code == 0
    return path


def rows_in(path: Path) -> tuple[int, int]:
    engine = open_engine(parse_url(sqlite_url(path)))
    try:
        return count(engine, User), count(engine, Survivor)
    finally:
        engine.dispose()


@pytest.mark.parametrize("as_of", ["2026-13-01", "1/11/2026", "yesterday"])
def test_malformed_as_of_date_is_a_usage_error(cli: Cli, migrated_file: Path, as_of: str) -> None:
    result = cli("--json", "demo", "--as-of", as_of, "--db", sqlite_url(migrated_file))

    assert result.code == 2
    assert as_of in result.error()["message"]
    assert "YYYY-MM-DD" in result.error()["message"]
    assert rows_in(migrated_file) == (0, 0)


def test_malformed_as_of_date_creates_no_database(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "never.sqlite"

    result = cli("demo", "--as-of", "2026-02-30", "--db", sqlite_url(path))

    assert result.code == 2
    assert not path.exists()


def test_negative_survivor_count_is_a_usage_error(cli: Cli, migrated_file: Path) -> None:
    result = cli("--json", "demo", "--survivors", "-1", "--db", sqlite_url(migrated_file))

    assert result.code == 2
    assert "--survivors" in result.error()["message"]
    assert rows_in(migrated_file) == (0, 0)


def test_negative_survivor_count_creates_no_database(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "never.sqlite"

    result = cli("demo", "--survivors", "-1", "--db", sqlite_url(path))

    assert result.code == 2
    assert not path.exists()


def test_non_numeric_survivor_count_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    result = cli("--json", "demo", "--survivors", "many", "--db", sqlite_url(tmp_path / "x"))

    assert result.code == 2
    assert result.error()["code"] == "usage"
    assert "--survivors" in result.error()["message"]


# -- PostgreSQL: an officer is a real login role ------------------------------------------


@pytest.mark.postgres_only
def test_user_add_on_postgresql_creates_a_login_role(cli: Cli, fund: TestDatabase) -> None:
    clerk = fund.login("clerk")

    result = add_clerk(cli, fund, "--role", "caseworker", "--province", "KH-17")

    assert result.code == 0, result.stderr
    with fund.engine.connect() as conn:
        can_login = conn.execute(
            text("SELECT rolcanlogin FROM pg_roles WHERE rolname = :n"), {"n": clerk}
        ).scalar_one()
        groups = conn.execute(
            text(
                "SELECT g.rolname FROM pg_auth_members m "
                "JOIN pg_roles g ON g.oid = m.roleid "
                "JOIN pg_roles r ON r.oid = m.member WHERE r.rolname = :n"
            ),
            {"n": clerk},
        ).scalars()
        assert can_login is True
        assert "compfund_caseworker" in set(groups)
        hashes = conn.execute(select(User.login, User.password_hash)).all()
    assert clerk in {login for login, _ in hashes}
    assert all(stored is None for _, stored in hashes)
    desk = Desk.log_in(fund.url, clerk, NEW_PASSWORD)
    try:
        assert desk.actor.login == clerk
        assert (desk.actor.role, desk.actor.province_code) == (Role.CASEWORKER, "KH-17")
    finally:
        desk.close()


# -- refusals with no command yet, through the services (both databases) -------------------


def a_survivor(province: str) -> SurvivorInput:
    return SurvivorInput(
        name_km="សុខ សុខា",
        name_latin="Sok Sokha",
        sex=Sex.FEMALE,
        province_code=province,
        date_of_birth=date(1995, 3, 14),
        documents=(DocumentInput(DocumentType.NATIONAL_ID, "010203040"),),
    )


def an_identification() -> IdentificationInput:
    return IdentificationInput(
        authority=IdentifyingAuthority.MOSVY,
        officer_name="Chea Sophal",
        identified_on=date(2026, 6, 1),
        place="Poipet Transit Center",
        form_reference="VIG-2026-0001",
        exploitation_form=ExploitationForm.FISHING,
        country_code="TH",
        act_established=True,
        means_established=True,
        purpose_established=True,
        minor_at_time=False,
    )


def test_caseworker_cannot_register_a_survivor_of_another_province(
    database: TestDatabase,
) -> None:
    caseworker = database.officer("cw_banteay", Role.CASEWORKER, "KH-1")

    with pytest.raises(PermissionDenied, match="KH-1.*KH-2"):
        caseworker.do(register_survivor, a_survivor("KH-2"))

    assert count(database.engine, Survivor) == 0


@pytest.fixture
def application(database: TestDatabase) -> tuple[Desk, str]:
    """A caseworker of KH-1 and a draft application of a survivor of KH-1."""
    caseworker = database.officer("cw_banteay", Role.CASEWORKER, "KH-1")
    survivor = caseworker.do(register_survivor, a_survivor("KH-1"))
    identification = caseworker.do(record_identification, survivor, an_identification())
    code = caseworker.do(
        create_application, identification, ApplicationType.INTERIM_GRANT, "DOSVY Banteay Meanchey"
    )
    return caseworker, code


def test_attachment_over_20_mb_is_refused_and_nothing_written(
    database: TestDatabase, application: tuple[Desk, str]
) -> None:
    caseworker, code = application

    with pytest.raises(RuleViolation, match="20 MB"):
        caseworker.do(attach_document, code, "scan.pdf", b"\0" * (MAX_ATTACHMENT_BYTES + 1))

    assert count(database.engine, ApplicationDocument) == 0


def test_attachment_of_exactly_20_mb_is_accepted(
    database: TestDatabase, application: tuple[Desk, str]
) -> None:
    caseworker, code = application

    caseworker.do(attach_document, code, "scan.pdf", b"%" * MAX_ATTACHMENT_BYTES)

    assert count(database.engine, ApplicationDocument) == 1
