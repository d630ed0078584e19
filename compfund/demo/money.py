"""The demo's money: income, a rate, awards, payee details, batches and payments, and one
payee change awaiting a finance officer's confirmation.

Everything goes through the services as the demo's officers, in the demo's one
transaction, drawn from the demo's random generator, so the same seed and date give the
same awards, instalments, payment keys and outcomes.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from compfund.actor import Actor
from compfund.awards.award import payee_for, recommend_award
from compfund.awards.award_decision import approve_award, reject_award
from compfund.awards.from_eligibility import claimed_heads
from compfund.awards.other_compensation import record_other_compensation
from compfund.clock import today_in_cambodia
from compfund.db.uow import UnitOfWork
from compfund.demo.casework import AWARD_STEPS
from compfund.disbursements.payee import PayeeInput
from compfund.disbursements.payee_change import confirm_payee_change, propose_payee_change
from compfund.disbursements.payment import (
    confirm_payment,
    record_failure,
    record_return,
    reissue_instalment,
)
from compfund.disbursements.payment_batch import build_batch, release_batch
from compfund.enums import (
    ApplicationStatus,
    ApplicationType,
    AwardStatus,
    Channel,
    HeadOfLoss,
    OtherSource,
    Payee,
)
from compfund.errors import RuleViolation
from compfund.ledger.exchange import set_rate
from compfund.ledger.income import record_income
from compfund.models import Application, PayeeDetails, Survivor
from compfund.money import Currency, Money
from compfund.permissions import Role

KHR, USD = Currency.KHR, Currency.USD
BANKS = ("ACLEDA Bank", "ABA Bank", "Canadia Bank", "Prince Bank")
WALLETS = ("Wing", "TrueMoney", "Pi Pay")
RATE = 4100  # riel to the dollar, recorded once by the demo's finance officer
FAILURES = ("Account number does not exist", "Mobile wallet not registered to this name")


@dataclass(frozen=True, slots=True)
class DemoMoney:
    income_entries: int = 0
    awards_recommended: int = 0
    awards_approved: int = 0
    awards_rejected: int = 0
    batches_released: int = 0
    payments_paid: int = 0
    payments_failed: int = 0
    payments_returned: int = 0
    payee_changes_awaiting: int = 0

    def to_json(self) -> dict[str, int]:
        return {
            "income_entries": self.income_entries,
            "awards_recommended": self.awards_recommended,
            "awards_approved": self.awards_approved,
            "awards_rejected": self.awards_rejected,
            "batches_released": self.batches_released,
            "payments_paid": self.payments_paid,
            "payments_failed": self.payments_failed,
            "payments_returned": self.payments_returned,
            "payee_changes_awaiting": self.payee_changes_awaiting,
        }


def _first(actors: dict[str, Actor], role: Role, n: int = 1) -> Actor:
    found = sorted((a for a in actors.values() if a.role is role), key=lambda a: a.login)
    return found[n - 1]


def _payee(rng: random.Random, survivor: Survivor, kind: Payee) -> PayeeInput:
    name = survivor.name_latin
    if kind is Payee.GUARDIAN and survivor.guardian_name:
        name = survivor.guardian_name.split(" / ")[-1]
    roll = rng.random()
    if roll < 0.4:
        account = f"{rng.randrange(1000, 9999)}-{rng.randrange(10**6, 10**7)}"
        return PayeeInput(Channel.BANK_TRANSFER, name, rng.choice(BANKS), account)
    if roll < 0.8:
        phone = survivor.guardian_phone if kind is Payee.GUARDIAN else survivor.phone
        phone = (
            phone or f"0{rng.randrange(10, 99)} {rng.randrange(100, 999)} {rng.randrange(100, 999)}"
        )
        return PayeeInput(Channel.MOBILE_MONEY, name, rng.choice(WALLETS), phone)
    return PayeeInput(Channel.CASH_DOSVY, name, dosvy_province=survivor.province_code)


def _heads(
    rng: random.Random, claimed: dict[HeadOfLoss, Money], currency: Currency
) -> dict[HeadOfLoss, Money]:
    """The fund officer's assessment: lost wages and some other heads claimed, each at half
    to all of the claim, in the award's currency (riel at the demo's 4,100 to the dollar)."""
    heads: dict[HeadOfLoss, Money] = {}
    for head, claim in sorted(claimed.items()):
        if head is not HeadOfLoss.LOST_WAGES and rng.random() < 0.3:
            continue
        minor = claim.minor * rng.randrange(50, 101, 5) // 100
        if claim.currency is not currency:
            minor = minor * RATE if currency is KHR else minor // RATE
        heads[head] = Money(minor, currency)
    return heads


def make_demo_money(
    uow: UnitOfWork,
    rng: random.Random,
    actors: dict[str, Actor],
    eligible: list[tuple[str, ApplicationStatus]],
    as_of: date,
) -> DemoMoney:
    """Income, the awards of the applications found ``eligible`` (by the eligibility check,
    in the casework) as each was planned (recommended, approved or rejected; one planned
    to stay eligible gets none), and their payments."""
    fund_officer, enforcement = (
        _first(actors, Role.FUND_OFFICER),
        _first(actors, Role.ENFORCEMENT_OFFICER),
    )
    approver, approver2 = _first(actors, Role.APPROVER), _first(actors, Role.APPROVER, 2)
    finance = _first(actors, Role.FINANCE_OFFICER)
    set_rate(
        as_of,
        USD,
        KHR,
        str(RATE),
        "National Bank of Cambodia official rate",
        actor=finance,
        uow=uow,
    )
    incomes = [
        (
            "appropriation",
            "Ministry of Economy and Finance",
            "MEF-TR-2026-0412",
            60,
            Money.of("400000000", KHR),
        ),
        ("donor", "Partner donor (demo)", "DON-2026-017", 30, Money.of("150000", USD)),
    ]
    for kind, source, reference, days, amount in incomes:
        record_income(
            kind,
            source,
            reference,
            as_of - timedelta(days=days),
            amount,
            restriction="rehabilitation grants and compensation awards"
            if kind == "donor"
            else None,
            actor=finance,
            uow=uow,
        )
    counts = {"recommended": 0, "approved": 0, "rejected": 0}
    paid_to: set[int] = set()
    for app_code, planned in eligible:
        if planned not in AWARD_STEPS:
            continue  # eligible, waiting for its award
        application = uow.session.execute(
            select(Application).where(Application.code == app_code)
        ).scalar_one()
        survivor = application.identification.survivor
        interim = application.application_type is ApplicationType.INTERIM_GRANT
        currency = KHR if interim or rng.random() < 0.5 else USD
        if survivor.id not in paid_to:
            payee = payee_for(survivor, today_in_cambodia())
            change = propose_payee_change(
                survivor.code, _payee(rng, survivor, payee), actor=fund_officer, uow=uow
            )
            confirm_payee_change(change.id, actor=finance, uow=uow)
            paid_to.add(survivor.id)
        if not interim and rng.random() < 0.1:
            record_other_compensation(
                survivor.code,
                OtherSource.SETTLEMENT,
                f"Settlement receipt {rng.randrange(1, 999):03d}",
                as_of - timedelta(days=rng.randrange(1, 40)),
                Money(rng.randrange(50, 400) * 100, USD)
                if currency is USD
                else Money(rng.randrange(200_000, 1_600_000) * 100, KHR),
                actor=enforcement,
                uow=uow,
            )
        recommend_award(
            app_code,
            currency,
            None if interim else _heads(rng, claimed_heads(uow, application), currency),
            instalments=1 if interim else rng.choice((1, 1, 3, 6, 12)),
            actor=fund_officer,
            uow=uow,
        )
        counts["recommended"] += 1
        if planned is ApplicationStatus.AWARD_RECOMMENDED:
            continue  # waiting for an approver
        if planned is ApplicationStatus.REJECTED:
            reject_award(
                app_code,
                "Heads of loss not supported by the documents on file",
                actor=approver,
                uow=uow,
            )
            counts["rejected"] += 1
        else:
            decided = approve_award(app_code, actor=approver, uow=uow)
            if decided.status is AwardStatus.AWAITING_SECOND_APPROVAL:
                approve_award(app_code, actor=approver2, uow=uow)
            counts["approved"] += 1
    paid = _pay(uow, rng, finance, approver)
    awaiting = _change_awaiting(uow, rng, fund_officer, sorted(paid_to))
    return DemoMoney(
        len(incomes),
        counts["recommended"],
        counts["approved"],
        counts["rejected"],
        *paid,
        awaiting,
    )


def _change_awaiting(
    uow: UnitOfWork, rng: random.Random, fund_officer: Actor, paid_to: list[int]
) -> int:
    """One survivor's new payee details, proposed after the batches and awaiting a finance
    officer's confirmation: their instalments stay out of the next batch until then."""
    if not paid_to:
        return 0
    survivor = uow.session.get(Survivor, paid_to[0])
    assert survivor is not None
    on_file = uow.session.execute(
        select(PayeeDetails.version).where(PayeeDetails.survivor_id == survivor.id)
    ).scalar_one()
    details = _payee(rng, survivor, payee_for(survivor, today_in_cambodia()))
    propose_payee_change(
        survivor.code, details, expected_version=on_file, actor=fund_officer, uow=uow
    )
    return 1


