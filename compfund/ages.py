"""A survivor's age on a given day, and the age of majority."""

from __future__ import annotations

from datetime import date

ADULT_AGE = 18


def age_on(day: date, date_of_birth: date | None, birth_year: int | None) -> int:
    """Age in whole years on ``day`` (from the estimated year alone when that is all we have)."""
    if date_of_birth is not None:
        before_birthday = (day.month, day.day) < (date_of_birth.month, date_of_birth.day)
        return day.year - date_of_birth.year - (1 if before_birthday else 0)
    assert birth_year is not None
    return day.year - birth_year
