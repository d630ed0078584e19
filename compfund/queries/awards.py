"""What the window needs of awards, without reaching into compfund.models.

The window recommends, approves, rejects and shows awards through the services of
``compfund.awards``; the enums it needs (heads of loss, award statuses) are in
``compfund.enums``, which it imports directly.
"""

from __future__ import annotations

from compfund.actor import Actor
from compfund.awards.from_eligibility import claimed_heads
from compfund.awards.instalments import MAX_INSTALMENTS
from compfund.db.uow import UnitOfWork
from compfund.enums import HeadOfLoss
from compfund.money import Money
from compfund.permissions import Action
from compfund.service import application_in_scope, service


@service(Action.VIEW_CASES, writes=False)
def claimed_losses(
    application_code: str, *, actor: Actor, uow: UnitOfWork
) -> dict[HeadOfLoss, Money]:
    """What the application claims under each head of loss (what an assessment starts from)."""
    return claimed_heads(uow, application_in_scope(uow, actor, application_code))


__all__ = [
    "MAX_INSTALMENTS",
    "claimed_losses",
]
