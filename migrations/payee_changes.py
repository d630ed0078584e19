"""Where money goes (issue 10; migration 0006_payee_changes): a payee's details change only
when a finance officer who did not propose the change confirms it. Each helper's SQL is
part of every database built by that migration: change it only together with a new
migration.

- ``payee_changes`` holds proposals (the first record of a survivor's details too):
  proposed by a caseworker of the survivor's province (row-level security) or a fund
  officer, in the name of the connected role, pending; ``payee_details`` holds confirmed
  details only, and no officer's role writes it;
- ``compfund_payee_confirm(change, version)`` (SECURITY DEFINER) applies a pending change
  to ``payee_details`` (version + 1) for the finance officer calling it, who did not
  propose it; ``compfund_payee_refuse(change, version, reason)`` refuses one;
- a payment is never created for a survivor whose payee change awaits confirmation;
- every change of either table by an officer's login comes with its audit event;
- the proposer records the payee's name and account without reading them back: only
  finance officers select them, the others read ``payee_changes_masked`` (the account's
  last four, no name), as for ``payee_details`` (0004_bank_details).

On SQLite (one desk) the table, the view and the triggers that keep a decided change and
a pending survivor's payments as they must be.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from migrations.columns import check, enum, foreign_key, index, moment, primary_key
from migrations.guards import MONEY_READERS, is_postgresql, province_scope

SAFE = "SET search_path = pg_catalog, public, pg_temp"
CHANNELS = ("bank_transfer", "mobile_money", "cash_dosvy")
PROPOSERS = "compfund_caseworker, compfund_fund_officer"
NOT_FINANCE = ", ".join(
    f"compfund_{r}"
    for r in ("caseworker", "fund_officer", "approver", "enforcement_officer", "auditor", "admin")
)
# Every column but the clear ones, written out (as 0004_bank_details does): a column added
# later is not readable by these roles until a migration says so.
SHOWN_CHANGES = (
    "id, survivor_id, payee, channel, institution, dosvy_province, replaces_version, status, "
    "proposed_by, proposed_at, decided_by, decided_at, refusal_reason, version"
)
SHOWN_DETAILS = (  # 0004_bank_details.SHOWN["payee_details"]
    "id, survivor_id, payee, channel, institution, dosvy_province, updated_by, updated_at, version"
)
PROPOSED = (
    "survivor_id",
    "payee",
    "payee_name",
    "channel",
    "institution",
    "account",
    "dosvy_province",
    "replaces_version",
    "proposed_by",
    "proposed_at",
)
PENDING_PAYEE = (
    "a payee change of this survivor awaits confirmation by a finance officer: "
    "no payment is made until it is confirmed or refused"
)
DECIDED = "a confirmed or refused payee change never changes"
AS_PROPOSED = "a payee change is confirmed or refused as it was proposed"
KEPT = "payee changes are never deleted"


def create_table() -> None:
    op.create_table(
        "payee_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("survivor_id", sa.Integer(), nullable=False),
        sa.Column("payee", enum("payee", "survivor", "guardian"), nullable=False),
        sa.Column("payee_name", sa.String(length=120), nullable=False),
        sa.Column("channel", enum("channel", *CHANNELS), nullable=False),
        sa.Column("institution", sa.String(length=80), nullable=True),
        sa.Column("account", sa.String(length=40), nullable=True),
        sa.Column("dosvy_province", sa.String(length=5), nullable=True),
        sa.Column("replaces_version", sa.Integer(), nullable=True),
        sa.Column(
            "status",
            enum("payee_change_status", "pending", "confirmed", "refused"),
            nullable=False,
        ),
        sa.Column("proposed_by", sa.String(length=63), nullable=False),
        sa.Column("proposed_at", moment(), nullable=False),
        sa.Column("decided_by", sa.String(length=63), nullable=True),
        sa.Column("decided_at", moment(), nullable=True),
        sa.Column("refusal_reason", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        check(
            "payee_changes",
            "checker_not_maker",
            "decided_by IS NULL OR decided_by <> proposed_by",
        ),
        foreign_key("payee_changes", "dosvy_province", "provinces", "code"),
        foreign_key("payee_changes", "survivor_id", "survivors"),
        primary_key("payee_changes"),
    )
    index("payee_changes", "survivor_id", "status")
    pending = sa.text("status = 'pending'")
    op.create_index(
        "uq_payee_changes_pending_survivor",
        "payee_changes",
        ["survivor_id"],
        unique=True,
        sqlite_where=pending,
        postgresql_where=pending,
    )


def _last_four(column: str) -> str:
    bare = f"replace(replace({column}, ' ', ''), '-', '')"
    tail = f"right({bare}, 4)" if is_postgresql() else f"substr({bare}, -4)"
    return f"'****' || {tail}"  # NULL stays NULL


def masked_view() -> None:
    """``payee_changes_masked``: every column but the payee's name, the account masked."""
    barrier = " WITH (security_barrier)" if is_postgresql() else ""
    schema = "public." if is_postgresql() else ""
    op.execute(
        f"CREATE VIEW {schema}payee_changes_masked{barrier} AS "
        "SELECT id, survivor_id, payee, channel, institution, "
        f"{_last_four('account')} AS account, dosvy_province, replaces_version, status, "
        "proposed_by, proposed_at, decided_by, decided_at, refusal_reason, version "
        f"FROM {schema}payee_changes"
    )


