"""`compfund application consent|withdraw-consent|disclosure|heads|submit|attach` on both
databases: a caseworker completes one application's intake from the command line."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest
from sqlalchemy import select

from compfund.applications.application import create_application, record_identification
from compfund.applications.survivors import register_survivor
from compfund.cli.main import main
from compfund.enums import ApplicationType
from compfund.models import Application, ApplicationDocument, ClaimedLoss, Consent, Disclosure
from compfund.models.cases import MAX_ATTACHMENT_BYTES
from compfund.permissions import Role
from tests.conftest import PASSWORD, TestDatabase
from tests.integration.cli_helpers import Cli, count
from tests.integration.eligibility_data import days_ago, domestic_servitude_identification
from tests.integration.intake_data import domestic_servant_minor, poipet_identification
from tests.integration.workflow_office import Office, open_office


@pytest.fixture(autouse=True)
def _password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMPFUND_PASSWORD", PASSWORD)


@pytest.fixture
def office(database: TestDatabase) -> Office:
    return open_office(database)


def run(office: Office, who: str, command: str) -> int:
    """``compfund COMMAND`` as ``who``, the command written as an officer would type it."""
    url = office.db.url.render_as_string(hide_password=False)
    return main(["--db", url, "--user", office.db.login(who), *shlex.split(command)])


def draft(office: Office, *, minor: bool = False) -> str:
    """A draft compensation award claim with no consent and no disclosure yet."""
    cw = office["cw"]
    survivor = cw.do(register_survivor, domestic_servant_minor("KH-1")) if minor else None
    identification = cw.do(
        record_identification,
        survivor or office.survivor,
        domestic_servitude_identification() if minor else poipet_identification(),
    )
    return cw.do(create_application, identification, ApplicationType.COMPENSATION_AWARD, "DOSVY")


def status_of(office: Office, code: str) -> str:
    with office.db.engine.connect() as conn:
        found = conn.execute(select(Application.status).where(Application.code == code))
        return str(found.scalar_one())


YESTERDAY = days_ago(1).isoformat()


def test_consent_disclosure_claim_and_submission_pass_the_check(
    office: Office, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = draft(office)
    consent = f"application consent {code} --by survivor --date {YESTERDAY}"
    assert run(office, "cw", f"{consent} --method thumbprint_form") == 0
    assert f"Consent to {code} given by the survivor on {YESTERDAY}" in capsys.readouterr().out
    received = "--amount 150.00 --currency USD --paid-by agent --received-by family"
    disclosure = f"--json application disclosure {code} --answer received {received}"
    note = "--payer-note 'the broker in Poipet'"
    assert run(office, "cw", f"{disclosure} --received-on {days_ago(40)} {note}") == 0
    payment = json.loads(capsys.readouterr().out)["payments"][0]
    assert (payment["amount"], payment["currency"], payment["paid_by"]) == (
        "150.00",
        "USD",
        "agent",
    )
    claim = "--head lost_wages=2400.00 --head other=35 --note 'other=the fare home from Bangkok'"
    assert run(office, "cw", f"application heads {code} --currency USD {claim}") == 0
    scan = tmp_path / "consent-form.pdf"
    scan.write_bytes(b"%PDF-1.4 thumbprinted consent form")
    assert run(office, "cw", f"application attach {code} {scan}") == 0
    assert run(office, "cw", f"application submit {code}") == 0
    assert f"{code} is submitted" in capsys.readouterr().out

    assert run(office, "fo1", f"eligibility check {code}") == 0
    checked = capsys.readouterr().out
    assert f"  passed   consent           consent given by the survivor on {YESTERDAY}" in checked
    assert "  passed   disclosure " in checked
    with office.db.engine.connect() as conn:
        claimed = set(conn.execute(select(ClaimedLoss.head, ClaimedLoss.amount_minor)).all())
        attached = conn.execute(select(ApplicationDocument.media_type)).scalar_one()
    assert claimed == {("lost_wages", 240000), ("other", 3500)}
    assert attached == "application/pdf"


def test_withdrawing_consent_stops_processing(
    office: Office, capsys: pytest.CaptureFixture[str]
) -> None:
    code = draft(office)
    consent = f"application consent {code} --by survivor --date {YESTERDAY}"
    assert run(office, "cw", f"{consent} --method signed_form") == 0
    reason = "--reason 'her brother asked at the DoSVY office'"
    withdraw = f"application withdraw-consent {code} --method verbal_witnessed {reason}"
    assert run(office, "cw", withdraw) == 0
    assert "the application goes no further" in capsys.readouterr().out
    assert status_of(office, code) == "withdrawn"
    assert run(office, "cw", f"application disclosure {code} --answer nothing_received") == 1
    assert f"{code} is withdrawn" in capsys.readouterr().err
    assert count(office.db.engine, Disclosure) == 0


def test_a_minors_own_consent_is_refused_and_names_the_guardian(
    office: Office, capsys: pytest.CaptureFixture[str]
) -> None:
    code = draft(office, minor=True)
    consent = f"application consent {code} --by survivor --date {YESTERDAY}"
    assert run(office, "cw", f"{consent} --method thumbprint_form") == 1
    assert "Record the guardian's consent." in capsys.readouterr().err
    assert count(office.db.engine, Consent) == 0


RECEIVED = "--answer received --received-on 2026-01-05 --paid-by agent"


@pytest.mark.parametrize(
    ("command", "message"),
    [
        (
            "consent {} --by survivor --date 31/03/2026 --method signed_form",
            "'31/03/2026' is not a date: write it as YYYY-MM-DD",
        ),
        (
            f"disclosure {{}} {RECEIVED} --amount 12.345 --currency USD",
            "12.345 USD has more than 2 digits after the point",
        ),
        (
            "disclosure {} --answer received --amount 150",
            "give --currency, --received-on, --paid-by as well",
        ),
        (
            "disclosure {} --answer nothing_received --amount 150",
            "answer 'received' or leave those out",
        ),
        (
            "heads {} --currency USD --head lost_wages=12.345",
            "12.345 USD has more than 2 digits after the point",
        ),
    ],
)
def test_malformed_input_exits_2_and_writes_nothing(
    office: Office, capsys: pytest.CaptureFixture[str], command: str, message: str
) -> None:
    code = draft(office)
    assert run(office, "cw", "--json application " + command.format(code)) == 2
    error = json.loads(capsys.readouterr().err)["error"]
    assert message in error["message"]
    assert error["code"] in ("invalid_input", "usage")
    assert count(office.db.engine, Consent) + count(office.db.engine, Disclosure) == 0


def test_an_attachment_over_the_cap_is_refused_plainly(
    office: Office, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    big = tmp_path / "whole-case-file.pdf"
    big.write_bytes(b"\0" * (MAX_ATTACHMENT_BYTES + 1))
    assert run(office, "cw", f"application attach {draft(office)} {big}") == 1
    assert "whole-case-file.pdf is 20.0 MB; attachments are limited to 20 MB each" in (
        capsys.readouterr().err
    )
    assert count(office.db.engine, ApplicationDocument) == 0


def test_officers_without_the_permission_are_refused(
    office: Office, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = draft(office)
    consent = f"application consent {code} --by survivor --date {YESTERDAY}"
    assert run(office, "fo1", f"{consent} --method signed_form") == 1
    assert "A fund officer may not record consent" in capsys.readouterr().err
    office.db.officer("au", Role.AUDITOR)
    url = office.db.url.render_as_string(hide_password=False)
    auditor = ("--db", url, "--user", office.db.login("au"), "--json")
    result = Cli(tmp_path / "home")(*auditor, "application", "submit", code, password=PASSWORD)
    assert result.code == 1
    assert result.error()["code"] == "permission_denied"
    assert "auditor may not submit application" in result.error()["message"]
    assert status_of(office, code) == "draft"
