"""Attacks on officers' logins by an administrator's own login, in plain SQL (issue 9).

The database is built the README's way: a schema owner that is not a superuser but has
CREATEROLE runs the migrations and adds the first administrator. The administrator then
connects with psql, as any officer could, and tries to bend the rules that restrain
them: grant itself the owner's role or ``pg_execute_server_program``, set another
officer's password, create a role, or push the officer-manager functions past their
limits (a login outside compfund's groups, a superuser, the owner, itself, a SUPERUSER
smuggled in a name or a verifier).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import pytest
from psycopg import sql
from sqlalchemy import TextClause, text

from compfund.db.engine import open_engine
from compfund.db.migrate import upgrade
from compfund.permissions import Role
from tests.conftest import (
    MIGRATION_LOCK,
    PASSWORD,
    PgServer,
    TestDatabase,
    plain_client,
    unique_name,
)

pytestmark = pytest.mark.postgres_only

GROUPS = tuple(f"compfund_{r.value}" for r in Role)
MANAGER = "compfund_officer_manager"
FUNCTIONS = (
    "compfund_officer_create(text, text, text)",
    "compfund_officer_disable(text)",
    "compfund_officer_enable(text)",
    "compfund_officer_set_password(text, text)",
    "compfund_officer_set_group(text, text)",
)
# A function refuses with one of these; a missing function (UndefinedFunction) is no defence.
REFUSED = (psycopg.errors.InsufficientPrivilege, psycopg.errors.InvalidParameterValue)


@contextmanager
def readme_office(server: PgServer | None, revision: str = "head") -> Iterator[TestDatabase]:
    """A database set up as the README says: owned by a CREATEROLE, non-superuser login
    that runs the migrations itself (up to ``revision``)."""
    if server is None:
        pytest.skip("no PostgreSQL: set COMPFUND_TEST_PG_URL (scripts/test starts one)")
    name = unique_name("compfund_s_", 10)
    prefix = unique_name("s", 6) + "_"
    owner = f"{prefix}owner"
    with server.admin.connect() as conn:
        conn.execute(text(f"CREATE ROLE \"{owner}\" LOGIN CREATEROLE PASSWORD '{PASSWORD}'"))
        conn.execute(text(f'CREATE DATABASE "{name}" OWNER "{owner}"'))
    url = server.url_for(name).set(username=owner, password=PASSWORD)
    engine = open_engine(url)
    db = TestDatabase("postgresql", url, engine, prefix)
    try:
        migrate_as_owner(server, db, revision)
        yield db
    finally:
        db.close()
        with server.admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            roles = conn.execute(
                text("SELECT rolname FROM pg_roles WHERE rolname LIKE :p ORDER BY rolname DESC"),
                {"p": f"{prefix}%"},
            ).scalars()
            for role in list(roles):
                conn.execute(text(f'DROP ROLE IF EXISTS "{role}"'))


def migrate_as_owner(server: PgServer, db: TestDatabase, revision: str = "head") -> None:
    """The migrations, run by the database's owner (one worker at a time: shared roles)."""
    with server.admin.connect() as lock:
        lock.execute(text("SELECT pg_advisory_lock(:k)"), {"k": MIGRATION_LOCK})
        try:
            upgrade(db.engine, revision)
        finally:
            lock.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": MIGRATION_LOCK})


@pytest.fixture
def office(pg_server: PgServer | None) -> Iterator[TestDatabase]:
    """This module's office (not tests/security/conftest.py's): set up the README's way."""
    with readme_office(pg_server) as db:
        yield db


@contextmanager
def psql_as(db: TestDatabase, login: str) -> Iterator[psycopg.Cursor[tuple[object, ...]]]:
    """A plain database client (psql, DBeaver ...) logged in with the officer's own login."""
    with plain_client(db, login) as cur:
        yield cur


