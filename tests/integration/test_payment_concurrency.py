"""Paying under concurrency: once and only once, whatever races, retries or lost answers."""

from __future__ import annotations

import multiprocessing
import time
from datetime import timedelta

import pytest
from sqlalchemy import event, func, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from compfund.clock import today_in_cambodia
from compfund.db.uow import UnitOfWork, run_in_unit_of_work
from compfund.disbursements.batch_view import BatchView, instalments_due
from compfund.disbursements.guarded import advance
from compfund.disbursements.payment import confirm_payment, record_failure, reissue_instalment
from compfund.disbursements.payment_batch import build_batch, release_batch
from compfund.enums import Channel, InstalmentStatus, PaymentStatus
from compfund.errors import ConcurrentEdit, DatabaseUnreachable
from compfund.ledger.check import check_ledger
from compfund.models import Instalment, JournalEntry, Payment
from compfund.permissions import Role
from tests.conftest import PASSWORD, TestDatabase
from tests.integration.money_data import USD, Office, office
from tests.integration.payment_workers import pay_everything

BANK = Channel.BANK_TRANSFER


def _released(fund: Office, awards: int = 1, instalments: int = 1) -> BatchView:
    fund.fund("100000", USD)
    for _ in range(awards):
        fund.approved("1000", instalments=instalments)
    due_by = today_in_cambodia() + timedelta(days=31 * instalments)
    batch = fund.finance.do(build_batch, USD, BANK, due_by=due_by)
    fund.approver.do(release_batch, batch.id)
    return batch


def _paid_entries(fund: Office) -> list[str]:
    with fund.database.engine.connect() as conn:
        return list(
            conn.execute(
                select(JournalEntry.source).where(JournalEntry.source.like("payment:%:paid"))
            ).scalars()
        )


@pytest.mark.postgres_only
@pytest.mark.parametrize("sqlstate", ["serialization_failure", "deadlock_detected"])
def test_a_serialization_failure_or_deadlock_is_retried(database, sqlstate: str) -> None:
    fund = office(database)
    batch = _released(fund)
    with database.engine.begin() as conn:  # fails the first payment update, once
        conn.execute(text("CREATE SEQUENCE forced_failures"))
        conn.execute(
            text(
                f"""CREATE FUNCTION fail_once() RETURNS trigger LANGUAGE plpgsql
                SECURITY DEFINER AS $$
                BEGIN
                    IF nextval('forced_failures') = 1 THEN
                        RAISE EXCEPTION 'forced for the test' USING ERRCODE = '{sqlstate}';
                    END IF;
                    RETURN NEW;
                END $$"""
            )
        )
        conn.execute(
            text(
                "CREATE TRIGGER trg_fail_once BEFORE UPDATE ON payments "
                "FOR EACH ROW EXECUTE FUNCTION fail_once()"
            )
        )
    key = batch.payments[0].key
    done = fund.finance.do(confirm_payment, key, "TX-1")
    assert done.changed
    with database.engine.connect() as conn:
        assert conn.execute(text("SELECT last_value FROM forced_failures")).scalar() == 2
    assert _paid_entries(fund) == [f"payment:{key}:paid"]
    assert fund.finance.read(check_ledger).sound


@pytest.mark.postgres_only
def test_retries_are_bounded(database) -> None:
    fund = office(database)
    batch = _released(fund)
    with database.engine.begin() as conn:
        conn.execute(
            text(
                """CREATE FUNCTION always_fail() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'busy' USING ERRCODE = 'serialization_failure'; END $$"""
            )
        )
        conn.execute(
            text(
                "CREATE TRIGGER trg_always_fail BEFORE UPDATE ON payments "
                "FOR EACH ROW EXECUTE FUNCTION always_fail()"
            )
        )
    desk = fund.finance
    with pytest.raises(ConcurrentEdit, match=r"stayed busy .* \(3 tries\)"):
        run_in_unit_of_work(
            desk.engine,
            desk.actor,
            lambda uow: confirm_payment(batch.payments[0].key, actor=desk.actor, uow=uow),
            attempts=3,
        )
    assert _paid_entries(fund) == []


