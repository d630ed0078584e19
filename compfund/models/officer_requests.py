"""Officer role requests: rights that take effect only when a second officer confirms."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from compfund.enums import OfficerRequestKind, OfficerRequestOutcome
from compfund.models.base import Base, UTCDateTime, stored, unique_where
from compfund.permissions import Role


class OfficerRoleRequest(Base):
    """An administrator proposes a new officer with approver, finance officer or
    administrator rights, or another role for an officer; another administrator, or an
    approver, confirms or refuses it (never the proposer, never the officer it names).
    Kept after the decision: the auditors' list of who gave whom which rights."""

    __tablename__ = "officer_role_requests"
    __table_args__ = (
        CheckConstraint(
            "role <> 'caseworker' OR province_code IS NOT NULL", name="caseworker_has_province"
        ),
        CheckConstraint(
            "(outcome IS NULL AND decided_by IS NULL AND decided_at IS NULL) OR "
            "(outcome IS NOT NULL AND decided_by IS NOT NULL AND decided_at IS NOT NULL)",
            name="decided_in_full",
        ),
        CheckConstraint(
            "decided_by IS NULL OR (decided_by <> proposed_by AND decided_by <> login)",
            name="four_eyes",
        ),
        CheckConstraint("outcome <> 'refused' OR reason IS NOT NULL", name="refused_with_reason"),
        # one undecided request per officer; an officer is proposed as new only once
        unique_where("uq_officer_role_requests_pending", "login", "outcome IS NULL"),
        unique_where("uq_officer_role_requests_new_officer", "login", "kind = 'new_officer'"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    login: Mapped[str] = mapped_column(ForeignKey("users.login"), index=True)
    kind: Mapped[OfficerRequestKind] = mapped_column(stored(OfficerRequestKind, "kind"))
    from_role: Mapped[Role | None] = mapped_column(stored(Role, "from_role"))
    role: Mapped[Role] = mapped_column(stored(Role, "role"))
    province_code: Mapped[str | None] = mapped_column(ForeignKey("provinces.code"))
    proposed_by: Mapped[str] = mapped_column(String(63))
    proposed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    decided_by: Mapped[str | None] = mapped_column(String(63))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    outcome: Mapped[OfficerRequestOutcome | None] = mapped_column(
        stored(OfficerRequestOutcome, "outcome")
    )
    reason: Mapped[str | None] = mapped_column(Text)
