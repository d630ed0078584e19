"""Calculating an award: pure arithmetic on Money, no database.

1. each head of loss: the officer's assessment, never above the claim (when one was
   recorded) nor above the head's cap;
2. the heads together, never above what is left of the cap per survivor after the
   survivor's other compensation awards;
3. then deductions, in order: interim grants already approved (deducted from the final
   award), then compensation the survivor has actually received from other sources,
   oldest first. A deduction uses only as much of its source as the award can absorb;
   what is left of the source stays for a later award. Nothing merely ordered by a court
   is ever a source.

A source in the other currency is converted at the award's one recorded rate.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from compfund.enums import DeductionKind, HeadOfLoss
from compfund.errors import InvalidInput
from compfund.money import Currency, Money


@dataclass(frozen=True, slots=True)
class HeadAssessment:
    head: HeadOfLoss
    assessed: Money
    cap: Money
    claimed: Money | None = None

    @property
    def allowed(self) -> Money:
        ceiling = self.cap if self.claimed is None else min(self.cap, self.claimed)
        return min(self.assessed, ceiling)


@dataclass(frozen=True, slots=True)
class DeductionSource:
    """Something that may be deducted: what is left of it, in its own currency."""

    kind: DeductionKind
    source_id: int
    remaining: Money


@dataclass(frozen=True, slots=True)
class Deduction:
    kind: DeductionKind
    source_id: int
    source_used: Money  # in the source's currency
    deducted: Money  # in the award's currency


@dataclass(frozen=True, slots=True)
class Calculation:
    currency: Currency
    heads: tuple[HeadAssessment, ...]
    heads_total: Money
    survivor_cap: Money
    already_awarded: Money
    gross: Money
    deductions: tuple[Deduction, ...]
    amount: Money

    @property
    def deducted(self) -> Money:
        total = Money.zero(self.currency)
        for d in self.deductions:
            total += d.deducted
        return total


def in_currency(amount: Money, currency: Currency, rate: Decimal | None) -> Money:
    """``amount`` in ``currency``; ``rate`` is units of ``currency`` per unit of the other."""
    if amount.currency is currency:
        return amount
    if rate is None:
        raise InvalidInput(f"{amount} needs an exchange rate to count in {currency.value}.")
    return Money(amount.minor, currency).times(rate)


def _back(amount: Money, currency: Currency, rate: Decimal | None) -> Money:
    """The inverse of ``in_currency``: ``amount`` (award currency) in the source's currency."""
    if amount.currency is currency:
        return amount
    assert rate is not None
    return Money(amount.minor, currency).times(Decimal(1) / rate)


def calculate(
    currency: Currency,
    heads: list[HeadAssessment],
    survivor_cap: Money,
    already_awarded: Money,
    sources: list[DeductionSource],
    rate: Decimal | None = None,
) -> Calculation:
    """The award in ``currency``. ``heads`` empty means an interim grant priced by the caller
    as a single head; ``already_awarded`` is the survivor's other compensation awards."""
    zero = Money.zero(currency)
    heads_total = zero
    for h in heads:
        if h.assessed.currency is not currency or h.cap.currency is not currency:
            raise InvalidInput(f"Assess every head of loss in the award's currency, {currency}.")
        if h.assessed.is_negative():
            raise InvalidInput(f"The amount assessed for {h.head.label} cannot be negative.")
        heads_total += h.allowed
    room = max(survivor_cap - already_awarded, zero)
    gross = min(heads_total, room)
    left = gross
    deductions: list[Deduction] = []
    for source in sources:
        if left.is_zero():
            break
        if source.remaining.minor <= 0:
            continue
        worth = in_currency(source.remaining, currency, rate)
        if worth <= left:
            used, deducted = source.remaining, worth
        else:
            used = min(_back(left, source.remaining.currency, rate), source.remaining)
            deducted = left
        if deducted.is_zero():
            continue
        deductions.append(Deduction(source.kind, source.source_id, used, deducted))
        left -= deducted
    return Calculation(
        currency,
        tuple(heads),
        heads_total,
        survivor_cap,
        already_awarded,
        gross,
        tuple(deductions),
        left,
    )
