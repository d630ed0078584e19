"""Awards: the award policy, compensation awards by heads of loss, their deductions, and
compensation a survivor has actually received from other sources.

Amounts are integer minor units with their currency. An award's calculation is kept
with it (each head assessed, its cap, what was allowed; each deduction and its source;
the exchange rate used when the policy's currency differs), so the figure an approver
approves can be explained line by line later. Policies, heads, deductions and other
compensation records are append-only (triggers); an award changes only by its status
(recommended, awaiting a second approval, approved, rejected), guarded by its version.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from compfund.enums import (
    AwardKind,
    AwardStatus,
    DeductionKind,
    HeadOfLoss,
    OtherSource,
    Payee,
    PolicyLimit,
    RecoveryOrder,
)
from compfund.models.base import Base, UTCDateTime, stored, unique_where
from compfund.money import Currency, Money


class AwardPolicy(Base):
    """The award policy from ``effective_from`` until the next version; never changed. Its
    figures are the award's own (caps per head, the two-approver threshold) and the
    recovery order; the interim grant and the cap per survivor are the eligibility
    policy's."""

    __tablename__ = "award_policies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    effective_from: Mapped[date] = mapped_column(Date, unique=True)
    currency: Mapped[Currency] = mapped_column(stored(Currency, "currency"))
    recovery_order: Mapped[RecoveryOrder] = mapped_column(stored(RecoveryOrder, "recovery_order"))
    note: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(63))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    amounts: Mapped[list[AwardPolicyAmount]] = relationship(order_by="AwardPolicyAmount.id")


