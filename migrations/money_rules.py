"""PostgreSQL: no money moves on one officer's word, whatever client they use (issue 10;
migration 0005_money_rules). Each helper's SQL is part of every database built by that
migration: change it only together with a new migration.

The services write awards, instalments, batches, payments and periods as before; these
triggers (SECURITY DEFINER, ``search_path`` fixed) make every INSERT and UPDATE an
officer's role can run keep the same rules, by ``session_user``:

- a batch is built ``built``, by a finance officer in their own name, and released (by an
  approver who did not build it: 0001's four-eyes trigger) only while its payments are
  still the lines and total it was built with;
- a payment starts ``batched`` in a built batch of its builder, for exactly its
  instalment's amount and currency, to exactly the payee's confirmed details; it is
  released only with its batch;
- an instalment's state is its latest payment's, when the transaction commits: nobody
  moves one by hand; an instalment starts ``scheduled``, of an approved award, and an
  award's instalments never add up to more than the award;
- an award is recommended by a fund officer in their own name, nothing decided yet, with
  two approvers above the policy's threshold; whether it needs two never changes, and
  one above the threshold is approved only after a first approval;
- a ledger period is asked to be closed by a finance officer and closed by an approver,
  each in their own name, never the same person; a period is never inserted closed;
- the sign rules, when the transaction commits: the fund's bank and payments in transit
  never carry a credit balance, awards payable and recovery owed never a debit one.
  Each account's balance is kept in ``ledger_balances`` (no model: the database's own
  table) by a trigger on ``journal_postings``.

- whatever an officer's role still writes on these tables, and on the other money tables,
  is in the audit trail: a row an officer's transaction inserts or changes must have its
  audit event, appended by the same transaction, when it commits (the services' audit
  hook writes one for every change), or the transaction is refused.

The schema's owner (migrations, the demo, first setup) is not an officer: the rules on
who may act do not bind it, the rules on what money is (amounts, payees, sign) do.
"""

from __future__ import annotations

from alembic import op

from migrations.rules_hold import FIXED_PATH

# Tables that only the database's own functions read and write (no model).
DATABASE_ONLY_TABLES = ("ledger_balances",)
CREDIT_NEVER = ("fund_bank", "payments_in_transit")  # never a credit balance
DEBIT_NEVER = ("awards_payable", "recovery_owed")  # never a debit balance

# A condition: the connected role is one of compfund's officers (not the schema's owner).
OFFICER = "EXISTS (SELECT 1 FROM public.users u WHERE u.login = session_user::text)"


def _in(role: str) -> str:
    return f"pg_has_role(session_user, 'compfund_{role}', 'MEMBER')"


def _refuse(message: str, *args: str) -> str:
    listed = "".join(f", {a}" for a in args)
    return f"RAISE EXCEPTION '{message}'{listed} USING ERRCODE = 'check_violation'"


def _trigger_function(name: str, body: str, returns: str = "NEW", declare: str = "") -> None:
    op.execute(
        f"""CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql
        SECURITY DEFINER SET search_path = {FIXED_PATH} AS $$
        {"DECLARE " + declare if declare else ""}
        BEGIN
{body}
            RETURN {returns};
        END $$"""
    )
    op.execute(f"REVOKE ALL ON FUNCTION {name}() FROM PUBLIC")


def _before(table: str, events: str, function: str) -> None:
    op.execute(
        f"CREATE TRIGGER trg_{function} BEFORE {events} ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {function}()"
    )