def verifier(cur: psycopg.Cursor[tuple[object, ...]], login: str, password: str) -> str:
    """A SCRAM-SHA-256 verifier computed on the client, as the desk does."""
    raw = cur.connection.pgconn.encrypt_password(
        password.encode(), login.encode(), b"scram-sha-256"
    )
    return bytes(raw).decode()


def add_officer(db: TestDatabase, name: str, role: Role) -> None:
    """An officer added by the administrator (through the services, as `user add` does),
    confirmed by the second administrator where the role holds money rights."""
    db.officer(name, role)


def owner_of(db: TestDatabase) -> str:
    assert db.url.username
    return db.url.username


def superuser(cur: psycopg.Cursor[tuple[object, ...]]) -> str:
    cur.execute("SELECT rolname FROM pg_roles WHERE rolsuper ORDER BY oid LIMIT 1")
    row = cur.fetchone()
    assert row
    return str(row[0])


def has_role(db: TestDatabase, member: str, role: str) -> bool:
    with db.engine.connect() as conn:
        return bool(
            conn.execute(
                text("SELECT pg_has_role(:m, :r, 'MEMBER')"), {"m": member, "r": role}
            ).scalar_one()
        )


def attributes(db: TestDatabase, login: str) -> dict[str, object] | None:
    with db.engine.connect() as conn:
        row = (
            conn.execute(
                text(
                    "SELECT rolsuper, rolcreaterole, rolcreatedb, rolreplication, "
                    "rolbypassrls, rolcanlogin FROM pg_roles WHERE rolname = :n"
                ),
                {"n": login},
            )
            .mappings()
            .first()
        )
    return dict(row) if row else None


# -- no officer's login has CREATEROLE ----------------------------------------------------


def test_no_officer_login_has_createrole(office: TestDatabase) -> None:
    office.admin()
    add_officer(office, "ap", Role.APPROVER)
    with office.engine.connect() as conn:
        logins = conn.execute(
            text(
                "SELECT DISTINCT u.rolname, u.rolcreaterole FROM pg_roles u "
                "JOIN pg_auth_members m ON m.member = u.oid "
                "JOIN pg_roles g ON g.oid = m.roleid "
                "WHERE g.rolname = ANY(:groups) AND u.rolcanlogin"
            ),
            {"groups": list(GROUPS)},
        ).all()
    assert office.login("admin") in {name for name, _ in logins}
    assert [name for name, createrole in logins if createrole] == []


# -- what an administrator's own login cannot do in plain SQL ------------------------------

PLAIN_SQL_ATTACKS = {
    "grant itself the owner's role": 'GRANT "{owner}" TO "{admin}"',
    "grant itself pg_execute_server_program": 'GRANT pg_execute_server_program TO "{admin}"',
    "grant itself pg_write_server_files": 'GRANT pg_write_server_files TO "{admin}"',
    "grant itself the officer manager": 'GRANT compfund_officer_manager TO "{admin}"',
    "grant another officer the admin group": 'GRANT compfund_admin TO "{other}"',
    "set another officer's password": "ALTER ROLE \"{other}\" PASSWORD 'chosen by the admin'",
    "disable another officer directly": 'ALTER ROLE "{other}" NOLOGIN',
    "give itself CREATEDB": 'ALTER ROLE "{admin}" CREATEDB',
    "create a role": 'CREATE ROLE "{prefix}shadow" LOGIN',
}


