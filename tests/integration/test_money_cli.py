"""Awards and batches from the command line: JSON money as a string amount plus currency."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.conftest import PASSWORD, TestDatabase
from tests.integration.cli_helpers import Cli
from tests.integration.money_data import USD, Office, office


@pytest.fixture
def cli(database: TestDatabase, tmp_path: Path) -> tuple[Cli, Office, Path]:
    if database.kind != "sqlite":
        pytest.skip("the money commands are exercised on the embedded database here")
    return Cli(tmp_path / "home"), office(database), tmp_path


def test_an_award_from_recommendation_to_reconciled_payment(cli) -> None:
    run, fund, tmp = cli
    url = fund.database.url.render_as_string(hide_password=False)

    def as_(login: str, *args: str):
        return run("--db", url, "--user", login, "--json", *args, password=PASSWORD)

    survivor, app = fund.eligible()
    rec = as_(
        "fo",
        "award",
        "recommend",
        app,
        "--currency",
        "USD",
        "--head",
        "lost_wages=1200",
        "--head",
        "medical_costs=300.50",
        "--instalments",
        "3",
    )
    assert rec.code == 0, rec.stderr
    assert rec.json()["amount"] == {"amount": "1500.50", "currency": "USD"}
    assert rec.json()["heads"][1]["allowed"] == {"amount": "300.50", "currency": "USD"}
    refused = as_("fo", "award", "approve", app)
    assert refused.code == 1 and refused.error()["code"] == "permission_denied"
    approved = as_("ap", "award", "approve", app, "--version", str(rec.json()["version"]))
    assert approved.code == 0, approved.stderr
    assert [i["amount"] for i in approved.json()["instalments"]] == ["500.17", "500.17", "500.16"]

    payee = as_(
        "fo",
        "payee",
        "propose",
        survivor,
        "--channel",
        "bank_transfer",
        "--name",
        "Sok Sokha",
        "--institution",
        "ACLEDA Bank",
        "--account",
        "0001-2345-678",
    )
    assert payee.code == 0, payee.stderr
    change = str(payee.json()["change"])
    assert payee.json()["account"] == "****5678" and payee.json()["payee_name"] is None
    early = as_("fin", "batch", "build", "--currency", "USD", "--channel", "bank_transfer")
    assert early.code == 1 and "No USD instalments" in early.error()["message"]
    assert as_("fo", "payee", "confirm", change).code == 1  # not a fund officer's to confirm
    pending = as_("fin", "payee", "pending")
    assert [c["change"] for c in pending.json()["changes"]] == [int(change)]
    shown = as_("fin", "payee", "show", survivor, "--reason", "Checking against the ID card")
    assert shown.json()["details"] is None
    assert shown.json()["changes"][0]["account"] == "0001-2345-678"
    confirmed = as_("fin", "payee", "confirm", change)
    assert confirmed.code == 0, confirmed.stderr
    assert confirmed.json()["details_version"] == 1
    short = as_("fin", "batch", "build", "--currency", "USD", "--channel", "bank_transfer")
    assert short.code == 1 and short.error()["code"] == "fund_shortfall"
    assert "a shortfall of 500.17 USD" in short.error()["message"]
    fund.fund("10000", USD)
    built = as_("fin", "batch", "build", "--currency", "USD", "--channel", "bank_transfer")
    assert built.code == 0, built.stderr
    batch = built.json()
    assert batch["total"] == {"amount": "500.17", "currency": "USD"}
    assert as_("fin", "batch", "release", str(batch["batch"]), "--out", str(tmp)).code == 1
    released = as_("ap", "batch", "release", str(batch["batch"]), "--out", str(tmp))
    assert released.code == 0, released.stderr
    with Path(released.json()["instruction_file"]).open(newline="") as f:
        lines = list(csv.DictReader(f))
    key = batch["payments"][0]["key"]
    assert [(ln["key"], ln["amount"], ln["currency"]) for ln in lines] == [(key, "500.17", "USD")]

    paid = as_("fin", "batch", "confirm", key, "--reference", "ACLEDA-TX-1")
    assert paid.code == 0 and paid.json()["changed"] is True
    again = as_("fin", "batch", "confirm", key, "--reference", "ACLEDA-TX-1")
    assert again.code == 0 and again.json()["changed"] is False

    statement = tmp / "statement.csv"
    statement.write_text(
        f"key,amount,currency,payee,reference\n{key},500.17,USD,0001 2345 678,ACLEDA-TX-1\n"
        "PAY-0000-0000-0000-0000,9.99,USD,1,X\n"
    )
    rec_result = as_("fin", "batch", "reconcile", str(batch["batch"]), str(statement))
    assert rec_result.code == 0, rec_result.stderr
    body = rec_result.json()
    assert body["counts"]["matched"] == 1 and body["counts"]["unexpected"] == 1
    line = body["differences"][0]["line"]
    resolved = as_(
        "fin", "batch", "resolve", str(line), "--resolution", "Not ours: bank fee line, ignored"
    )
    assert resolved.code == 0 and resolved.json()["resolution"].startswith("Not ours")
    shown = as_("ap", "award", "show", app)
    assert [i["status"] for i in shown.json()["instalments"]] == ["paid", "scheduled", "scheduled"]


def test_a_rejection_needs_a_reason_and_amounts_are_checked(cli) -> None:
    run, fund, _tmp = cli
    url = fund.database.url.render_as_string(hide_password=False)
    _survivor, app = fund.eligible()
    common = ["--db", url, "--json"]

    def recommend(head: str):
        return run(
            *common,
            "--user",
            "fo",
            "award",
            "recommend",
            app,
            "--currency",
            "USD",
            "--head",
            head,
            password=PASSWORD,
        )

    bad = recommend("lost_wages=12.345")
    assert bad.code == 2 and "more than 2 digits" in bad.error()["message"]
    unknown = recommend("pain=10")
    assert unknown.code == 2 and "lost_wages" in unknown.error()["message"]
    ok = recommend("other=10")
    assert ok.code == 0, ok.stderr
    curt = run(*common, "--user", "ap", "award", "reject", app, "--reason", "no", password=PASSWORD)
    assert curt.code == 2 and "reason for rejecting" in curt.error()["message"]
    pending = run(*common, "--user", "ap", "award", "pending", password=PASSWORD)
    assert [a["application"] for a in pending.json()["awards"]] == [app]