def batches() -> None:
    _trigger_function(
        "payment_batches_built_by_finance",
        f"""
            IF NEW.status <> 'built' OR NEW.released_by IS NOT NULL OR NEW.released_at IS NOT NULL
               OR NEW.instruction_file IS NOT NULL OR NEW.instruction_sha256 IS NOT NULL
               OR NEW.cancelled_by IS NOT NULL THEN
                {_refuse("a payment batch starts built, released by nobody yet")};
            END IF;
            IF {OFFICER} AND (NEW.built_by IS DISTINCT FROM session_user::text
                              OR NOT {_in("finance_officer")}) THEN
                {_refuse("a payment batch is built by a finance officer, in their own name")};
            END IF;""",
    )
    _before("payment_batches", "INSERT", "payment_batches_built_by_finance")
    _trigger_function(
        "payment_batches_as_built",
        f"""
            IF NEW.line_count <> OLD.line_count THEN
                {_refuse("a released or cancelled payment batch is final")};
            END IF;
            IF NEW.status = 'released' AND OLD.status = 'built' AND EXISTS (
                SELECT 1 FROM public.payments p WHERE p.batch_id = NEW.id
                HAVING count(*) FILTER (WHERE p.status = 'batched') <> NEW.line_count
                    OR coalesce(sum(p.amount_minor) FILTER (WHERE p.status = 'batched'), 0)
                       <> NEW.total_minor) THEN
                {_refuse("this payment batch''s payments changed since it was built: build it again")};
            END IF;
            IF NEW.status = 'cancelled' AND OLD.status = 'built' AND {OFFICER}
               AND (NEW.cancelled_by IS DISTINCT FROM session_user::text
                    OR NOT {_in("finance_officer")}) THEN
                {_refuse("a payment batch is undone by a finance officer, in their own name")};
            END IF;""",
    )
    _before("payment_batches", "UPDATE", "payment_batches_as_built")


def payments() -> None:
    _trigger_function(
        "payments_of_their_instalment",
        f"""
            IF NEW.status <> 'batched' THEN
                {_refuse("a payment starts batched")};
            END IF;
            SELECT status, currency, channel, built_by INTO b
              FROM public.payment_batches WHERE id = NEW.batch_id;
            IF b.status IS DISTINCT FROM 'built' OR b.currency <> NEW.currency
               OR b.channel <> NEW.channel THEN
                {_refuse("a payment joins only a built batch of its own currency and channel")};
            END IF;
            IF {OFFICER} AND b.built_by <> session_user::text THEN
                {_refuse("only the finance officer who built a batch adds payments to it")};
            END IF;
            SELECT status, currency, amount_minor, survivor_id INTO i
              FROM public.instalments WHERE id = NEW.instalment_id;
            IF i.status IS DISTINCT FROM 'batched' OR i.currency <> NEW.currency
               OR i.amount_minor <> NEW.amount_minor THEN
                {_refuse("a payment is exactly its instalment: its amount, its currency, batched")};
            END IF;
            SELECT channel, payee_name, institution, account, dosvy_province INTO d
              FROM public.payee_details WHERE survivor_id = i.survivor_id;
            IF NOT FOUND THEN
                {_refuse("a payment goes only to the payee details on record")};
            END IF;
            IF d.channel = 'cash_dosvy' THEN
                SELECT 'DOSVY ' || p.name_en INTO office FROM public.provinces p
                 WHERE p.code = d.dosvy_province;
                IF NEW.account IS NOT NULL
                   OR NEW.institution IS DISTINCT FROM coalesce(office, 'DOSVY') THEN
                    {_refuse("a payment goes only to the payee details on record")};
                END IF;
            ELSIF NEW.account IS DISTINCT FROM d.account
               OR NEW.institution IS DISTINCT FROM d.institution THEN
                {_refuse("a payment goes only to the payee details on record")};
            END IF;
            IF NEW.channel <> d.channel OR NEW.payee_name IS DISTINCT FROM d.payee_name THEN
                {_refuse("a payment goes only to the payee details on record")};
            END IF;
""",
        declare="b record; i record; d record; office text;",
    )
    _before("payments", "INSERT", "payments_of_their_instalment")
    _trigger_function(
        "payments_with_their_batch",
        f"""
            IF NEW.institution IS DISTINCT FROM OLD.institution THEN
                {_refuse("a payment''s payee never changes")};
            END IF;
            IF NEW.status <> OLD.status THEN
                IF NEW.status = 'released' AND NOT EXISTS (
                    SELECT 1 FROM public.payment_batches b
                    WHERE b.id = NEW.batch_id AND b.status = 'released') THEN
                    {_refuse("a payment is released only with its batch, by an approver")};
                END IF;
                IF NEW.status = 'cancelled' AND NOT EXISTS (
                    SELECT 1 FROM public.payment_batches b
                    WHERE b.id = NEW.batch_id AND b.status IN ('built', 'cancelled')) THEN
                    {_refuse("a payment of a released batch is not cancelled")};
                END IF;
                IF NEW.status IN ('paid', 'failed', 'returned', 'cancelled') AND {OFFICER}
                   AND NOT {_in("finance_officer")} THEN
                    {_refuse("a finance officer records what became of a payment")};
                END IF;
            END IF;""",
    )
    _before("payments", "UPDATE", "payments_with_their_batch")


