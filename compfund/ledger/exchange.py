"""Exchange rates (kept by the finance officer) and currency exchange through clearing.

A rate says how many units of the quote currency one unit of the base buys, on a date,
from a named source. Converting uses the latest rate on or before the day, rounds half
to even to whole minor units, and reports the rate used so it can be recorded.

An exchange takes only money the fund holds free: its bank balance in the currency less
what built payment batches wait to pay. It is checked before the entry is posted, and
again after, while the journal is locked to the commit, so two desks exchanging at once
cannot both take the same money.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from sqlalchemy import select

from compfund.actor import Actor
from compfund.clock import today_in_cambodia, utc_now
from compfund.db.uow import UnitOfWork
from compfund.errors import InvalidInput, RuleViolation
from compfund.ledger.accounts import AccountKind
from compfund.ledger.balances import committed_to_batches, fund_available
from compfund.ledger.journal import Line, post
from compfund.ledger.sign_rules import FundShortfall
from compfund.models import ExchangeRate
from compfund.money import Currency, Money
from compfund.permissions import Action
from compfund.service import service


@dataclass(frozen=True, slots=True)
class RateUsed:
    rate_id: int
    rate_date: date
    base: Currency
    quote: Currency
    rate: Decimal
    source: str


def _parse_rate(text: str) -> Decimal:
    try:
        rate = Decimal(text.strip())
    except (InvalidOperation, AttributeError):
        raise InvalidInput(f"{text!r} is not an exchange rate (e.g. 4100 or 0.000244).") from None
    if not rate.is_finite() or rate <= 0:
        raise InvalidInput("An exchange rate must be a positive number.")
    return rate


@service(Action.SET_RATES, writes=True)
def set_rate(
    rate_date: date,
    base: Currency,
    quote: Currency,
    rate: str,
    source: str,
    *,
    actor: Actor,
    uow: UnitOfWork,
) -> RateUsed:
    if base is quote:
        raise InvalidInput("A rate needs two different currencies.")
    if not source.strip():
        raise InvalidInput("Name the rate's source (e.g. National Bank of Cambodia official rate).")
    value = _parse_rate(rate)
    row = ExchangeRate(
        rate_date=rate_date,
        base=base,
        quote=quote,
        rate=str(value),
        source=source.strip(),
        recorded_by=actor.login,
        recorded_at=utc_now(),
    )
    uow.session.add(row)
    uow.session.flush()
    return RateUsed(row.id, rate_date, base, quote, value, row.source)


def rate_on(uow: UnitOfWork, base: Currency, quote: Currency, day: date) -> RateUsed:
    """The latest recorded rate for base->quote (or its inverse) on or before ``day``."""
    for b, q, inverse in ((base, quote, False), (quote, base, True)):
        row = uow.session.execute(
            select(ExchangeRate)
            .where(ExchangeRate.base == b, ExchangeRate.quote == q, ExchangeRate.rate_date <= day)
            .order_by(ExchangeRate.rate_date.desc(), ExchangeRate.id.desc())
            .limit(1)
        ).scalar_one_or_none()
        if row is not None:
            value = Decimal(row.rate)
            return RateUsed(
                row.id,
                row.rate_date,
                base,
                quote,
                (Decimal(1) / value) if inverse else value,
                row.source,
            )
    raise RuleViolation(
        f"No {base.value}/{quote.value} exchange rate is recorded on or before {day}: "
        "a finance officer records one first."
    )


def convert(uow: UnitOfWork, amount: Money, to: Currency, day: date) -> tuple[Money, RateUsed]:
    """``amount`` in currency ``to`` at the recorded rate for ``day``."""
    if amount.currency is to:
        raise InvalidInput("No conversion needed: the amount is already in that currency.")
    used = rate_on(uow, amount.currency, to, day)
    return Money(amount.minor, to).times(used.rate), used


def refuse_overdraft(uow: UnitOfWork, amount: Money, *, posted: bool = False) -> None:
    """Refuse an exchange of ``amount`` the fund does not hold free (``posted``: the
    exchange's own entry is already in the balance)."""
    currency = amount.currency
    bank = fund_available(uow, currency) + (amount if posted else Money.zero(currency))
    committed = committed_to_batches(uow, currency)
    free = bank - committed
    if amount <= free:
        return
    held = f"The fund's {currency.value} bank account holds {bank}"
    if committed.is_zero():
        raise FundShortfall(f"{held}; an exchange of {amount} would overdraw it.", amount - free)
    harm = "overdraw it" if amount > bank else f"leave those batches {amount - free} short"
    raise FundShortfall(
        f"{held}, {committed} of it for payment batches built and not yet released; "
        f"an exchange of {amount} would {harm}.",
        amount - free,
    )


@service(Action.SET_RATES, writes=True)
def exchange(
    amount: Money, to: Currency, memo: str, *, actor: Actor, uow: UnitOfWork, on: date | None = None
) -> tuple[int, Money, RateUsed]:
    """Change some of the fund's money into the other currency through exchange clearing."""
    day = on or today_in_cambodia()
    if amount.minor <= 0:
        raise InvalidInput("Exchange a positive amount.")
    got, used = convert(uow, amount, to, day)
    refuse_overdraft(uow, amount)
    entry = post(
        uow,
        kind="exchange",
        memo=f"{memo} ({amount} at {used.rate} {to.value}/{amount.currency.value}, "
        f"{used.source}, {used.rate_date})",
        entry_date=day,
        source=f"rate:{used.rate_id}",
        lines=[
            Line(AccountKind.FUND_BANK, -amount),
            Line(AccountKind.EXCHANGE_CLEARING, amount),
            Line(AccountKind.EXCHANGE_CLEARING, -got),
            Line(AccountKind.FUND_BANK, got),
        ],
    )
    # The journal is locked from here to the commit: this balance is the final word.
    refuse_overdraft(uow, amount, posted=True)
    return entry, got, used
