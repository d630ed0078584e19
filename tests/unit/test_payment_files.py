"""Payment keys, the instruction file (safe for spreadsheets) and reading statements."""

import csv
import io

import pytest

from compfund.codes import new_payment_key, parse_payment_key
from compfund.disbursements.instruction_file import InstructionLine, instruction_csv, safe_cell
from compfund.disbursements.reconciliation import comparable, read_statement
from compfund.enums import Channel
from compfund.errors import InvalidInput
from compfund.money import Currency, Money


def test_a_payment_key_is_checked_before_any_look_up() -> None:
    key = new_payment_key()
    assert parse_payment_key(key.lower().replace("-", " - ")) == key
    wrong = key[:-1] + ("0" if key[-1] != "0" else "1")
    with pytest.raises(InvalidInput, match="typing mistake"):
        parse_payment_key(wrong)
    with pytest.raises(InvalidInput, match="not a payment key"):
        parse_payment_key("APP-2026-048172")


@pytest.mark.parametrize("danger", ["=HYPERLINK(1)", "+1", "-1+2", "@SUM(A1)", "\tx", "\rx"])
def test_cells_a_spreadsheet_would_run_are_quoted(danger: str) -> None:
    assert safe_cell(danger) == "'" + danger
    assert safe_cell("Sok Sokha") == "Sok Sokha"


def test_the_instruction_file_carries_each_key_and_no_formula() -> None:
    line = InstructionLine(
        "PAY-AAAA-BBBB-CCCC-DDDD",
        "SV-7K3Q-9M2X",
        "=cmd|' /C calc'!A0",
        Channel.MOBILE_MONEY,
        "Wing",
        "+855 12 345 678",
        Money.of("125000", Currency.KHR),
    )
    rows = list(csv.reader(io.StringIO(instruction_csv([line]))))
    assert rows[0][:3] == ["line", "key", "survivor"]
    assert rows[1][1] == "PAY-AAAA-BBBB-CCCC-DDDD"
    assert rows[1][3].startswith("'=") and rows[1][6].startswith("'+")
    assert rows[1][7:] == ["125000.00", "KHR"]


def test_a_statement_needs_its_columns_and_keeps_row_numbers() -> None:
    with pytest.raises(InvalidInput, match="no column payee"):
        read_statement(b"key,amount,currency\n")
    lines = read_statement(
        "\ufeffKey,Amount,Currency,Payee,Reference\n"
        "pay-aaaa-bbbb-cccc-dddd,12.5,usd,012 345 678,R1\n\n"
        "X,not money,USD,y,\n".encode()
    )
    assert [(ln.row, ln.currency, ln.reference) for ln in lines] == [
        (2, "USD", "R1"),
        (4, "USD", ""),
    ]
    assert lines[0].amount == Money.of("12.50", Currency.USD) and lines[1].amount is None
    assert comparable("012-345 678") == comparable("012345678")
