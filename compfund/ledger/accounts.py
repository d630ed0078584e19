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

The sign rules: the fund's bank account and payments in transit never carry a credit
balance (the fund cannot pay out money it does not hold); awards payable and recoveries
owed never a debit one (nobody is paid more than they are owed). ``post`` keeps them,
``ledger check`` looks for any that broke, and on PostgreSQL the database refuses one
at commit (0005_money_rules).
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

    @property
    def never(self) -> str | None:
        """The side this account's balance never falls on ("credit" or "debit"), if any."""
        if self in (AccountKind.FUND_BANK, AccountKind.PAYMENTS_IN_TRANSIT):
            return "credit"
        return "debit" if self.per_survivor else None

    def wrong_side(self, minor: int) -> bool:
        """Whether a balance of ``minor`` (debit positive) breaks this account's sign rule."""
        return (self.never == "credit" and minor < 0) or (self.never == "debit" and minor > 0)


_NAMES = {  # what the fund calls each account; True: a plural ("carry", "come to")
    AccountKind.FUND_BANK: ("the fund's {currency} bank account", False),
    AccountKind.PAYMENTS_IN_TRANSIT: ("the fund's {currency} payments in transit", True),
    AccountKind.INCOME_APPROPRIATION: ("the {currency} government appropriations", True),
    AccountKind.INCOME_DONOR: ("the {currency} donor income", False),
    AccountKind.INCOME_RECOVERY: ("the {currency} recoveries kept by the fund", True),
    AccountKind.AWARD_EXPENSE: ("the {currency} awards granted", True),
    AccountKind.AWARDS_PAYABLE: ("the {currency} awards payable to {survivor}", True),
    AccountKind.RECOVERY_OWED: ("the {currency} recoveries owed to {survivor}", True),
    AccountKind.EXCHANGE_CLEARING: ("the {currency} exchange clearing account", False),
}


def account_name(
    kind: AccountKind, currency: Currency, survivor_code: str | None = None
) -> tuple[str, bool]:
    """The account in the fund's words (a survivor's by their code, never an id), and
    whether the name is a plural."""
    words, plural = _NAMES[kind]
    survivor = survivor_code or "a survivor with no code on record"
    return words.format(currency=currency.value, survivor=survivor), plural


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
