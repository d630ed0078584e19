"""Eligibility: policy versions, decisions with each rule's result, overrides, time-limit
extensions and information requests back to the caseworker."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
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

from compfund.enums import EligibilityOutcome, RuleResult
from compfund.models.base import Base, UTCDateTime, stored
from compfund.money import Currency, Money


class PolicyVersion(Base):
    """The fund's eligibility policy from ``effective_from`` until the next version.

    Once a decision has used a version it can no longer be changed, only superseded (the
    service refuses, and a database trigger refuses even a raw UPDATE or DELETE)."""

    __tablename__ = "policy_versions"
    __table_args__ = (
        CheckConstraint("time_limit_days > 0", name="time_limit_positive"),
        CheckConstraint("minor_time_limit_days >= time_limit_days", name="minor_limit_longer"),
        CheckConstraint("review_window_days > 0", name="review_window_positive"),
        CheckConstraint("information_due_days > 0", name="information_due_positive"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    effective_from: Mapped[date] = mapped_column(Date, unique=True)
    time_limit_days: Mapped[int] = mapped_column(Integer)
    minor_time_limit_days: Mapped[int] = mapped_column(Integer)
    review_window_days: Mapped[int] = mapped_column(Integer)
    information_due_days: Mapped[int] = mapped_column(Integer)
    accepted_authorities: Mapped[list[str]] = mapped_column(JSON)
    identity_documents: Mapped[list[str]] = mapped_column(JSON)
    interim_deducted_from_award: Mapped[bool] = mapped_column(Boolean)
    deduct_only_what_was_paid: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    amounts: Mapped[list[PolicyAmount]] = relationship(
        back_populates="policy_version",
        cascade="all, delete-orphan",
        order_by="PolicyAmount.currency",
    )


class PolicyAmount(Base):
    """A policy version's amounts in one currency: the interim grant and the overall cap
    per survivor."""

    __tablename__ = "policy_amounts"
    __table_args__ = (
        UniqueConstraint("policy_version_id", "currency"),
        CheckConstraint("interim_grant_minor >= 0", name="interim_not_negative"),
        CheckConstraint("award_cap_minor >= interim_grant_minor", name="cap_covers_interim"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    policy_version_id: Mapped[int] = mapped_column(ForeignKey("policy_versions.id"))
    currency: Mapped[Currency] = mapped_column(stored(Currency, "currency"))
    interim_grant_minor: Mapped[int] = mapped_column(BigInteger)
    award_cap_minor: Mapped[int] = mapped_column(BigInteger)

    policy_version: Mapped[PolicyVersion] = relationship(back_populates="amounts")

    @property
    def interim_grant(self) -> Money:
        return Money(self.interim_grant_minor, self.currency)

    @property
    def award_cap(self) -> Money:
        return Money(self.award_cap_minor, self.currency)


class EligibilityDecision(Base):
    """One run of the eligibility rules on an application, with the policy it used."""

    __tablename__ = "eligibility_decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    policy_version_id: Mapped[int] = mapped_column(ForeignKey("policy_versions.id"), index=True)
    outcome: Mapped[EligibilityOutcome] = mapped_column(
        stored(EligibilityOutcome, "eligibility_outcome")
    )
    decided_on: Mapped[date] = mapped_column(Date)  # Cambodia's date: the rules' "today"
    decided_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime())

    rules: Mapped[list[DecisionRuleResult]] = relationship(
        order_by="DecisionRuleResult.id", cascade="all"
    )


class RuleOverride(Base):
    """A fund officer's decision to set a rule aside for one application, with a reason."""

    __tablename__ = "rule_overrides"
    __table_args__ = (UniqueConstraint("application_id", "rule"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"))
    rule: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(Text)
    granted_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime())


class DecisionRuleResult(Base):
    """One rule's result in a decision: its reason and the inputs it read (a snapshot)."""

    __tablename__ = "decision_rule_results"
    __table_args__ = (UniqueConstraint("decision_id", "rule"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("eligibility_decisions.id"))
    rule: Mapped[str] = mapped_column(String(40))
    result: Mapped[RuleResult] = mapped_column(stored(RuleResult, "rule_result"))
    reason: Mapped[str] = mapped_column(Text)
    inputs: Mapped[dict[str, Any]] = mapped_column(JSON)
    override_id: Mapped[int | None] = mapped_column(ForeignKey("rule_overrides.id"))


class TimeLimitExtension(Base):
    """Leave to apply after the policy's time limit, granted for a recorded reason."""

    __tablename__ = "time_limit_extensions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), unique=True)
    reason: Mapped[str] = mapped_column(Text)
    granted_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime())


class InformationRequest(Base):
    """A request for missing information, back to the caseworker, with a due date."""

    __tablename__ = "information_requests"
    __table_args__ = (
        CheckConstraint("(answered_at IS NULL) = (answer IS NULL)", name="answer_complete"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("eligibility_decisions.id"))
    asked: Mapped[str] = mapped_column(Text)
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime())
    due_on: Mapped[date] = mapped_column(Date, index=True)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    answer: Mapped[str | None] = mapped_column(Text)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
