"""The ledger's sign rules (compfund/ledger/accounts.py), kept as each entry is posted.

``post`` calls ``keep_signs`` after it has written an entry's postings, while the journal
is locked to the commit (on PostgreSQL its advisory lock, on SQLite the write
transaction). Every account the entry moved towards the side it never carries is summed
again, and if it crossed, the entry is refused with the balance it had. So two desks
posting at the same moment cannot both take the last of the money: the second one sums
after the first one's postings. A service that knows better words for its refusal (an
exchange, a batch's release) checks first; this is the final word.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import func, select

from compfund.db.uow import UnitOfWork
from compfund.errors import RuleViolation
from compfund.ledger.accounts import AccountKind, account_name
from compfund.models import JournalPosting, Survivor
from compfund.money import Currency, Money


class FundShortfall(RuleViolation):
    """The fund does not hold enough money in that currency."""

    code = "fund_shortfall"

    def __init__(self, message: str, shortfall: Money) -> None:
        super().__init__(message)
        self.shortfall = shortfall


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _wrong_side(
    kind: AccountKind, currency: Currency, code: str | None, what: str, before: int, moved: int
) -> RuleViolation:
    """The refusal of ``what``, which moves ``moved`` on an account holding ``before``."""
    name, plural = account_name(kind, currency, code)
    name = capitalised(name)
    after = Money(before + moved, currency)
    if kind.never == "credit":
        short = -after
        holds, it = ("hold", "them") if plural else ("holds", "it")
        message = (
            f"{name} {holds} {Money(before, currency)}; {what} would take "
            f"{Money(-moved, currency)} from {it}: a shortfall of {short}."
        )
        if kind is AccountKind.FUND_BANK:
            return FundShortfall(message, short)
        return RuleViolation(message, key="wrong_side_balance")
    come = "come" if plural else "comes"
    return RuleViolation(
        f"{name} {come} to {Money(-before, currency)} owed; {what} would pay "
        f"{Money(moved, currency)} out of them: {after} more than is owed.",
        key="wrong_side_balance",
    )


def keep_signs(
    uow: UnitOfWork, what: str, moves: list[tuple[int, AccountKind, Money, Survivor | None]]
) -> None:
    """Refuse the entry just posted (``moves``: account id, kind, amount, survivor) if it
    took an account to the side it never carries; ``what`` names the entry ("this
    exchange")."""
    net: dict[int, int] = defaultdict(int)
    about: dict[int, tuple[AccountKind, Currency, Survivor | None]] = {}
    for account, kind, amount, survivor in moves:
        net[account] += amount.minor
        about[account] = (kind, amount.currency, survivor)
    for account, moved in net.items():
        kind, currency, survivor = about[account]
        if not kind.wrong_side(moved):
            continue  # this entry moved the account the right way, or not at all
        after = uow.session.execute(
            select(func.coalesce(func.sum(JournalPosting.amount_minor), 0)).where(
                JournalPosting.account_id == account
            )
        ).scalar_one()
        if kind.wrong_side(int(after)):
            code = survivor.code if survivor else None
            raise _wrong_side(kind, currency, code, what, int(after) - moved, moved)