class AwardPolicyAmount(Base):
    """One figure of a policy in one currency. The policy's own currency has every figure;
    another currency may have its own, else the figure is converted at a recorded rate."""

    __tablename__ = "award_policy_amounts"
    __table_args__ = (
        UniqueConstraint("award_policy_id", "currency", "limit_name"),
        CheckConstraint("amount_minor >= 0", name="not_negative"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    award_policy_id: Mapped[int] = mapped_column(ForeignKey("award_policies.id"))
    currency: Mapped[Currency] = mapped_column(stored(Currency, "currency"))
    limit_name: Mapped[PolicyLimit] = mapped_column(stored(PolicyLimit, "policy_limit"))
    amount_minor: Mapped[int] = mapped_column(BigInteger)


class Award(Base):
    """The fund's decision on an amount for one application, in one currency."""

    __tablename__ = "awards"
    __table_args__ = (
        CheckConstraint("gross_minor >= 0 AND amount_minor >= 0", name="not_negative"),
        CheckConstraint("instalments BETWEEN 1 AND 24", name="instalments_1_to_24"),
        CheckConstraint(
            "first_approved_by IS NULL OR first_approved_by <> recommended_by",
            name="first_approver_not_recommender",
        ),
        CheckConstraint(
            "decided_by IS NULL OR (decided_by <> recommended_by "
            "AND (first_approved_by IS NULL OR decided_by <> first_approved_by))",
            name="decider_not_recommender_nor_first_approver",
        ),
        # One live award per application: a rejected one may be followed by another.
        unique_where("uq_awards_live_application", "application_id", "status <> 'rejected'"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    survivor_id: Mapped[int] = mapped_column(ForeignKey("survivors.id"), index=True)
    kind: Mapped[AwardKind] = mapped_column(stored(AwardKind, "award_kind"))
    status: Mapped[AwardStatus] = mapped_column(stored(AwardStatus, "award_status"), index=True)
    currency: Mapped[Currency] = mapped_column(stored(Currency, "currency"))
    award_policy_id: Mapped[int] = mapped_column(ForeignKey("award_policies.id"))
    # The eligibility policy version whose interim grant and cap per survivor the award
    # used; every award calculated records it (nullable: the column came after the first
    # awards, which took both figures from their award policy).
    policy_version_id: Mapped[int | None] = mapped_column(ForeignKey("policy_versions.id"))
    calculated_on: Mapped[date] = mapped_column(Date)
    rate_id: Mapped[int | None] = mapped_column(ForeignKey("exchange_rates.id"))
    rate: Mapped[str | None] = mapped_column(String(40))  # exact decimal, policy -> award
    gross_minor: Mapped[int] = mapped_column(BigInteger)  # after caps, before deductions
    amount_minor: Mapped[int] = mapped_column(BigInteger)  # what the fund owes: net
    two_approvers: Mapped[bool] = mapped_column(Boolean)
    payee: Mapped[Payee] = mapped_column(stored(Payee, "payee"))
    instalments: Mapped[int] = mapped_column(Integer)
    first_due_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    recommended_by: Mapped[str] = mapped_column(String(63))
    recommended_at: Mapped[datetime] = mapped_column(UTCDateTime())
    first_approved_by: Mapped[str | None] = mapped_column(String(63))
    first_approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_by: Mapped[str | None] = mapped_column(String(63))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decision_reason: Mapped[str | None] = mapped_column(Text)
    entry_seq: Mapped[int | None] = mapped_column(ForeignKey("journal_entries.chain_seq"))
    version: Mapped[int] = mapped_column(Integer)

    heads: Mapped[list[AwardHead]] = relationship(order_by="AwardHead.id")
    deductions: Mapped[list[AwardDeduction]] = relationship(
        order_by="AwardDeduction.id", foreign_keys="AwardDeduction.award_id"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def amount(self) -> Money:
        return Money(self.amount_minor, self.currency)

    @property
    def gross(self) -> Money:
        return Money(self.gross_minor, self.currency)


class AwardHead(Base):
    """One head of loss of an award: claimed (if a claim was recorded), assessed, capped."""

    __tablename__ = "award_heads"
    __table_args__ = (UniqueConstraint("award_id", "head"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    award_id: Mapped[int] = mapped_column(ForeignKey("awards.id"))
    head: Mapped[HeadOfLoss] = mapped_column(stored(HeadOfLoss, "head_of_loss"))
    claimed_minor: Mapped[int | None] = mapped_column(BigInteger)
    assessed_minor: Mapped[int] = mapped_column(BigInteger)
    cap_minor: Mapped[int] = mapped_column(BigInteger)
    allowed_minor: Mapped[int] = mapped_column(BigInteger)


class AwardDeduction(Base):
    """What an award deducts, and from which source (an interim grant award or a record of
    other compensation received), in the source's currency and in the award's."""

    __tablename__ = "award_deductions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    award_id: Mapped[int] = mapped_column(ForeignKey("awards.id"), index=True)
    kind: Mapped[DeductionKind] = mapped_column(stored(DeductionKind, "deduction_kind"))
    interim_award_id: Mapped[int | None] = mapped_column(ForeignKey("awards.id"))
    other_compensation_id: Mapped[int | None] = mapped_column(
        ForeignKey("other_compensation_received.id")
    )
    source_currency: Mapped[Currency] = mapped_column(stored(Currency, "currency"))
    source_minor: Mapped[int] = mapped_column(BigInteger)  # used up from the source
    deducted_minor: Mapped[int] = mapped_column(BigInteger)  # in the award's currency


class OtherCompensation(Base):
    """Compensation a survivor has actually received outside the fund (never what a court
    merely ordered). The enforcement work fills it from recoveries and settlements."""

    __tablename__ = "other_compensation_received"
    __table_args__ = (CheckConstraint("amount_minor > 0", name="positive"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    survivor_id: Mapped[int] = mapped_column(ForeignKey("survivors.id"), index=True)
    source: Mapped[OtherSource] = mapped_column(stored(OtherSource, "other_source"))
    reference: Mapped[str] = mapped_column(String(80))
    received_on: Mapped[date] = mapped_column(Date)
    currency: Mapped[Currency] = mapped_column(stored(Currency, "currency"))
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    recorded_by: Mapped[str] = mapped_column(String(63))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())

    @property
    def amount(self) -> Money:
        return Money(self.amount_minor, self.currency)
