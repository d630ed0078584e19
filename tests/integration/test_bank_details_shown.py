"""Need to know, as officers notice it: the approver releasing a batch gets the instruction
file with every payee's name and account; everyone else who is not in finance sees an
account as ``****5678`` and no name on it (issue 9). On both databases: on PostgreSQL the
database enforces it (tests/security/test_bank_details.py), on one desk the services."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, undefer

from compfund.disbursements.instruction_file import InstructionLine, instruction_csv
from compfund.disbursements.payee import PayeeInput, show_payee_details
from compfund.disbursements.payee_change import confirm_payee_change, propose_payee_change
from compfund.disbursements.payment_batch import build_batch, release_batch
from compfund.enums import Channel
from compfund.models import Instalment, Payment, Survivor
from compfund.permissions import Role
from compfund.queries.payee_documents import award_letter
from tests.conftest import PASSWORD, TestDatabase
from tests.integration.cli_helpers import Cli
from tests.integration.money_data import USD, Office, office

BANK = Channel.BANK_TRANSFER
CLEAR = ("Sok Sokha", "0001-2345-678")  # the test office's payee (money_data.Office.payee)


@pytest.fixture
def fund(database: TestDatabase) -> Office:
    return office(database)


def test_the_approver_releasing_gets_the_file_and_an_auditor_sees_accounts_masked(
    fund: Office, tmp_path: Path
) -> None:
    run = Cli(tmp_path / "home")
    url = fund.database.url.render_as_string(hide_password=False)
    fund.database.officer("au", Role.AUDITOR)

    def as_(login: str, *args: str):
        return run("--db", url, "--user", fund.database.login(login), *args, password=PASSWORD)

    fund.fund("10000", USD)
    survivor, _app = fund.approved("1000")
    batch = fund.finance.do(build_batch, USD, BANK)
    released = as_("ap", "--json", "batch", "release", str(batch.id), "--out", str(tmp_path))
    assert released.code == 0, released.stderr
    with Path(released.json()["instruction_file"]).open(newline="") as f:
        (line,) = list(csv.DictReader(f))
    assert (line["survivor"], line["payee"], line["account"]) == (survivor, *CLEAR)

    shown = as_("au", "--json", "batch", "show", str(batch.id))
    assert shown.code == 0, shown.stderr
    (payment,) = shown.json()["payments"]
    assert (payment["institution"], payment["account"]) == ("ACLEDA Bank", "****5678")
    screen = as_("au", "batch", "show", str(batch.id))
    assert "****5678" in screen.stdout
    for clear in CLEAR:
        assert clear not in shown.stdout + screen.stdout


def test_a_fund_officer_reads_back_payee_details_masked(fund: Office) -> None:
    survivor, _app = fund.eligible()
    data = PayeeInput(Channel.MOBILE_MONEY, "Sok Sokha", "Wing", "097 765 4321")
    change = fund.fund_officer.do(propose_payee_change, survivor, data)
    assert (change.account, change.payee_name) == ("****4321", None)  # read back masked
    version = fund.finance.do(confirm_payee_change, change.id).details_version
    seen = fund.fund_officer.do(show_payee_details, survivor, "Checking the mobile number")
    assert (seen.channel, seen.institution, seen.account) == (data.channel, "Wing", "****4321")
    assert seen.version == version and not hasattr(seen, "payee_name")


def test_an_award_letter_shows_how_the_payee_is_paid_masked(fund: Office) -> None:
    _survivor, app = fund.approved("1000")
    letter = fund.approver.do(award_letter, app, "the survivor collects the letter")
    paid_by = [row[2] for row in letter.rows if row[1] == "Paid by"]
    assert paid_by == ["bank transfer, ACLEDA Bank, account ****5678"]
    assert "0001-2345-678" not in str(letter.rows)


def test_the_database_writes_the_same_instruction_file_as_the_desk(fund: Office) -> None:
    """Hostile payee details: a formula, a comma, quotes and a line break."""
    fund.fund("10000", USD)
    survivor, _app = fund.approved("250")
    hostile = PayeeInput(BANK, '=HYPERLINK("x") Sok', 'ACLEDA, "Plc"\nBranch 2', "0001 2345 678")
    seen = fund.fund_officer.do(show_payee_details, survivor, "Correcting the payee details")
    change = fund.fund_officer.do(
        propose_payee_change, survivor, hostile, expected_version=seen.version
    )
    fund.finance.do(confirm_payee_change, change.id)
    batch = fund.finance.do(build_batch, USD, BANK)
    released = fund.approver.do(release_batch, batch.id)
    with Session(fund.database.engine) as owner:
        rows = owner.execute(
            select(Payment, Survivor.code)
            .join(Instalment, Instalment.id == Payment.instalment_id)
            .join(Survivor, Survivor.id == Instalment.survivor_id)
            .where(Payment.batch_id == batch.id)
            .order_by(Payment.id)
            .options(undefer(Payment.payee_name), undefer(Payment.account))
        ).all()
        expected = instruction_csv(
            [
                InstructionLine(
                    p.idempotency_key,
                    code,
                    p.payee_name,
                    p.channel,
                    p.institution,
                    p.account,
                    p.amount,
                )
                for p, code in rows
            ]
        )
    assert released.instruction_file == expected
    assert "'=HYPERLINK" in expected and '"ACLEDA, ""Plc""\nBranch 2"' in expected