def instalments() -> None:
    _trigger_function(
        "instalments_of_an_approved_award",
        f"""
            IF NEW.status <> 'scheduled' THEN
                {_refuse("an instalment starts scheduled")};
            END IF;
            SELECT status, survivor_id, currency, amount_minor INTO a
              FROM public.awards WHERE id = NEW.award_id FOR UPDATE;
            IF a.status IS DISTINCT FROM 'approved' OR a.survivor_id <> NEW.survivor_id
               OR a.currency <> NEW.currency THEN
                {_refuse("an instalment belongs to an approved award, in its currency")};
            END IF;
            SELECT coalesce(sum(amount_minor), 0) INTO planned
              FROM public.instalments WHERE award_id = NEW.award_id;
            IF planned + NEW.amount_minor > a.amount_minor THEN
                {_refuse("an award''s instalments never add up to more than the award")};
            END IF;
""",
        declare="a record; planned bigint;",
    )
    _before("instalments", "INSERT", "instalments_of_an_approved_award")
    _trigger_function(
        "instalments_stay_the_survivors",
        f"""
            IF NEW.survivor_id <> OLD.survivor_id THEN
                {_refuse("an instalment is paid to its award''s survivor and nobody else")};
            END IF;""",
    )
    _before("instalments", "UPDATE", "instalments_stay_the_survivors")
    # An instalment's state follows its latest payment, when the transaction commits (the
    # services move the instalment first, then write its payment).
    op.execute(
        f"""CREATE FUNCTION compfund_instalment_follows_payment(p_instalment integer)
        RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = {FIXED_PATH} AS $$
        DECLARE
            state text;
            latest text;
        BEGIN
            SELECT status::text INTO state FROM public.instalments WHERE id = p_instalment;
            SELECT status::text INTO latest FROM public.payments WHERE instalment_id = p_instalment
             ORDER BY attempt DESC, id DESC LIMIT 1;
            IF NOT (state = coalesce(latest, 'scheduled')
                    OR (state = 'scheduled' AND latest IN ('cancelled', 'failed', 'returned'))) THEN
                {
            _refuse(
                "an instalment moves only with its payment (it is %, its payment %)",
                "state",
                "coalesce(latest, 'not made')",
            )
        };
            END IF;
        END $$"""
    )
    op.execute("REVOKE ALL ON FUNCTION compfund_instalment_follows_payment(integer) FROM PUBLIC")
    for table, column in (("instalments", "id"), ("payments", "instalment_id")):
        name = f"{table}_follow_payments"
        _trigger_function(
            name, f"PERFORM compfund_instalment_follows_payment(NEW.{column});", "NULL"
        )
        op.execute(
            f"CREATE CONSTRAINT TRIGGER trg_{name} AFTER INSERT OR UPDATE ON {table} "
            f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION {name}()"
        )


# The policy's two-approver threshold in the award's currency: its own figure, or its
# figure in the policy's currency at the award's recorded rate (a riel more, for the
# rounding the services' conversion may have done).
THRESHOLD = """
    SELECT coalesce(
        (SELECT amount_minor FROM public.award_policy_amounts
          WHERE award_policy_id = NEW.award_policy_id AND currency = NEW.currency
            AND limit_name = 'two_approvers_above'),
        (SELECT round(x.amount_minor * NEW.rate::numeric) + 1
           FROM public.award_policy_amounts x JOIN public.award_policies p
             ON p.id = x.award_policy_id AND p.currency = x.currency
          WHERE x.award_policy_id = NEW.award_policy_id AND x.limit_name = 'two_approvers_above'
            AND NEW.rate ~ '^[0-9]+(\\.[0-9]+)?$'))"""


