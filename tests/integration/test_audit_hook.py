"""Every change made through a service is in the append-only audit trail."""

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from compfund.models import AuditEvent, Base
from compfund.models.enums import ApplicationType
from compfund.permissions import Role
from compfund.services.applications import (
    attach_document,
    create_application,
    record_identification,
    submit_application,
)
from compfund.services.survivors import register_survivor
from tests.conftest import TestDatabase
from tests.integration.intake_data import fisherman, poipet_identification


def _events(db: TestDatabase) -> list[AuditEvent]:
    with db.engine.connect() as conn:
        return list(conn.execute(select(AuditEvent).order_by(AuditEvent.id)).all())


@pytest.fixture
def worked(database: TestDatabase) -> TestDatabase:
    cw = database.officer("cw_bmc", Role.CASEWORKER, "KH-1")
    code = cw.do(register_survivor, fisherman())
    ident = cw.do(record_identification, code, poipet_identification())
    app = cw.do(create_application, ident, ApplicationType.INTERIM_GRANT, "DOSVY")
    cw.do(attach_document, app, "form.pdf", b"%PDF scan")
    cw.do(submit_application, app)
    return database


INTAKE_TABLES = {
    "users",
    "survivors",
    "identity_documents",
    "identifications",
    "applications",
    "application_documents",
}


def test_every_model_written_by_a_service_is_audited(worked: TestDatabase) -> None:
    """The intake services here; the money tables in test_money_audit.py. The ledger's
    journal is its own hash chain (compfund.ledger.journal), not copied to the trail."""
    audited = {e.entity for e in _events(worked) if e.event == "insert"}
    assert INTAKE_TABLES <= set(Base.metadata.tables)
    assert audited == INTAKE_TABLES


def test_each_insert_names_its_actor_and_new_values(worked: TestDatabase) -> None:
    inserts = [e for e in _events(worked) if e.event == "insert" and e.entity == "applications"]
    assert len(inserts) == 1
    assert inserts[0].actor_login == worked.login("cw_bmc")
    assert inserts[0].new_values["status"] == "draft"
    assert inserts[0].entity_id is not None


def test_an_update_keeps_old_and_new_values(worked: TestDatabase) -> None:
    updates = [e for e in _events(worked) if e.event == "update" and e.entity == "applications"]
    assert updates[-1].old_values["status"] == "draft"
    assert updates[-1].new_values["status"] == "submitted"


def test_the_trail_reveals_no_identity_and_no_secret(worked: TestDatabase) -> None:
    blob = " ".join(str(e.new_values) + str(e.old_values) for e in _events(worked))
    for secret in ("Sok Sokha", "សុខ សុខា", "110223344", "012 345 678", "1991-03-14", "$argon2"):
        assert secret not in blob
    survivor = next(e for e in _events(worked) if e.entity == "survivors")
    assert survivor.new_values["name_latin"] == "<identifying>"
    assert survivor.new_values["province_code"] == "KH-1"
    document = next(e for e in _events(worked) if e.entity == "application_documents")
    assert document.new_values["content"] == "<9 bytes>"


@pytest.mark.parametrize(
    "statement", ["UPDATE audit_events SET actor_login = 'x'", "DELETE FROM audit_events"]
)
def test_the_audit_trail_is_append_only_even_for_the_owner(
    worked: TestDatabase, statement: str
) -> None:
    before = len(_events(worked))
    with pytest.raises(DBAPIError, match="append-only"), worked.engine.begin() as conn:
        conn.execute(text(statement))
    assert len(_events(worked)) == before
