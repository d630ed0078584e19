"""The head of each hash chain moves only through the append path."""

import psycopg
import pytest

from tests.conftest import TestDatabase
from tests.security.conftest import raw_sql_as

pytestmark = pytest.mark.postgres_only
LOGINS = (
    "cw_bmc",
    "fund_officer",
    "approver",
    "finance_officer",
    "enforcement_officer",
    "auditor",
    "admin",
)


def test_no_officer_moves_a_chain_head(office: TestDatabase) -> None:
    for login in LOGINS:
        with raw_sql_as(office, login) as cur:
            for chain in ("audit", "journal"):
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    cur.execute(
                        "UPDATE chain_heads SET length = length - 5 WHERE chain = %s", (chain,)
                    )


def test_after_the_attempts_officers_still_log_in(office: TestDatabase) -> None:
    for login in LOGINS:
        with raw_sql_as(office, login) as cur:
            try:
                cur.execute("UPDATE chain_heads SET length = length - 5")
            except psycopg.errors.InsufficientPrivilege:
                pass
    with office.engine.connect() as conn:
        heads = conn.exec_driver_sql("SELECT chain, length FROM chain_heads ORDER BY 1").all()
        counts = conn.exec_driver_sql(
            "SELECT (SELECT count(*) FROM audit_events), (SELECT count(*) FROM journal_entries)"
        ).one()
    assert [h[1] for h in heads] == list(counts)
    office.desk_for(office.login("auditor"))


def test_an_event_that_does_not_extend_the_chain_is_refused(office: TestDatabase) -> None:
    with raw_sql_as(office, "cw_bmc") as cur:
        cur.execute("SELECT length FROM chain_heads WHERE chain = 'audit'")
        (length,) = cur.fetchone()  # type: ignore[misc]
        with pytest.raises(psycopg.Error, match="does not extend the audit trail"):
            cur.execute(
                "INSERT INTO audit_events (chain_seq, occurred_at, actor_login, event, entity, "
                "prev_hash, row_hash) VALUES (%s, now(), session_user, 'x', 'x', %s, %s)",
                (length + 100, "0" * 64, "f" * 64),
            )


def test_a_journal_entry_in_another_officers_name_is_refused(office: TestDatabase) -> None:
    with (
        raw_sql_as(office, "fund_officer") as cur,
        pytest.raises(psycopg.errors.InsufficientPrivilege, match="name of the connected role"),
    ):
        cur.execute(
            "INSERT INTO journal_entries (chain_seq, entry_date, recorded_at, actor_login, kind, "
            "memo, lines, prev_hash, row_hash) SELECT h.length + 1, current_date, now(), %s, "
            "'adjustment', 'forged', '[]', h.last_hash, %s FROM chain_heads h "
            "WHERE h.chain = 'journal'",
            (office.login("finance_officer"), "f" * 64),
        )
