"""Caseworkers register survivors, identifications and applications in their own province."""

import dataclasses
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from compfund.applications.application import (
    attach_document,
    create_application,
    record_identification,
    submit_application,
)
from compfund.applications.survivors import register_survivor
from compfund.clock import today_in_cambodia
from compfund.codes import parse_application_code, parse_survivor_code
from compfund.enums import ApplicationStatus, ApplicationType
from compfund.errors import InvalidInput, NotFound, PermissionDenied, RuleViolation
from compfund.models import Application, ApplicationDocument, Survivor
from compfund.permissions import Role
from compfund.queries.applications import application_page, count_applications
from tests.conftest import TestDatabase
from tests.integration.intake_data import (
    domestic_servant_minor,
    fisherman,
    poipet_identification,
)


def _count(db: TestDatabase, model: type) -> int:
    with db.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(model)).scalar_one())


def test_fisherman_case_from_registration_to_submitted_application(database: TestDatabase) -> None:
    cw = database.officer("cw_bmc", Role.CASEWORKER, "KH-1")
    code = cw.do(register_survivor, fisherman())
    assert parse_survivor_code(code) == code
    ident = cw.do(record_identification, code, poipet_identification())
    app = cw.do(create_application, ident, ApplicationType.INTERIM_GRANT, "DOSVY Banteay Meanchey")
    assert parse_application_code(app) == app
    cw.do(submit_application, app)
    rows = cw.read(application_page, 0, 10)
    assert [(r.code, r.survivor_code, r.province_code, r.status) for r in rows] == [
        (app, code, "KH-1", ApplicationStatus.SUBMITTED)
    ]
    assert rows[0].province_km == "បន្ទាយមានជ័យ"


def test_minor_without_documents_is_registered_with_guardian(database: TestDatabase) -> None:
    cw = database.officer("cw_btb", Role.CASEWORKER, "KH-2")
    code = cw.do(register_survivor, domestic_servant_minor())
    with database.engine.connect() as conn:
        guardian = conn.execute(
            select(Survivor.guardian_relationship).where(Survivor.code == code)
        ).scalar_one()
    assert guardian == "mother"


def test_minor_without_guardian_is_refused(database: TestDatabase) -> None:
    cw = database.officer("cw_btb", Role.CASEWORKER, "KH-2")
    orphan = dataclasses.replace(domestic_servant_minor(), guardian_name=None)
    with pytest.raises(InvalidInput, match="minor: record the guardian"):
        cw.do(register_survivor, orphan)
    assert _count(database, Survivor) == 0


def test_caseworker_cannot_register_outside_their_province(database: TestDatabase) -> None:
    cw = database.officer("cw_bmc", Role.CASEWORKER, "KH-1")
    with pytest.raises(PermissionDenied, match="own province"):
        cw.do(register_survivor, fisherman(province="KH-2"))
    assert _count(database, Survivor) == 0


def test_caseworker_cannot_act_on_another_provinces_survivor(database: TestDatabase) -> None:
    bmc = database.officer("cw_bmc", Role.CASEWORKER, "KH-1")
    btb = database.officer("cw_btb", Role.CASEWORKER, "KH-2")
    code = bmc.do(register_survivor, fisherman())
    with pytest.raises(NotFound, match="No survivor has the code .* among the survivors of KH-2"):
        btb.do(record_identification, code, poipet_identification())
    assert btb.read(count_applications) == 0


def test_caseworker_lists_only_their_province(database: TestDatabase) -> None:
    bmc = database.officer("cw_bmc", Role.CASEWORKER, "KH-1")
    btb = database.officer("cw_btb", Role.CASEWORKER, "KH-2")
    fo = database.officer("fo", Role.FUND_OFFICER)
    for desk, data in ((bmc, fisherman()), (btb, domestic_servant_minor())):
        ident = desk.do(
            record_identification, desk.do(register_survivor, data), poipet_identification()
        )
        desk.do(create_application, ident, ApplicationType.INTERIM_GRANT, "DOSVY")
    assert [r.province_code for r in bmc.read(application_page, 0, 10)] == ["KH-1"]
    assert [r.province_code for r in btb.read(application_page, 0, 10)] == ["KH-2"]
    assert fo.read(count_applications) == 2


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"country_code": "XX"}, "Unknown country of exploitation"),
        ({"identified_on": today_in_cambodia() + timedelta(days=2)}, "in the future"),
        ({"form_reference": "  "}, "form reference"),
    ],
)
def test_bad_identification_is_refused(database: TestDatabase, change: dict, message: str) -> None:
    cw = database.officer("cw_bmc", Role.CASEWORKER, "KH-1")
    code = cw.do(register_survivor, fisherman())
    with pytest.raises(InvalidInput, match=message):
        cw.do(record_identification, code, dataclasses.replace(poipet_identification(), **change))


def test_attachment_is_stored_with_its_sha256(database: TestDatabase) -> None:
    cw = database.officer("cw_bmc", Role.CASEWORKER, "KH-1")
    ident = cw.do(
        record_identification, cw.do(register_survivor, fisherman()), poipet_identification()
    )
    app = cw.do(create_application, ident, ApplicationType.INTERIM_GRANT, "DOSVY")
    content = b"%PDF-1.4 identification form scan"
    digest = cw.do(attach_document, app, "vig-form.pdf", content, media_type="application/pdf")
    with database.engine.connect() as conn:
        row = conn.execute(select(ApplicationDocument)).one()
    assert row.sha256 == digest and row.size_bytes == len(content) and row.content == content


def test_oversized_attachment_is_refused_and_nothing_written(database: TestDatabase) -> None:
    cw = database.officer("cw_bmc", Role.CASEWORKER, "KH-1")
    ident = cw.do(
        record_identification, cw.do(register_survivor, fisherman()), poipet_identification()
    )
    app = cw.do(create_application, ident, ApplicationType.INTERIM_GRANT, "DOSVY")
    with pytest.raises(RuleViolation, match="limited to 20 MB"):
        cw.do(attach_document, app, "scan.tiff", b"\0" * (20 * 1024 * 1024 + 1))
    assert _count(database, ApplicationDocument) == 0


def test_only_a_draft_can_be_submitted(database: TestDatabase) -> None:
    cw = database.officer("cw_bmc", Role.CASEWORKER, "KH-1")
    ident = cw.do(
        record_identification, cw.do(register_survivor, fisherman()), poipet_identification()
    )
    app = cw.do(create_application, ident, ApplicationType.COMPENSATION_AWARD, "DOSVY")
    cw.do(submit_application, app)
    with pytest.raises(RuleViolation, match="only a draft"):
        cw.do(submit_application, app)
    with database.engine.connect() as conn:
        assert conn.execute(select(Application.status)).scalar_one() == ApplicationStatus.SUBMITTED