def test_a_lost_answer_after_the_commit_then_a_retry_pays_once(database: TestDatabase) -> None:
    fund = office(database)
    batch = _released(fund)
    key = batch.payments[0].key
    lost = {"once": True}

    def drop_after_commit(session: Session) -> None:
        """The server committed; the answer never reaches the desk."""
        if not lost.pop("once", False):
            return
        if database.kind == "postgresql":  # really drop the desk's connection
            with database.engine.connect() as admin:
                admin.execute(
                    text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = :u"
                    ),
                    {"u": fund.finance.actor.login},
                )
        raise OperationalError(
            "COMMIT",
            None,
            Exception("server closed the connection unexpectedly"),
            connection_invalidated=True,
        )

    event.listen(Session, "after_commit", drop_after_commit)
    try:
        with pytest.raises(DatabaseUnreachable, match="check whether the change was saved"):
            fund.finance.do(confirm_payment, key, "TX-1")
    finally:
        event.remove(Session, "after_commit", drop_after_commit)
    again = fund.finance.do(confirm_payment, key, "TX-1")
    assert again.changed is False and again.status is PaymentStatus.PAID
    assert _paid_entries(fund) == [f"payment:{key}:paid"]
    assert fund.finance.read(check_ledger).sound


def test_a_bulk_change_checks_each_rows_version(database: TestDatabase) -> None:
    fund = office(database)
    fund.fund("100000", USD)
    fund.approved("1000", instalments=2)
    due = fund.finance.read(instalments_due)
    seen = [(i.id, i.version) for i in due]
    fund.finance.do(build_batch, USD, BANK)  # the first instalment moves on another desk
    with UnitOfWork(database.engine, fund.finance.actor) as uow:
        moved = advance(
            uow,
            Instalment,
            [i for i, _v in seen],
            InstalmentStatus.SCHEDULED,
            {"status": "batched"},
            versions=[v for _i, v in seen],
        )
    assert moved == 1  # the second, still as seen; build_batch refuses on fewer than asked


def test_reissuing_from_an_older_screen_is_refused(database: TestDatabase) -> None:
    fund = office(database)
    batch = _released(fund)
    fund.finance.do(record_failure, batch.payments[0].key, "Wrong account number")
    instalment = batch.payments[0].instalment_id
    with database.engine.connect() as conn:
        version = conn.execute(
            select(Instalment.version).where(Instalment.id == instalment)
        ).scalar_one()
    other = database.officer("fin2", Role.FINANCE_OFFICER)
    fund.finance.do(reissue_instalment, instalment, expected_version=version)
    with pytest.raises(ConcurrentEdit, match="reload"):
        other.do(reissue_instalment, instalment, expected_version=version)


@pytest.mark.postgres_only
def test_eight_processes_paying_the_same_hundred_instalments_pay_each_once(
    database: TestDatabase,
) -> None:
    fund = office(database)
    batch = _released(fund, awards=10, instalments=10)
    keys = [p.key for p in batch.payments]
    assert len(keys) == 100
    workers = 8
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(workers)
    results = context.Queue()
    url = database.url.render_as_string(hide_password=False)
    processes = [
        context.Process(
            target=pay_everything,
            args=(n, url, database.login("fin"), PASSWORD, keys, barrier, results),
        )
        for n in range(workers)
    ]
    started = time.monotonic()
    for p in processes:
        p.start()
    outcomes = [results.get(timeout=600) for _ in processes]
    for p in processes:
        p.join(timeout=60)
    elapsed = time.monotonic() - started
    print(
        f"\n8 processes x 100 instalments: {elapsed:.1f} s in all, paying "
        f"{max(o.get('seconds', 0) for o in outcomes):.1f} s after the barrier"
    )
    assert [e for o in outcomes for e in o["errors"]] == []
    paid = [k for o in outcomes for k in o["paid"]]
    assert sorted(paid) == sorted(keys)  # every instalment paid, none twice
    assert sum(o["already"] for o in outcomes) == workers * 100 - 100
    with database.engine.connect() as conn:
        assert (
            conn.execute(
                select(func.count()).where(Payment.status == PaymentStatus.PAID)
            ).scalar_one()
            == 100
        )
        assert (
            conn.execute(
                select(func.count()).where(Instalment.status == InstalmentStatus.PAID)
            ).scalar_one()
            == 100
        )
    assert sorted(_paid_entries(fund)) == sorted(f"payment:{k}:paid" for k in keys)
    assert fund.finance.read(check_ledger).sound
