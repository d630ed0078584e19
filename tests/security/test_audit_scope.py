"""Row-level security on every table that holds a survivor's data, the trail included."""

import pytest

from compfund.audit.access import show_identity
from tests.conftest import TestDatabase
from tests.security.conftest import raw_sql_as

pytestmark = pytest.mark.postgres_only


def test_a_caseworker_reads_only_their_provinces_events(office: TestDatabase) -> None:
    with raw_sql_as(office, "cw_bmc") as cur:
        cur.execute("SELECT DISTINCT actor_login FROM audit_events WHERE entity = 'survivors'")
        assert [r[0] for r in cur.fetchall()] == [office.login("cw_bmc")]
        cur.execute(
            "SELECT count(*) FROM audit_events WHERE entity IN ('survivors', 'applications', "
            "'identifications', 'identity_documents') AND actor_login = %s",
            (office.login("cw_btb"),),
        )
        assert cur.fetchone() == (0,)
    with raw_sql_as(office, "auditor") as cur:
        cur.execute(
            "SELECT count(DISTINCT actor_login) FROM audit_events WHERE entity = 'survivors'"
        )
        assert cur.fetchone() == (2,)


def test_every_table_holding_a_survivors_data_has_forced_row_level_security(
    office: TestDatabase,
) -> None:
    with office.engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT c.relname, c.relrowsecurity AND c.relforcerowsecurity FROM pg_class c "
            "WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' AND EXISTS ("
            "SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND NOT a.attisdropped "
            "AND a.attname IN ('survivor_id', 'application_id')) "
            "OR c.relname = 'audit_events' ORDER BY 1"
        ).all()
    assert len(rows) >= 15
    assert [name for name, forced in rows if not forced] == []


def _survivors(db: TestDatabase) -> dict[str, tuple[str, int]]:
    with db.engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT province_code, code, id FROM survivors").all()
    return {province: (code, ident) for province, code, ident in rows}


def test_a_caseworker_reads_no_other_officers_identifying_access(office: TestDatabase) -> None:
    code, _ = _survivors(office)["KH-2"]
    reason = "Home visit planned: checking the address"
    office.desk_for(office.login("cw_btb")).do(show_identity, code, reason)
    with raw_sql_as(office, "cw_bmc") as cur:
        cur.execute(
            "SELECT count(*) FROM audit_events WHERE event = 'identifying_access' "
            "OR detail LIKE %s",
            (f"%{reason[:20]}%",),
        )
        assert cur.fetchone() == (0,)


def test_a_caseworker_learns_no_other_province_from_their_own_event(office: TestDatabase) -> None:
    _, other = _survivors(office)["KH-2"]
    with raw_sql_as(office, "cw_bmc") as cur:
        cur.execute(
            "INSERT INTO audit_events (chain_seq, occurred_at, actor_login, event, entity, "
            "entity_id, prev_hash, row_hash) SELECT h.length + 1, now(), session_user, 'note', "
            "'survivors', %s, h.last_hash, %s FROM chain_heads h WHERE h.chain = 'audit' "
            "RETURNING scope_province",
            (str(other), "e" * 64),
        )
        assert cur.fetchone() == ("?",)
