"""The audit trail is hash-chained: tampering is found at its row, concurrency never forks."""

import multiprocessing
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from compfund.actor import Actor
from compfund.applications.application import create_application, record_identification
from compfund.applications.survivors import register_survivor
from compfund.audit.verify import chain_head, verify_chains
from compfund.db.audit_hook import record_event
from compfund.db.engine import open_engine
from compfund.db.uow import UnitOfWork
from compfund.enums import ApplicationType
from compfund.permissions import Role
from tests.conftest import PASSWORD, TestDatabase
from tests.integration.intake_data import fisherman, poipet_identification


def _some_work(db: TestDatabase) -> None:
    cw = db.officer("cw_bmc", Role.CASEWORKER, "KH-1")
    for _ in range(3):
        ident = cw.do(
            record_identification, cw.do(register_survivor, fisherman()), poipet_identification()
        )
        cw.do(create_application, ident, ApplicationType.INTERIM_GRANT, "DOSVY")


def _tamper(db: TestDatabase, statement: str) -> None:
    """What someone with a database editor and the owner's password could do."""
    with db.engine.begin() as conn:
        if db.kind == "sqlite":
            conn.exec_driver_sql("DROP TRIGGER trg_audit_events_no_update")
            conn.exec_driver_sql("DROP TRIGGER trg_audit_events_no_delete")
        else:
            conn.exec_driver_sql("SET LOCAL session_replication_role = replica")
        conn.exec_driver_sql(statement)


def _report(db: TestDatabase, expect: str | None = None):
    auditor = db.officer("auditor", Role.AUDITOR)
    report, _journal = auditor.read(verify_chains, {"audit": expect} if expect else None)
    return report


def test_an_untouched_trail_verifies(database: TestDatabase) -> None:
    _some_work(database)
    report = _report(database)
    assert report.intact and report.rows > 10


def test_a_flipped_byte_is_found_at_its_row(database: TestDatabase) -> None:
    _some_work(database)
    with database.engine.connect() as conn:
        target_id, seq = conn.execute(
            text(
                "SELECT id, chain_seq FROM audit_events WHERE event = 'insert' "
                "AND entity = 'identifications' ORDER BY id LIMIT 1"
            )
        ).one()
    # One character of the acting officer's login changes: cw_bmc -> cw_bmd.
    _tamper(
        database,
        "UPDATE audit_events SET actor_login = "
        f"replace(actor_login, 'bmc', 'bmd') WHERE id = {target_id}",
    )
    report = _report(database)
    assert not report.intact
    assert report.first_bad_id == target_id and report.first_bad_seq == seq
    assert "changed after it was written" in report.problem


def test_a_removed_row_is_found(database: TestDatabase) -> None:
    _some_work(database)
    _tamper(database, "DELETE FROM audit_events WHERE chain_seq = 4")
    report = _report(database)
    assert report.first_bad_seq == 4 and "missing" in report.problem


def test_a_cut_off_tail_is_found_with_the_expected_head(database: TestDatabase) -> None:
    _some_work(database)
    auditor = database.officer("auditor", Role.AUDITOR)
    noted = auditor.read(chain_head)
    with database.engine.connect() as conn:
        last = conn.execute(text("SELECT max(chain_seq) FROM audit_events")).scalar_one()
        prev = conn.execute(
            text(f"SELECT row_hash FROM audit_events WHERE chain_seq = {last - 3}")
        ).scalar_one()
    # Remove the last three rows and make the head agree, as a careful forger would.
    _tamper(database, f"DELETE FROM audit_events WHERE chain_seq > {last - 3}")
    with database.engine.begin() as conn:
        conn.execute(
            text("UPDATE chain_heads SET length = :n, last_hash = :h"), {"n": last - 3, "h": prev}
        )
    assert auditor.read(verify_chains)[0].intact  # the chain alone cannot tell
    report, _journal = auditor.read(verify_chains, {"audit": noted})
    assert not report.intact and "truncated tail" in report.problem


def test_cli_verify_exits_5_naming_the_row(database: TestDatabase, tmp_path: Path) -> None:
    if database.kind != "sqlite":
        pytest.skip("the command line is exercised on the embedded database here")
    _some_work(database)
    database.officer("auditor", Role.AUDITOR)
    url = database.url.render_as_string(hide_password=False)
    cmd = [
        str(Path(sys.executable).parent / "compfund"),
        "--db",
        url,
        "--user",
        "auditor",
        "audit",
        "verify",
    ]
    env = dict(os.environ, COMPFUND_PASSWORD=PASSWORD)
    ok = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0, ok.stderr
    assert "audit: intact" in ok.stdout
    _tamper(database, "UPDATE audit_events SET detail = 'x' WHERE chain_seq = 2")
    broken = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60)
    assert broken.returncode == 5
    assert "Row 2" in broken.stdout


def _writer(url: str, login: str, barrier, count: int) -> None:  # pragma: no cover - subprocess
    engine = open_engine(__import__("sqlalchemy").engine.make_url(url))
    actor = Actor(None, login, Role.AUDITOR, login)
    barrier.wait()
    for n in range(count):
        with UnitOfWork(engine, actor) as uow:
            record_event(uow.session, event_name="test", entity="load", entity_id=str(n))
            uow.commit()
    engine.dispose()


@pytest.mark.postgres_only
def test_eight_processes_writing_at_once_leave_one_unforked_chain(database: TestDatabase) -> None:
    url = database.url.render_as_string(hide_password=False)
    owner = database.url.username or "postgres"
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(8)
    workers = [context.Process(target=_writer, args=(url, owner, barrier, 200)) for _ in range(8)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=300)
        assert w.exitcode == 0
    report = _report(database)
    assert report.intact
    engine = create_engine(database.url)
    with engine.connect() as conn:
        written = conn.execute(text("SELECT count(*) FROM audit_events WHERE entity = 'load'"))
        assert written.scalar_one() == 1600
        seqs = conn.execute(text("SELECT count(DISTINCT prev_hash) FROM audit_events")).scalar_one()
        total = conn.execute(text("SELECT count(*) FROM audit_events")).scalar_one()
    engine.dispose()
    assert seqs == total  # every row has a different predecessor: no fork
