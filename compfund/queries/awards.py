"""What the window needs of awards, without reaching into compfund.models.

The window recommends, approves, rejects and shows awards through the services of
``compfund.awards``; the heads of loss it asks an assessment for, and the statuses of an
award, are the models' enums, re-exported here like ``compfund.queries.applications``
re-exports the application's.
"""

from __future__ import annotations

from compfund.awards.award_decision import MIN_REASON as MIN_REJECT_REASON
from compfund.awards.instalments import MAX_INSTALMENTS
from compfund.models.awards import AwardKind, AwardStatus
from compfund.models.enums import HeadOfLoss

__all__ = ["MAX_INSTALMENTS", "MIN_REJECT_REASON", "AwardKind", "AwardStatus", "HeadOfLoss"]
