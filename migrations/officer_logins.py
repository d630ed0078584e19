"""PostgreSQL: officers' database logins, managed only through functions (issue 9).

No officer's login has CREATEROLE: on PostgreSQL 15 a CREATEROLE login can grant itself
any non-superuser role (the schema owner's, ``pg_execute_server_program``) and alter
every other officer. Instead a NOLOGIN role, ``compfund_officer_manager``, has
CREATEROLE and owns five SECURITY DEFINER functions that do only what managing
officers needs, for callers who are members of ``compfund_admin``:

- ``compfund_officer_create(login, group, verifier)``: a login inside one group;
- ``compfund_officer_disable(login)`` / ``compfund_officer_enable(login)``: NOLOGIN / LOGIN;
- ``compfund_officer_set_password(login, verifier)``: a new SCRAM-SHA-256 verifier;
- ``compfund_officer_set_group(login, group)``: from one group to another.

Each acts only on a login recorded in ``public.users`` that is a member of exactly one
of compfund's officer groups and of nothing else, with no attribute beyond LOGIN, never
on the caller's own login (``session_user``), and takes a verifier computed on the desk,
never a password. Each appends an audit event in the caller's name.

A helper's SQL is part of every database built by a migration that calls it: change
what a helper writes only together with a migration that changes the databases already
built (or add a new helper).
"""

from __future__ import annotations

from alembic import op

from migrations.guards import ROLES

MANAGER = "compfund_officer_manager"
GROUPS = tuple(f"compfund_{role}" for role in ROLES)
_GROUPS_ARRAY = "ARRAY[" + ", ".join(f"'{g}'" for g in GROUPS) + "]::text[]"
SEARCH_PATH = "pg_catalog, public, pg_temp"

# A login as compfund/db/pg_roles.py makes them; and a SCRAM-SHA-256 verifier as libpq
# computes it: SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>, base64.
LOGIN_PATTERN = "^[a-z][a-z0-9_]{1,62}$"
_B64 = "[A-Za-z0-9+/]+={0,2}"
VERIFIER_PATTERN = f"^SCRAM-SHA-256\\$[0-9]{{1,7}}:{_B64}\\${_B64}:{_B64}$"

FUNCTIONS = (
    "compfund_officer_create(text, text, text)",
    "compfund_officer_disable(text)",
    "compfund_officer_enable(text)",
    "compfund_officer_set_password(text, text)",
    "compfund_officer_set_group(text, text)",
)


# -- what appending to the audit trail needs ---------------------------------------------


def grant_audit_append(role: str) -> None:
    """What ``public.compfund_audit_append`` needs from a role that calls it without being
    the owner: since 0002_rules_hold it takes the chain's advisory lock, reads the head
    and inserts the event; a trigger (run as the owner) moves the head. The one place to
    change when appending changes again."""
    op.execute(
        f"GRANT EXECUTE ON FUNCTION public.compfund_audit_append(text, text, text, text, text) "
        f"TO {role}"
    )
    op.execute(f"GRANT INSERT ON public.audit_events TO {role}")
    op.execute(f"GRANT SELECT ON public.chain_heads TO {role}")
    op.execute(
        f"""DO $$ DECLARE seq text := pg_get_serial_sequence('public.audit_events', 'id');
        BEGIN
            IF seq IS NOT NULL THEN
                EXECUTE format('GRANT USAGE ON SEQUENCE %s TO {role}', seq);
            END IF;
        END $$"""
    )


# -- the manager role and the database's doors -------------------------------------------


def create_manager() -> None:
    """The NOLOGIN role with CREATEROLE that owns the functions (roles are cluster-wide:
    created when missing, its attributes set either way). The migrating role joins it,
    as it must to hand the functions over (and so may add the first administrator)."""
    op.execute(
        f"""DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = '{MANAGER}') THEN
            CREATE ROLE {MANAGER} NOLOGIN CREATEROLE;
        END IF;
        ALTER ROLE {MANAGER} NOLOGIN CREATEROLE NOCREATEDB;
        IF NOT pg_catalog.pg_has_role(current_user, '{MANAGER}', 'MEMBER') THEN
            EXECUTE format('GRANT {MANAGER} TO %I', current_user);
        END IF;
        END $$"""
    )
    op.execute(f"GRANT SELECT (login) ON public.users TO {MANAGER}")
    grant_audit_append(MANAGER)
    read_role_catalog(MANAGER)


