"""Possible duplicates across provinces: held, referred, compared, linked or overridden."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import select

from compfund.applications.application import (
    create_application,
    record_identification,
    submit_application,
)
from compfund.applications.possible_duplicates import (
    compare_side_by_side,
    held_cases,
    link_to_registered_survivor,
    override_duplicate_hold,
    screen_application,
    screen_submitted,
)
from compfund.enums import ApplicationStatus, ApplicationType, DuplicateResolution
from compfund.errors import InvalidInput, PermissionDenied
from compfund.models import Application, AuditEvent, Identification, Survivor
from compfund.models.possible_duplicates import PossibleDuplicate
from compfund.permissions import Role
from tests.conftest import TestDatabase
from tests.integration.intake_data import fisherman, poipet_identification

REASON = "Checking a possible duplicate registration before review"


def _submitted(desk, data) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    from compfund.applications.survivors import register_survivor

    survivor = desk.do(register_survivor, data)
    ident = desk.do(record_identification, survivor, poipet_identification())
    app = desk.do(create_application, ident, ApplicationType.INTERIM_GRANT, "DOSVY")
    desk.do(submit_application, app)
    return survivor, app


def _status(db: TestDatabase, code: str) -> ApplicationStatus:
    with db.engine.connect() as conn:
        return conn.execute(select(Application.status).where(Application.code == code)).scalar_one()


@pytest.fixture
def cross_province(database: TestDatabase):  # type: ignore[no-untyped-def]
    """Sok Sokha registered in Battambang (KH-2); registered again in Banteay Meanchey."""
    btb = database.officer("cw_btb", Role.CASEWORKER, "KH-2")
    bmc = database.officer("cw_bmc", Role.CASEWORKER, "KH-1")
    fo = database.officer("fo", Role.FUND_OFFICER)
    first, _ = _submitted(btb, fisherman(province="KH-2"))
    again = dataclasses.replace(fisherman(), name_latin="Sokh Sokhar", documents=())
    second, app = _submitted(bmc, again)
    return database, bmc, fo, first, second, app


def test_a_caseworker_does_not_see_other_provinces_so_the_fund_officer_screens(
    cross_province,  # type: ignore[no-untyped-def]
) -> None:
    database, bmc, fo, first, _, app = cross_province
    assert bmc.do(screen_application, app).held is False
    assert _status(database, app) == ApplicationStatus.SUBMITTED
    screenings = fo.do(screen_submitted)
    assert [s.application for s in screenings if s.held] == [app]
    assert _status(database, app) == ApplicationStatus.ON_HOLD
    cases = fo.do(held_cases)
    assert [(c.application, c.existing_survivor, c.existing_province_code) for c in cases] == [
        (app, first, "KH-2")
    ]


def test_the_caseworker_is_told_only_that_the_case_was_referred(cross_province) -> None:  # type: ignore[no-untyped-def]
    _, bmc, fo, first, _, app = cross_province
    fo.do(screen_submitted)
    notice = bmc.do(screen_application, app).notice
    assert "referred to the fund secretariat" in notice
    assert first not in notice and "KH-2" not in notice
    with pytest.raises(PermissionDenied, match="referred"):
        bmc.do(compare_side_by_side, app, first, REASON)


def test_the_side_by_side_comparison_is_an_identifying_access_with_its_reason(
    cross_province,  # type: ignore[no-untyped-def]
) -> None:
    database, _, fo, first, second, app = cross_province
    fo.do(screen_submitted)
    with pytest.raises(InvalidInput, match="Say why"):
        fo.do(compare_side_by_side, app, first, "")
    shown = fo.do(compare_side_by_side, app, first, REASON)
    assert (shown.held.code, shown.registered.code) == (second, first)
    assert shown.held.name_latin == "Sokh Sokhar" and shown.registered.name_latin == "Sok Sokha"
    with database.engine.connect() as conn:
        events = conn.execute(
            select(AuditEvent.actor_login, AuditEvent.detail).where(
                AuditEvent.event == "identifying_access"
            )
        ).all()
    assert len(events) == 2
    assert all(login == database.login("fo") and REASON in detail for login, detail in events)


def test_override_needs_a_reason_and_lets_the_application_go_forward(cross_province) -> None:  # type: ignore[no-untyped-def]
    database, _, fo, _, _, app = cross_province
    fo.do(screen_submitted)
    with pytest.raises(InvalidInput):
        fo.do(override_duplicate_hold, app, "no")
    fo.do(override_duplicate_hold, app, "Different father's name on the family books")
    assert _status(database, app) == ApplicationStatus.SUBMITTED
    with database.engine.connect() as conn:
        flag = conn.execute(select(PossibleDuplicate)).one()
    assert flag.resolution == DuplicateResolution.OVERRIDDEN
    assert flag.resolution_reason == "Different father's name on the family books"
    assert fo.do(screen_submitted) == [] or not any(s.held for s in fo.do(screen_submitted))


def test_link_moves_the_application_to_the_registered_survivor(cross_province) -> None:  # type: ignore[no-untyped-def]
    database, bmc, fo, first, second, app = cross_province
    fo.do(screen_submitted)
    assert fo.do(link_to_registered_survivor, app, first, "Same ID card and birth date") == first
    assert _status(database, app) == ApplicationStatus.SUBMITTED
    with database.engine.connect() as conn:
        owner = conn.execute(
            select(Survivor.code)
            .join(Identification, Identification.survivor_id == Survivor.id)
            .join(Application, Application.identification_id == Identification.id)
            .where(Application.code == app)
        ).scalar_one()
    assert owner == first
    # the merged record is no longer compared: a third registration meets only the first
    _, third = _submitted(bmc, fisherman())
    fo.do(screen_submitted)
    assert [c.existing_survivor for c in fo.do(held_cases)] == [first]
    assert second != first and _status(database, third) == ApplicationStatus.ON_HOLD


def test_a_caseworker_submission_is_screened_within_their_province(database: TestDatabase) -> None:
    bmc = database.officer("cw_bmc", Role.CASEWORKER, "KH-1")
    first, _ = _submitted(bmc, fisherman())
    _, app = _submitted(bmc, dataclasses.replace(fisherman(), name_latin="Sok Sokhar"))
    screening = bmc.do(screen_application, app)
    assert screening.held and first in screening.notice
