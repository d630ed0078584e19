"""Working out an award's figures from the database: the policy, the survivor's position and
the one exchange rate needed, fed to the pure calculation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from compfund.awards.calculation import Calculation, HeadAssessment, calculate, in_currency
from compfund.awards.policy import AwardPolicyView
from compfund.awards.survivor_position import survivor_position
from compfund.db.uow import UnitOfWork
from compfund.errors import InvalidInput
from compfund.ledger.exchange import RateUsed, rate_on
from compfund.models.awards import AwardKind, PolicyLimit
from compfund.models.enums import HeadOfLoss
from compfund.money import Currency, Money


@dataclass(frozen=True, slots=True)
class Figures:
    calculation: Calculation
    threshold: Money  # above it, two approvers
    rate: Decimal | None  # units of the award's currency per unit of the other
    rate_used: RateUsed | None


def other(currency: Currency) -> Currency:
    return next(c for c in Currency if c is not currency)


def work_out(
    uow: UnitOfWork,
    *,
    policy: AwardPolicyView,
    kind: AwardKind,
    currency: Currency,
    assessed: dict[HeadOfLoss, Money],
    claimed: dict[HeadOfLoss, Money],
    survivor_id: int,
    day: date,
    excluding: int | None = None,
    rate: Decimal | None = None,
) -> Figures:
    """The award's figures. Without ``rate``, a rate is looked up only if the policy or the
    survivor's position needs one; with it (re-checking a recommendation), it is reused."""
    position = survivor_position(uow, survivor_id, excluding)
    used: RateUsed | None = None
    needs_rate = not policy.prices(currency) or bool(position.currencies() - {currency})
    if needs_rate and rate is None:
        used = rate_on(uow, other(currency), currency, day)
        rate = used.rate
    threshold = policy.figure(PolicyLimit.TWO_APPROVERS_ABOVE, currency, rate)
    if kind is AwardKind.INTERIM_GRANT:
        if assessed:
            raise InvalidInput("An interim grant is the policy's fixed amount: assess no heads.")
        grant = policy.figure(PolicyLimit.INTERIM_GRANT, currency, rate)
        calc = Calculation(currency, (), grant, grant, Money.zero(currency), grant, (), grant)
        return Figures(calc, threshold, rate, used)
    if not assessed or all(m.is_zero() for m in assessed.values()):
        raise InvalidInput("Assess at least one head of loss for a compensation award.")
    for head, amount in assessed.items():
        if claimed and head not in claimed:
            raise InvalidInput(f"The application claims nothing for {head.label}.")
        if amount.currency is not currency:
            raise InvalidInput(f"Assess {head.label} in the award's currency, {currency.value}.")
    heads = [
        HeadAssessment(head, amount, policy.head_cap(head, currency, rate), claimed.get(head))
        for head, amount in sorted(assessed.items())
    ]
    awarded = Money.zero(currency)
    for money in position.awarded:
        awarded += in_currency(money, currency, rate)
    cap = policy.figure(PolicyLimit.SURVIVOR_CAP, currency, rate)
    calc = calculate(currency, heads, cap, awarded, list(position.sources), rate)
    return Figures(calc, threshold, rate, used)
