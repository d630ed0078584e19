"""Disbursements: payee details, instalments, payment batches, payments, reconciliations.

An instalment is one scheduled part of an award; a payment is one attempt to pay it
through a channel. The journal entries of a batch and its payments are found by their
``source`` (``batch:<id>:released``, ``payment:<key>:paid|failed|returned``). A payment is never edited or deleted: it only moves forward through
its states (batched, released, paid, failed, returned, or cancelled with its batch), and
the database refuses any other change (triggers). At most one payment of an instalment
is in flight and at most one is paid (partial unique indexes), so a double payment is
refused by the database even if two desks race.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from compfund.enums import (
    BatchStatus,
    Channel,
    InstalmentStatus,
    MatchCategory,
    Payee,
    PayeeChangeStatus,
    PaymentStatus,
)
from compfund.models.base import IDENTIFYING, Base, UTCDateTime, stored, unique_where
from compfund.money import Currency, Money


class PayeeDetails(Base):
    """How a survivor (or, for a minor, their guardian) is paid.

    Bank details (the payee's name, the account) are read in clear by finance officers
    only: on PostgreSQL every other role may not select those columns (0004_bank_details)
    and reads ``payee_details_masked`` (compfund.models.masked). So they are deferred:
    loading a row loads them only when asked for."""

    __tablename__ = "payee_details"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    survivor_id: Mapped[int] = mapped_column(ForeignKey("survivors.id"), unique=True)
    payee: Mapped[Payee] = mapped_column(stored(Payee, "payee"))
    payee_name: Mapped[str] = mapped_column(String(120), info=IDENTIFYING, deferred=True)
    channel: Mapped[Channel] = mapped_column(stored(Channel, "channel"))
    institution: Mapped[str | None] = mapped_column(String(80))  # bank or mobile-money provider
    account: Mapped[str | None] = mapped_column(  # number or phone
        String(40), info=IDENTIFYING, deferred=True
    )
    dosvy_province: Mapped[str | None] = mapped_column(ForeignKey("provinces.code"))
    updated_by: Mapped[str] = mapped_column(String(63))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    version: Mapped[int] = mapped_column(Integer)

    __mapper_args__ = {"version_id_col": version}


class PayeeChange(Base):
    """A change of a survivor's payee details (the first record too), proposed by a
    caseworker of the survivor's province or a fund officer; it takes effect only when a
    finance officer who did not propose it confirms it (``payee_details`` holds confirmed
    details only). ``replaces_version`` is the version of the details it replaces (None for
    the first record). At most one change of a survivor waits at a time, and meanwhile the
    survivor's instalments stay out of new batches.

    As in ``payee_details``, the name and the account are read in clear by finance officers
    only (0006_payee_changes); the proposer records them without reading them back."""

    __tablename__ = "payee_changes"
    __table_args__ = (
        CheckConstraint(
            "decided_by IS NULL OR decided_by <> proposed_by", name="checker_not_maker"
        ),
        unique_where("uq_payee_changes_pending_survivor", "survivor_id", "status = 'pending'"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    survivor_id: Mapped[int] = mapped_column(ForeignKey("survivors.id"), index=True)
    payee: Mapped[Payee] = mapped_column(stored(Payee, "payee"))
    payee_name: Mapped[str] = mapped_column(String(120), info=IDENTIFYING, deferred=True)
    channel: Mapped[Channel] = mapped_column(stored(Channel, "channel"))
    institution: Mapped[str | None] = mapped_column(String(80))
    account: Mapped[str | None] = mapped_column(String(40), info=IDENTIFYING, deferred=True)
    dosvy_province: Mapped[str | None] = mapped_column(ForeignKey("provinces.code"))
    replaces_version: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[PayeeChangeStatus] = mapped_column(
        stored(PayeeChangeStatus, "payee_change_status"), index=True
    )
    proposed_by: Mapped[str] = mapped_column(String(63))
    proposed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    decided_by: Mapped[str | None] = mapped_column(String(63))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    refusal_reason: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer)

    __mapper_args__ = {"version_id_col": version}


class Instalment(Base):
    """One scheduled part of an award (a lump sum is one instalment)."""

    __tablename__ = "instalments"
    __table_args__ = (
        UniqueConstraint("award_id", "seq"),
        CheckConstraint("amount_minor > 0", name="positive"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    award_id: Mapped[int] = mapped_column(ForeignKey("awards.id"), index=True)
    survivor_id: Mapped[int] = mapped_column(ForeignKey("survivors.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    due_on: Mapped[date] = mapped_column(Date, index=True)
    currency: Mapped[Currency] = mapped_column(stored(Currency, "currency"))
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[InstalmentStatus] = mapped_column(
        stored(InstalmentStatus, "instalment_status"), index=True
    )
    version: Mapped[int] = mapped_column(Integer)

    __mapper_args__ = {"version_id_col": version}

    @property
    def amount(self) -> Money:
        return Money(self.amount_minor, self.currency)


class PaymentBatch(Base):
    """Instalments grouped for one release and one instruction file: one currency, one
    channel. Built by a finance officer, released by an approver who did not build it."""

    __tablename__ = "payment_batches"
    __table_args__ = (
        CheckConstraint(
            "released_by IS NULL OR released_by <> built_by", name="releaser_not_maker"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    currency: Mapped[Currency] = mapped_column(stored(Currency, "currency"))
    channel: Mapped[Channel] = mapped_column(stored(Channel, "channel"))
    status: Mapped[BatchStatus] = mapped_column(stored(BatchStatus, "batch_status"), index=True)
    line_count: Mapped[int] = mapped_column(Integer)
    total_minor: Mapped[int] = mapped_column(BigInteger)
    built_by: Mapped[str] = mapped_column(String(63))
    built_at: Mapped[datetime] = mapped_column(UTCDateTime())
    released_by: Mapped[str | None] = mapped_column(String(63))
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    instruction_file: Mapped[str | None] = mapped_column(Text, info=IDENTIFYING, deferred=True)
    instruction_sha256: Mapped[str | None] = mapped_column(String(64))
    cancelled_by: Mapped[str | None] = mapped_column(String(63))
    version: Mapped[int] = mapped_column(Integer)

    __mapper_args__ = {"version_id_col": version}

    @property
    def total(self) -> Money:
        return Money(self.total_minor, self.currency)


class Payment(Base):
    """One attempt to pay an instalment; a reissue is a new payment with a new key."""

    __tablename__ = "payments"
    __table_args__ = (
        CheckConstraint("amount_minor > 0", name="positive"),
        unique_where("uq_payments_paid_instalment", "instalment_id", "status = 'paid'"),
        unique_where(
            "uq_payments_open_instalment", "instalment_id", "status IN ('batched', 'released')"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    instalment_id: Mapped[int] = mapped_column(ForeignKey("instalments.id"), index=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("payment_batches.id"), index=True)
    attempt: Mapped[int] = mapped_column(Integer)
    idempotency_key: Mapped[str] = mapped_column(String(40), unique=True)
    channel: Mapped[Channel] = mapped_column(stored(Channel, "channel"))
    currency: Mapped[Currency] = mapped_column(stored(Currency, "currency"))
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    payee_name: Mapped[str] = mapped_column(String(120), info=IDENTIFYING, deferred=True)
    account: Mapped[str | None] = mapped_column(String(40), info=IDENTIFYING, deferred=True)
    institution: Mapped[str | None] = mapped_column(String(80))
    status: Mapped[PaymentStatus] = mapped_column(
        stored(PaymentStatus, "payment_status"), index=True
    )
    paid_on: Mapped[date | None] = mapped_column(Date)
    paid_reference: Mapped[str | None] = mapped_column(String(80))  # bank ref. or receipt no.
    failure_reason: Mapped[str | None] = mapped_column(Text)
    return_reason: Mapped[str | None] = mapped_column(Text)
    updated_by: Mapped[str] = mapped_column(String(63))
    version: Mapped[int] = mapped_column(Integer)

    __mapper_args__ = {"version_id_col": version}

    @property
    def amount(self) -> Money:
        return Money(self.amount_minor, self.currency)


class Reconciliation(Base):
    """One provider's or bank's statement, imported and matched against a batch."""

    __tablename__ = "reconciliations"
    __table_args__ = (UniqueConstraint("batch_id", "sha256"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("payment_batches.id"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    imported_by: Mapped[str] = mapped_column(String(63))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ReconciliationLine(Base):
    """One result of matching: a statement line, a batch line, or both. Anything but a
    match waits for a person to resolve it; the resolution is recorded, never implied."""

    __tablename__ = "reconciliation_lines"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reconciliation_id: Mapped[int] = mapped_column(ForeignKey("reconciliations.id"), index=True)
    category: Mapped[MatchCategory] = mapped_column(stored(MatchCategory, "match_category"))
    payment_id: Mapped[int | None] = mapped_column(ForeignKey("payments.id"))
    row_number: Mapped[int | None] = mapped_column(Integer)  # on the statement (header = 1)
    statement_key: Mapped[str | None] = mapped_column(String(80))
    statement_currency: Mapped[str | None] = mapped_column(String(3))
    statement_minor: Mapped[int | None] = mapped_column(BigInteger)
    statement_payee: Mapped[str | None] = mapped_column(  # finance only (0004_bank_details)
        String(120), info=IDENTIFYING, deferred=True
    )
    statement_reference: Mapped[str | None] = mapped_column(String(80))
    resolution: Mapped[str | None] = mapped_column(Text)
    resolved_by: Mapped[str | None] = mapped_column(String(63))
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    version: Mapped[int] = mapped_column(Integer)

    __mapper_args__ = {"version_id_col": version}
