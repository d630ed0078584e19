"""The desk is the boundary: what records an access never runs as a read, and the
database's own refusals reach the officer in the fund's words, with a stable key."""

import importlib

import pytest
from sqlalchemy import func, select, text

from compfund.actor import Actor
from compfund.applications.application import create_application, record_identification
from compfund.applications.survivors import register_survivor
from compfund.audit.access import log_access, show_identity
from compfund.db.uow import UnitOfWork
from compfund.enums import ApplicationType
from compfund.errors import PermissionDenied, ReadOnlyRefusal, RuleViolation
from compfund.ledger.periods import closed_months, confirm_close, request_close
from compfund.models import AuditEvent, Survivor
from compfund.permissions import Action, Role
from compfund.queries.applications import count_applications
from compfund.service import WRITING, service
from tests.conftest import TestDatabase
from tests.integration.intake_data import fisherman, poipet_identification
from tests.unit.test_permissions import _public_service_functions

REASON = "Checking the payee before the interim grant"

_public_service_functions()  # imports every module, so WRITING is complete
OURS_WRITING = sorted(name for name in WRITING if name.startswith("compfund."))


def _service(qualified: str):  # type: ignore[no-untyped-def]
    module, _, name = qualified.rpartition(".")
    return getattr(importlib.import_module(module), name)


def _events(db: TestDatabase) -> int:
    with db.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(AuditEvent)).scalar_one())


@service(Action.VIEW_IDENTITY, writes=False)  # untrue on purpose: it records an access
def _identity_claiming_to_read(code: str, *, actor: Actor, uow: UnitOfWork) -> str:
    survivor = uow.session.execute(select(Survivor).where(Survivor.code == code)).scalar_one()
    log_access(uow, "survivor identity", [code], REASON)
    uow.session.flush()
    return survivor.name_latin


@service(Action.CLOSE_PERIOD, writes=True)
def _reopen_the_month(month: str, *, actor: Actor, uow: UnitOfWork) -> None:
    """What the services never do: reopen a closed month (only the database stops it)."""
    uow.session.execute(
        text("UPDATE ledger_periods SET closed_at = NULL WHERE month = :m"), {"m": month}
    )


@service(Action.VIEW_CASES, writes=True)
def _rewrite_the_trail(*, actor: Actor, uow: UnitOfWork) -> None:
    uow.session.execute(text("UPDATE audit_events SET detail = 'rewritten'"))


@pytest.fixture
def survivor(database: TestDatabase) -> tuple[TestDatabase, str]:
    cw = database.officer("cw", Role.CASEWORKER, "KH-1")
    code = cw.do(register_survivor, fisherman())
    ident = cw.do(record_identification, code, poipet_identification())
    cw.do(create_application, ident, ApplicationType.INTERIM_GRANT, "DOSVY")
    return database, code


def test_every_writing_service_is_refused_as_a_read_before_it_runs(survivor) -> None:
    db, _code = survivor
    admin = db.admin()
    before = _events(db)
    assert len(OURS_WRITING) >= 50 and "compfund.audit.access.show_identity" in OURS_WRITING
    for name in OURS_WRITING:
        with pytest.raises(ReadOnlyRefusal, match="nothing was shown"):
            admin.read(_service(name))
    assert _events(db) == before  # not even a refusal: nothing ran


def test_the_identity_through_read_is_refused_and_through_do_recorded(survivor) -> None:
    db, code = survivor
    fo = db.officer("fo", Role.FUND_OFFICER)
    with pytest.raises(ReadOnlyRefusal):
        fo.read(show_identity, code, REASON)
    assert fo.do(show_identity, code, REASON).name_latin == "Sok Sokha"


def test_a_service_that_wrongly_says_it_only_reads_is_refused_by_the_database(survivor) -> None:
    db, code = survivor
    fo = db.officer("fo", Role.FUND_OFFICER)
    before = _events(db)
    with pytest.raises(ReadOnlyRefusal) as refused:
        fo.read(_identity_claiming_to_read, code)
    assert refused.value.key == "database.read_only"
    assert _events(db) == before
    # the connection the read used goes back to the pool writable again
    assert fo.do(_identity_claiming_to_read, code) == "Sok Sokha"
    assert _events(db) == before + 1
    assert fo.read(count_applications) == 1


def test_a_read_only_unit_of_work_refuses_a_plain_delete(survivor) -> None:
    db, code = survivor
    fo = db.officer("fo", Role.FUND_OFFICER)
    with UnitOfWork(fo.engine, fo.actor, read_only=True) as uow, pytest.raises(Exception) as got:
        uow.session.execute(text("DELETE FROM survivors"))
    assert "read" in str(got.value).lower()
    with db.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Survivor)).scalar_one() == 1


def test_a_trigger_refusal_reaches_the_officer_in_the_funds_words(survivor) -> None:
    db, _code = survivor
    finance = db.officer("fi", Role.FINANCE_OFFICER)
    finance.do(request_close, "2026-01")
    db.officer("ap", Role.APPROVER).do(confirm_close, "2026-01")
    with pytest.raises(RuleViolation) as refused:
        finance.do(_reopen_the_month, "2026-01")
    error = refused.value
    assert error.key == "database.rule"
    assert error.params == {"rule": "a closed ledger period stays closed"}
    assert error.message == "The database refused the change: a closed ledger period stays closed."
    assert finance.read(closed_months) == ["2026-01"]


def test_an_append_only_refusal_names_the_record_not_the_table(survivor) -> None:
    db, _code = survivor
    if db.kind == "sqlite":  # on PostgreSQL no officer's role may even try (next test)
        with pytest.raises(RuleViolation) as refused:
            db.officer("fo", Role.FUND_OFFICER).do(_rewrite_the_trail)
        assert refused.value.key == "database.append_only"
        assert refused.value.params == {"record": "the audit trail"}
        assert refused.value.message == (
            "The database keeps the audit trail exactly as written: a correction is a new "
            "entry, never an edit or a deletion."
        )
    else:
        with pytest.raises(PermissionDenied) as denied:
            db.officer("fo", Role.FUND_OFFICER).do(_rewrite_the_trail)
        assert denied.value.key == "database.permission_denied"


@pytest.mark.postgres_only
def test_a_grant_refusal_is_permission_denied_and_recorded(survivor) -> None:
    db, _code = survivor
    cw = db.officer("cw2", Role.CASEWORKER, "KH-1")

    @service(Action.VIEW_CASES, writes=True)
    def _raise_own_rights(*, actor: Actor, uow: UnitOfWork) -> None:
        uow.session.execute(text("UPDATE users SET role = 'admin'"))

    with pytest.raises(PermissionDenied) as refused:
        cw.do(_raise_own_rights)
    assert refused.value.key == "database.permission_denied"
    with db.engine.connect() as conn:
        refusals = conn.execute(
            select(AuditEvent.actor_login).where(AuditEvent.event == "refused")
        ).scalars()
        assert db.login("cw2") in list(refusals)
