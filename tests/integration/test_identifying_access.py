"""Seeing who a survivor is needs the right role and a reason, and is always recorded."""

import pytest
from sqlalchemy import select

from compfund.applications.application import (
    attach_document,
    create_application,
    record_identification,
)
from compfund.applications.survivors import register_survivor
from compfund.audit.access import open_attachment, search_survivors, show_identity
from compfund.enums import ApplicationType
from compfund.errors import InvalidInput, NotFound, PermissionDenied
from compfund.models import AuditEvent
from compfund.permissions import Role
from tests.conftest import TestDatabase
from tests.integration.intake_data import domestic_servant_minor, fisherman, poipet_identification

REASON = "Checking the payee before the interim grant"


@pytest.fixture
def case(database: TestDatabase) -> tuple[TestDatabase, str, str]:
    cw = database.officer("cw_bmc", Role.CASEWORKER, "KH-1")
    code = cw.do(register_survivor, fisherman())
    ident = cw.do(record_identification, code, poipet_identification())
    app = cw.do(create_application, ident, ApplicationType.INTERIM_GRANT, "DOSVY")
    cw.do(attach_document, app, "passport.pdf", b"%PDF passport scan")
    return database, code, app


def _accesses(db: TestDatabase) -> list[AuditEvent]:
    with db.engine.connect() as conn:
        return list(
            conn.execute(
                select(AuditEvent)
                .where(AuditEvent.event == "identifying_access")
                .order_by(AuditEvent.chain_seq)
            ).all()
        )


def test_a_fund_officer_sees_the_identity_and_it_is_recorded(case) -> None:
    db, code, _ = case
    fo = db.officer("fo", Role.FUND_OFFICER)
    identity = fo.do(show_identity, code, REASON)
    assert identity.name_latin == "Sok Sokha" and identity.name_km == "សុខ សុខា"
    assert [d.number for d in identity.documents] == ["110223344"]
    (event,) = _accesses(db)
    assert event.actor_login == db.login("fo")
    assert event.entity_id == code and event.detail == REASON


def test_no_reason_no_identity(case) -> None:
    db, code, _ = case
    fo = db.officer("fo", Role.FUND_OFFICER)
    with pytest.raises(InvalidInput, match="Say why"):
        fo.do(show_identity, code, "  need ")
    assert _accesses(db) == []


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.FINANCE_OFFICER, Role.ENFORCEMENT_OFFICER])
def test_roles_without_the_need_are_refused_and_the_refusal_recorded(case, role: Role) -> None:
    db, code, _ = case
    officer = db.officer("someone", role)
    with pytest.raises(PermissionDenied):
        officer.do(show_identity, code, REASON)
    assert _accesses(db) == []
    with db.engine.connect() as conn:
        refused = conn.execute(select(AuditEvent.entity).where(AuditEvent.event == "refused"))
        assert refused.scalars().all() == ["view identity"]


def test_search_by_name_or_document_records_every_survivor_shown(case) -> None:
    db, code, _ = case
    cw2 = db.officer("cw_btb", Role.CASEWORKER, "KH-2")
    other = cw2.do(register_survivor, domestic_servant_minor())
    fo = db.officer("fo", Role.FUND_OFFICER)
    assert [m.code for m in fo.do(search_survivors, "sokha", REASON)] == [code]
    assert [m.code for m in fo.do(search_survivors, "110 223 344", REASON)] == [code]
    assert [m.code for m in fo.do(search_survivors, "ស្រីមុំ", REASON)] == [other]
    logged = [e.new_values["survivors"] for e in _accesses(db)]
    assert logged == [[code], [code], [other]]


def test_a_caseworker_searches_only_their_province(case) -> None:
    db, code, _ = case
    cw2 = db.officer("cw_btb", Role.CASEWORKER, "KH-2")
    assert cw2.do(search_survivors, "Sokha", REASON) == []
    with pytest.raises(NotFound):
        cw2.do(show_identity, code, REASON)


def test_opening_an_attachment_is_recorded(case) -> None:
    db, code, app = case
    fo = db.officer("fo", Role.FUND_OFFICER)
    with db.engine.connect() as conn:
        doc_id = conn.execute(
            select(AuditEvent.entity_id).where(AuditEvent.entity == "application_documents")
        ).scalar_one()
    opened = fo.do(open_attachment, app, int(doc_id), REASON)
    assert opened.content == b"%PDF passport scan" and opened.filename == "passport.pdf"
    (event,) = _accesses(db)
    assert event.entity == "attachment" and event.entity_id == code
    assert event.detail == f"passport.pdf: {REASON}"
