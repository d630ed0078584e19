"""0004_bank_details: bank details in clear only for finance officers and the releasing approver (PostgreSQL)

Revision ID: 0004_bank_details
Revises: 0003_officer_logins
Create Date: 2026-12-03 12:30:00

Need to know (issue 9). The payee's name and account (``payee_details``, ``payments``),
the instruction file (``payment_batches``) and the payee a bank's statement reported
(``reconciliation_lines.statement_payee``) are read in clear by finance officers, who pay
and reconcile; the instruction file is handed once to the approver who releases a batch:

- on both databases, two views mask them: ``payee_details_masked`` and
  ``payments_masked`` show the account as ``****`` and its last four letters or digits
  (spaces and hyphens left out) and leave the payee's name out (compfund.models.masked);
- on PostgreSQL every other role that reads money (fund officer, approver, enforcement
  officer, auditor, administrator) may select every column of those tables but the clear
  ones, so a query naming them, or ``SELECT *``, or a ``WHERE`` or ``RETURNING`` that
  reads them, is refused; they read the views. A fund officer still records payee
  details (INSERT, UPDATE) without reading them back;
- a batch is released only through ``compfund_release_batch(batch, version)``
  (SECURITY DEFINER): for the approver who calls it (``session_user``), and who did not
  build the batch (the four-eyes trigger), it releases the batch, writes the instruction
  file that the database itself builds from the batch's payments, and returns it. The
  approver's role no longer updates ``payment_batches`` directly, so a release always
  comes with the file the payments say, and a released batch's file is not handed over
  again.

On SQLite (one desk) the views exist and the services decide who reads what.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from migrations.guards import MONEY_READERS, is_postgresql

revision: str = "0004_bank_details"
down_revision: str | None = "0003_officer_logins"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NOT_FINANCE = ", ".join(
    f"compfund_{r}" for r in ("fund_officer", "approver", "enforcement_officer", "auditor", "admin")
)
# Every column but the clear ones, written out: a column added later is not readable
# by these roles until a migration says so.
SHOWN = {
    "payee_details": (
        "id, survivor_id, payee, channel, institution, dosvy_province, updated_by, "
        "updated_at, version"
    ),
    "payments": (
        "id, instalment_id, batch_id, attempt, idempotency_key, channel, currency, "
        "amount_minor, institution, status, paid_on, paid_reference, failure_reason, "
        "return_reason, updated_by, version"
    ),
    "payment_batches": (
        "id, currency, channel, status, line_count, total_minor, built_by, built_at, "
        "released_by, released_at, instruction_sha256, cancelled_by, version"
    ),
    # what the bank's statement says was paid to: an account, or for cash a name
    "reconciliation_lines": (
        "id, reconciliation_id, category, payment_id, row_number, statement_key, "
        "statement_currency, statement_minor, statement_reference, resolution, resolved_by, "
        "resolved_at, version"
    ),
}
SAFE = "SET search_path = pg_catalog, public, pg_temp"
# The four-eyes trigger's words (0001_baseline), so a refusal reads the same either way.
REFUSED = "only an approver who did not build a payment batch may release it, in their own name"


def upgrade() -> None:
    _masked_views()
    if is_postgresql():
        _clear_for_finance_only()
        _instruction_file()
        _release_function()


def downgrade() -> None:
    raise NotImplementedError(
        "compfund's migrations go forward only: a revision cannot be downgraded"
    )


def _last_four(column: str) -> str:
    bare = f"replace(replace({column}, ' ', ''), '-', '')"
    tail = f"right({bare}, 4)" if is_postgresql() else f"substr({bare}, -4)"
    return f"'****' || {tail}"  # NULL stays NULL


def _masked_views() -> None:
    barrier = " WITH (security_barrier)" if is_postgresql() else ""
    schema = "public." if is_postgresql() else ""
    op.execute(
        f"CREATE VIEW {schema}payee_details_masked{barrier} AS "
        "SELECT id, survivor_id, payee, channel, institution, "
        f"{_last_four('account')} AS account, dosvy_province, updated_by, updated_at, version "
        f"FROM {schema}payee_details"
    )
    op.execute(
        f"CREATE VIEW {schema}payments_masked{barrier} AS "
        "SELECT id, instalment_id, batch_id, attempt, idempotency_key, channel, currency, "
        f"amount_minor, institution, {_last_four('account')} AS account, status, paid_on, "
        "paid_reference, updated_by, version "
        f"FROM {schema}payments"
    )


def _clear_for_finance_only() -> None:
    for table, columns in SHOWN.items():
        op.execute(f"REVOKE SELECT ON public.{table} FROM {NOT_FINANCE}")
        op.execute(f"GRANT SELECT ({columns}) ON public.{table} TO {NOT_FINANCE}")
    # A view runs with its owner's rights: it is granted to the roles that read money.
    op.execute(
        f"GRANT SELECT ON public.payee_details_masked, public.payments_masked TO {MONEY_READERS}"
    )
    # An approver releases only through compfund_release_batch, which writes the file.
    op.execute("REVOKE UPDATE ON public.payment_batches FROM compfund_approver")


def _instruction_file() -> None:
    """``compfund_instruction_file(batch)``: the batch's instruction file exactly as
    compfund.disbursements.instruction_file.instruction_csv writes it (CSV, minimal
    quoting, CRLF; a cell a spreadsheet would run is prefixed with an apostrophe;
    amounts with two decimals, the exponent of both currencies). Called only by
    compfund_release_batch: nobody is granted it."""
    op.execute(
        f"""CREATE FUNCTION public.compfund_csv_cell(value text, guard boolean) RETURNS text
        LANGUAGE sql IMMUTABLE {SAFE} AS $$
            SELECT CASE WHEN cell ~ '[",\\r\\n]'
                        THEN '"' || replace(cell, '"', '""') || '"' ELSE cell END
              FROM (SELECT CASE WHEN guard AND left(value, 1) IN ('=', '+', '-', '@', E'\\t', E'\\r')
                                THEN '''' || value ELSE value END AS cell) safe
        $$"""
    )
    op.execute(
        f"""CREATE FUNCTION public.compfund_instruction_file(p_batch integer) RETURNS text
        LANGUAGE sql STABLE {SAFE} AS $$
            SELECT 'line,key,survivor,payee,channel,institution,account,amount,currency'
                   || E'\\r\\n' || coalesce(string_agg(line, E'\\r\\n' ORDER BY n) || E'\\r\\n', '')
              FROM (SELECT row_number() OVER (ORDER BY p.id) AS n,
                           concat_ws(',',
                               (row_number() OVER (ORDER BY p.id))::text,
                               public.compfund_csv_cell(p.idempotency_key, false),
                               public.compfund_csv_cell(s.code, false),
                               public.compfund_csv_cell(p.payee_name, true),
                               public.compfund_csv_cell(p.channel::text, false),
                               public.compfund_csv_cell(coalesce(p.institution, ''), true),
                               public.compfund_csv_cell(coalesce(p.account, ''), true),
                               (p.amount_minor::numeric / 100)::numeric(22, 2)::text,
                               p.currency::text) AS line
                      FROM public.payments p
                      JOIN public.instalments i ON i.id = p.instalment_id
                      JOIN public.survivors s ON s.id = i.survivor_id
                     WHERE p.batch_id = p_batch) lines
        $$"""
    )
    for fn in ("compfund_csv_cell(text, boolean)", "compfund_instruction_file(integer)"):
        op.execute(f"REVOKE EXECUTE ON FUNCTION public.{fn} FROM PUBLIC")


def _release_function() -> None:
    """``compfund_release_batch(batch, version)``: the approver logged in (``session_user``)
    releases a built batch at the version they looked at and gets its instruction file;
    NULL when the batch is no longer built at that version (another desk moved it). The
    four-eyes trigger on payment_batches refuses the batch's maker and anyone who is not
    an approver; so does this function, first."""
    op.execute(
        f"""CREATE FUNCTION public.compfund_release_batch(p_batch integer, p_version integer)
        RETURNS text LANGUAGE plpgsql SECURITY DEFINER {SAFE} AS $$
        DECLARE
            batch record;
            file text;
        BEGIN
            SELECT b.status, b.version, b.built_by INTO batch
              FROM public.payment_batches b WHERE b.id = p_batch FOR UPDATE;
            IF NOT FOUND OR batch.status <> 'built' OR batch.version <> p_version THEN
                RETURN NULL;
            END IF;
            IF NOT pg_has_role(session_user, 'compfund_approver', 'MEMBER')
               OR session_user::text = batch.built_by
               OR NOT EXISTS (SELECT 1 FROM public.users u
                              WHERE u.login = session_user::text AND NOT u.disabled) THEN
                RAISE EXCEPTION '{REFUSED}' USING ERRCODE = 'check_violation';
            END IF;
            file := public.compfund_instruction_file(p_batch);
            UPDATE public.payment_batches
               SET status = 'released', released_by = session_user::text,
                   released_at = now(), instruction_file = file,
                   instruction_sha256 = encode(sha256(convert_to(file, 'UTF8')), 'hex'),
                   version = version + 1
             WHERE id = p_batch;
            RETURN file;
        END $$"""
    )
    op.execute(
        "REVOKE EXECUTE ON FUNCTION public.compfund_release_batch(integer, integer) FROM PUBLIC"
    )
    op.execute(
        "GRANT EXECUTE ON FUNCTION public.compfund_release_batch(integer, integer) "
        "TO compfund_approver"
    )
