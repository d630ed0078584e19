"""Closing a ledger period (a calendar month): a finance officer asks, an approver confirms.

Once closed, no entry may be dated in the month: the services refuse it and so does the
database (a trigger on journal_entries), whoever writes. A correction is posted in an
open period as a reversal.
"""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select

from compfund.actor import Actor
from compfund.clock import today_in_cambodia, utc_now
from compfund.db.uow import UnitOfWork
from compfund.errors import InvalidInput, PermissionDenied, RuleViolation
from compfund.four_eyes import PERIOD_CLOSE
from compfund.models import LedgerPeriod
from compfund.permissions import Action, Role
from compfund.service import service

_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def parse_month(text: str) -> str:
    if not _MONTH.match(text.strip()):
        raise InvalidInput(f"{text!r} is not a month: write it as YYYY-MM, e.g. 2026-10.")
    return text.strip()


def _period(uow: UnitOfWork, month: str) -> LedgerPeriod:
    period = uow.session.get(LedgerPeriod, month)
    if period is None:
        period = LedgerPeriod(month=month)
        uow.session.add(period)
    return period


@service(Action.CLOSE_PERIOD, writes=True)
def request_close(month: str, *, actor: Actor, uow: UnitOfWork) -> None:
    """A finance officer asks to close a month that has ended."""
    month = parse_month(month)
    if actor.role is not Role.FINANCE_OFFICER:
        raise PermissionDenied("A finance officer asks for a period to be closed.")
    year, mon = (int(p) for p in month.split("-"))
    today = today_in_cambodia()
    if (year, mon) >= (today.year, today.month):
        raise RuleViolation(f"{month} has not ended yet; only a past month can be closed.")
    period = _period(uow, month)
    if period.closed_at is not None:
        raise RuleViolation(f"{month} is already closed.")
    period.close_requested_by = actor.login
    period.close_requested_at = utc_now()


@service(Action.CLOSE_PERIOD, writes=True)
def confirm_close(month: str, *, actor: Actor, uow: UnitOfWork) -> None:
    """An approver who did not ask for it closes the month."""
    month = parse_month(month)
    if actor.role is not Role.APPROVER:
        raise PermissionDenied("An approver confirms the closing of a period.")
    period = uow.session.get(LedgerPeriod, month)
    if period is None or period.close_requested_by is None:
        raise RuleViolation(f"Nobody has asked to close {month}: a finance officer asks first.")
    if period.closed_at is not None:
        raise RuleViolation(f"{month} is already closed.")
    PERIOD_CLOSE.check(actor, period.close_requested_by)
    period.closed_by = actor.login
    period.closed_at = utc_now()


@service(Action.VIEW_CASES, writes=False)
def closed_months(*, actor: Actor, uow: UnitOfWork) -> list[str]:
    rows = uow.session.execute(
        select(LedgerPeriod.month)
        .where(LedgerPeriod.closed_at.is_not(None))
        .order_by(LedgerPeriod.month)
    )
    return [str(m) for m in rows.scalars()]


def month_of(day: date) -> str:
    return f"{day:%Y-%m}"
