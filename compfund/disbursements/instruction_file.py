"""The instruction file a released batch sends to the bank or mobile-money provider (CSV).

One line per payment, each carrying the payment's idempotency key, so the provider's
statement can be matched back line by line and a line sent twice is paid once. Every text
cell is made safe for spreadsheets: a cell a spreadsheet would read as a formula (starting
with = + - @, a tab or a carriage return) is prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from compfund.enums import Channel
from compfund.money import Money

COLUMNS = (
    "line",
    "key",
    "survivor",
    "payee",
    "channel",
    "institution",
    "account",
    "amount",
    "currency",
)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    """``value`` as a spreadsheet will show it, never run it."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


@dataclass(frozen=True, slots=True)
class InstructionLine:
    key: str
    survivor_code: str
    payee_name: str
    channel: Channel
    institution: str | None
    account: str | None
    amount: Money


def instruction_csv(lines: list[InstructionLine]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for number, line in enumerate(lines, start=1):
        writer.writerow(
            [
                str(number),
                line.key,
                line.survivor_code,
                safe_cell(line.payee_name),
                line.channel.value,
                safe_cell(line.institution or ""),
                safe_cell(line.account or ""),
                line.amount.amount_text(),
                line.amount.currency.value,
            ]
        )
    return out.getvalue()


def file_name(batch_id: int, channel: Channel, currency: str) -> str:
    return f"compfund-batch-{batch_id}-{channel.value}-{currency}.csv"