def read_role_catalog(role: str) -> None:
    """The functions read who is a member of what. Since 0002_rules_hold PUBLIC no longer
    reads the role catalog where a superuser ran the migration (only a superuser may grant
    it); elsewhere PUBLIC still does (a superuser who closes it later grants it to the
    manager too: README)."""
    op.execute(
        f"""DO $$ BEGIN
        IF (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user) THEN
            GRANT SELECT ON pg_catalog.pg_roles, pg_catalog.pg_auth_members TO {role};
        END IF; END $$"""
    )


def no_createrole_for_officers() -> None:
    """Every officer's login loses CREATEROLE (administrators' were made with it). Roles a
    superuser would have to change, and superusers themselves, are left: they are not
    officers' logins made by compfund."""
    op.execute(
        f"""DO $$ DECLARE officer record; BEGIN
        FOR officer IN
            SELECT DISTINCT u.rolname FROM pg_catalog.pg_roles u
              JOIN pg_catalog.pg_auth_members m ON m.member = u.oid
              JOIN pg_catalog.pg_roles g ON g.oid = m.roleid
             WHERE g.rolname = ANY({_GROUPS_ARRAY}) AND u.rolcreaterole AND NOT u.rolsuper
        LOOP
            EXECUTE format('ALTER ROLE %I NOCREATEROLE', officer.rolname);
        END LOOP;
        END $$"""
    )


# -- the functions -----------------------------------------------------------------------


def _refuse(message: str, *args: str, state: str = "insufficient_privilege") -> str:
    params = "".join(f", {a}" for a in args)
    return f"RAISE EXCEPTION '{message}'{params} USING ERRCODE = '{state}'"


_NAME_CHECK = f"""
    IF p_login IS NULL OR p_login !~ '{LOGIN_PATTERN}'
       OR starts_with(p_login, 'pg_') OR starts_with(p_login, 'compfund_') THEN
        {_refuse("% cannot be an officer''s login: 2 to 63 lower-case letters, digits or _, starting with a letter (not pg_ or compfund_)", "quote_literal(p_login)", state="invalid_parameter_value")};
    END IF;
    IF p_login = session_user::text THEN
        {_refuse("no officer manages their own login: ask another administrator")};
    END IF;
    IF NOT EXISTS (SELECT 1 FROM public.users u WHERE u.login = p_login) THEN
        {_refuse("% is not an officer of this database", "p_login", state="invalid_parameter_value")};
    END IF;"""

_GROUP_CHECK = f"""
    IF p_group IS NULL OR NOT p_group = ANY({_GROUPS_ARRAY}) THEN
        {_refuse("% is not one of compfund''s officer groups", "quote_literal(p_group)", state="invalid_parameter_value")};
    END IF;"""

_VERIFIER_CHECK = f"""
    IF p_verifier IS NULL OR p_verifier !~ '{VERIFIER_PATTERN}' THEN
        {_refuse("a password is given only as a SCRAM-SHA-256 verifier computed on the desk", state="invalid_parameter_value")};
    END IF;"""

# An existing login that is exactly an officer's: LOGIN or NOLOGIN, no other attribute,
# a member of one compfund group and nothing else, and no role a member of it. Sets
# ``old_group``.
_OFFICER_CHECK = f"""
    SELECT r.oid, r.rolsuper, r.rolcreaterole, r.rolcreatedb, r.rolreplication,
           r.rolbypassrls
      INTO target FROM pg_catalog.pg_roles r WHERE r.rolname = p_login;
    IF NOT FOUND THEN
        {_refuse("there is no database login %", "p_login", state="invalid_parameter_value")};
    END IF;
    SELECT pg_catalog.array_agg(g.rolname::text), coalesce(pg_catalog.bool_or(m.admin_option), false)
      INTO groups, with_admin
      FROM pg_catalog.pg_auth_members m JOIN pg_catalog.pg_roles g ON g.oid = m.roleid
     WHERE m.member = target.oid;
    IF target.rolsuper OR target.rolcreaterole OR target.rolcreatedb OR target.rolreplication
       OR target.rolbypassrls OR groups IS NULL OR pg_catalog.cardinality(groups) <> 1
       OR with_admin OR NOT groups[1] = ANY({_GROUPS_ARRAY})
       OR EXISTS (SELECT 1 FROM pg_catalog.pg_auth_members m WHERE m.roleid = target.oid) THEN
        {_refuse("% is not a plain officer''s login (one compfund group, nothing more): change it as the database owner", "p_login")};
    END IF;
    old_group := groups[1];"""

