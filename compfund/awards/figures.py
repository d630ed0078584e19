"""Working out an award's figures from the database: the award policy, the eligibility
policy's interim grant and cap per survivor, what was claimed, the survivor's position
and the one exchange rate needed, fed to the pure calculation.

A head claimed in the other currency is converted at the award's one recorded rate, as
the policy's figures and the deductions are; with no rate recorded, the award is refused
until a finance officer records one. An assessment above what was claimed is allowed
only up to the claim (the fund never awards more than the survivor asked for under a
head; the award keeps claimed, assessed, cap and allowed side by side for the approver).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from compfund.awards.award_policy import AwardPolicyView
from compfund.awards.calculation import Calculation, HeadAssessment, calculate, in_currency
from compfund.awards.from_eligibility import GrantAndCap
from compfund.awards.survivor_position import survivor_position
from compfund.db.uow import UnitOfWork
from compfund.enums import AwardKind, DeductionKind, HeadOfLoss, PolicyLimit
from compfund.errors import InvalidInput
from compfund.ledger.exchange import RateUsed, rate_on
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
    grant_and_cap: GrantAndCap,
    kind: AwardKind,
    currency: Currency,
    assessed: dict[HeadOfLoss, Money],
    claimed: dict[HeadOfLoss, Money],
    survivor_id: int,
    day: date,
    excluding: int | None = None,
    rate: Decimal | None = None,
) -> Figures:
    """The award's figures. ``grant_and_cap`` is in ``currency``; ``claimed`` in the claim's
    currencies. Without ``rate``, a rate is looked up only if the policy, the claim or the
    survivor's position needs one; with it (re-checking a recommendation), it is reused."""
    position = survivor_position(uow, survivor_id, excluding)
    used: RateUsed | None = None
    claim_currencies = {claimed[h].currency for h in assessed if h in claimed}
    needs_rate = not policy.prices(currency) or bool(
        (position.currencies() | claim_currencies) - {currency}
    )
    if needs_rate and rate is None:
        used = rate_on(uow, other(currency), currency, day)
        rate = used.rate
    threshold = policy.figure(PolicyLimit.TWO_APPROVERS_ABOVE, currency, rate)
    if kind is AwardKind.INTERIM_GRANT:
        if assessed:
            raise InvalidInput("An interim grant is the policy's fixed amount: assess no heads.")
        grant = grant_and_cap.interim_grant
        calc = Calculation(currency, (), grant, grant, Money.zero(currency), grant, (), grant)
        return Figures(calc, threshold, rate, used)
    if not assessed or all(m.is_zero() for m in assessed.values()):
        raise InvalidInput("Assess at least one head of loss for a compensation award.")
    for head, amount in assessed.items():
        if claimed and head not in claimed:
            heads_claimed = ", ".join(h.label for h in sorted(claimed))
            raise InvalidInput(
                f"The application claims nothing for {head.label}: assess only the heads "
                f"claimed ({heads_claimed})."
            )
        if amount.currency is not currency:
            raise InvalidInput(f"Assess {head.label} in the award's currency, {currency.value}.")
    heads = [
        HeadAssessment(
            head,
            amount,
            policy.head_cap(head, currency, rate),
            in_currency(claimed[head], currency, rate) if head in claimed else None,
        )
        for head, amount in sorted(assessed.items())
    ]
    awarded = Money.zero(currency)
    for money in position.awarded:
        awarded += in_currency(money, currency, rate)
    cap = grant_and_cap.survivor_cap
    sources = [
        s
        for s in position.sources
        if grant_and_cap.interim_deducted or s.kind is not DeductionKind.INTERIM_GRANT
    ]
    calc = calculate(currency, heads, cap, awarded, sources, rate)
    return Figures(calc, threshold, rate, used)
