"""Row-level security on every table that holds a survivor's data, the trail included."""

import pytest

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
