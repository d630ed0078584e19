"""PostgreSQL: what keeps the database's rules from being bent by the officer they restrain
(issue 9; migration 0002_rules_hold). Each helper's SQL is part of every database built
by that migration: change it only together with a new migration.

- Names: every function in compfund's schema runs with ``search_path`` fixed to
  ``FIXED_PATH`` (pg_temp last), so a temporary table or function named after what a rule
  reads cannot stand in for it; nobody but the owner may create temporary or schema
  objects; no function is executable by PUBLIC, now or when a later migration adds one.
- The chain heads move only when an event or a journal entry is appended, by a trigger
  that also refuses a row that does not extend its chain.
- The login gate slows a login down (per login and client address, at most
  ``MAX_WAIT_SECONDS``) instead of locking it, answers alike for real and unknown
  logins, and records at most ``TRAIL_CAP_PER_MINUTE`` failures a minute in the trail.
- Row-level security on the trail and on every table holding a survivor's data.
"""

from __future__ import annotations

from alembic import op

from migrations.guards import GATE, STAFF

FIXED_PATH = "pg_catalog, public, pg_temp"
CHAIN_LOCKS = {"audit": 74_610_101, "journal": 74_610_102}  # compfund.db.chain.CHAIN_LOCKS
SLOW_AFTER = 5  # wrong passwords from one address before the gate makes a login wait
MAX_WAIT_SECONDS = 30
FORGET_AFTER = "1 hour"  # a login's failures from one address are forgotten after this
TRAIL_CAP_PER_MINUTE = 30  # failed logins of unknown logins recorded per minute, at most
MAX_LOGINS_PER_CLIENT = 200  # logins whose failures are counted per client address
GATE_TIMEOUT = "5s"  # the gate's statements, locks and idle transactions, at most
SCOPE_UNKNOWN = "?"  # audit_events.scope_province of a survivor's event whose survivor is gone
# Catalog views that list roles and who is connected: closed to PUBLIC (only a superuser
# may change their grants), open to compfund's officers and the schema's owner.
# Tables that only the database's own functions read and write (no model: PostgreSQL only).
DATABASE_ONLY_TABLES = ("login_failures",)
ROLE_CATALOG = "pg_roles, pg_auth_members, pg_user, pg_group, pg_stat_activity"


def close_the_database() -> None:
    """Nobody connects, creates temporary objects or creates anything in the database or
    its schema unless granted; compfund's roles may connect and nothing more; the gate's
    sessions cannot wait or idle long. (A database's grants and its roles' settings are
    not copied with it: a copy made from a template needs this again.)"""
    op.execute(DATABASE_PRIVILEGES)


DATABASE_PRIVILEGES = f"""DO $$ BEGIN
    EXECUTE format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database());
    EXECUTE format('REVOKE TEMP, CREATE ON DATABASE %I FROM {STAFF}, {GATE}',
                   current_database());
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO {STAFF}, {GATE}', current_database());
    REVOKE CREATE ON SCHEMA public FROM PUBLIC;
    -- a gate session holding the trail's lock open would stop every desk's writes
    EXECUTE format('ALTER ROLE {GATE} IN DATABASE %I SET statement_timeout = %L',
                   current_database(), '{GATE_TIMEOUT}');
    EXECUTE format('ALTER ROLE {GATE} IN DATABASE %I SET lock_timeout = %L',
                   current_database(), '{GATE_TIMEOUT}');
    EXECUTE format('ALTER ROLE {GATE} IN DATABASE %I SET idle_in_transaction_session_timeout = %L',
                   current_database(), '{GATE_TIMEOUT}');
END $$"""


def fix_every_search_path() -> None:
    """Every function in the schema, whoever wrote it, reads names through FIXED_PATH."""
    op.execute(
        f"""DO $$ DECLARE f regprocedure; BEGIN
        FOR f IN SELECT p.oid FROM pg_catalog.pg_proc p
                 WHERE p.pronamespace = 'public'::regnamespace LOOP
            EXECUTE format('ALTER FUNCTION %s SET search_path = {FIXED_PATH}', f);
        END LOOP; END $$"""
    )


def close_functions_to_public() -> None:
    """EXECUTE on compfund's functions only where granted; functions made later too."""
    op.execute("REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA public FROM PUBLIC")
    op.execute("ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC")
    op.execute("ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON ROUTINES FROM PUBLIC")


