"""The applications table model: paging, scope, what each cell says, and privacy."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QModelIndex, Qt

from compfund.desk import Desk
from compfund.enums import ApplicationStatus, ApplicationType
from compfund.errors import DatabaseUnreachable
from compfund.queries.applications import ApplicationRow, application_page, count_applications
from tests.ui.data import SampleDatabase, survivor_names
from ui.applications_model import (
    PROVINCE,
    ROW_ROLE,
    STATUS,
    SUBMITTED,
    SURVIVOR,
    TYPE,
    ApplicationsModel,
)

ROOT = QModelIndex()


def test_qt_model_tester_passes(qtmodeltester: Any, admin_desk: Desk) -> None:
    model = ApplicationsModel(admin_desk)
    model.reload()
    qtmodeltester.check(model)


def test_pages_of_one_hundred_until_all_are_loaded(admin_desk: Desk) -> None:
    model = ApplicationsModel(admin_desk)
    model.reload()
    assert (model.rowCount(), model.total, model.canFetchMore(ROOT)) == (100, 250, True)
    model.fetchMore(ROOT)
    assert (model.rowCount(), model.canFetchMore(ROOT)) == (200, True)
    model.fetchMore(ROOT)
    assert (model.rowCount(), model.canFetchMore(ROOT)) == (250, False)
    codes = [model.index(r, 0).data() for r in range(250)]
    assert len(set(codes)) == 250  # no application twice across page boundaries


def test_each_page_is_announced_with_qt_bounds(qtbot: Any, admin_desk: Desk) -> None:
    model = ApplicationsModel(admin_desk)
    model.reload()
    with qtbot.waitSignal(model.rowsInserted) as inserted:
        model.fetchMore(ROOT)
    assert inserted.args[1:] == [100, 199]


def test_a_caseworker_sees_only_their_province(caseworker_desk: Desk) -> None:
    model = ApplicationsModel(caseworker_desk)
    model.reload()
    while model.canFetchMore(ROOT):
        model.fetchMore(ROOT)
    assert model.rowCount() == model.total == 100
    provinces = {model.index(r, PROVINCE).data() for r in range(model.rowCount())}
    assert provinces == {"បាត់ដំបង Battambang"}


def test_no_survivor_name_in_any_cell(admin_desk: Desk, applications_db: SampleDatabase) -> None:
    names = survivor_names(applications_db)
    assert len(names) == 500
    model = ApplicationsModel(admin_desk)
    model.reload()
    while model.canFetchMore(ROOT):
        model.fetchMore(ROOT)
    shown: list[str] = []
    for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
        for column in range(model.columnCount()):
            shown.append(str(model.headerData(column, Qt.Orientation.Horizontal, role)))
            for row in range(model.rowCount()):
                shown.append(str(model.index(row, column).data(role)))
    text = "\n".join(shown)
    leaked = [name for name in names if name in text]
    assert leaked == []
    # and the survivor column is the pseudonymous code
    assert model.index(0, SURVIVOR).data().startswith("SV-")


class FakeDesk:
    """Answers the model's two queries from a list, or fails like a lost connection."""

    def __init__(self, rows: list[ApplicationRow], *, fail: bool = False) -> None:
        self.rows = rows
        self.fail = fail
        self.reads: list[tuple[Any, ...]] = []

    def read(self, query: Any, *args: Any) -> Any:
        self.reads.append((query, *args))
        if self.fail:
            raise DatabaseUnreachable("Cannot reach the database at postgresql://fund-db/cf")
        if query is count_applications:
            return len(self.rows)
        assert query is application_page
        offset, limit = args
        return self.rows[offset : offset + limit]


def _row(submitted_at: datetime | None) -> ApplicationRow:
    return ApplicationRow(
        code="APP-2026-000018",
        survivor_code="SV-7K3Q-9M2X",
        province_code="KH-1",
        province_en="Banteay Meanchey",
        province_km="បន្ទាយមានជ័យ",
        application_type=ApplicationType.INTERIM_GRANT,
        status=ApplicationStatus.INFORMATION_REQUESTED,
        created_at=datetime(2026, 3, 1, 9, 0, tzinfo=UTC),
        submitted_at=submitted_at,
    )


def test_cells_read_as_an_officer_writes_them() -> None:
    # 20:30 UTC on 1 March is already 2 March in Phnom Penh (UTC+7).
    late_evening = _row(datetime(2026, 3, 1, 20, 30, tzinfo=UTC))
    model = ApplicationsModel(FakeDesk([late_evening, _row(None)]))  # type: ignore[arg-type]
    model.reload()
    assert [model.index(0, c).data() for c in range(6)] == [
        "APP-2026-000018",
        "SV-7K3Q-9M2X",
        "បន្ទាយមានជ័យ Banteay Meanchey",
        "interim grant",
        "information requested",
        "2026-03-02",
    ]
    assert model.index(1, SUBMITTED).data() == ""
    assert model.index(1, SUBMITTED).data(Qt.ItemDataRole.ToolTipRole) == "Draft: not yet submitted"
    assert model.index(0, TYPE).data(ROW_ROLE) == late_evening
    assert model.headerData(STATUS, Qt.Orientation.Horizontal) == "Status"


def test_a_short_page_ends_the_list_even_if_the_count_said_more() -> None:
    desk = FakeDesk([_row(None)] * 150)
    model = ApplicationsModel(desk)  # type: ignore[arg-type]
    model.reload()
    del desk.rows[120:]  # someone's applications vanished from view meanwhile
    model.fetchMore(ROOT)
    assert (model.rowCount(), model.total, model.canFetchMore(ROOT)) == (120, 120, False)


def test_a_failed_read_is_reported_once_and_not_retried_on_scroll(qtbot: Any) -> None:
    desk = FakeDesk([_row(None)] * 150)
    model = ApplicationsModel(desk)  # type: ignore[arg-type]
    model.reload()
    desk.fail = True
    with qtbot.waitSignal(model.failed) as failed:
        model.fetchMore(ROOT)
    assert "Cannot reach the database" in failed.args[0].message
    assert not model.canFetchMore(ROOT)
    reads = len(desk.reads)
    model.fetchMore(ROOT)
    assert len(desk.reads) == reads
    desk.fail = False
    model.reload()  # View > Reload tries again
    assert model.rowCount() == 100
