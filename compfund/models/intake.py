"""What a caseworker records with an application: consent, the disclosure of money
already received, and the heads of loss a compensation award claim is made of."""

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

from compfund.enums import ConsentGiver, ConsentMethod, HeadOfLoss, Payer, Recipient
from compfund.models.base import Base, UTCDateTime, stored
from compfund.money import Currency, Money


class Consent(Base):
    """The survivor's (or a minor's guardian's) consent to an application; one per
    application. A withdrawal is recorded on the same row and stops processing."""

    __tablename__ = "consents"
    __table_args__ = (
        CheckConstraint(
            "(withdrawn_on IS NULL) = (withdrawal_method IS NULL)", name="withdrawal_complete"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), unique=True)
    given_by: Mapped[ConsentGiver] = mapped_column(stored(ConsentGiver, "consent_giver"))
    given_on: Mapped[date] = mapped_column(Date)
    method: Mapped[ConsentMethod] = mapped_column(stored(ConsentMethod, "consent_method"))
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    withdrawn_on: Mapped[date | None] = mapped_column(Date)
    withdrawal_method: Mapped[ConsentMethod | None] = mapped_column(
        stored(ConsentMethod, "withdrawal_method")
    )
    withdrawal_note: Mapped[str | None] = mapped_column(Text)
    withdrawal_recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class Disclosure(Base):
    """The answer to "has the survivor or family received money from the offender, agent
    or employer?". No row means the question was not asked; ``received`` false is an
    explicit "nothing received"."""

    __tablename__ = "disclosures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), unique=True)
    asked_on: Mapped[date] = mapped_column(Date)
    received: Mapped[bool] = mapped_column(Boolean)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())

    payments: Mapped[list[DisclosedPayment]] = relationship(
        back_populates="disclosure", cascade="all, delete-orphan", order_by="DisclosedPayment.id"
    )


class DisclosedPayment(Base):
    """One sum the survivor or family received outside the fund, as disclosed."""

    __tablename__ = "disclosed_payments"
    __table_args__ = (CheckConstraint("amount_minor > 0", name="amount_positive"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    disclosure_id: Mapped[int] = mapped_column(ForeignKey("disclosures.id"), index=True)
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[Currency] = mapped_column(stored(Currency, "currency"))
    received_on: Mapped[date] = mapped_column(Date)
    paid_by: Mapped[Payer] = mapped_column(stored(Payer, "payer"))
    paid_by_note: Mapped[str | None] = mapped_column(String(200))
    received_by: Mapped[Recipient] = mapped_column(stored(Recipient, "recipient"))

    disclosure: Mapped[Disclosure] = relationship(back_populates="payments")

    @property
    def amount(self) -> Money:
        return Money(self.amount_minor, self.currency)


class ClaimedLoss(Base):
    """One head of loss of a compensation award claim, with the amount claimed."""

    __tablename__ = "heads_of_loss"
    __table_args__ = (
        CheckConstraint("amount_minor > 0", name="amount_positive"),
        UniqueConstraint("application_id", "head"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"))
    head: Mapped[HeadOfLoss] = mapped_column(stored(HeadOfLoss, "head_of_loss"))
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[Currency] = mapped_column(stored(Currency, "currency"))
    note: Mapped[str | None] = mapped_column(Text)

    @property
    def amount(self) -> Money:
        return Money(self.amount_minor, self.currency)