def close_role_catalog() -> None:
    """Only a superuser may change a catalog view's grants: done when the migration runs
    as one (the tests; an office's first setup, see README), otherwise left to the
    README's step."""
    op.execute(
        f"""DO $$ BEGIN
        IF (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user) THEN
            REVOKE SELECT ON {ROLE_CATALOG} FROM PUBLIC;
            EXECUTE format('GRANT SELECT ON {ROLE_CATALOG} TO {STAFF}, %I',
                           (SELECT pg_catalog.pg_get_userbyid(datdba) FROM pg_catalog.pg_database
                            WHERE datname = current_database()));
        END IF; END $$"""
    )


# -- the chain heads ---------------------------------------------------------------------


def chain_heads_move_by_append() -> None:
    """The head of the audit and journal chains moves when, and only when, a row extending
    the chain is inserted: officers' roles cannot update ``chain_heads``. Writers take the
    chain's advisory lock first (``CHAIN_LOCKS``) so that they never collide."""
    op.execute(
        f"""CREATE FUNCTION chain_head_moves() RETURNS trigger
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = {FIXED_PATH} AS $$
        DECLARE
            head record;
        BEGIN
            SELECT h.length, h.last_hash INTO head FROM public.chain_heads h
             WHERE h.chain = TG_ARGV[0] FOR UPDATE;
            IF NEW.chain_seq IS DISTINCT FROM head.length + 1
               OR NEW.prev_hash IS DISTINCT FROM head.last_hash THEN
                RAISE EXCEPTION 'this row does not extend the % (it names row % after %, '
                    'the chain has % rows)', TG_ARGV[1], NEW.chain_seq,
                    left(NEW.prev_hash, 12), head.length
                    USING ERRCODE = 'serialization_failure';
            END IF;
            UPDATE public.chain_heads SET length = NEW.chain_seq, last_hash = NEW.row_hash
             WHERE chain = TG_ARGV[0];
            RETURN NEW;
        END $$"""
    )
    for table, chain, name in (
        ("audit_events", "audit", "audit trail"),
        ("journal_entries", "journal", "journal"),
    ):
        op.execute(
            f"CREATE TRIGGER trg_{table}_then_chain_head BEFORE INSERT ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION chain_head_moves('{chain}', '{name}')"
        )
    op.execute(f"REVOKE UPDATE ON chain_heads FROM {STAFF}")
    op.execute(
        f"""CREATE OR REPLACE FUNCTION compfund_audit_append(p_actor text, p_event text,
            p_entity text, p_entity_id text, p_detail text)
        RETURNS void LANGUAGE plpgsql SET search_path = {FIXED_PATH} AS $$
        -- Appends one event hashed exactly as compfund.audit.chain.row_digest does; only
        -- SECURITY DEFINER functions call it (EXECUTE is granted to nobody).
        -- (\\:null below is SQLAlchemy's escape for a literal colon.)
        DECLARE
            head record;
            moment timestamptz := clock_timestamp();
            body text;
            digest text;
        BEGIN
            PERFORM pg_catalog.pg_advisory_xact_lock({CHAIN_LOCKS["audit"]});
            SELECT h.length, h.last_hash INTO head FROM public.chain_heads h
             WHERE h.chain = 'audit';
            body := '{{"actor_login":' || to_json(p_actor)::text
                || ',"chain_seq":' || (head.length + 1)
                || ',"detail":' || coalesce(to_json(p_detail)::text, 'null')
                || ',"entity":' || to_json(p_entity)::text
                || ',"entity_id":' || coalesce(to_json(p_entity_id)::text, 'null')
                || ',"event":' || to_json(p_event)::text
                || ',"new_values"\\:null'
                || ',"occurred_at":"'
                || to_char(moment AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') || '"'
                || ',"old_values"\\:null'
                || ',"prev_hash":"' || head.last_hash || '"}}';
            digest := encode(sha256(convert_to(body, 'UTF8')), 'hex');
            INSERT INTO public.audit_events (chain_seq, occurred_at, actor_login, event, entity,
                                             entity_id, old_values, new_values, detail,
                                             prev_hash, row_hash)
            VALUES (head.length + 1, moment, p_actor, p_event, p_entity, p_entity_id,
                    NULL, NULL, p_detail, head.last_hash, digest);
        END $$"""
    )


