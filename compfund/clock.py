"""Time: stored in UTC, shown and reasoned about in Cambodia's time (Asia/Phnom_Penh)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from compfund.errors import InvalidInput

CAMBODIA = ZoneInfo("Asia/Phnom_Penh")


def utc_now() -> datetime:
    return datetime.now(UTC)


def today_in_cambodia() -> date:
    return utc_now().astimezone(CAMBODIA).date()


def as_utc(moment: datetime) -> datetime:
    """A stored timestamp as an aware UTC datetime (SQLite hands back naive values)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def in_cambodia(moment: datetime) -> datetime:
    return as_utc(moment).astimezone(CAMBODIA)


def parse_date(text: str, what: str = "date") -> date:
    """Parse an ISO 8601 date (YYYY-MM-DD), refusing anything else with a clear message."""
    try:
        return date.fromisoformat(text.strip())
    except (ValueError, AttributeError):
        raise InvalidInput(
            f"The {what} {text!r} is not a date: write it as YYYY-MM-DD, e.g. 2026-03-31."
        ) from None