@pytest.mark.parametrize("attack", list(PLAIN_SQL_ATTACKS))
def test_admin_cannot_bend_roles_in_plain_sql(office: TestDatabase, attack: str) -> None:
    office.admin()
    add_officer(office, "ap", Role.APPROVER)
    statement = PLAIN_SQL_ATTACKS[attack].format(
        owner=owner_of(office),
        admin=office.login("admin"),
        other=office.login("ap"),
        prefix=office.prefix,
    )
    with (
        psql_as(office, office.login("admin")) as cur,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        cur.execute(statement)
    assert not has_role(office, office.login("admin"), owner_of(office))
    assert not has_role(office, office.login("admin"), "pg_execute_server_program")
    assert attributes(office, f"{office.prefix}shadow") is None


def test_admin_cannot_run_an_operating_system_command(office: TestDatabase) -> None:
    office.admin()
    admin = office.login("admin")
    with psql_as(office, admin) as cur:
        try:
            cur.execute(
                sql.SQL("GRANT pg_execute_server_program TO {}").format(sql.Identifier(admin))
            )
        except psycopg.errors.InsufficientPrivilege:
            pass
    with psql_as(office, admin) as cur:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            cur.execute("COPY (SELECT session_user) TO PROGRAM 'cat > /dev/null'")


# -- the officer-manager functions ---------------------------------------------------------


def test_officer_manager_functions_are_fenced(office: TestDatabase) -> None:
    """SECURITY DEFINER, owned by the NOLOGIN manager, a fixed search_path, no EXECUTE for
    PUBLIC, EXECUTE for compfund_admin."""
    with office.engine.connect() as conn:
        for function in FUNCTIONS:
            row = conn.execute(
                text(
                    "SELECT p.prosecdef, pg_get_userbyid(p.proowner), p.proconfig, "
                    "has_function_privilege('public', p.oid, 'EXECUTE'), "
                    "has_function_privilege('compfund_admin', p.oid, 'EXECUTE'), "
                    "has_function_privilege('compfund_approver', p.oid, 'EXECUTE') "
                    "FROM pg_proc p WHERE p.oid = CAST(:f AS regprocedure)"
                ),
                {"f": f"public.{function}"},
            ).one()
            assert row[0] is True, function
            assert row[1] == MANAGER, function
            assert row[2] == ["search_path=pg_catalog, public, pg_temp"], function
            # an administrator regroups nobody: compfund_officer_confirm does (issue 10)
            admin = not function.startswith("compfund_officer_set_group")
            assert row[3:] == (False, admin, False), function
        manager = conn.execute(
            text("SELECT rolcanlogin, rolsuper FROM pg_roles WHERE rolname = :m"), {"m": MANAGER}
        ).one()
    assert tuple(manager) == (False, False)


@pytest.mark.parametrize(
    "group",
    [
        "pg_execute_server_program",
        "pg_read_server_files",
        "compfund_gate",
        MANAGER,
        "{owner}",
        "{superuser}",
        "compfund_admin WITH ADMIN OPTION",
        'compfund_admin", pg_execute_server_program --',
        "compfund_nonsense",
        "",
    ],
)
def test_a_login_is_created_only_inside_a_compfund_group(office: TestDatabase, group: str) -> None:
    office.admin()
    login = office.login("made")
    with psql_as(office, office.login("admin")) as cur:
        group = group.format(owner=owner_of(office), superuser=superuser(cur))
        with pytest.raises(REFUSED):
            cur.execute(
                "SELECT public.compfund_officer_create(%s, %s, %s)",
                (login, group, verifier(cur, login, PASSWORD)),
            )
    assert attributes(office, login) is None


@pytest.mark.parametrize(
    "login",
    [
        'x" SUPERUSER --',
        "x' SUPERUSER --",
        "Upper",
        "a",
        "pg_monitor_me",
        "compfund_shadow",
        "has space",
        "x" * 64,
        "1digitfirst",
    ],
)
def test_a_login_name_that_is_not_plain_is_refused(office: TestDatabase, login: str) -> None:
    office.admin()
    with psql_as(office, office.login("admin")) as cur:
        with pytest.raises(REFUSED):
            cur.execute(
                "SELECT public.compfund_officer_create(%s, 'compfund_auditor', %s)",
                (login, verifier(cur, "x", PASSWORD)),
            )
        cur.execute("SELECT count(*) FROM pg_roles WHERE rolsuper AND rolname ~ '^x'")
        assert cur.fetchone() == (0,)


@pytest.mark.parametrize(
    "secret",
    [
        PASSWORD,  # a clear password is never sent
        "md5" + "0" * 32,
        "SCRAM-SHA-256$4096:c2FsdA==$a2V5:a2V5' SUPERUSER --",
        "SCRAM-SHA-256$4096:c2FsdA==$a2V5:a2V5 SUPERUSER",
        "SCRAM-SHA-256$",
        "",
    ],
)
def test_only_a_scram_verifier_is_accepted(office: TestDatabase, secret: str) -> None:
    office.admin()
    login = office.login("made")
    with psql_as(office, office.login("admin")) as cur, pytest.raises(REFUSED):
        cur.execute(
            "SELECT public.compfund_officer_create(%s, 'compfund_auditor', %s)", (login, secret)
        )
    assert attributes(office, login) is None


def memberships(db: TestDatabase, login: str) -> list[str]:
    """The roles ``login`` is a direct member of."""
    with db.engine.connect() as conn:
        return list(
            conn.execute(
                text(
                    "SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
                    "JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = :n ORDER BY 1"
                ),
                {"n": login},
            ).scalars()
        )


def _targets(office: TestDatabase, server: PgServer) -> dict[str, str]:
    """Logins an administrator must not manage, made by the superuser where needed."""
    prefix = office.prefix
    office.admin()
    add_officer(office, "ap", Role.APPROVER)
    odd = {
        "two_groups": "IN ROLE compfund_auditor, compfund_approver",
        "createdb": "CREATEDB IN ROLE compfund_auditor",
        "bypassrls": "BYPASSRLS IN ROLE compfund_auditor",
        "extra_member": "IN ROLE compfund_auditor, pg_read_all_data",
        "no_group": "",
    }
    with server.admin.connect() as conn:
        for name, options in odd.items():
            conn.execute(text(f'CREATE ROLE "{prefix}{name}" LOGIN {options}'))
    targets = {name: f"{prefix}{name}" for name in odd}
    assert server.admin_url.username
    targets |= {
        "themselves": office.login("admin"),
        "the owner": owner_of(office),
        "the superuser": server.admin_url.username,
        "the gate": "compfund_gate",
        "the manager": MANAGER,
        "a group role": "compfund_approver",
        "pg_execute_server_program": "pg_execute_server_program",
    }
    # Each is recorded as an officer here too (the administrator may insert users rows):
    # the functions' own checks of the login are what refuse it.
    with office.engine.begin() as conn:
        for login in targets.values():
            conn.execute(
                text(
                    "INSERT INTO users (login, display_name, role, disabled, created_at, "
                    "version, failed_logins) SELECT CAST(:login AS varchar), :login, 'auditor', "
                    "false, now(), 1, 0 "
                    "WHERE NOT EXISTS (SELECT 1 FROM users WHERE login = CAST(:login AS varchar))"
                ),
                {"login": login},
            )
    return targets


TARGET_NAMES = (
    "two_groups",
    "createdb",
    "bypassrls",
    "extra_member",
    "no_group",
    "themselves",
    "the owner",
    "the superuser",
    "the gate",
    "the manager",
    "a group role",
    "pg_execute_server_program",
)


@pytest.mark.parametrize("target", TARGET_NAMES)
def test_managing_anything_but_a_plain_officer_login_is_refused(
    office: TestDatabase, pg_server: PgServer, target: str
) -> None:
    login = _targets(office, pg_server)[target]
    before = attributes(office, login), memberships(office, login)
    with psql_as(office, office.login("admin")) as cur:
        calls = (
            ("SELECT public.compfund_officer_disable(%s)", (login,)),
            ("SELECT public.compfund_officer_enable(%s)", (login,)),
            (
                "SELECT public.compfund_officer_set_password(%s, %s)",
                (login, verifier(cur, login, "a password the admin chose")),
            ),
            ("SELECT public.compfund_officer_set_group(%s, 'compfund_admin')", (login,)),
            (
                "SELECT public.compfund_officer_create(%s, 'compfund_admin', %s)",
                (login, verifier(cur, login, PASSWORD)),
            ),
        )
        for statement, params in calls:
            with pytest.raises(REFUSED):
                cur.execute(statement, params)
    assert (attributes(office, login), memberships(office, login)) == before


def test_a_group_is_changed_only_to_a_compfund_group(office: TestDatabase) -> None:
    office.admin()
    add_officer(office, "ap", Role.APPROVER)
    other = office.login("ap")
    with psql_as(office, office.login("admin")) as cur:
        for group in ("pg_execute_server_program", owner_of(office), MANAGER, "compfund_gate"):
            with pytest.raises(REFUSED):
                cur.execute("SELECT public.compfund_officer_set_group(%s, %s)", (other, group))
    assert has_role(office, other, "compfund_approver")
    assert not has_role(office, other, "pg_execute_server_program")
    assert not has_role(office, other, owner_of(office))


@pytest.mark.parametrize("function", FUNCTIONS)
def test_a_non_admin_officer_cannot_execute_the_functions(
    office: TestDatabase, function: str
) -> None:
    office.admin()
    add_officer(office, "ap", Role.APPROVER)
    add_officer(office, "au", Role.AUDITOR)
    target = office.login("au")
    arity = function.count("text")
    args = [target, "compfund_admin", "SCRAM-SHA-256$4096:c2FsdA==$a2V5:a2V5"][:arity]
    if function.startswith("compfund_officer_set_password"):
        args = [target, "SCRAM-SHA-256$4096:c2FsdA==$a2V5:a2V5"]
    name = function.split("(")[0]
    with psql_as(office, office.login("ap")) as cur:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            cur.execute(
                sql.SQL("SELECT public.{}({})").format(
                    sql.Identifier(name), sql.SQL(", ").join(sql.Placeholder() * arity)
                ),
                args,
            )
    assert has_role(office, target, "compfund_auditor")
    assert not has_role(office, target, "compfund_admin")


def test_an_administrator_made_before_the_fix_loses_createrole(pg_server: PgServer) -> None:
    """An office that upgrades: its administrators' logins were made WITH CREATEROLE."""
    with readme_office(pg_server, "0002_rules_hold") as office:
        admin = office.login("admin")
        with office.engine.begin() as conn:
            assert office.url.database
            conn.execute(
                sql_text_old_admin(admin, office.url.database),
            )
            conn.execute(
                text(
                    "INSERT INTO users (login, display_name, role, disabled, created_at, "
                    "version, failed_logins) VALUES (:l, :l, 'admin', false, now(), 1, 0)"
                ),
                {"l": admin},
            )
        assert attributes(office, admin) is not None
        assert attributes(office, admin)["rolcreaterole"] is True  # type: ignore[index]
        migrate_as_owner(pg_server, office)
        assert attributes(office, admin)["rolcreaterole"] is False  # type: ignore[index]
        office._admin = office.desk_for(admin)
        add_officer(office, "ap", Role.APPROVER)
        with psql_as(office, office.login("ap")) as cur:
            cur.execute("SELECT session_user")
            assert cur.fetchone() == (office.login("ap"),)
        with psql_as(office, admin) as cur, pytest.raises(psycopg.errors.InsufficientPrivilege):
            cur.execute(f'GRANT "{owner_of(office)}" TO "{admin}"')


def sql_text_old_admin(login: str, database: str) -> TextClause:
    """The statements compfund/db/pg_roles.py ran before issue 9, for an administrator."""
    return text(
        f"CREATE ROLE \"{login}\" LOGIN CREATEROLE PASSWORD '{PASSWORD}' IN ROLE compfund_admin; "
        f'GRANT CONNECT ON DATABASE "{database}" TO "{login}"'
    )