# -- acting in one's own name (the owner looked up from the catalog, not through names) ----


def own_name_checks() -> None:
    """The audit actor and erasure approver checks, with the table's owner read from the
    catalog by the trigger's own table (TG_RELID) rather than by name; and the same actor
    check on the journal."""
    owner = "(SELECT c.relowner FROM pg_catalog.pg_class c WHERE c.oid = TG_RELID)"
    op.execute(
        f"""CREATE OR REPLACE FUNCTION audit_events_actor_check() RETURNS trigger
        LANGUAGE plpgsql SET search_path = {FIXED_PATH} AS $$
        BEGIN
            IF NEW.actor_login IS DISTINCT FROM session_user::text
               AND NOT pg_catalog.pg_has_role(current_user, {owner}, 'MEMBER') THEN
                RAISE EXCEPTION 'audit events are written in the name of the connected role %',
                    session_user USING ERRCODE = 'insufficient_privilege';
            END IF;
            RETURN NEW;
        END $$"""
    )
    op.execute(
        f"""CREATE FUNCTION journal_entries_actor_check() RETURNS trigger
        LANGUAGE plpgsql SET search_path = {FIXED_PATH} AS $$
        BEGIN
            IF NEW.actor_login IS DISTINCT FROM session_user::text
               AND NOT pg_catalog.pg_has_role(current_user, {owner}, 'MEMBER') THEN
                RAISE EXCEPTION 'journal entries are written in the name of the connected role %',
                    session_user USING ERRCODE = 'insufficient_privilege';
            END IF;
            RETURN NEW;
        END $$"""
    )
    op.execute(
        "CREATE TRIGGER trg_journal_entries_actor BEFORE INSERT ON journal_entries "
        "FOR EACH ROW EXECUTE FUNCTION journal_entries_actor_check()"
    )
    op.execute(
        f"""CREATE OR REPLACE FUNCTION erasure_requests_four_eyes() RETURNS trigger
        LANGUAGE plpgsql SET search_path = {FIXED_PATH} AS $$
        BEGIN
            IF NEW.approved_by IS NOT NULL AND NEW.approved_by = NEW.requested_by THEN
                RAISE EXCEPTION 'the officer who asked for an erasure cannot approve it'
                    USING ERRCODE = 'insufficient_privilege';
            END IF;
            IF NEW.approved_by IS NOT NULL AND NEW.approved_by IS DISTINCT FROM session_user::text
               AND NOT pg_catalog.pg_has_role(current_user, {owner}, 'MEMBER') THEN
                RAISE EXCEPTION 'an erasure is approved in the name of the connected role'
                    USING ERRCODE = 'insufficient_privilege';
            END IF;
            RETURN NEW;
        END $$"""
    )


# -- the login gate ----------------------------------------------------------------------


