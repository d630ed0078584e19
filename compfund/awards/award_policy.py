"""The award policy in force: caps per head of loss, the two-approver threshold and the
recovery order, with effective dates. The interim grant and the cap per survivor are not
here: they are the eligibility policy's (``compfund.eligibility_policy``, read through
``compfund.awards.from_eligibility.grant_and_cap``), the fund's one source for them.

A policy has a currency of its own and every figure in it; it may also give figures in
the other currency. An award in a currency the policy does not price is calculated with
the policy's figures converted at the finance officer's recorded rate for the day, and
the rate is kept with the award. Versions are never edited (a trigger refuses it): an
administrator adds a new version from a later date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from compfund.actor import Actor
from compfund.clock import today_in_cambodia, utc_now
from compfund.db.uow import UnitOfWork
from compfund.enums import HeadOfLoss, PolicyLimit, RecoveryOrder
from compfund.errors import InvalidInput, RuleViolation
from compfund.models import AwardPolicy, AwardPolicyAmount
from compfund.money import Currency, Money
from compfund.permissions import Action
from compfund.service import service


@dataclass(frozen=True, slots=True)
class AwardPolicyView:
    id: int
    name: str
    effective_from: date
    currency: Currency
    recovery_order: RecoveryOrder
    amounts: dict[tuple[Currency, PolicyLimit], Money]

    def prices(self, currency: Currency) -> bool:
        """True when the policy gives every figure in ``currency`` itself."""
        return all((currency, limit) in self.amounts for limit in PolicyLimit)

    def figure(self, limit: PolicyLimit, currency: Currency, rate: Decimal | None) -> Money:
        """The figure in ``currency``: the policy's own if it has one, else its figure in
        the policy's currency times ``rate`` (units of ``currency`` per policy unit)."""
        own = self.amounts.get((currency, limit))
        if own is not None:
            return own
        if rate is None:
            raise RuleViolation(
                f"The award policy gives no {limit.value.replace('_', ' ')} in "
                f"{currency.value} and no exchange rate was given to convert it."
            )
        base = self.amounts[(self.currency, limit)]
        return Money(base.minor, currency).times(rate)

    def head_cap(self, head: HeadOfLoss, currency: Currency, rate: Decimal | None) -> Money:
        return self.figure(PolicyLimit(head.value), currency, rate)

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "name": self.name,
            "effective_from": self.effective_from.isoformat(),
            "currency": self.currency.value,
            "recovery_order": self.recovery_order.value,
            "amounts": [
                {"limit": limit.value, **money.to_json()}
                for (_cur, limit), money in sorted(self.amounts.items())
            ],
        }


def _view(policy: AwardPolicy) -> AwardPolicyView:
    return AwardPolicyView(
        policy.id,
        policy.name,
        policy.effective_from,
        policy.currency,
        policy.recovery_order,
        {(a.currency, a.limit_name): Money(a.amount_minor, a.currency) for a in policy.amounts},
    )


def award_policy_on(uow: UnitOfWork, day: date) -> AwardPolicyView:
    """The award policy in force on ``day``."""
    policy = uow.session.execute(
        select(AwardPolicy)
        .where(AwardPolicy.effective_from <= day)
        .order_by(AwardPolicy.effective_from.desc())
        .limit(1)
    ).scalar_one_or_none()
    if policy is None:
        raise RuleViolation(f"No award policy is in force on {day}: an administrator sets one.")
    return _view(policy)


def award_policy_by_id(uow: UnitOfWork, policy_id: int) -> AwardPolicyView:
    policy = uow.session.get(AwardPolicy, policy_id)
    assert policy is not None
    return _view(policy)


@service(Action.SET_POLICY, writes=True)
def set_award_policy(
    name: str,
    effective_from: date,
    currency: Currency,
    amounts: dict[tuple[Currency, PolicyLimit], Money],
    *,
    recovery_order: RecoveryOrder = RecoveryOrder.VICTIM_FIRST,
    note: str = "",
    actor: Actor,
    uow: UnitOfWork,
) -> AwardPolicyView:
    """Add a policy version from ``effective_from``. Every figure is needed in the policy's
    own currency; figures in the other currency are optional (else converted)."""
    if not name.strip():
        raise InvalidInput("Name the award policy version.")
    missing = [limit.value for limit in PolicyLimit if (currency, limit) not in amounts]
    if missing:
        raise InvalidInput(
            f"The policy needs every figure in {currency.value}; missing: {', '.join(missing)}."
        )
    for (cur, limit), money in amounts.items():
        if money.currency is not cur or money.is_negative():
            raise InvalidInput(f"The {limit.value} in {cur.value} must be a positive {cur.value}.")
    taken = uow.session.execute(
        select(AwardPolicy.id).where(AwardPolicy.effective_from >= effective_from)
    ).first()
    if taken is not None:
        raise RuleViolation(
            f"A policy version already starts on or after {effective_from}: a new version "
            "starts after the latest one."
        )
    policy = AwardPolicy(
        name=name.strip(),
        effective_from=effective_from,
        currency=currency,
        recovery_order=recovery_order,
        note=note.strip(),
        created_by=actor.login,
        created_at=utc_now(),
    )
    uow.session.add(policy)
    uow.session.flush()
    for (cur, limit), money in sorted(amounts.items()):
        uow.session.add(
            AwardPolicyAmount(
                award_policy_id=policy.id, currency=cur, limit_name=limit, amount_minor=money.minor
            )
        )
    uow.session.flush()
    uow.session.refresh(policy)
    return _view(policy)


@service(Action.VIEW_MONEY, writes=False)
def current_award_policy(
    *, actor: Actor, uow: UnitOfWork, on: date | None = None
) -> AwardPolicyView:
    return award_policy_on(uow, on or today_in_cambodia())