# -- SQLite (one desk) ----------------------------------------------------------------------


def sqlite_guards() -> None:
    changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in PROPOSED)
    for name, event, when, message in (
        ("payee_changes_no_delete", "DELETE", None, KEPT),
        ("payee_changes_decided", "UPDATE", "OLD.status <> 'pending'", DECIDED),
        ("payee_changes_as_proposed", "UPDATE", changed, AS_PROPOSED),
        (
            "payments_payee_settled",
            "INSERT",
            "EXISTS (SELECT 1 FROM payee_changes c JOIN instalments i "
            "ON i.survivor_id = c.survivor_id WHERE i.id = NEW.instalment_id "
            "AND c.status = 'pending')",
            PENDING_PAYEE,
        ),
    ):
        table = "payments" if name.startswith("payments") else "payee_changes"
        condition = f" WHEN {when}" if when else ""
        op.execute(
            f"CREATE TRIGGER trg_{name} BEFORE {event} ON {table}{condition} "
            f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
        )


# -- PostgreSQL -----------------------------------------------------------------------------


def grants() -> None:
    """No officer's role writes ``payee_details``; proposers insert changes and read them
    back without the payee's name and account; finance reads them in clear."""
    op.execute("REVOKE INSERT, UPDATE ON public.payee_details FROM compfund_fund_officer")
    # a caseworker proposes for their province's survivors: which details are on file (the
    # version a change replaces), never the name or the account, not even masked
    op.execute(f"GRANT SELECT ({SHOWN_DETAILS}) ON public.payee_details TO compfund_caseworker")
    op.execute("REVOKE ALL ON public.payee_changes FROM PUBLIC")
    op.execute(f"GRANT SELECT ({SHOWN_CHANGES}) ON public.payee_changes TO {NOT_FINANCE}")
    op.execute("GRANT SELECT ON public.payee_changes TO compfund_finance_officer")
    op.execute(f"GRANT INSERT ON public.payee_changes TO {PROPOSERS}")
    op.execute(f"GRANT USAGE ON SEQUENCE public.payee_changes_id_seq TO {PROPOSERS}")
    op.execute(f"GRANT SELECT ON public.payee_changes_masked TO {MONEY_READERS}")
    # a caseworker's role sees and proposes only for their own province's survivors
    province_scope(
        "payee_changes", "EXISTS (SELECT 1 FROM public.survivors s WHERE s.id = survivor_id)"
    )


_OWNER = "(SELECT c.relowner FROM pg_catalog.pg_class c WHERE c.oid = TG_RELID)"