def slowing_gate() -> None:
    """Wrong passwords make the next try from the same client address wait (1, 2, 4 ...
    seconds after ``SLOW_AFTER``, at most ``MAX_WAIT_SECONDS``); nothing locks a login, so
    a stranger calling the gate cannot keep an officer out. The gate's answer is the wait,
    the same for a real and an unknown login."""
    op.execute(
        """CREATE TABLE login_failures (
            login text NOT NULL,
            client text NOT NULL,
            failures integer NOT NULL,
            last_failed_at timestamptz NOT NULL,
            PRIMARY KEY (login, client))"""
    )
    op.execute("REVOKE ALL ON login_failures FROM PUBLIC")
    wait = (
        f"CASE WHEN f.failures < {SLOW_AFTER} THEN 0 ELSE greatest(0, ceil(extract(epoch FROM "
        f"f.last_failed_at + least({MAX_WAIT_SECONDS}, 2 ^ (f.failures - {SLOW_AFTER})) "
        "* interval '1 second' - clock_timestamp())))::integer END"
    )
    client = "coalesce(host(inet_client_addr()), 'local')"
    op.execute("DROP FUNCTION compfund_login_lock(text)")
    op.execute("DROP FUNCTION compfund_login_failed(text)")
    op.execute(
        f"""CREATE FUNCTION compfund_login_wait(p_login text) RETURNS integer
        LANGUAGE sql SECURITY DEFINER SET search_path = {FIXED_PATH} AS $$
            -- seconds before this client may try ``p_login`` again (0: now)
            SELECT coalesce((SELECT {wait} FROM public.login_failures f
                              WHERE f.login = p_login AND f.client = {client}
                                AND f.last_failed_at > clock_timestamp() - interval '{FORGET_AFTER}'),
                            0)
        $$"""
    )
    op.execute(
        f"""CREATE FUNCTION compfund_login_failed(p_login text) RETURNS integer
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = {FIXED_PATH} AS $$
        DECLARE
            v_login text := left(p_login, 63);
            v_known boolean;
            v_failures integer;
        BEGIN
            DELETE FROM public.login_failures
             WHERE last_failed_at < clock_timestamp() - interval '{FORGET_AFTER}';
            INSERT INTO public.login_failures AS f VALUES (v_login, {client}, 1, clock_timestamp())
            ON CONFLICT (login, client) DO UPDATE
               SET failures = f.failures + 1, last_failed_at = clock_timestamp()
            RETURNING f.failures INTO v_failures;
            -- a client keeps at most MAX_LOGINS_PER_CLIENT logins' counts: the oldest go
            DELETE FROM public.login_failures f
             WHERE f.client = {client} AND f.login IN (
                   SELECT o.login FROM public.login_failures o WHERE o.client = {client}
                    ORDER BY o.last_failed_at DESC OFFSET {MAX_LOGINS_PER_CLIENT});
            v_known := EXISTS (SELECT 1 FROM public.users u WHERE u.login = v_login);
            -- A real login's failures are always recorded, but fewer as they repeat (the
            -- first SLOW_AFTER, then the 8th, 16th, 32nd ...): nobody's noise can hide a
            -- guess at a real login, and one login cannot flood the trail. Unknown logins
            -- share TRAIL_CAP_PER_MINUTE events a minute.
            IF v_known AND (v_failures <= {SLOW_AFTER} OR (v_failures & (v_failures - 1)) = 0) THEN
                PERFORM public.compfund_audit_append('(unauthenticated)', 'login_failed',
                    'users', v_login, 'wrong password (' || v_failures || ' from ' || {client}
                    || ')');
                IF v_failures = {SLOW_AFTER} THEN
                    PERFORM public.compfund_audit_append('(unauthenticated)', 'lockout',
                        'users', v_login, 'slowed after {SLOW_AFTER} wrong passwords from '
                        || {client});
                END IF;
            ELSIF NOT v_known AND (SELECT count(*) FROM public.audit_events e
                 WHERE e.occurred_at > clock_timestamp() - interval '1 minute'
                   AND e.actor_login = '(unauthenticated)' AND e.entity_id IS NULL)
                 < {TRAIL_CAP_PER_MINUTE} THEN
                PERFORM public.compfund_audit_append('(unauthenticated)', 'login_failed',
                    'users', NULL, 'unknown login');
            END IF;
            RETURN public.compfund_login_wait(v_login);
        END $$"""
    )
    op.execute(
        f"""CREATE OR REPLACE FUNCTION compfund_login_succeeded() RETURNS void
        LANGUAGE sql SECURITY DEFINER SET search_path = {FIXED_PATH} AS $$
            DELETE FROM public.login_failures
             WHERE login = session_user::text AND client = {client}
        $$"""
    )
    # the old gate locked roles (NOLOGIN) and counted in users: lift and forget those locks
    op.execute(
        """DO $$ DECLARE r record; BEGIN
        FOR r IN SELECT u.login FROM public.users u JOIN pg_catalog.pg_roles p
                   ON p.rolname = u.login
                 WHERE u.locked_until IS NOT NULL AND NOT u.disabled AND NOT p.rolcanlogin LOOP
            EXECUTE format('ALTER ROLE %I LOGIN', r.login);
        END LOOP;
        UPDATE public.users SET failed_logins = 0, locked_until = NULL
         WHERE failed_logins <> 0 OR locked_until IS NOT NULL;
        END $$"""
    )
    for fn in ("compfund_login_wait(text)", "compfund_login_failed(text)"):
        op.execute(f"REVOKE ALL ON FUNCTION {fn} FROM PUBLIC")
        op.execute(f"GRANT EXECUTE ON FUNCTION {fn} TO {GATE}")


# -- row-level security ---------------------------------------------------------------------

# The columns through which a row reaches the survivor it is about, nearest first.
_LINKS = (
    "survivor_id",
    "application_id",
    "identification_id",
    "disclosure_id",
    "decision_id",
    "award_id",
)


