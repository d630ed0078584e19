"""The fund's double-entry ledger: accounts, the hash-chained journal, periods, rates, income.

Amounts are integer minor units with their currency, never floats. Journal entries and
their postings are append-only (triggers refuse UPDATE and DELETE on both databases);
a correction is a reversing entry. An entry dated in a closed period is refused by the
database itself (migration trigger), not only by the services.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from compfund.models.base import Base, UTCDateTime, stored
from compfund.money import Currency

_ID = BigInteger().with_variant(Integer, "sqlite")


class LedgerAccount(Base):
    """One account in one currency; survivor sub-accounts carry the survivor's id."""

    __tablename__ = "ledger_accounts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(60), unique=True)  # kind:currency[:survivor code]
    kind: Mapped[str] = mapped_column(String(40))
    currency: Mapped[Currency] = mapped_column(stored(Currency, "currency"))
    survivor_id: Mapped[int | None] = mapped_column(ForeignKey("survivors.id"), index=True)


class JournalEntry(Base):
    """One balanced set of postings; its number is its place in the journal's hash chain."""

    __tablename__ = "journal_entries"

    id: Mapped[int] = mapped_column(_ID, primary_key=True)
    chain_seq: Mapped[int] = mapped_column(BigInteger, unique=True)
    entry_date: Mapped[date] = mapped_column(Date, index=True)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    actor_login: Mapped[str] = mapped_column(String(63))
    kind: Mapped[str] = mapped_column(String(30))
    memo: Mapped[str] = mapped_column(String(300))
    source: Mapped[str | None] = mapped_column(String(60), index=True)
    reverses_seq: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    lines: Mapped[list[Any]] = mapped_column(JSON)  # [[account key, currency, minor], ...]
    prev_hash: Mapped[str] = mapped_column(String(64))
    row_hash: Mapped[str] = mapped_column(String(64))


JOURNAL_HASHED = (
    "chain_seq",
    "entry_date",
    "recorded_at",
    "actor_login",
    "kind",
    "memo",
    "source",
    "reverses_seq",
    "lines",
)


class JournalPosting(Base):
    """One line of an entry, kept for balances: debit positive, credit negative."""

    __tablename__ = "journal_postings"

    id: Mapped[int] = mapped_column(_ID, primary_key=True)
    entry_seq: Mapped[int] = mapped_column(ForeignKey("journal_entries.chain_seq"), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("ledger_accounts.id"), index=True)
    currency: Mapped[Currency] = mapped_column(stored(Currency, "currency"))
    amount_minor: Mapped[int] = mapped_column(BigInteger)


class LedgerPeriod(Base):
    """A calendar month of the ledger. Closed by a finance officer and an approver."""

    __tablename__ = "ledger_periods"

    month: Mapped[str] = mapped_column(String(7), primary_key=True)  # YYYY-MM
    close_requested_by: Mapped[str | None] = mapped_column(String(63))
    close_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_by: Mapped[str | None] = mapped_column(String(63))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class ExchangeRate(Base):
    """How many units of ``quote`` one unit of ``base`` buys on a date, and who said so."""

    __tablename__ = "exchange_rates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rate_date: Mapped[date] = mapped_column(Date, index=True)
    base: Mapped[Currency] = mapped_column(stored(Currency, "base_currency"))
    quote: Mapped[Currency] = mapped_column(stored(Currency, "quote_currency"))
    rate: Mapped[str] = mapped_column(String(30))  # an exact decimal, kept as text
    source: Mapped[str] = mapped_column(String(120))
    recorded_by: Mapped[str] = mapped_column(String(63))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())


class IncomeReceipt(Base):
    """Money coming into the fund: a government appropriation or a donor contribution."""

    __tablename__ = "income_receipts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_kind: Mapped[str] = mapped_column(String(20))  # appropriation | donor
    source_name: Mapped[str] = mapped_column(String(160))
    reference: Mapped[str] = mapped_column(String(80))
    received_on: Mapped[date] = mapped_column(Date)
    currency: Mapped[Currency] = mapped_column(stored(Currency, "currency"))
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    restriction: Mapped[str | None] = mapped_column(Text)
    entry_seq: Mapped[int] = mapped_column(ForeignKey("journal_entries.chain_seq"))
    recorded_by: Mapped[str] = mapped_column(String(63))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
