"""Functions that run with their owner's rights (SECURITY DEFINER) never take the acting
officer as an argument: they read ``session_user``. Listed from the catalog, so that a
function added later must be added here, with what its arguments are."""

import psycopg
import pytest

from tests.conftest import TestDatabase
from tests.security.conftest import as_gate, raw_sql_as

pytestmark = pytest.mark.postgres_only

# Each SECURITY DEFINER function, and what its arguments name (never who is acting).
DEFINERS = {
    "audit_events_scope()": "a trigger: no argument",
    "chain_head_moves()": "a trigger: its arguments name the chain",
    "compfund_login_failed(text)": "the login tried, recorded as tried by '(unauthenticated)'",
    "compfund_login_succeeded()": "no argument: the connected role's own failures",
    "compfund_login_wait(text)": "the login about to be tried",
    "compfund_release_batch(integer,integer)": "the batch and the version the approver saw",
    # where money goes (0006_payee_changes)
    "compfund_payee_confirm(integer,integer)": "the change and the version finance saw",
    "compfund_payee_refuse(integer,integer,text)": "the change, its version and the reason",
    "payments_payee_settled()": "a trigger: no argument",
    # officers' logins (0003_officer_logins): the officer acted on, never the caller
    "compfund_officer_create(text,text,text)": "the new login, its group, its verifier",
    "compfund_officer_disable(text)": "the officer's login (not the caller's own)",
    "compfund_officer_enable(text)": "the officer's login (not the caller's own)",
    "compfund_officer_set_group(text,text)": "the officer's login and their new group",
    "compfund_officer_set_password(text,text)": "the officer's login and a new verifier",
    # officers' rights (0007_officer_rights): the officer whose change is decided
    "compfund_officer_confirm(text)": "the officer whose proposed change is confirmed",
    "compfund_officer_refuse(text,text)": "the officer whose proposed change is refused, why",
    "officer_role_requests_proposed()": "a trigger: no argument",
    "users_enabled_once_confirmed()": "a trigger: no argument",
    # money rules (0005_money_rules): triggers, and the instalment whose state is checked
    "awards_approved_by_enough_approvers()": "a trigger: no argument",
    "awards_recommended_as_the_policy_says()": "a trigger: no argument",
    "compfund_change_recorded()": "a trigger: its argument names the table's key column",
    "compfund_instalment_follows_payment(integer)": "the instalment checked (EXECUTE: nobody)",
    "instalments_follow_payments()": "a trigger: no argument",
    "instalments_of_an_approved_award()": "a trigger: no argument",
    "instalments_stay_the_survivors()": "a trigger: no argument",
    "journal_postings_move_balances()": "a trigger: no argument",
    "ledger_balances_keep_their_sign()": "a trigger: no argument",
    "ledger_periods_closed_by_two()": "a trigger: no argument",
    "payment_batches_as_built()": "a trigger: no argument",
    "payment_batches_built_by_finance()": "a trigger: no argument",
    "payments_follow_payments()": "a trigger: no argument",
    "payments_of_their_instalment()": "a trigger: no argument",
    "payments_with_their_batch()": "a trigger: no argument",
}


def test_every_definer_function_is_known(office: TestDatabase) -> None:
    with office.engine.connect() as conn:
        found = conn.exec_driver_sql(
            "SELECT p.oid::regprocedure::text FROM pg_proc p "
            "WHERE p.pronamespace = 'public'::regnamespace AND p.prosecdef ORDER BY 1"
        ).scalars()
        assert sorted(found) == sorted(DEFINERS)


def test_a_failed_login_named_for_another_officer_is_no_ones_act(office: TestDatabase) -> None:
    approver = office.login("approver")
    with as_gate(office) as cur:
        cur.execute("SELECT compfund_login_failed(%s)", (approver,))
    with office.engine.connect() as conn:
        actor, event = conn.exec_driver_sql(
            "SELECT actor_login, event FROM audit_events ORDER BY chain_seq DESC LIMIT 1"
        ).one()
    assert (actor, event) == ("(unauthenticated)", "login_failed")


def test_a_login_succeeded_call_forgives_only_the_caller(office: TestDatabase) -> None:
    approver = office.login("approver")
    with as_gate(office) as cur:
        for _ in range(6):
            cur.execute("SELECT compfund_login_failed(%s)", (approver,))
    with raw_sql_as(office, "cw_bmc") as cur:
        cur.execute("SELECT compfund_login_succeeded()")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            cur.execute("DELETE FROM login_failures")
    with as_gate(office) as cur:
        cur.execute("SELECT compfund_login_wait(%s)", (approver,))
        assert cur.fetchone()[0] > 0  # type: ignore[index]
