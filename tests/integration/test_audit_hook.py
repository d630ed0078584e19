"""Every change made through a service is in the append-only audit trail."""

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from compfund.applications.application import (
    attach_document,
    create_application,
    move_application,
    record_identification,
    submit_application,
)
from compfund.applications.claims import record_disclosure, set_heads_of_loss
from compfund.applications.consent import record_consent
from compfund.applications.possible_duplicates import override_duplicate_hold
from compfund.applications.survivors import register_survivor
from compfund.eligibility.decisions import check_eligibility, extend_time_limit, override_rule
from compfund.eligibility_policy import set_policy
from compfund.enums import ApplicationStatus, ApplicationType
from compfund.models import AuditEvent, Base, Identification
from compfund.permissions import Role
from tests.conftest import TestDatabase
from tests.integration.eligibility_data import (
    adult_consent,
    fisherman_losses,
    policy_from_today,
    settlement_disclosed,
)
from tests.integration.intake_data import fisherman, poipet_identification
from tests.integration.money_data import MONEY_TABLES
from tests.integration.test_ledger import LEDGER_TABLES


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


@pytest.fixture
def decided(worked: TestDatabase) -> TestDatabase:
    """Beyond intake: consent, disclosure, heads of loss, a policy, an override, an
    extension, an information request and its answer, and an eligibility decision."""
    db = worked
    cw = db.desk_for(db.login("cw_bmc"))
    fo = db.officer("fo", Role.FUND_OFFICER)
    db.officer("ap", Role.APPROVER)  # an officer with money rights: a request, confirmed
    with db.engine.connect() as conn:
        ident = conn.execute(select(Identification.id)).scalar()
    app = cw.do(create_application, ident, ApplicationType.COMPENSATION_AWARD, "DOSVY")
    cw.do(record_consent, app, adult_consent())
    cw.do(record_disclosure, app, settlement_disclosed())
    cw.do(set_heads_of_loss, app, fisherman_losses())
    cw.do(submit_application, app)
    db.admin().do(set_policy, policy_from_today())
    fo.do(override_rule, app, "identity", "the national ID card was seen at the Poipet centre")
    fo.do(extend_time_limit, app, "the survivor was held at sea")
    fo.do(move_application, app, ApplicationStatus.UNDER_REVIEW)
    fo.do(move_application, app, ApplicationStatus.INFORMATION_REQUESTED, reason="pay slips?")
    cw.do(move_application, app, ApplicationStatus.UNDER_REVIEW, reason="none were kept")
    fo.do(check_eligibility, app)
    again = cw.do(register_survivor, fisherman())  # registered twice: held as a duplicate
    held = cw.do(
        create_application,
        cw.do(record_identification, again, poipet_identification()),
        ApplicationType.INTERIM_GRANT,
        "DOSVY",
    )
    assert cw.do(submit_application, held).held
    fo.do(override_duplicate_hold, held, "a brother with the same name, says the commune")
    return db


def test_every_model_written_by_a_service_is_audited(decided: TestDatabase) -> None:
    audited = {e.entity for e in _events(decided) if e.event == "insert"}
    expected = set(Base.metadata.tables) - {"audit_events", "chain_heads", "provinces"}
    # The ledger's tables are written by money services (test_ledger.py), erasure requests
    # by retention (test_retention.py), the awards and payments tables by disbursements
    # (test_reconciliation.py, test_money_audit.py); each of those tests checks its own.
    assert audited == expected - LEDGER_TABLES - MONEY_TABLES - {"erasure_requests"}


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
