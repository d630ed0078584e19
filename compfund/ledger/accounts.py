"""The chart of accounts. Debits are positive, credits negative, in minor units.

| kind | what it holds | normal balance |
|---|---|---|
| fund_bank | the fund's money at the bank | debit |
| payments_in_transit | released to a bank or provider, not yet confirmed | debit |
| income_appropriation / income_donor | government and donor income | credit |
| income_recovery | the fund's share of money recovered from offenders | credit |
| award_expense | awards granted | debit |
| awards_payable (per survivor) | what the fund owes each survivor | credit |
| recovery_owed (per survivor) | recovered money owed on to the survivor | credit |
| exchange_clearing | the two legs of a currency exchange | nil over time |
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from compfund.models import LedgerAccount, Survivor
from compfund.money import Currency


class AccountKind(StrEnum):
    FUND_BANK = "fund_bank"
    PAYMENTS_IN_TRANSIT = "payments_in_transit"
    INCOME_APPROPRIATION = "income_appropriation"
    INCOME_DONOR = "income_donor"
    INCOME_RECOVERY = "income_recovery"
    AWARD_EXPENSE = "award_expense"
    AWARDS_PAYABLE = "awards_payable"
    RECOVERY_OWED = "recovery_owed"
    EXCHANGE_CLEARING = "exchange_clearing"

    @property
    def per_survivor(self) -> bool:
        return self in (AccountKind.AWARDS_PAYABLE, AccountKind.RECOVERY_OWED)


def account_key(kind: AccountKind, currency: Currency, survivor_code: str | None = None) -> str:
    if kind.per_survivor != (survivor_code is not None):
        raise ValueError(f"{kind.value} {'needs' if kind.per_survivor else 'takes no'} survivor")
    return f"{kind.value}:{currency.value}" + (f":{survivor_code}" if survivor_code else "")


def account_id(
    session: Session, kind: AccountKind, currency: Currency, survivor: Survivor | None = None
) -> int:
    """The id of the account, opened on first use."""
    key = account_key(kind, currency, survivor.code if survivor else None)
    found = session.execute(select(LedgerAccount.id).where(LedgerAccount.key == key)).scalar()
    if found is not None:
        return int(found)
    account = LedgerAccount(
        key=key, kind=kind.value, currency=currency, survivor_id=survivor.id if survivor else None
    )
    session.add(account)
    session.flush()
    return account.id
