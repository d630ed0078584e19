"""Exports on both databases: who may make them, what the audit trail records, and
whether ``verify-export`` tells an untouched file from an edited one or from changed data.
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.engine import make_url

from compfund.applications.application import submit_application
from compfund.db.engine import open_engine
from compfund.demo.generate import DemoRequest, make_demo
from compfund.desk import Desk
from compfund.enums import ApplicationStatus
from compfund.errors import InvalidInput, NotFound, PermissionDenied
from compfund.models import Application, AuditEvent
from compfund.queries.audit_trail import AuditRange
from compfund.queries.register import RegisterFilter, applications_register
from reports.exporting import export_audit_trail, export_register, verify_file
from reports.pdf_read import read_pdf
from reports.xlsx import read_xlsx
from tests.conftest import TestDatabase
from tests.integration.cli_helpers import Cli

REASON = "Checking payees before the interim grants are paid"


@dataclass
class Fund:
    db: TestDatabase
    passwords: dict[str, str]
    codes: list[str]

    def desk(self, name: str) -> Desk:
        login = self.db.login(name)
        return self.db.desk_for(login, self.passwords[login])

    def events(self, event: str) -> list[AuditEvent]:
        with self.db.engine.connect() as conn:
            rows = conn.execute(
                select(AuditEvent).where(AuditEvent.event == event).order_by(AuditEvent.chain_seq)
            ).all()
        return [AuditEvent(**row._mapping) for row in rows]


@pytest.fixture
def fund(database: TestDatabase) -> Fund:
    request = DemoRequest(
        survivors=30, seed=11, as_of=date(2026, 11, 1), login_prefix=database.prefix
    )
    result = make_demo(database.engine, request)
    return Fund(database, {lg.login: lg.password for lg in result.logins}, result.survivor_codes)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("file_format", ["xlsx", "pdf"])
def test_an_export_is_recorded_after_the_head_it_prints(
    fund: Fund, tmp_path: Path, file_format: str
) -> None:
    officer = fund.desk("fund_officer1")
    out = tmp_path / f"register.{file_format}"
    result = export_register(officer, RegisterFilter(), file_format, out)
    manifest, rows = (read_pdf if file_format == "pdf" else read_xlsx)(out)
    (event,) = fund.events("export")
    assert event.chain_seq == result.audit_event > manifest.chain_seq
    assert event.actor_login == fund.db.login("fund_officer1")
    assert event.new_values == {
        "format": file_format,
        "parameters": {},
        "rows": len(rows),
        "rows_sha256": manifest.rows_sha256,
        "file_sha256": _sha(out),
        "chain_head": manifest.chain_head,
        "chain_seq": manifest.chain_seq,
    }
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no temporary file left
    check = verify_file(officer, out)
    assert check.matches and check.recorded_seq == event.chain_seq, check.findings


def test_the_identified_register_needs_the_role_and_a_reason(fund: Fund, tmp_path: Path) -> None:
    out = tmp_path / "identified.xlsx"
    before = len(fund.events("identifying_access"))  # the demo's own casework has some
    refused_before = len(fund.events("refused"))
    for name in ("cw_battambang", "auditor1"):
        with pytest.raises(PermissionDenied):
            export_register(fund.desk(name), RegisterFilter(), "xlsx", out, reason=REASON)
    with pytest.raises(InvalidInput, match="Say why"):
        export_register(fund.desk("fund_officer1"), RegisterFilter(), "xlsx", out, reason="x")
    assert not out.exists() and len(fund.events("identifying_access")) == before
    assert len(fund.events("refused")) == refused_before + 2


def test_the_identified_register_records_everyone_it_names(fund: Fund, tmp_path: Path) -> None:
    out = tmp_path / "identified.pdf"
    filters = RegisterFilter(province="KH-1")
    before = len(fund.events("identifying_access"))  # the demo's own casework has some
    export_register(fund.desk("approver1"), filters, "pdf", out, reason=REASON)
    manifest, rows = read_pdf(out)
    (access,) = fund.events("identifying_access")[before:]
    (export,) = fund.events("export")
    assert manifest.chain_seq < access.chain_seq < export.chain_seq
    assert access.detail == REASON and access.entity == "identified export"
    assert access.new_values == {"survivors": sorted({str(r[1]) for r in rows})}
    assert rows and {r[2] for r in rows} == {"KH-1"}
    assert export.new_values is not None and export.new_values["parameters"] == {"province": "KH-1"}


def test_an_edited_cell_is_found(fund: Fund, tmp_path: Path) -> None:
    officer = fund.desk("fund_officer1")
    out = tmp_path / "register.xlsx"
    export_register(officer, RegisterFilter(), "xlsx", out)
    workbook = load_workbook(out)
    cell = workbook.worksheets[0].cell(3, 7)  # a status: change it to another one
    cell.value = "rejected" if cell.value == "approved" else "approved"
    workbook.save(out)
    check = verify_file(officer, out)
    assert not check.matches
    assert any("changed after it was exported" in f for f in check.findings), check.findings


def test_an_altered_pdf_is_found(fund: Fund, tmp_path: Path) -> None:
    officer = fund.desk("fund_officer1")
    out = tmp_path / "register.pdf"
    export_register(officer, RegisterFilter(), "pdf", out)
    out.write_bytes(out.read_bytes() + b"\n% appended\n")
    check = verify_file(officer, out)
    assert not check.matches
    assert any("No export of this exact PDF" in f for f in check.findings), check.findings


def test_changed_data_is_told_with_the_events_since(fund: Fund, tmp_path: Path) -> None:
    officer, auditor = fund.desk("fund_officer1"), fund.desk("auditor1")
    register, trail = tmp_path / "register.xlsx", tmp_path / "audit.xlsx"
    export_register(officer, RegisterFilter(), "xlsx", register)
    export_audit_trail(auditor, AuditRange(), "xlsx", trail)
    with fund.db.engine.connect() as conn:
        draft = (
            conn.execute(
                select(Application.code).where(Application.status == ApplicationStatus.DRAFT)
            )
            .scalars()
            .first()
        )
    assert draft is not None
    caseworkers = [n for n in fund.passwords if "cw_" in n]
    for login in caseworkers:  # whichever caseworker's province holds the draft
        try:
            fund.db.desk_for(login, fund.passwords[login]).do(submit_application, draft)
            break
        except NotFound:  # another province's caseworker does not see it
            continue
    check = verify_file(officer, register)
    assert not check.matches and check.events_since > 1
    assert any("current data differs" in f for f in check.findings), check.findings
    audit_check = verify_file(auditor, trail)  # later events do not touch exported rows
    assert audit_check.matches, audit_check.findings


def test_a_caseworker_exports_their_own_province_only(fund: Fund, tmp_path: Path) -> None:
    caseworker = fund.desk("cw_battambang")
    table = caseworker.read(applications_register, RegisterFilter())
    assert table.parameters == (("province", "KH-2"),)
    assert table.rows and {r[2] for r in table.rows} == {"KH-2"}
    with pytest.raises(PermissionDenied):
        caseworker.read(applications_register, RegisterFilter(province="KH-1"))


def test_the_audit_trail_is_for_auditors_and_administrators(fund: Fund, tmp_path: Path) -> None:
    with pytest.raises(PermissionDenied):
        export_audit_trail(fund.desk("fund_officer1"), AuditRange(), "pdf", tmp_path / "a.pdf")
    result = export_audit_trail(fund.desk("admin"), AuditRange(), "pdf", tmp_path / "a.pdf")
    _, rows = read_pdf(tmp_path / "a.pdf")
    assert [r[0] for r in rows] == list(range(1, result.audit_event))  # every event before


def test_a_date_range_is_inclusive_in_cambodia_time(fund: Fund) -> None:
    officer = fund.desk("fund_officer1")
    everything = officer.read(applications_register, RegisterFilter())
    day = str(everything.rows[0][11])[:10]
    one_day = officer.read(
        applications_register,
        RegisterFilter(created_from=date.fromisoformat(day), created_to=date.fromisoformat(day)),
    )
    assert one_day.rows and all(str(r[11]).startswith(day) for r in one_day.rows)
    with pytest.raises(InvalidInput, match="after it ends"):
        RegisterFilter(created_from=date(2026, 2, 1), created_to=date(2026, 1, 1))


@pytest.mark.parametrize("file_format", ["pdf", "xlsx"])
def test_the_same_state_gives_the_same_file(fund: Fund, tmp_path: Path, file_format: str) -> None:
    if fund.db.kind != "sqlite":
        pytest.skip("copies the database file")
    officer = fund.desk("fund_officer1")
    path = Path(str(fund.db.url.database))
    copy = tmp_path / "copy.sqlite"
    shutil.copy(path, copy)
    for suffix in ("-wal", "-shm"):
        if Path(f"{path}{suffix}").exists():
            shutil.copy(f"{path}{suffix}", f"{copy}{suffix}")
    twin = Desk(open_engine(make_url(f"sqlite+pysqlite:///{copy}")), officer.actor)
    try:
        first = export_register(
            officer, RegisterFilter(), file_format, tmp_path / f"a.{file_format}"
        )
        second = export_register(twin, RegisterFilter(), file_format, tmp_path / f"b.{file_format}")
    finally:
        twin.close()
    assert first.file_sha256 == second.file_sha256
    assert (tmp_path / f"a.{file_format}").read_bytes() == (
        tmp_path / f"b.{file_format}"
    ).read_bytes()


def test_the_command_line_exports_and_verifies(fund: Fund, tmp_path: Path) -> None:
    cli = Cli(tmp_path / "home")
    url = fund.db.url.render_as_string(hide_password=False)
    login = fund.db.login("auditor1")
    out = tmp_path / "audit.xlsx"
    made = cli(
        "export", "audit", "--format", "xlsx", "--out", str(out), "--db", url, "--user", login,
        "--json", password=fund.passwords[login],
    )  # fmt: skip
    assert made.code == 0, made.stderr
    assert made.json()["file_sha256"] == _sha(out)
    checked = cli("audit", "verify-export", str(out), "--db", url, "--user", login,
                  password=fund.passwords[login])  # fmt: skip
    assert checked.code == 0 and "MATCHES" in checked.stdout, checked.stderr
    workbook = load_workbook(out)
    workbook.worksheets[0].cell(3, 3).value = "someone else"
    workbook.save(out)
    tampered = cli("audit", "verify-export", str(out), "--db", url, "--user", login, "--json",
                   password=fund.passwords[login])  # fmt: skip
    assert tampered.code == 5
    assert tampered.json()["matches"] is False
    refused = cli(
        "export", "applications", "--format", "pdf", "--out", str(tmp_path / "x.pdf"),
        "--identified", "--db", url, "--user", login, password=fund.passwords[login],
    )  # fmt: skip
    assert refused.code == 2 and "--reason" in refused.stderr