def proposal_trigger() -> None:
    """A change is proposed pending, in the name of the connected role, replacing the
    details on file now (the schema's owner, the demo, may propose in an officer's name)."""
    op.execute(
        f"""CREATE FUNCTION public.payee_changes_proposed() RETURNS trigger
        LANGUAGE plpgsql {SAFE} AS $$
        BEGIN
            IF NEW.proposed_by IS DISTINCT FROM session_user::text
               AND NOT pg_catalog.pg_has_role(current_user, {_OWNER}, 'MEMBER') THEN
                RAISE EXCEPTION 'a payee change is proposed in the name of the connected role %',
                    session_user USING ERRCODE = 'insufficient_privilege';
            END IF;
            IF NEW.status IS DISTINCT FROM 'pending' OR NEW.decided_by IS NOT NULL
               OR NEW.decided_at IS NOT NULL OR NEW.refusal_reason IS NOT NULL THEN
                RAISE EXCEPTION 'a payee change is proposed pending: a finance officer who did '
                    'not propose it confirms or refuses it' USING ERRCODE = 'check_violation';
            END IF;
            IF NEW.replaces_version IS DISTINCT FROM (SELECT d.version FROM public.payee_details d
                                                      WHERE d.survivor_id = NEW.survivor_id) THEN
                RAISE EXCEPTION 'the payee details on file are not version %: reload them',
                    NEW.replaces_version USING ERRCODE = 'check_violation';
            END IF;
            RETURN NEW;
        END $$"""
    )
    changed = " OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in PROPOSED)
    op.execute(
        f"""CREATE FUNCTION public.payee_changes_kept() RETURNS trigger
        LANGUAGE plpgsql {SAFE} AS $$
        BEGIN
            IF TG_OP <> 'UPDATE' THEN
                RAISE EXCEPTION '{KEPT}' USING ERRCODE = 'insufficient_privilege';
            END IF;
            IF OLD.status <> 'pending' THEN
                RAISE EXCEPTION '{DECIDED}' USING ERRCODE = 'check_violation';
            END IF;
            IF {changed} THEN
                RAISE EXCEPTION '{AS_PROPOSED}' USING ERRCODE = 'check_violation';
            END IF;
            RETURN NEW;
        END $$"""
    )
    op.execute(
        "CREATE TRIGGER trg_payee_changes_proposed BEFORE INSERT ON public.payee_changes "
        "FOR EACH ROW EXECUTE FUNCTION public.payee_changes_proposed()"
    )
    op.execute(
        "CREATE TRIGGER trg_payee_changes_kept BEFORE UPDATE OR DELETE ON public.payee_changes "
        "FOR EACH ROW EXECUTE FUNCTION public.payee_changes_kept()"
    )
    op.execute(
        "CREATE TRIGGER trg_payee_changes_no_truncate BEFORE TRUNCATE ON public.payee_changes "
        "FOR EACH STATEMENT EXECUTE FUNCTION public.payee_changes_kept()"
    )


def payments_wait_for_confirmation() -> None:
    """No payment for a survivor whose payee change awaits confirmation, whoever inserts
    it (SECURITY DEFINER: the check sees every pending change, whatever the inserter's
    role may read)."""
    op.execute(
        f"""CREATE FUNCTION public.payments_payee_settled() RETURNS trigger
        LANGUAGE plpgsql SECURITY DEFINER {SAFE} AS $$
        BEGIN
            IF EXISTS (SELECT 1 FROM public.payee_changes c
                         JOIN public.instalments i ON i.survivor_id = c.survivor_id
                        WHERE i.id = NEW.instalment_id AND c.status = 'pending') THEN
                RAISE EXCEPTION '{PENDING_PAYEE}' USING ERRCODE = 'check_violation';
            END IF;
            RETURN NEW;
        END $$"""
    )
    op.execute(
        "CREATE TRIGGER trg_payments_payee_settled BEFORE INSERT ON public.payments "
        "FOR EACH ROW EXECUTE FUNCTION public.payments_payee_settled()"
    )


def recorded() -> None:
    """Every row an officer's transaction writes to ``payee_details`` or ``payee_changes``
    comes with its audit event from the same transaction, or the transaction is refused at
    commit (``compfund_change_recorded``, 0005_money_rules): a change proposed, confirmed
    or refused by hand, with no event, does not happen."""
    for table in ("payee_details", "payee_changes"):
        op.execute(
            f"CREATE CONSTRAINT TRIGGER trg_{table}_recorded AFTER INSERT OR UPDATE "
            f"ON public.{table} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
            "EXECUTE FUNCTION public.compfund_change_recorded('id')"
        )


_FINANCE_ONLY = (
    "only a finance officer confirms or refuses a payee change, in their own name, and never "
    "one they proposed"
)
_CALLER = f"""
            IF NOT pg_catalog.pg_has_role(session_user, 'compfund_finance_officer', 'MEMBER')
               OR NOT EXISTS (SELECT 1 FROM public.users u
                              WHERE u.login = session_user::text AND NOT u.disabled) THEN
                RAISE EXCEPTION '{_FINANCE_ONLY}' USING ERRCODE = 'insufficient_privilege';
            END IF;
            SELECT c.* INTO proposal FROM public.payee_changes c WHERE c.id = p_change FOR UPDATE;
            IF NOT FOUND OR proposal.status <> 'pending' OR proposal.version <> p_version THEN
                RETURN NULL;
            END IF;
            IF proposal.proposed_by = session_user::text THEN
                RAISE EXCEPTION '{_FINANCE_ONLY}' USING ERRCODE = 'insufficient_privilege';
            END IF;"""