_DECLARE_TARGET = """
    target record;
    groups text[];
    with_admin boolean;
    old_group text;"""


def _entity_id() -> str:
    """The login as the audit event's entity id (its column holds 40 characters; the
    detail always names the login in full)."""
    return "CASE WHEN length(p_login) <= 40 THEN p_login END"


def _audit(event: str, detail: str) -> str:
    return (
        f"PERFORM public.compfund_audit_append(session_user::text, '{event}', "
        f"'database_role', {_entity_id()}, {detail})"
    )


def _function(signature: str, declare: str, body: str) -> None:
    op.execute(
        f"""CREATE FUNCTION public.{signature} RETURNS void
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = {SEARCH_PATH} AS $$
        DECLARE {declare}
        BEGIN
        {body}
        END $$"""
    )


def officer_functions() -> None:
    """The five functions, owned by the manager; EXECUTE for compfund_admin only."""
    _function(
        "compfund_officer_create(p_login text, p_group text, p_verifier text)",
        "",
        f"""{_NAME_CHECK}{_GROUP_CHECK}{_VERIFIER_CHECK}
        IF EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.rolname = p_login) THEN
            {_refuse("a database role named % already exists on this server", "p_login")};
        END IF;
        EXECUTE format('CREATE ROLE %I LOGIN INHERIT NOSUPERUSER NOCREATEDB NOCREATEROLE '
                       'NOREPLICATION NOBYPASSRLS PASSWORD %L IN ROLE %I',
                       p_login, p_verifier, p_group);
        {_audit("officer_login_created", "format('login %s in %s', p_login, p_group)")};""",
    )
    for name, verb, event in (
        ("disable", "NOLOGIN", "officer_login_disabled"),
        ("enable", "LOGIN", "officer_login_enabled"),
    ):
        _function(
            f"compfund_officer_{name}(p_login text)",
            _DECLARE_TARGET,
            f"""{_NAME_CHECK}{_OFFICER_CHECK}
        EXECUTE format('ALTER ROLE %I {verb}', p_login);
        {_audit(event, "format('login %s', p_login)")};""",
        )
    _function(
        "compfund_officer_set_password(p_login text, p_verifier text)",
        _DECLARE_TARGET,
        f"""{_NAME_CHECK}{_VERIFIER_CHECK}{_OFFICER_CHECK}
        EXECUTE format('ALTER ROLE %I PASSWORD %L', p_login, p_verifier);
        {_audit("officer_password_reset", "format('login %s', p_login)")};""",
    )
    _function(
        "compfund_officer_set_group(p_login text, p_group text)",
        _DECLARE_TARGET,
        f"""{_NAME_CHECK}{_GROUP_CHECK}{_OFFICER_CHECK}
        IF old_group = p_group THEN
            {_refuse("% is already in %", "p_login", "p_group", state="invalid_parameter_value")};
        END IF;
        EXECUTE format('REVOKE %I FROM %I', old_group, p_login);
        EXECUTE format('GRANT %I TO %I', p_group, p_login);
        {_audit("officer_role_changed", "format('login %s from %s to %s', p_login, old_group, p_group)")};""",
    )
    # The manager must be able to create in the schema to own functions there; it keeps
    # no such right afterwards.
    op.execute(f"GRANT CREATE ON SCHEMA public TO {MANAGER}")
    for function in FUNCTIONS:
        op.execute(f"ALTER FUNCTION public.{function} OWNER TO {MANAGER}")
        op.execute(f"REVOKE ALL ON FUNCTION public.{function} FROM PUBLIC")
        op.execute(f"GRANT EXECUTE ON FUNCTION public.{function} TO compfund_admin")
    op.execute(f"REVOKE CREATE ON SCHEMA public FROM {MANAGER}")