def awards() -> None:
    _trigger_function(
        "awards_recommended_as_the_policy_says",
        f"""
            IF NEW.first_approved_by IS NOT NULL OR NEW.first_approved_at IS NOT NULL
               OR NEW.decided_by IS NOT NULL OR NEW.decided_at IS NOT NULL
               OR NEW.entry_seq IS NOT NULL THEN
                {_refuse("an award starts as a recommendation that nobody has decided")};
            END IF;
            IF {OFFICER} AND (NEW.recommended_by IS DISTINCT FROM session_user::text
                              OR NOT {_in("fund_officer")}) THEN
                {_refuse("an award is recommended by a fund officer, in their own name")};
            END IF;
            {THRESHOLD} INTO threshold;
            IF NOT NEW.two_approvers AND (threshold IS NULL OR NEW.amount_minor > threshold) THEN
                {_refuse("an award above the policy''s threshold needs two approvers")};
            END IF;
""",
        declare="threshold bigint;",
    )
    _before("awards", "INSERT", "awards_recommended_as_the_policy_says")
    moves = (
        "recommended>awaiting_second_approval",
        "recommended>approved",
        "recommended>rejected",
        "awaiting_second_approval>approved",
        "awaiting_second_approval>rejected",
    )
    listed = ", ".join(f"'{m}'" for m in moves)
    _trigger_function(
        "awards_approved_by_enough_approvers",
        f"""
            IF NEW.two_approvers IS DISTINCT FROM OLD.two_approvers
               OR NEW.rate IS DISTINCT FROM OLD.rate OR NEW.rate_id IS DISTINCT FROM OLD.rate_id
               OR NEW.calculated_on IS DISTINCT FROM OLD.calculated_on
               OR NEW.recommended_at IS DISTINCT FROM OLD.recommended_at THEN
                {_refuse("an award''s figures never change and a decided award is final")};
            END IF;
            IF NEW.status <> OLD.status THEN
                IF (OLD.status::text || '>' || NEW.status::text) NOT IN ({listed})
                   OR (NEW.two_approvers AND OLD.status = 'recommended'
                       AND NEW.status = 'approved')
                   OR (NOT NEW.two_approvers AND NEW.status = 'awaiting_second_approval') THEN
                    {_refuse("an award above the policy''s threshold is approved by two approvers, one after the other")};
                END IF;
            ELSIF NEW.first_approved_by IS DISTINCT FROM OLD.first_approved_by
               OR NEW.decided_by IS DISTINCT FROM OLD.decided_by
               OR NEW.entry_seq IS DISTINCT FROM OLD.entry_seq THEN
                {_refuse("an award''s approvals are recorded only with its decision")};
            END IF;""",
    )
    _before("awards", "UPDATE", "awards_approved_by_enough_approvers")


def periods() -> None:
    _trigger_function(
        "ledger_periods_closed_by_two",
        f"""
            IF TG_OP = 'INSERT' AND (NEW.closed_by IS NOT NULL OR NEW.closed_at IS NOT NULL) THEN
                {_refuse("a ledger period is closed only after a finance officer asked")};
            END IF;
            IF NEW.closed_at IS NOT NULL AND (NEW.close_requested_by IS NULL
                OR NEW.closed_by IS NULL OR NEW.closed_by = NEW.close_requested_by) THEN
                {_refuse("the officer who asked to close a ledger period does not close it")};
            END IF;
            IF {OFFICER} AND NEW.close_requested_by IS NOT NULL
               AND (TG_OP = 'INSERT' OR NEW.close_requested_by IS DISTINCT FROM OLD.close_requested_by)
               AND (NEW.close_requested_by <> session_user::text
                    OR NOT {_in("finance_officer")}) THEN
                {_refuse("a finance officer asks, in their own name, for a ledger period to be closed")};
            END IF;
            IF {OFFICER} AND TG_OP = 'UPDATE' AND NEW.closed_at IS NOT NULL
               AND (NEW.closed_by IS DISTINCT FROM session_user::text
                    OR NOT {_in("approver")}) THEN
                {_refuse("an approver closes a ledger period, in their own name")};
            END IF;""",
    )
    _before("ledger_periods", "INSERT OR UPDATE", "ledger_periods_closed_by_two")