def decision_functions() -> None:
    """``compfund_payee_confirm(change, version)``: for the finance officer logged in
    (``session_user``), who did not propose it, the pending change at the version they
    looked at becomes the survivor's payee details (inserted, or updated to version + 1);
    returns the details' new version, or NULL when the change is no longer pending at
    that version. Refused while a built batch holds a payment of the survivor made from
    the details on file. ``compfund_payee_refuse(change, version, reason)`` likewise
    refuses it (true, or NULL)."""
    op.execute(
        f"""CREATE FUNCTION public.compfund_payee_confirm(p_change integer, p_version integer)
        RETURNS integer LANGUAGE plpgsql SECURITY DEFINER {SAFE} AS $$
        DECLARE
            proposal record;
            on_file integer;
            found_id integer;
            batch integer;
            applied integer;
        BEGIN{_CALLER}
            SELECT d.id, d.version INTO found_id, on_file FROM public.payee_details d
             WHERE d.survivor_id = proposal.survivor_id FOR UPDATE;
            IF on_file IS DISTINCT FROM proposal.replaces_version THEN
                RAISE EXCEPTION 'the payee details changed after this change was proposed: '
                    'refuse it and propose it again' USING ERRCODE = 'check_violation';
            END IF;
            SELECT p.batch_id INTO batch FROM public.payments p
              JOIN public.instalments i ON i.id = p.instalment_id
             WHERE i.survivor_id = proposal.survivor_id AND p.status = 'batched' LIMIT 1;
            IF batch IS NOT NULL THEN
                RAISE EXCEPTION 'payment batch % pays this survivor from the details on file: '
                    'release or cancel it first', batch USING ERRCODE = 'check_violation';
            END IF;
            IF found_id IS NULL THEN
                INSERT INTO public.payee_details (survivor_id, payee, payee_name, channel,
                       institution, account, dosvy_province, updated_by, updated_at, version)
                VALUES (proposal.survivor_id, proposal.payee, proposal.payee_name, proposal.channel,
                        proposal.institution, proposal.account, proposal.dosvy_province,
                        session_user::text, now(), 1)
                RETURNING version INTO applied;
            ELSE
                UPDATE public.payee_details
                   SET payee = proposal.payee, payee_name = proposal.payee_name,
                       channel = proposal.channel, institution = proposal.institution,
                       account = proposal.account, dosvy_province = proposal.dosvy_province,
                       updated_by = session_user::text, updated_at = now(),
                       version = version + 1
                 WHERE id = found_id
                RETURNING version INTO applied;
            END IF;
            UPDATE public.payee_changes
               SET status = 'confirmed', decided_by = session_user::text, decided_at = now(),
                   version = version + 1
             WHERE id = p_change;
            RETURN applied;
        END $$"""
    )
    op.execute(
        f"""CREATE FUNCTION public.compfund_payee_refuse(p_change integer, p_version integer,
                                                         p_reason text)
        RETURNS boolean LANGUAGE plpgsql SECURITY DEFINER {SAFE} AS $$
        DECLARE
            proposal record;
        BEGIN{_CALLER}
            IF coalesce(btrim(p_reason), '') = '' THEN
                RAISE EXCEPTION 'say why the payee change is refused'
                    USING ERRCODE = 'check_violation';
            END IF;
            UPDATE public.payee_changes
               SET status = 'refused', decided_by = session_user::text, decided_at = now(),
                   refusal_reason = p_reason, version = version + 1
             WHERE id = p_change;
            RETURN true;
        END $$"""
    )
    for fn in (
        "payee_changes_proposed()",
        "payee_changes_kept()",
        "payments_payee_settled()",
        "compfund_payee_confirm(integer, integer)",
        "compfund_payee_refuse(integer, integer, text)",
    ):
        op.execute(f"REVOKE ALL ON FUNCTION public.{fn} FROM PUBLIC")
    for fn in (
        "compfund_payee_confirm(integer, integer)",
        "compfund_payee_refuse(integer, integer, text)",
    ):
        op.execute(f"GRANT EXECUTE ON FUNCTION public.{fn} TO compfund_finance_officer")