def survivor_province_function() -> None:
    """``compfund_survivor_province(entity, entity_id, values)``: the province of the
    survivor an audit event is about (the trigger that calls it runs as the owner), or ``SCOPE_UNKNOWN`` when the
    event's table holds a survivor's data but the survivor can no longer be found, or
    NULL when the table holds none."""
    links = ", ".join(f"'{c}'" for c in _LINKS)
    op.execute(
        f"""CREATE FUNCTION compfund_survivor_province(p_entity text, p_entity_id text,
                                                       p_values jsonb)
        RETURNS text LANGUAGE plpgsql STABLE
        SET search_path = {FIXED_PATH} AS $$
        DECLARE
            v jsonb := coalesce(p_values, '{{}}'::jsonb);
            t regclass := pg_catalog.to_regclass('public.' || quote_ident(p_entity));
            linked boolean;
            found jsonb;
            s bigint;
            province text;
        BEGIN
            IF t IS NULL THEN
                RETURN NULL;
            END IF;
            linked := p_entity = 'survivors' OR EXISTS (
                SELECT 1 FROM pg_catalog.pg_attribute a WHERE a.attrelid = t
                   AND NOT a.attisdropped AND a.attname IN ({links}));
            IF NOT linked THEN
                RETURN NULL;
            END IF;
            IF p_entity = 'survivors' THEN
                IF v ? 'province_code' THEN
                    RETURN v->>'province_code';
                END IF;
                s := p_entity_id::bigint;
            ELSE
                IF NOT (v ?| ARRAY[{links}]) AND p_entity_id ~ '^[0-9]+$' THEN
                    EXECUTE format('SELECT to_jsonb(r) FROM %s r WHERE r.id = $1', t)
                       INTO found USING p_entity_id::bigint;
                    v := coalesce(found, '{{}}'::jsonb) || v;
                END IF;
                IF v ? 'award_id' AND NOT v ? 'survivor_id' AND NOT v ? 'application_id' THEN
                    SELECT a.survivor_id INTO s FROM public.awards a
                     WHERE a.id = (v->>'award_id')::bigint;
                END IF;
                IF v ? 'decision_id' AND NOT v ? 'application_id' THEN
                    v := v || jsonb_build_object('application_id', (SELECT d.application_id
                        FROM public.eligibility_decisions d WHERE d.id = (v->>'decision_id')::bigint));
                END IF;
                IF v ? 'disclosure_id' AND NOT v ? 'application_id' THEN
                    v := v || jsonb_build_object('application_id', (SELECT d.application_id
                        FROM public.disclosures d WHERE d.id = (v->>'disclosure_id')::bigint));
                END IF;
                IF v ? 'application_id' AND NOT v ? 'identification_id' AND v->>'application_id' IS NOT NULL THEN
                    v := v || jsonb_build_object('identification_id', (SELECT a.identification_id
                        FROM public.applications a WHERE a.id = (v->>'application_id')::bigint));
                END IF;
                IF s IS NULL AND v ? 'survivor_id' THEN
                    s := (v->>'survivor_id')::bigint;
                END IF;
                IF s IS NULL AND v->>'identification_id' IS NOT NULL THEN
                    SELECT i.survivor_id INTO s FROM public.identifications i
                     WHERE i.id = (v->>'identification_id')::bigint;
                END IF;
            END IF;
            SELECT x.province_code INTO province FROM public.survivors x WHERE x.id = s;
            IF NOT public.compfund_sees_every_province()
               AND province IS DISTINCT FROM public.compfund_own_province() THEN
                RETURN '{SCOPE_UNKNOWN}';  -- a caseworker's event tells them no other province
            END IF;
            RETURN coalesce(province, '{SCOPE_UNKNOWN}');
        EXCEPTION WHEN invalid_text_representation OR numeric_value_out_of_range THEN
            RETURN '{SCOPE_UNKNOWN}';
        END $$"""
    )
    op.execute(
        f"""CREATE FUNCTION audit_events_scope() RETURNS trigger
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = {FIXED_PATH} AS $$
        BEGIN
            NEW.scope_province := public.compfund_survivor_province(NEW.entity, NEW.entity_id,
                coalesce(NEW.old_values::jsonb, '{{}}'::jsonb)
                || coalesce(NEW.new_values::jsonb, '{{}}'::jsonb));
            RETURN NEW;
        END $$"""
    )
    op.execute(
        "CREATE TRIGGER trg_audit_events_scope BEFORE INSERT ON audit_events "
        "FOR EACH ROW EXECUTE FUNCTION audit_events_scope()"
    )


