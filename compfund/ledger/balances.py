"""Reading the ledger: trial balance, the fund's balance per currency, survivor statements."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from compfund.actor import Actor
from compfund.audit.access import log_access
from compfund.db.uow import UnitOfWork
from compfund.enums import BatchStatus
from compfund.ledger.accounts import AccountKind
from compfund.models import JournalEntry, JournalPosting, LedgerAccount, PaymentBatch
from compfund.money import Currency, Money
from compfund.permissions import Action
from compfund.reasons import IDENTIFYING_ACCESS
from compfund.service import service, survivor_in_scope


@dataclass(frozen=True, slots=True)
class AccountBalance:
    key: str
    kind: AccountKind
    balance: Money  # debit positive

    @property
    def debit(self) -> Money:
        return self.balance if self.balance.minor > 0 else Money.zero(self.balance.currency)

    @property
    def credit(self) -> Money:
        return -self.balance if self.balance.minor < 0 else Money.zero(self.balance.currency)


def balances(uow: UnitOfWork, as_of: date | None = None) -> list[AccountBalance]:
    query = (
        select(
            LedgerAccount.key,
            LedgerAccount.kind,
            LedgerAccount.currency,
            func.coalesce(func.sum(JournalPosting.amount_minor), 0),
        )
        .join(JournalPosting, JournalPosting.account_id == LedgerAccount.id)
        .join(JournalEntry, JournalEntry.chain_seq == JournalPosting.entry_seq)
        .group_by(LedgerAccount.key, LedgerAccount.kind, LedgerAccount.currency)
        .order_by(LedgerAccount.key)
    )
    if as_of is not None:
        query = query.where(JournalEntry.entry_date <= as_of)
    return [
        AccountBalance(key, AccountKind(kind), Money(int(total), Currency(currency)))
        for key, kind, currency, total in uow.session.execute(query)
    ]


@service(Action.EXPORT_LEDGER, writes=False)
def trial_balance(
    as_of: date | None = None, *, actor: Actor, uow: UnitOfWork
) -> list[AccountBalance]:
    """Every account's balance (entries dated up to ``as_of``, inclusive)."""
    return balances(uow, as_of)


def fund_available(uow: UnitOfWork, currency: Currency) -> Money:
    """The fund's own money in ``currency``: bank balance (what is in transit is gone)."""
    total = uow.session.execute(
        select(func.coalesce(func.sum(JournalPosting.amount_minor), 0))
        .join(LedgerAccount, LedgerAccount.id == JournalPosting.account_id)
        .where(
            LedgerAccount.kind == AccountKind.FUND_BANK.value, LedgerAccount.currency == currency
        )
    ).scalar_one()
    return Money(int(total), currency)


def committed_to_batches(uow: UnitOfWork, currency: Currency) -> Money:
    """Money in built batches that are not released yet."""
    total = uow.session.execute(
        select(func.coalesce(func.sum(PaymentBatch.total_minor), 0)).where(
            PaymentBatch.currency == currency, PaymentBatch.status == BatchStatus.BUILT
        )
    ).scalar_one()
    return Money(int(total), currency)


@service(Action.VIEW_CASES, writes=False)
def fund_balance(*, actor: Actor, uow: UnitOfWork) -> list[Money]:
    return [fund_available(uow, c) for c in Currency]


@dataclass(frozen=True, slots=True)
class StatementLine:
    entry_seq: int
    entry_date: date
    kind: str
    memo: str
    account: AccountKind
    amount: Money  # from the survivor's side: positive = owed to the survivor


@service(Action.PRODUCE_STATEMENT, writes=True)
def survivor_statement(
    survivor_code: str, reason: str, *, actor: Actor, uow: UnitOfWork
) -> list[StatementLine]:
    """Every movement on the survivor's accounts, in journal order. A statement names its
    survivor, so producing one is an identifying access: it needs a reason and is logged."""
    why = IDENTIFYING_ACCESS.read(reason)
    survivor = survivor_in_scope(uow, actor, survivor_code)
    log_access(uow, "survivor statement", [survivor.code], why)
    return statement_lines(uow, survivor.id)


def statement_lines(uow: UnitOfWork, survivor_id: int) -> list[StatementLine]:
    """The movements of a survivor's statement (no access check: callers make it)."""
    rows = uow.session.execute(
        select(
            JournalEntry.chain_seq,
            JournalEntry.entry_date,
            JournalEntry.kind,
            JournalEntry.memo,
            LedgerAccount.kind,
            JournalPosting.currency,
            JournalPosting.amount_minor,
        )
        .join(JournalPosting, JournalPosting.entry_seq == JournalEntry.chain_seq)
        .join(LedgerAccount, LedgerAccount.id == JournalPosting.account_id)
        .where(LedgerAccount.survivor_id == survivor_id)
        .order_by(JournalEntry.chain_seq, JournalPosting.id)
    ).all()
    return [
        StatementLine(seq, day, kind, memo, AccountKind(acc), Money(-int(minor), Currency(cur)))
        for seq, day, kind, memo, acc, cur, minor in rows
    ]
