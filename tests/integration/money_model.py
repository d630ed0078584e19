"""An in-memory model of the fund's money, for the state-machine test.

It knows the policies' figures (the default award policy's caps per head and threshold
at USD 1 = KHR 4,100; the default eligibility policy's cap per survivor in each currency
as it stands, never converted), keeps
every account's balance as the services should leave it, and every instalment's and
payment's state. The test compares it with the database after every step.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

RATE = 4100  # riel per dollar, recorded once per run
USD_FIGURES = {"head_cap": 300_000, "two_approvers": 200_000}  # the award policy's
SURVIVOR_CAP = {"USD": 500_000, "KHR": 2_000_000_000}  # the eligibility policy's


def figure(name: str, currency: str) -> int:
    """A default-policy figure in minor units of ``currency`` (riel converted at RATE)."""
    if name == "survivor_cap":
        return SURVIVOR_CAP[currency]
    usd = USD_FIGURES[name]
    return usd if currency == "USD" else usd * RATE


@dataclass
class ModelSurvivor:
    code: str
    currency: str
    channel: str
    applications: list[str]
    awarded_gross: int = 0  # live compensation awards, for the cap per survivor
    received: int = 0  # other compensation received and not yet deducted


@dataclass
class ModelInstalment:
    id: int
    award: int
    survivor: str
    currency: str
    amount: int
    due_on: date
    status: str = "scheduled"


@dataclass
class ModelPayment:
    key: str
    instalment: int
    amount: int
    status: str = "batched"


@dataclass
class ModelBatch:
    id: int
    currency: str
    keys: list[str]
    total: int
    status: str = "built"


@dataclass
class Model:
    survivors: dict[str, ModelSurvivor]
    balances: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    awards: dict[int, int] = field(default_factory=dict)  # award id -> amount approved
    instalments: dict[int, ModelInstalment] = field(default_factory=dict)
    payments: dict[str, ModelPayment] = field(default_factory=dict)
    batches: dict[int, ModelBatch] = field(default_factory=dict)
    incomes: dict[int, tuple[str, int]] = field(default_factory=dict)  # entry -> (cur, minor)

    def move(self, account: str, minor: int) -> None:
        self.balances[account] += minor

    # -- predictions --------------------------------------------------------------
    def award_amount(self, survivor: ModelSurvivor, assessed: int) -> tuple[int, int]:
        """(gross, net) of a new compensation award for ``assessed`` lost wages."""
        cur = survivor.currency
        room = max(figure("survivor_cap", cur) - survivor.awarded_gross, 0)
        gross = min(assessed, figure("head_cap", cur), room)
        return gross, gross - min(survivor.received, gross)

    def bank(self, currency: str) -> int:
        return self.balances[f"fund_bank:{currency}"]

    def committed(self, currency: str) -> int:
        return sum(
            b.total for b in self.batches.values() if b.status == "built" and b.currency == currency
        )

    def payable(self, survivor: str, currency: str) -> str:
        return f"awards_payable:{currency}:{survivor}"

    # -- effects ----------------------------------------------------------------
    def income(self, entry: int, currency: str, minor: int) -> None:
        self.incomes[entry] = (currency, minor)
        self.move(f"fund_bank:{currency}", minor)
        self.move(f"income_appropriation:{currency}", -minor)

    def reverse_income(self, entry: int) -> None:
        currency, minor = self.incomes.pop(entry)
        self.move(f"fund_bank:{currency}", -minor)
        self.move(f"income_appropriation:{currency}", minor)

    def exchange(self, frm: str, minor: int, to: str, got: int) -> None:
        self.move(f"fund_bank:{frm}", -minor)
        self.move(f"exchange_clearing:{frm}", minor)
        self.move(f"exchange_clearing:{to}", -got)
        self.move(f"fund_bank:{to}", got)

    def approve(self, survivor: ModelSurvivor, award: int, amount: int) -> None:
        self.awards[award] = amount
        if amount:
            self.move(f"award_expense:{survivor.currency}", amount)
            self.move(self.payable(survivor.code, survivor.currency), -amount)

    def release(self, batch: ModelBatch) -> None:
        batch.status = "released"
        self.move(f"fund_bank:{batch.currency}", -batch.total)
        self.move(f"payments_in_transit:{batch.currency}", batch.total)
        for key in batch.keys:
            self.payments[key].status = "released"
            self.instalments[self.payments[key].instalment].status = "released"

    def settle(self, key: str, outcome: str) -> None:
        """A payment paid, failed or returned, and its ledger entry."""
        payment = self.payments[key]
        instalment = self.instalments[payment.instalment]
        cur, a = instalment.currency, payment.amount
        payable = self.payable(instalment.survivor, cur)
        moves = {
            "paid": ((f"payments_in_transit:{cur}", -a), (payable, a)),
            "failed": ((f"fund_bank:{cur}", a), (f"payments_in_transit:{cur}", -a)),
            "returned": ((f"fund_bank:{cur}", a), (payable, -a)),
        }[outcome]
        for account, minor in moves:
            self.move(account, minor)
        payment.status = instalment.status = outcome

    def expected_balances(self) -> dict[str, int]:
        return {k: v for k, v in self.balances.items() if v}
