"""A range of whole days in Cambodia's time, as an export is asked for it and records it.

Either end may be open. The range is kept in an export's manifest as ``from`` and
``to`` (ISO dates), so that checking the export later reads back the same days.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from compfund.clock import CAMBODIA, parse_date
from compfund.errors import InvalidInput


def check_days(first: date | None, last: date | None) -> None:
    """Refuse a range that ends before it starts."""
    if first and last and first > last:
        raise InvalidInput(f"The range starts on {first} after it ends on {last}.")


@dataclass(frozen=True, slots=True)
class DayRange:
    """From ``first`` to ``last``, inclusive days in Cambodia's time."""

    first: date | None = None
    last: date | None = None

    def __post_init__(self) -> None:
        check_days(self.first, self.last)

    def parameters(self) -> tuple[tuple[str, str], ...]:
        """The ends that are set, as an export's manifest keeps them."""
        found = (
            ("from", self.first.isoformat() if self.first else None),
            ("to", self.last.isoformat() if self.last else None),
        )
        return tuple((key, value) for key, value in found if value)

    def bounds(self) -> tuple[datetime, datetime]:
        """UTC moments from the start of ``first`` to the end of ``last``."""
        start = datetime.combine(self.first or date(1900, 1, 1), time.min, CAMBODIA)
        after = (self.last or date(9998, 12, 30)) + timedelta(days=1)
        end = datetime.combine(after, time.min, CAMBODIA)
        return start.astimezone(UTC), end.astimezone(UTC)

    @classmethod
    def parse(cls, first: str | None = None, last: str | None = None) -> DayRange:
        """Days as typed (YYYY-MM-DD); an empty end is open."""
        return cls(
            parse_date(first, "from date") if first else None,
            parse_date(last, "to date") if last else None,
        )

    @classmethod
    def from_parameters(cls, parameters: Mapping[str, str]) -> DayRange:
        return cls.parse(parameters.get("from"), parameters.get("to"))