def sign_rules() -> None:
    op.execute(
        "CREATE TABLE ledger_balances (account_id integer PRIMARY KEY "
        "REFERENCES ledger_accounts (id), balance_minor bigint NOT NULL)"
    )
    op.execute("REVOKE ALL ON ledger_balances FROM PUBLIC")
    op.execute(
        "INSERT INTO ledger_balances SELECT account_id, sum(amount_minor) "
        "FROM journal_postings GROUP BY account_id"
    )
    _trigger_function(
        "journal_postings_move_balances",
        """
            INSERT INTO public.ledger_balances AS b (account_id, balance_minor)
            VALUES (NEW.account_id, NEW.amount_minor)
            ON CONFLICT (account_id)
            DO UPDATE SET balance_minor = b.balance_minor + EXCLUDED.balance_minor;""",
        "NULL",
    )
    op.execute(
        "CREATE TRIGGER trg_journal_postings_move_balances AFTER INSERT ON journal_postings "
        "FOR EACH ROW EXECUTE FUNCTION journal_postings_move_balances()"
    )
    credit = ", ".join(f"'{k}'" for k in CREDIT_NEVER)
    debit = ", ".join(f"'{k}'" for k in DEBIT_NEVER)
    words = (
        "CASE a.kind WHEN 'fund_bank' THEN 'the fund''s ' || a.currency || ' bank account' "
        "WHEN 'payments_in_transit' THEN 'payments in transit (' || a.currency || ')' "
        "WHEN 'awards_payable' THEN 'the awards payable to ' || coalesce(s.code, '?') "
        "ELSE 'the recoveries owed to ' || coalesce(s.code, '?') END"
    )
    shown = "to_char(b.balance_minor / 100.0, 'FM999,999,999,999,990.00')"
    _trigger_function(
        "ledger_balances_keep_their_sign",
        f"""
            SELECT {words}, {shown} || ' ' || a.currency INTO what, amount
              FROM public.ledger_balances b
              JOIN public.ledger_accounts a ON a.id = b.account_id
              LEFT JOIN public.survivors s ON s.id = a.survivor_id
             WHERE b.account_id = NEW.account_id
               AND ((a.kind IN ({credit}) AND b.balance_minor < 0)
                    OR (a.kind IN ({debit}) AND b.balance_minor > 0));
            IF FOUND THEN
                {_refuse("% would carry a balance of %, on the wrong side: the fund cannot pay out money it does not hold", "what", "amount")};
            END IF;
""",
        "NULL",
        declare="what text; amount text;",
    )
    op.execute(
        "CREATE CONSTRAINT TRIGGER trg_ledger_balances_keep_their_sign "
        "AFTER INSERT OR UPDATE ON ledger_balances DEFERRABLE INITIALLY DEFERRED "
        "FOR EACH ROW EXECUTE FUNCTION ledger_balances_keep_their_sign()"
    )


# Money tables whose every row an officer's transaction writes must come with its audit
# event (compfund.db.audit_hook names the entity by table, the row by its primary key).
RECORDED = {
    "awards": "id",
    "award_heads": "id",
    "award_deductions": "id",
    "other_compensation_received": "id",
    "instalments": "id",
    "payment_batches": "id",
    "payments": "id",
    "reconciliations": "id",
    "reconciliation_lines": "id",
    "ledger_periods": "month",
    "income_receipts": "id",
    "exchange_rates": "id",
}


def recorded() -> None:
    """At commit, every money row an officer's transaction wrote has an audit event that
    this same transaction appended (its xmin is the transaction's), or the transaction is
    refused: a change made by hand, with no event, does not happen."""
    op.execute(
        f"""CREATE FUNCTION compfund_change_recorded() RETURNS trigger LANGUAGE plpgsql
        SECURITY DEFINER SET search_path = {FIXED_PATH} AS $$
        DECLARE
            row_id text := to_jsonb(NEW) ->> TG_ARGV[0];
        BEGIN
            IF {OFFICER} AND NOT EXISTS (
                SELECT 1 FROM public.audit_events e
                 WHERE e.entity = TG_TABLE_NAME AND e.entity_id = row_id
                   AND e.xmin = pg_current_xact_id()::xid) THEN
                {_refuse("a change to % is made through compfund, which writes it to the audit trail", "replace(TG_TABLE_NAME, '_', ' ')")};
            END IF;
            RETURN NULL;
        END $$"""
    )
    op.execute("REVOKE ALL ON FUNCTION compfund_change_recorded() FROM PUBLIC")
    for table, key in RECORDED.items():
        op.execute(
            f"CREATE CONSTRAINT TRIGGER trg_{table}_recorded AFTER INSERT OR UPDATE ON {table} "
            f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
            f"EXECUTE FUNCTION compfund_change_recorded('{key}')"
        )