def _pay(
    uow: UnitOfWork, rng: random.Random, finance: Actor, approver: Actor
) -> tuple[int, int, int, int]:
    """Batches of what is due, released; most paid, a few failed (and reissued), one returned."""
    released = paid = failed = returned = 0
    reissue: list[int] = []
    for currency in (KHR, USD):
        for channel in Channel:
            try:
                batch = build_batch(currency, channel, actor=finance, uow=uow, rng=rng)
            except RuleViolation:
                continue  # nothing due in this currency and channel, or not enough money
            release_batch(batch.id, actor=approver, uow=uow)
            released += 1
            for payment in batch.payments:
                # The first payment fails (and is reissued), the second comes back after it
                # was paid; the rest are paid.
                turn = paid + failed
                if turn == 0:
                    record_failure(payment.key, rng.choice(FAILURES), actor=finance, uow=uow)
                    reissue.append(payment.instalment_id)
                    failed += 1
                    continue
                reference = (
                    f"DOSVY-{_province(uow, payment.survivor_code)}-{rng.randrange(1, 9999):04d}"
                    if channel is Channel.CASH_DOSVY
                    else f"TX{rng.randrange(10**8, 10**9)}"
                )
                confirm_payment(payment.key, reference, actor=finance, uow=uow)
                paid += 1
                if turn == 1:
                    record_return(
                        payment.key, "Account closed after payment", actor=finance, uow=uow
                    )
                    reissue.append(payment.instalment_id)
                    returned += 1
    for instalment in reissue:
        reissue_instalment(instalment, actor=finance, uow=uow)
    return released, paid, failed, returned


def _province(uow: UnitOfWork, survivor_code: str) -> str:
    return str(
        uow.session.execute(
            select(Survivor.province_code).where(Survivor.code == survivor_code)
        ).scalar_one()
    )
