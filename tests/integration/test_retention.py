"""Retention: identifying data erased after the cases closed long ago; money and codes stay."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from compfund.applications.application import (
    attach_document,
    create_application,
    record_identification,
)
from compfund.applications.survivors import register_survivor
from compfund.audit.access import show_identity
from compfund.audit.retention import RETENTION_YEARS, approve_erasure, request_erasure
from compfund.enums import ApplicationStatus, ApplicationType
from compfund.errors import PermissionDenied, RuleViolation
from compfund.models import Application, ApplicationDocument, AuditEvent, IdentityDocument, Survivor
from compfund.permissions import Role
from tests.conftest import TestDatabase
from tests.integration.intake_data import fisherman, poipet_identification

REASON = "Retention period over; case closed in 2014"


@pytest.fixture
def old_case(database: TestDatabase) -> tuple[TestDatabase, str]:
    cw = database.officer("cw", Role.CASEWORKER, "KH-1")
    code = cw.do(register_survivor, fisherman())
    ident = cw.do(record_identification, code, poipet_identification())
    app = cw.do(create_application, ident, ApplicationType.INTERIM_GRANT, "DOSVY")
    cw.do(attach_document, app, "id-card.jpg", b"\xff\xd8 photo of the ID card")
    long_ago = datetime.now(UTC) - timedelta(days=365 * RETENTION_YEARS + 30)
    with database.engine.begin() as conn:  # the case closed more than the period ago
        conn.execute(
            update(Application).values(status=ApplicationStatus.CLOSED, created_at=long_ago)
        )
    return database, code


def test_an_old_closed_case_is_erased_with_four_eyes(old_case) -> None:
    db, code = old_case
    admin, approver = db.admin(), db.officer("ap", Role.APPROVER)
    request = admin.do(request_erasure, code, REASON)
    done = approver.do(approve_erasure, request.request_id)
    assert done.erased
    with db.engine.connect() as conn:
        row = conn.execute(select(Survivor).where(Survivor.code == code)).one()
        numbers = conn.execute(select(IdentityDocument.number)).scalars().all()
        doc = conn.execute(select(ApplicationDocument)).one()
    assert (row.name_latin, row.name_km, row.phone, row.date_of_birth) == (
        "[erased]",
        "[erased]",
        None,
        None,
    )
    assert row.birth_year == 1991 and row.province_code == "KH-1" and row.code == code
    assert numbers == [None]
    assert doc.content == b"" and len(doc.sha256) == 64 and doc.size_bytes > 0
    identity = db.officer("fo", Role.FUND_OFFICER).do(show_identity, code, REASON)
    assert identity.name_latin == "[erased]"
    with db.engine.connect() as conn:
        trail = conn.execute(
            select(AuditEvent.event, AuditEvent.entity, AuditEvent.actor_login).where(
                AuditEvent.entity.in_(["erasure_requests", "survivors"])
            )
        ).all()
    assert ("insert", "erasure_requests", db.login("admin")) in trail
    assert ("update", "survivors", db.login("ap")) in trail
    with db.engine.connect() as conn:  # the documents' erasure is in the trail too, masked
        erased = conn.execute(
            select(AuditEvent.entity, AuditEvent.old_values, AuditEvent.new_values).where(
                AuditEvent.event == "update",
                AuditEvent.actor_login == db.login("ap"),
                AuditEvent.entity.in_(["identity_documents", "application_documents"]),
            )
        ).all()
    by_entity = {entity: (old, new) for entity, old, new in erased}
    assert set(by_entity) == {"identity_documents", "application_documents"}
    assert by_entity["identity_documents"] == ({"number": "<identifying>"}, {"number": None})
    assert by_entity["application_documents"][1] == {"content": "<0 bytes>"}
    assert "photo" not in str(erased) and "110223344" not in str(erased)


def test_an_open_case_keeps_its_identity(database: TestDatabase) -> None:
    cw = database.officer("cw", Role.CASEWORKER, "KH-1")
    code = cw.do(register_survivor, fisherman())
    ident = cw.do(record_identification, code, poipet_identification())
    cw.do(create_application, ident, ApplicationType.INTERIM_GRANT, "DOSVY")
    with pytest.raises(RuleViolation, match="still has open applications"):
        database.admin().do(request_erasure, code, REASON)


def test_a_recent_closed_case_keeps_its_identity(old_case) -> None:
    db, code = old_case
    with db.engine.begin() as conn:
        conn.execute(update(Application).values(created_at=datetime.now(UTC)))
    with pytest.raises(RuleViolation, match=f"kept for {RETENTION_YEARS} years"):
        db.admin().do(request_erasure, code, REASON)


def test_the_asker_cannot_approve_and_roles_are_fixed(old_case) -> None:
    db, code = old_case
    request = db.admin().do(request_erasure, code, REASON)
    with pytest.raises(PermissionDenied, match="An approver approves"):
        db.admin().do(approve_erasure, request.request_id)
    with pytest.raises(PermissionDenied):
        db.officer("fo", Role.FUND_OFFICER).do(request_erasure, code, REASON)
