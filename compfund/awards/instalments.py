"""Instalments: an award paid as a lump sum or N monthly parts that sum exactly to it."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from compfund.errors import InvalidInput
from compfund.money import Money

MAX_INSTALMENTS = 24


@dataclass(frozen=True, slots=True)
class PlannedInstalment:
    seq: int
    due_on: date
    amount: Money


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day when it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def check_count(count: int, amount: Money | None = None) -> None:
    if not 1 <= count <= MAX_INSTALMENTS:
        raise InvalidInput(
            f"An award is paid as a lump sum (1) or in up to {MAX_INSTALMENTS} monthly "
            f"instalments, not {count}."
        )
    if amount is not None and 0 < amount.minor < count:
        raise InvalidInput(f"{amount} is too small to pay in {count} instalments.")


def plan(amount: Money, count: int, first_due: date) -> list[PlannedInstalment]:
    """``count`` monthly instalments from ``first_due`` that differ by at most one minor unit
    (the larger ones first) and sum exactly to ``amount``."""
    check_count(count, amount)
    return [
        PlannedInstalment(i + 1, add_months(first_due, i), part)
        for i, part in enumerate(amount.split(count))
    ]
