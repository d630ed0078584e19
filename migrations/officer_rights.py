"""Officers who hold money rights (issue 10; migration 0007_officer_rights).

An officer with approver, finance officer or administrator rights, and any change of an
officer's role, takes effect only when a second officer confirms it: another
administrator, or an approver; never the one who proposed it, never the officer it
names. One person with two logins is the classic way round four eyes. The requests are
kept, decided or not, in ``officer_role_requests`` (both databases; the auditors' list).

On PostgreSQL the database holds it against each officer's own login:

- an administrator's role no longer updates ``users.role`` and no longer executes
  ``compfund_officer_set_group``: a role changes only through
  ``compfund_officer_confirm(login)``;
- ``compfund_officer_create`` makes a login only in the group ``users.role`` names, and,
  called by an officer, makes a login with money rights NOLOGIN, and only for the
  caller's own undecided request to add that officer;
- ``compfund_officer_enable`` refuses an officer proposed as new whose request nobody
  confirmed, and no officer's role marks such an officer enabled in ``users``;
- a request is inserted by an administrator in their own name, undecided; it is decided
  only through ``compfund_officer_confirm(login)`` and
  ``compfund_officer_refuse(login, reason)`` (SECURITY DEFINER, owned by the officer
  manager, EXECUTE for compfund_admin and compfund_approver), which read the decider from
  ``session_user``; confirming applies the change (LOGIN, the group, ``users``) and both
  append an audit event in the decider's name.

The schema's owner (first setup, the demo) is not an officer: the rules on who may act do
not bind it. Each helper's SQL is part of every database built by that migration: change
it only together with a new migration.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from migrations.columns import check, enum, foreign_key, index, moment, primary_key
from migrations.guards import ROLES
from migrations.officer_logins import (
    _DECLARE_TARGET,
    _GROUP_CHECK,
    _GROUPS_ARRAY,
    _NAME_CHECK,
    _OFFICER_CHECK,
    _VERIFIER_CHECK,
    MANAGER,
    SEARCH_PATH,
    _refuse,
)

TABLE = "officer_role_requests"
MONEY_RIGHTS = ("approver", "finance_officer", "admin")
_MONEY_GROUPS = "ARRAY[" + ", ".join(f"'compfund_{r}'" for r in MONEY_RIGHTS) + "]::text[]"
DECIDERS = "compfund_admin, compfund_approver"
# A condition: the connected role is one of compfund's officers (not the schema's owner).
OFFICER = "EXISTS (SELECT 1 FROM public.users u WHERE u.login = session_user::text)"
# A login proposed as a new officer whose request is not (yet) confirmed.
_UNCONFIRMED = """(EXISTS (SELECT 1 FROM public.officer_role_requests q
                   WHERE q.login = {login} AND q.kind = 'new_officer')
        AND NOT EXISTS (SELECT 1 FROM public.officer_role_requests q
                   WHERE q.login = {login} AND q.kind = 'new_officer'
                     AND q.outcome = 'confirmed'))"""

SIGNATURES = (
    "compfund_officer_confirm(text)",
    "compfund_officer_refuse(text, text)",
)


def requests_table() -> None:
    """The requests, as compfund.models.officer_requests declares them (both databases)."""
    op.create_table(
        TABLE,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("login", sa.String(63), nullable=False),
        sa.Column("kind", enum("kind", "new_officer", "role_change"), nullable=False),
        sa.Column("from_role", enum("from_role", *ROLES), nullable=True),
        sa.Column("role", enum("role", *ROLES), nullable=False),
        sa.Column("province_code", sa.String(5), nullable=True),
        sa.Column("proposed_by", sa.String(63), nullable=False),
        sa.Column("proposed_at", moment(), nullable=False),
        sa.Column("decided_by", sa.String(63), nullable=True),
        sa.Column("decided_at", moment(), nullable=True),
        sa.Column("outcome", enum("outcome", "confirmed", "refused"), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        check(
            TABLE, "caseworker_has_province", "role <> 'caseworker' OR province_code IS NOT NULL"
        ),
        check(
            TABLE,
            "decided_in_full",
            "(outcome IS NULL AND decided_by IS NULL AND decided_at IS NULL) OR "
            "(outcome IS NOT NULL AND decided_by IS NOT NULL AND decided_at IS NOT NULL)",
        ),
        check(
            TABLE,
            "four_eyes",
            "decided_by IS NULL OR (decided_by <> proposed_by AND decided_by <> login)",
        ),
        check(TABLE, "refused_with_reason", "outcome <> 'refused' OR reason IS NOT NULL"),
        foreign_key(TABLE, "login", "users", "login"),
        foreign_key(TABLE, "province_code", "provinces", "code"),
        primary_key(TABLE),
    )
    index(TABLE, "login")
    for name, where in (
        ("uq_officer_role_requests_pending", "outcome IS NULL"),
        ("uq_officer_role_requests_new_officer", "kind = 'new_officer'"),
    ):
        op.create_index(
            name,
            TABLE,
            ["login"],
            unique=True,
            sqlite_where=sa.text(where),
            postgresql_where=sa.text(where),
        )


# -- PostgreSQL ----------------------------------------------------------------------------


def grants() -> None:
    """Administrators propose (INSERT) and everyone who decides or audits reads; nobody but
    the manager's functions decides. The administrator's role loses ``users.role`` and
    ``compfund_officer_set_group``."""
    op.execute(
        f"GRANT SELECT ON public.{TABLE} TO compfund_admin, compfund_approver, compfund_auditor"
    )
    op.execute(f"GRANT INSERT ON public.{TABLE} TO compfund_admin")
    op.execute(
        f"""DO $$ DECLARE seq text := pg_get_serial_sequence('public.{TABLE}', 'id');
        BEGIN EXECUTE format('GRANT USAGE ON SEQUENCE %s TO compfund_admin', seq); END $$"""
    )
    op.execute("REVOKE UPDATE (role) ON public.users FROM compfund_admin")
    op.execute(
        "REVOKE EXECUTE ON FUNCTION public.compfund_officer_set_group(text, text) "
        "FROM compfund_admin"
    )
    # what the manager's functions read and change
    op.execute(
        f"GRANT SELECT (role, province_code, disabled, version) ON public.users TO {MANAGER}"
    )
    op.execute(
        f"GRANT UPDATE (role, province_code, disabled, version) ON public.users TO {MANAGER}"
    )
    op.execute(f"GRANT SELECT ON public.{TABLE} TO {MANAGER}")
    op.execute(
        f"GRANT UPDATE (decided_by, decided_at, outcome, reason) ON public.{TABLE} TO {MANAGER}"
    )


def _trigger_function(name: str, body: str) -> None:
    op.execute(
        f"""CREATE FUNCTION public.{name}() RETURNS trigger LANGUAGE plpgsql
        SECURITY DEFINER SET search_path = {SEARCH_PATH} AS $$
        BEGIN
{body}
            RETURN NEW;
        END $$"""
    )
    op.execute(f"REVOKE ALL ON FUNCTION public.{name}() FROM PUBLIC")


def triggers() -> None:
    """A request is proposed by an administrator in their own name, undecided, about
    someone else; an officer proposed as new is marked enabled only once confirmed."""
    check_violation = "check_violation"
    _trigger_function(
        "officer_role_requests_proposed",
        f"""
            IF {OFFICER} AND (
                NOT pg_has_role(session_user, 'compfund_admin', 'MEMBER')
                OR NEW.proposed_by IS DISTINCT FROM session_user::text
                OR NEW.login = session_user::text
                OR NEW.outcome IS NOT NULL OR NEW.decided_by IS NOT NULL
                OR NEW.decided_at IS NOT NULL OR NEW.reason IS NOT NULL) THEN
                {_refuse("an administrator proposes a change to another officer, in their own name, undecided: another administrator or an approver decides it", state=check_violation)};
            END IF;""",
    )
    op.execute(
        f"CREATE TRIGGER trg_officer_role_requests_proposed BEFORE INSERT ON public.{TABLE} "
        "FOR EACH ROW EXECUTE FUNCTION public.officer_role_requests_proposed()"
    )
    _trigger_function(
        "users_enabled_once_confirmed",
        f"""
            IF {OFFICER} AND OLD.disabled AND NOT NEW.disabled
               AND {_UNCONFIRMED.format(login="NEW.login")} THEN
                {_refuse("% may log in only once another administrator or an approver confirms them", "NEW.login", state=check_violation)};
            END IF;""",
    )
    op.execute(
        "CREATE TRIGGER trg_users_enabled_once_confirmed BEFORE UPDATE ON public.users "
        "FOR EACH ROW EXECUTE FUNCTION public.users_enabled_once_confirmed()"
    )


def _replace(signature: str, declare: str, body: str, returns: str = "void") -> None:
    op.execute(
        f"""CREATE OR REPLACE FUNCTION public.{signature} RETURNS {returns}
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = {SEARCH_PATH} AS $$
        DECLARE {declare}
        BEGIN
        {body}
        END $$"""
    )


def _audit(event: str, entity: str, entity_id: str, detail: str) -> str:
    return (
        f"PERFORM public.compfund_audit_append(session_user::text, '{event}', '{entity}', "
        f"{entity_id}, {detail})"
    )


def create_and_enable() -> None:
    """``compfund_officer_create`` and ``compfund_officer_enable`` again, with the rules
    above (their owner, the manager, and their grants stay)."""
    _replace(
        "compfund_officer_create(p_login text, p_group text, p_verifier text)",
        "can_login text := 'LOGIN';",
        f"""{_NAME_CHECK}{_GROUP_CHECK}{_VERIFIER_CHECK}
        IF EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.rolname = p_login) THEN
            {_refuse("a database role named % already exists on this server", "p_login")};
        END IF;
        IF NOT EXISTS (SELECT 1 FROM public.users u
                        WHERE u.login = p_login AND 'compfund_' || u.role = p_group) THEN
            {_refuse("% is recorded with another role than %", "p_login", "p_group", state="invalid_parameter_value")};
        END IF;
        IF {OFFICER} AND p_group = ANY({_MONEY_GROUPS}) THEN
            IF NOT EXISTS (SELECT 1 FROM public.officer_role_requests q
                            WHERE q.login = p_login AND q.kind = 'new_officer'
                              AND q.outcome IS NULL AND q.proposed_by = session_user::text
                              AND 'compfund_' || q.role = p_group) THEN
                {_refuse("% is added with money rights only on your request, for another administrator or an approver to confirm", "p_login")};
            END IF;
            can_login := 'NOLOGIN';
        END IF;
        EXECUTE format('CREATE ROLE %I ' || can_login || ' INHERIT NOSUPERUSER NOCREATEDB '
                       'NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD %L IN ROLE %I',
                       p_login, p_verifier, p_group);
        PERFORM public.compfund_audit_append(session_user::text, 'officer_login_created',
            'database_role', CASE WHEN length(p_login) <= 40 THEN p_login END,
            format('login %s in %s', p_login, p_group)
            || CASE WHEN can_login = 'NOLOGIN' THEN ', waiting for confirmation' ELSE '' END);""",
    )
    _replace(
        "compfund_officer_enable(p_login text)",
        _DECLARE_TARGET,
        f"""{_NAME_CHECK}{_OFFICER_CHECK}
        IF {_UNCONFIRMED.format(login="p_login")} THEN
            {_refuse("% may log in only once another administrator or an approver confirms them", "p_login")};
        END IF;
        EXECUTE format('ALTER ROLE %I LOGIN', p_login);
        PERFORM public.compfund_audit_append(session_user::text, 'officer_login_enabled',
            'database_role', CASE WHEN length(p_login) <= 40 THEN p_login END,
            format('login %s', p_login));""",
    )


_DECIDER_CHECK = f"""
    IF NOT (pg_has_role(session_user, 'compfund_admin', 'MEMBER')
            OR pg_has_role(session_user, 'compfund_approver', 'MEMBER'))
       OR NOT EXISTS (SELECT 1 FROM public.users u
                       WHERE u.login = session_user::text AND NOT u.disabled) THEN
        {_refuse("only another administrator or an approver decides a change of an officer''s rights")};
    END IF;
    SELECT q.* INTO request FROM public.officer_role_requests q
     WHERE q.login = p_login AND q.outcome IS NULL FOR UPDATE;
    IF NOT FOUND THEN
        {_refuse("no change of % is waiting for a decision", "quote_literal(p_login)", state="invalid_parameter_value")};
    END IF;
    IF request.proposed_by = session_user::text OR request.login = session_user::text THEN
        {_refuse("you proposed this change, or it is about you: another administrator or an approver decides it")};
    END IF;"""


def decide_functions() -> None:
    """``compfund_officer_confirm(login)`` and ``compfund_officer_refuse(login, reason)``."""
    _replace(
        "compfund_officer_confirm(p_login text)",
        f"request record; new_group text;{_DECLARE_TARGET}",
        f"""{_DECIDER_CHECK}{_OFFICER_CHECK}
        new_group := 'compfund_' || request.role;
        IF NOT new_group = ANY({_GROUPS_ARRAY}) THEN
            {_refuse("% is not one of compfund''s officer groups", "new_group", state="invalid_parameter_value")};
        END IF;
        UPDATE public.officer_role_requests
           SET outcome = 'confirmed', decided_by = session_user::text, decided_at = now()
         WHERE id = request.id;
        IF request.kind = 'new_officer' THEN
            IF old_group <> new_group THEN
                {_refuse("% is no longer in %: refuse this request", "p_login", "new_group")};
            END IF;
            EXECUTE format('ALTER ROLE %I LOGIN', p_login);
            UPDATE public.users SET disabled = false, version = version + 1 WHERE login = p_login;
        ELSE
            IF old_group <> new_group THEN
                EXECUTE format('REVOKE %I FROM %I', old_group, p_login);
                EXECUTE format('GRANT %I TO %I', new_group, p_login);
            END IF;
            UPDATE public.users
               SET role = request.role, province_code = request.province_code,
                   version = version + 1
             WHERE login = p_login;
        END IF;
        {_audit("officer_request_confirmed", TABLE, "request.id::text", "format('%s of %s as %s, proposed by %s (login group %s, now %s)', request.kind, p_login, request.role, request.proposed_by, old_group, new_group)")};""",
    )
    _replace(
        "compfund_officer_refuse(p_login text, p_reason text)",
        "request record;",
        f"""{_DECIDER_CHECK}
        IF p_reason IS NULL OR btrim(p_reason) = '' THEN
            {_refuse("say why the change is refused", state="invalid_parameter_value")};
        END IF;
        UPDATE public.officer_role_requests
           SET outcome = 'refused', decided_by = session_user::text, decided_at = now(),
               reason = p_reason
         WHERE id = request.id;
        {_audit("officer_request_refused", TABLE, "request.id::text", "format('%s of %s as %s, proposed by %s: %s', request.kind, p_login, request.role, request.proposed_by, p_reason)")};""",
    )
    op.execute(f"GRANT CREATE ON SCHEMA public TO {MANAGER}")
    for signature in SIGNATURES:
        op.execute(f"ALTER FUNCTION public.{signature} OWNER TO {MANAGER}")
        op.execute(f"REVOKE ALL ON FUNCTION public.{signature} FROM PUBLIC")
        op.execute(f"GRANT EXECUTE ON FUNCTION public.{signature} TO {DECIDERS}")
    op.execute(f"REVOKE CREATE ON SCHEMA public FROM {MANAGER}")
