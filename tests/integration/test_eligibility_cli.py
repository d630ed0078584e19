"""`compfund eligibility check|recheck|override|extend|requests|policy` on both databases."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from compfund.cli.main import main
from compfund.clock import today_in_cambodia
from compfund.eligibility_policy import set_policy
from compfund.enums import ApplicationStatus as S
from compfund.enums import DocumentType
from compfund.models import EligibilityDecision
from tests.conftest import PASSWORD, TestDatabase
from tests.integration.eligibility_data import policy_from_today
from tests.integration.workflow_office import Office, open_office


@pytest.fixture(autouse=True)
def _password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMPFUND_PASSWORD", PASSWORD)


@pytest.fixture
def office(database: TestDatabase) -> Office:
    return open_office(database)


def run(office: Office, who: str, *args: str) -> int:
    url = office.db.url.render_as_string(hide_password=False)
    return main(["--db", url, "--user", office.db.login(who), *args])


def decisions(office: Office) -> int:
    with office.db.engine.connect() as conn:
        return int(conn.execute(select(func.count(EligibilityDecision.id))).scalar_one())


def test_check_prints_each_rule_and_stores_the_decision(
    office: Office, capsys: pytest.CaptureFixture[str]
) -> None:
    code = office.application_in(S.SUBMITTED)
    assert run(office, "fo1", "eligibility", "check", code) == 0
    text = capsys.readouterr().out
    assert f"{code}: eligible, now eligible (decision 1, policy 1 'Provisional defaults'" in text
    assert "  passed   identification    identified by MOSVY" in text
    assert "  passed   disclosure        asked on" in text
    assert decisions(office) == 1


def test_check_as_json(office: Office, capsys: pytest.CaptureFixture[str]) -> None:
    code = office.new_application(eligible=False)
    office.step(code, S.SUBMITTED, "cw")
    assert run(office, "fo1", "--json", "eligibility", "check", code) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["outcome"], report["status"]) == ("ineligible", "ineligible")
    rules = {r["rule"]: r for r in report["rules"]}
    assert rules["identification"]["result"] == "failed"
    assert rules["identification"]["inputs"]["means_established"] is False
    assert len(rules) == 7


def test_override_and_extend_then_check(office: Office, capsys: pytest.CaptureFixture[str]) -> None:
    code = office.new_application(eligible=False)
    office.step(code, S.SUBMITTED, "cw")
    reason = "the AHTJPD interview notes show deception by the broker"
    assert (
        run(office, "fo1", "eligibility", "override", code, "identification", "--reason", reason)
        == 0
    )
    assert (
        run(office, "fo1", "eligibility", "extend", code, "--reason", "not needed, but kept") == 0
    )
    capsys.readouterr()
    assert run(office, "fo1", "--json", "eligibility", "check", code) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["outcome"] == "eligible"
    assert {r["rule"]: r["overridden"] for r in report["rules"]}["identification"] == reason


def test_recheck_lists_changes_and_stores_nothing(
    office: Office, capsys: pytest.CaptureFixture[str]
) -> None:
    decided = office.application_in(S.ELIGIBLE)
    waiting = office.application_in(S.SUBMITTED)
    office.db.admin().do(set_policy, policy_from_today(identity_documents=(DocumentType.PASSPORT,)))
    before = decisions(office)
    assert run(office, "fo2", "--json", "eligibility", "recheck") == 0
    report = json.loads(capsys.readouterr().out)
    by_code = {a["application"]: a for a in report["applications"]}
    assert set(by_code) == {decided, waiting}
    assert (by_code[decided]["old_outcome"], by_code[decided]["new_outcome"]) == (
        "eligible",
        "information_needed",
    )
    assert [c["rule"] for c in by_code[decided]["changed_rules"]] == ["identity"]
    assert by_code[waiting]["old_outcome"] is None
    assert (report["outcome_changed"], report["never_checked"]) == (1, 1)
    assert decisions(office) == before
    assert run(office, "fo2", "eligibility", "recheck", decided) == 0
    assert "identity passed->missing" in capsys.readouterr().out


def test_requests_with_their_clock(office: Office, capsys: pytest.CaptureFixture[str]) -> None:
    code = office.application_in(S.INFORMATION_REQUESTED)  # due in 30 days
    later = (today_in_cambodia() + timedelta(days=33)).isoformat()
    assert run(office, "cw", "eligibility", "requests", "--overdue") == 0
    assert code not in capsys.readouterr().out
    assert (
        run(office, "cw", "--json", "eligibility", "requests", "--overdue", "--as-of", later) == 0
    )
    [request] = json.loads(capsys.readouterr().out)["requests"]
    assert (request["application"], request["days_overdue"]) == (code, 3)


def test_refusals_exit_1_with_a_clear_message(
    office: Office, capsys: pytest.CaptureFixture[str]
) -> None:
    code = office.application_in(S.SUBMITTED)
    assert run(office, "cw", "--json", "eligibility", "check", code) == 1
    error = json.loads(capsys.readouterr().err)["error"]
    assert error["code"] == "permission_denied" and "may not decide eligibility" in error["message"]
    assert run(office, "fo1", "eligibility", "check", "APP-2026-000000") == 1
    assert "No application has the code" in capsys.readouterr().err
    assert run(office, "fo1", "eligibility", "check", "APP-2026-12345") == 2


def test_policy_in_force(office: Office, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(office, "cw", "eligibility", "policy") == 0
    text = capsys.readouterr().out
    assert "Policy 1 'Provisional defaults', in force from 2016-01-01" in text
    assert "time limit 730 days, 1825 for a minor at the time; review within 90 days" in text


def test_an_administrator_sets_a_policy_from_the_file_policy_prints(
    office: Office, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert run(office, "admin", "--json", "eligibility", "policy") == 0
    shown = json.loads(capsys.readouterr().out)
    shown.update(
        name="Board decision 2027",
        effective_from=(today_in_cambodia() + timedelta(days=31)).isoformat(),
        review_window_days=60,
        note="board minutes of December",
    )
    shown["amounts"][0]["interim_grant"]["amount"] = "300000.00"
    file = tmp_path / "policy.json"
    file.write_text(json.dumps(shown), encoding="utf-8")
    assert run(office, "admin", "--json", "eligibility", "set-policy", str(file)) == 0
    assert json.loads(capsys.readouterr().out)["policy_version"] == 2
    assert run(office, "fo1", "eligibility", "set-policy", str(file)) == 1
    assert "may not set policy" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"time_limit_days": "730"}, "time_limit_days must be a JSON int"),
        ({"effective_from": "next year"}, "is not a date"),
        ({"accepted_authorities": ["ngo"]}, "Use only these values: ahtjpp"),
        ({"colour": "blue"}, "unknown: ['colour']"),
    ],
)
def test_a_bad_policy_file_is_a_usage_error(
    office: Office,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    change: dict,  # type: ignore[type-arg]
    message: str,
) -> None:
    assert run(office, "admin", "--json", "eligibility", "policy") == 0
    shown = json.loads(capsys.readouterr().out) | change
    file = tmp_path / "policy.json"
    file.write_text(json.dumps(shown), encoding="utf-8")
    assert run(office, "admin", "eligibility", "set-policy", str(file)) == 2
    assert message in capsys.readouterr().err


def test_money_in_a_policy_file_is_never_a_number(
    office: Office, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert run(office, "admin", "--json", "eligibility", "policy") == 0
    shown = json.loads(capsys.readouterr().out)
    shown["amounts"][0]["award_cap"]["amount"] = 5000.5
    file = tmp_path / "policy.json"
    file.write_text(json.dumps(shown), encoding="utf-8")
    assert run(office, "admin", "eligibility", "set-policy", str(file)) == 2
    assert "never a number" in capsys.readouterr().err