# Money and erasure tables (no caseworker reads them, but every table holding a
# survivor's data is scoped, whoever reads it): how each reaches its survivor.
_OF_SURVIVOR = "survivor_id IS NULL OR EXISTS (SELECT 1 FROM survivors s WHERE s.id = survivor_id)"
MORE_SCOPE = {
    "awards": _OF_SURVIVOR,
    "instalments": _OF_SURVIVOR,
    "payee_details": _OF_SURVIVOR,
    "ledger_accounts": _OF_SURVIVOR,
    "other_compensation_received": _OF_SURVIVOR,
    "erasure_requests": _OF_SURVIVOR,
}


def audit_events_scope() -> None:
    """A caseworker reads their own events and, about the tables they may read, the events
    about their own province's survivors and those about no survivor: never another
    province's, nor money's, nor another officer's identifying accesses (whose entity is
    no table). (What the connected role is, may read and where it works is
    asked once per query, in uncorrelated subqueries, not once per row.)"""
    op.execute(
        f"""CREATE FUNCTION compfund_read_tables() RETURNS text[]
        LANGUAGE sql STABLE SET search_path = {FIXED_PATH} AS $$
            -- the tables of compfund's schema that the connected role may read whole
            SELECT coalesce(array_agg(c.relname::text), '{{}}') FROM pg_catalog.pg_class c
             WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'v', 'p')
               AND pg_catalog.has_table_privilege(session_user, c.oid, 'SELECT')
        $$"""
    )
    op.execute(f"GRANT EXECUTE ON FUNCTION compfund_read_tables() TO {STAFF}")
    op.execute("ALTER TABLE audit_events ENABLE ROW LEVEL SECURITY")
    op.execute("ALTER TABLE audit_events FORCE ROW LEVEL SECURITY")
    op.execute(
        "CREATE POLICY audit_events_read ON audit_events FOR SELECT USING ("
        "(SELECT compfund_sees_every_province()) OR actor_login = session_user::text "
        "OR (entity::text = ANY (coalesce((SELECT compfund_read_tables()), '{}')) "
        "AND (scope_province IS NULL OR scope_province = (SELECT compfund_own_province()))))"
    )
    op.execute("CREATE POLICY audit_events_append ON audit_events FOR INSERT WITH CHECK (true)")


def province_scope_function() -> None:
    """Who sees every province, and which province a caseworker works in: each asked once
    per query by the policies (``(SELECT ...)``), so that a policy's per-row test is a
    plain comparison. ``compfund_in_scope(province)`` stays, its names qualified."""
    op.execute(
        f"""CREATE FUNCTION compfund_sees_every_province() RETURNS boolean
        LANGUAGE sql STABLE SET search_path = {FIXED_PATH} AS $$
            SELECT NOT pg_catalog.pg_has_role(session_user, 'compfund_caseworker', 'MEMBER')
        $$"""
    )
    op.execute(
        f"""CREATE FUNCTION compfund_own_province() RETURNS text
        LANGUAGE sql STABLE SET search_path = {FIXED_PATH} AS $$
            SELECT u.province_code FROM public.users u WHERE u.login = session_user::text
        $$"""
    )
    op.execute(
        f"""CREATE OR REPLACE FUNCTION compfund_in_scope(province text) RETURNS boolean
        LANGUAGE sql STABLE SET search_path = {FIXED_PATH} AS $$
            SELECT public.compfund_sees_every_province()
                OR province = public.compfund_own_province()
        $$"""
    )
    for fn in (
        "compfund_sees_every_province()",
        "compfund_own_province()",
        "compfund_in_scope(text)",
    ):
        op.execute(f"GRANT EXECUTE ON FUNCTION {fn} TO {STAFF}")
    condition = (
        "(SELECT compfund_sees_every_province()) "
        "OR province_code = (SELECT compfund_own_province())"
    )
    op.execute(
        f"ALTER POLICY survivors_province_scope ON survivors "
        f"USING ({condition}) WITH CHECK ({condition})"
    )
