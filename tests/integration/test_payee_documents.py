"""Award letters, payment vouchers and statements name the payee: produced only by the
roles allowed to, with a reason, logged, and checkable later like every export."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from compfund.applications.survivors import SurvivorInput
from compfund.awards.award import recommend_award
from compfund.clock import today_in_cambodia
from compfund.disbursements.payment import confirm_payment
from compfund.disbursements.payment_batch import build_batch
from compfund.enums import Channel, HeadOfLoss
from compfund.errors import InvalidInput, NotFound, PermissionDenied, RuleViolation
from compfund.models import AuditEvent
from compfund.money import Money
from compfund.queries.payee_documents import award_letter, payment_voucher, statement_document
from reports.exporting import export_payee_document, verify_file
from tests.conftest import PASSWORD, TestDatabase
from tests.integration.cli_helpers import Cli
from tests.integration.intake_data import domestic_servant_minor
from tests.integration.money_data import USD, Office, next_person, office
from tests.reports.privacy_scan import pdf_page_text as _page_text

REASON = "the guardian collects the letter at DOSVY"


def pdf_page_text(path: Path) -> str:
    """The Latin text on the document's pages, lines joined by spaces."""
    return " ".join(_page_text(path).text.split())


def _accesses(fund: Office, what: str) -> list[AuditEvent]:
    with fund.database.engine.connect() as conn:
        rows = conn.execute(
            select(AuditEvent)
            .where(AuditEvent.event == "identifying_access", AuditEvent.entity == what)
            .order_by(AuditEvent.chain_seq)
        ).all()
    return [AuditEvent(**row._mapping) for row in rows]


def _minor_with_award(fund: Office, instalments: int = 3) -> tuple[str, str, SurvivorInput]:
    fund.fund("10000", USD)
    minor = domestic_servant_minor("KH-1")
    survivor, application = fund.approved("900", instalments=instalments, person=minor)
    return survivor, application, minor


@pytest.fixture
def fund(database: TestDatabase) -> Office:
    return office(database)


def test_an_award_letter_names_the_guardian_of_a_minor_and_is_logged(
    fund: Office, tmp_path: Path
) -> None:
    survivor, application, minor = _minor_with_award(fund)
    out = tmp_path / "letter.pdf"

    result = export_payee_document(fund.fund_officer, award_letter, application, REASON, out)

    text = pdf_page_text(out)
    assert "Chan Sophea, guardian (mother)" in text
    assert survivor in text and application in text
    assert "300.00 USD" in text or "USD 300.00" in text  # 900 in three instalments
    assert text.count("Instalment") >= 3
    logged = _accesses(fund, "award letter")
    assert [e.entity_id for e in logged] == [survivor]
    assert logged[0].detail == REASON and logged[0].actor_login == fund.fund_officer.actor.login
    assert logged[0].chain_seq > result.audit_event - 2  # just before the export's own event
    info = PdfReader(out).metadata or {}
    assert not any(minor.name_latin in str(v) or "Chan Sophea" in str(v) for v in info.values())
    assert verify_file(fund.fund_officer, out).matches


def test_a_letter_waits_for_the_approval(fund: Office, tmp_path: Path) -> None:
    fund.fund("10000", USD)
    survivor, application = fund.eligible(next_person())
    out = tmp_path / "a.pdf"
    with pytest.raises(NotFound, match="No award has been recommended"):
        export_payee_document(fund.fund_officer, award_letter, application, REASON, out)
    claimed = {HeadOfLoss.LOST_WAGES: Money.of("500", USD)}
    fund.fund_officer.do(recommend_award, application, USD, claimed)
    with pytest.raises(RuleViolation, match="is recommended: an award letter is written only"):
        export_payee_document(fund.fund_officer, award_letter, application, REASON, out)
    assert _accesses(fund, "award letter") == []
    assert list(tmp_path.iterdir()) == []


def test_a_document_needs_the_role_and_a_reason(fund: Office, tmp_path: Path) -> None:
    _, application, _ = _minor_with_award(fund, instalments=1)
    out = tmp_path / "letter.pdf"
    with pytest.raises(InvalidInput, match="Say why this award letter is needed"):
        export_payee_document(fund.fund_officer, award_letter, application, "  ", out)
    for desk in (fund.caseworker, fund.finance, fund.enforcement):
        with pytest.raises(PermissionDenied, match="may not produce award letter"):
            export_payee_document(desk, award_letter, application, REASON, out)
    with pytest.raises(PermissionDenied, match="may not produce payment voucher"):
        export_payee_document(fund.fund_officer, payment_voucher, "PAY-X", REASON, out)
    assert not out.exists() and _accesses(fund, "award letter") == []


def test_a_voucher_is_for_a_released_payment_and_has_room_to_sign(
    fund: Office, tmp_path: Path
) -> None:
    survivor, key = fund.released_payment()
    out = tmp_path / "voucher.pdf"

    export_payee_document(fund.finance, payment_voucher, key, "cash handed over at DOSVY", out)

    text = pdf_page_text(out)
    assert key in text and "Sok Sokha" in text and "ACLEDA Bank" in text
    assert "Received by (signature or thumbprint)" in text
    assert [e.entity_id for e in _accesses(fund, "payment voucher")] == [survivor]
    fund.finance.do(confirm_payment, key, "TX-1")
    checked = verify_file(fund.finance, out)
    assert not checked.matches  # it now says "paid": the printed voucher is out of date
    assert any("differs" in f for f in checked.findings)


def test_no_voucher_before_release(fund: Office, tmp_path: Path) -> None:
    fund.fund("10000", USD)
    fund.approved("1000", person=next_person())
    batch = fund.finance.do(
        build_batch, USD, Channel.BANK_TRANSFER, due_by=today_in_cambodia() + timedelta(days=31)
    )
    with pytest.raises(RuleViolation, match="only for a released or paid payment"):
        export_payee_document(
            fund.finance, payment_voucher, batch.payments[0].key, REASON, tmp_path / "v.pdf"
        )


def test_a_statement_balances_its_lines(fund: Office, tmp_path: Path) -> None:
    survivor, key = fund.released_payment()
    fund.finance.do(confirm_payment, key, "TX-2")
    out = tmp_path / "statement.pdf"

    export_payee_document(fund.approver, statement_document, survivor, REASON, out)

    text = pdf_page_text(out)
    assert "Balance (USD)" in text and "0.00 USD" in text
    assert [e.entity_id for e in _accesses(fund, "survivor statement")] == [survivor]
    assert verify_file(fund.approver, out).matches


def test_the_command_line_writes_a_letter(fund: Office, tmp_path: Path) -> None:
    _, application, _ = _minor_with_award(fund, instalments=1)
    cli = Cli(tmp_path / "home")
    url = fund.database.url.render_as_string(hide_password=False)
    login = fund.fund_officer.actor.login
    out = tmp_path / "letter.pdf"
    common = ("--db", url, "--user", login)
    made = cli("document", "award-letter", application, "--reason", REASON, "--out", str(out),
               *common, "--json", password=PASSWORD)  # fmt: skip
    assert made.code == 0, made.stderr
    assert made.json()["kind"] == "award letter" and out.exists()
    missing = cli("document", "award-letter", application, "--out", str(out), *common,
                  password=PASSWORD)  # fmt: skip
    assert missing.code == 2 and "--reason" in missing.stderr
