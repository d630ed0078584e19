"""Four eyes: the officer who took the first step of a pair never takes the second.

Every pair the fund has is here, and every service asks this module:

- the workflow's steps whose row names ``not_by_who_set`` (``compfund.workflow``): whoever
  last moved the application into one of those statuses may not take the step (an
  award is approved or rejected by someone other than who recommended it; a review is
  decided by someone other than who made the decision under review);
- the pairs outside the application's workflow, in ``PAIRS``: the second approval of an
  award above the threshold, releasing a payment batch, confirming a period's close,
  approving an erasure, confirming a change of a payee's details.

On the shared PostgreSQL database a trigger holds the money pairs too, against the
connected role (``database_guard``): one test table runs the same cases against the
services and the triggers (tests/integration/test_four_eyes.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from compfund.actor import Actor
from compfund.db.uow import UnitOfWork
from compfund.enums import ApplicationStatus
from compfund.errors import PermissionDenied
from compfund.models import Application, StatusChange
from compfund.workflow import Transition, words


class FourEyesRequired(PermissionDenied):
    """The same officer may not take both steps of a four-eyes pair."""

    code = "four_eyes"


@dataclass(frozen=True, slots=True)
class Pair:
    """A first step and a second that another officer takes."""

    key: str
    first: str
    """What the first officer did, said to them: "built this batch"."""
    second: str
    """Who takes the second step instead: "another officer, an approver, releases it"."""
    database_guard: str | None = None
    """The PostgreSQL trigger that holds the same pair against the connected role."""

    def check(self, actor: Actor, first_taken_by: str | None) -> None:
        """Refuse ``actor`` if they took the first step (``first_taken_by``, a login)."""
        if first_taken_by is not None and actor.login == first_taken_by:
            raise FourEyesRequired(f"You {self.first}: {self.second}.", key=f"four_eyes.{self.key}")


AWARD_SECOND_APPROVAL = Pair(
    "award_second_approval",
    "already approved this award",
    "it needs a second, different approver",
    "trg_awards_four_eyes",
)
BATCH_RELEASE = Pair(
    "batch_release",
    "built this batch",
    "another officer, an approver, releases it",
    "trg_payment_batches_four_eyes",
)
PERIOD_CLOSE = Pair(
    "period_close",
    "asked to close this period",
    "another officer, an approver, confirms it",
)
ERASURE = Pair(
    "erasure",
    "asked for this erasure",
    "another officer, an approver, approves it",
    "trg_erasure_requests_four_eyes",
)
PAYEE_CHANGE = Pair(
    "payee_change",
    "proposed this payee change",
    "another officer, a finance officer, confirms it",
)
"""On PostgreSQL the database holds it too: a change is confirmed only through
compfund_payee_confirm, which refuses its proposer (0006_payee_changes)."""
PAIRS = (AWARD_SECOND_APPROVAL, BATCH_RELEASE, PERIOD_CLOSE, ERASURE, PAYEE_CHANGE)


def last_change_into(
    uow: UnitOfWork, application: Application, statuses: tuple[ApplicationStatus, ...]
) -> StatusChange | None:
    """The latest step that moved ``application`` into one of ``statuses``."""
    return uow.session.execute(
        select(StatusChange)
        .where(
            StatusChange.application_id == application.id,
            StatusChange.to_status.in_(statuses),
        )
        .order_by(StatusChange.id.desc())
        .limit(1)
    ).scalar_one_or_none()


def check_step(uow: UnitOfWork, actor: Actor, application: Application, row: Transition) -> None:
    """The workflow's four eyes for ``row``: refused to whoever moved the application into
    one of the row's ``not_by_who_set`` statuses."""
    if not row.not_by_who_set:
        return
    earlier = last_change_into(uow, application, row.not_by_who_set)
    if earlier is not None and earlier.actor_id == actor.user_id:
        raise FourEyesRequired(
            f"Four eyes: you made {application.code} {words(earlier.to_status)}, so another "
            f"officer must {row.step.value}.",
            key="four_eyes.workflow",
            params={"step": row.step.value, "status": earlier.to_status.value},
        )
