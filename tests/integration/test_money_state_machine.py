"""The fund's money as a hypothesis state machine, checked against an in-memory model.

Income, reversals, exchange, other compensation received, awards (approved or rejected),
batches (built, cancelled, released), payments (paid, failed, returned, retried) and
reissues, in any order hypothesis finds. After every step: the journal sums to zero per
currency, every entry balances, each account's balance equals the sum of its entries and
the model's, nothing is paid beyond what was approved, no instalment is paid twice, every
instalment and payment is in the state the model expects; and every refused operation
changes nothing at all.

At least 200 examples (COMPFUND_MONEY_EXAMPLES), the same ones every run unless
COMPFUND_MONEY_RANDOM is set. One database per run (SQLite or PostgreSQL), prepared once,
and put back cheaply before each example: SQLite from a snapshot through the backup API, PostgreSQL by deleting the
money rows with triggers off (as the superuser that runs the tests).
"""

from __future__ import annotations

import os
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import func, select

from compfund.awards.award import recommend_award
from compfund.awards.award_decision import approve_award, reject_award
from compfund.awards.other_compensation import record_other_compensation
from compfund.clock import today_in_cambodia
from compfund.db.uow import UnitOfWork, run_in_unit_of_work
from compfund.disbursements.payment import (
    confirm_payment,
    record_failure,
    record_return,
    reissue_instalment,
)
from compfund.disbursements.payment_batch import (
    FundShortfall,
    build_batch,
    cancel_batch,
    release_batch,
)
from compfund.enums import AwardStatus, Channel, HeadOfLoss, OtherSource
from compfund.errors import CompfundError, InvalidInput, PermissionDenied, RuleViolation
from compfund.ledger.balances import balances
from compfund.ledger.corrections import reverse_entry
from compfund.ledger.exchange import exchange
from compfund.ledger.income import record_income
from compfund.models import Instalment, JournalEntry, Payment
from compfund.money import Currency, Money
from tests.conftest import TestDatabase
from tests.integration.money_model import (
    RATE,
    Model,
    ModelBatch,
    ModelInstalment,
    ModelPayment,
    ModelSurvivor,
    figure,
)
from tests.integration.money_reset import Prepared, Restorer, fingerprint, prepare

EXAMPLES = int(os.environ.get("COMPFUND_MONEY_EXAMPLES", "200"))
STEPS = 15


def khr_to_usd(minor: int) -> int:
    return int(
        (Decimal(minor) * (Decimal(1) / Decimal(RATE))).quantize(Decimal(1), ROUND_HALF_EVEN)
    )


def machine_for(
    restorer: Restorer, prepared: Prepared, tally: Counter[str]
) -> type[RuleBasedStateMachine]:
    """The machine class; ``tally`` counts what the runs did (done and refused, by service)."""
    actors = prepared.actors

    class FundMachine(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.engine = restorer.engine
            self.model = Model({})

        # -- helpers --------------------------------------------------------------
        def do(self, who: str, service: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
            actor = actors[who]
            result = run_in_unit_of_work(
                self.engine, actor, lambda uow: service(*args, actor=actor, uow=uow, **kwargs)
            )
            tally[service.__name__] += 1
            return result

        def refused(
            self,
            error: type[CompfundError],
            who: str,
            service: Callable[..., Any],
            *args: Any,
            **kwargs: Any,
        ) -> None:
            before = fingerprint(self.engine)
            with pytest.raises(error):
                self.do(who, service, *args, **kwargs)
            assert fingerprint(self.engine) == before, f"refused {service.__name__} changed data"
            tally[f"refused {service.__name__}"] += 1

        def rarely(self, data: st.DataObject) -> bool:
            """About one time in ten (not 0: hypothesis draws the bounds more often)."""
            return data.draw(st.integers(0, 9)) == 7

        def pick(self, data: st.DataObject, items: list[Any]) -> Any:
            """One of ``items``, listed in the model's own order (the order things were made
            in), never by random codes, so the same examples run every time."""
            return data.draw(st.sampled_from(items))

        # -- steps ------------------------------------------------------------------
        @initialize(usd=st.integers(2_000_000, 50_000_000), khr=st.integers(2_000_000, 50_000_000))
        def fresh_fund(self, usd: int, khr: int) -> None:
            self.engine = restorer.restore()
            self.model = Model(
                {
                    code: ModelSurvivor(code, currency, channel.value, list(apps))
                    for code, currency, channel, apps in prepared.survivors
                }
            )
            for currency, amount in (("USD", usd), ("KHR", khr)):  # the year's appropriation
                self.income(currency, amount)

        def income(self, currency: str, amount: int) -> None:
            minor = amount if currency == "USD" else amount * RATE
            entry = self.do(
                "finance",
                record_income,
                "appropriation",
                "Ministry of Economy and Finance",
                f"MEF-{minor}",
                today_in_cambodia(),
                Money(minor, Currency(currency)),
            )
            self.model.income(entry, currency, minor)

        def _reversible(self) -> list[int]:
            return [e for e, (c, m) in self.model.incomes.items() if m <= self.model.bank(c)]

        @rule(data=st.data(), what=st.sampled_from(["income", "exchange", "reversal"]))
        def treasury(self, data: st.DataObject, what: str) -> None:
            """Money in (an appropriation), changed into the other currency, or an income
            entered by mistake reversed."""
            if what == "income" or not any(self.model.bank(c) > 0 for c in ("USD", "KHR")):
                currency = data.draw(st.sampled_from(["USD", "KHR"]))
                self.income(currency, data.draw(st.integers(2_000_000, 50_000_000)))
                return
            if what == "reversal" and self._reversible():
                entry = self.pick(data, self._reversible())
                self.do("finance", reverse_entry, entry, "Recorded twice, see the bank statement")
                self.model.reverse_income(entry)
                if self.rarely(data):
                    self.refused(
                        RuleViolation, "finance", reverse_entry, entry, "Reversing it once more"
                    )
                return
            frm = self.pick(data, [c for c in ("USD", "KHR") if self.model.bank(c) > 0])
            to = "KHR" if frm == "USD" else "USD"
            minor = data.draw(st.integers(1, max(self.model.bank(frm) // 4, 1)))
            args = (exchange, Money(minor, Currency(frm)), Currency(to), "Exchange")
            if minor > self.model.bank(frm) - self.model.committed(frm):  # built batches' money
                self.refused(FundShortfall, "finance", *args)
                return
            _entry, got, _rate = self.do("finance", *args)
            expected = minor * RATE if frm == "USD" else khr_to_usd(minor)
            assert got.minor == expected
            self.model.exchange(frm, minor, to, expected)

        def other_compensation(self, survivor: ModelSurvivor, amount: int) -> None:
            minor = amount if survivor.currency == "USD" else amount * RATE
            self.do(
                "enforcement",
                record_other_compensation,
                survivor.code,
                OtherSource.SETTLEMENT,
                "Settlement paid in full",
                today_in_cambodia(),
                Money(minor, Currency(survivor.currency)),
            )
            survivor.received += minor

        @precondition(lambda self: any(s.applications for s in self.model.survivors.values()))
        @rule(
            data=st.data(),
            share=st.integers(1, 150),
            instalments=st.integers(1, 24),
            approve=st.booleans(),
        )
        def award(self, data: st.DataObject, share: int, instalments: int, approve: bool) -> None:
            survivor = self.model.survivors[
                self.pick(data, [s.code for s in self.model.survivors.values() if s.applications])
            ]
            cur = Currency(survivor.currency)
            if self.rarely(data):  # money received from another source first
                self.other_compensation(survivor, data.draw(st.integers(1, 100_000)))
            assessed = figure("head_cap", cur.value) * share // 100 + data.draw(st.integers(0, 99))
            app = survivor.applications[0]
            heads = {HeadOfLoss.LOST_WAGES: Money(assessed, cur)}
            gross, net = self.model.award_amount(survivor, assessed)
            if 0 < net < instalments:
                self.refused(
                    InvalidInput,
                    "fund_officer",
                    recommend_award,
                    app,
                    cur,
                    heads,
                    instalments=instalments,
                )
                return
            view = self.do(
                "fund_officer", recommend_award, app, cur, heads, instalments=instalments
            )
            survivor.applications.pop(0)
            assert (view.gross.minor, view.amount.minor) == (gross, net)
            if self.rarely(data):
                self.refused(PermissionDenied, "fund_officer", approve_award, app)
            if not approve:
                self.do("approver", reject_award, app, "Not supported by the documents")
                return
            survivor.awarded_gross += gross
            survivor.received -= gross - net
            decided = self.do("approver", approve_award, app)
            if decided.status is AwardStatus.AWAITING_SECOND_APPROVAL:
                assert net > figure("two_approvers", cur.value)
                decided = self.do("approver2", approve_award, app)
            assert decided.status is AwardStatus.APPROVED
            self.model.approve(survivor, decided.id, net)
            parts = [i.amount.minor for i in decided.instalments]
            assert parts == ([p.minor for p in Money(net, cur).split(instalments)] if net else [])
            for line in decided.instalments:
                self.model.instalments[line.id] = ModelInstalment(
                    line.id,
                    decided.id,
                    survivor.code,
                    cur.value,
                    line.amount.minor,
                    date.fromisoformat(line.due_on),
                )

        @precondition(
            lambda self: any(i.status == "scheduled" for i in self.model.instalments.values())
        )
        @rule(data=st.data())
        def build(self, data: st.DataObject) -> None:
            self._build(data)

        def _build(self, data: st.DataObject) -> ModelBatch | None:
            model = self.model
            due_by = self.pick(
                data, [i.due_on for i in model.instalments.values() if i.status == "scheduled"]
            )
            combos = {
                (i.currency, model.survivors[i.survivor].channel)
                for i in model.instalments.values()
                if i.status == "scheduled" and i.due_on <= due_by
            }
            if not combos or self.rarely(data):  # sometimes one with nothing due
                combos = {(c, ch.value) for c in ("USD", "KHR") for ch in Channel}
            currency, channel_name = self.pick(data, sorted(combos))
            channel = Channel(channel_name)
            due = [
                i
                for i in model.instalments.values()
                if i.status == "scheduled"
                and i.currency == currency
                and i.due_on <= due_by
                and model.survivors[i.survivor].channel == channel.value
            ]
            args = (build_batch, Currency(currency), channel)
            total = sum(i.amount for i in due)
            if not due:
                self.refused(RuleViolation, "finance", *args, due_by=due_by)
                return None
            if total > model.bank(currency) - model.committed(currency):
                self.refused(FundShortfall, "finance", *args, due_by=due_by)
                return None
            view = self.do("finance", *args, due_by=due_by)
            assert sorted(p.instalment_id for p in view.payments) == sorted(i.id for i in due)
            assert view.total.minor == total
            for p in view.payments:
                model.payments[p.key] = ModelPayment(p.key, p.instalment_id, p.amount.minor)
                model.instalments[p.instalment_id].status = "batched"
            batch = ModelBatch(view.id, currency, [p.key for p in view.payments], total)
            model.batches[view.id] = batch
            return batch

        def _built(self) -> list[int]:
            return [b.id for b in self.model.batches.values() if b.status == "built"]

        @precondition(lambda self: bool(self._built()))
        @rule(data=st.data())
        def release(self, data: st.DataObject) -> None:
            self._release(data, self.model.batches[self.pick(data, self._built())])

        def _release(self, data: st.DataObject, batch: ModelBatch) -> bool:
            """Release a built batch (or, now and then, undo it instead)."""
            if self.rarely(data):
                self.refused(PermissionDenied, "finance", release_batch, batch.id)
            if self.rarely(data):
                self.do("finance", cancel_batch, batch.id)
                batch.status = "cancelled"
                for key in batch.keys:
                    self.model.payments[key].status = "cancelled"
                    self.model.instalments[self.model.payments[key].instalment].status = "scheduled"
                return False
            if batch.total > self.model.bank(batch.currency):
                self.refused(FundShortfall, "approver", release_batch, batch.id)
                return False
            self.do("approver", release_batch, batch.id)
            self.model.release(batch)
            return True

        def _payments(self, status: str) -> list[str]:
            return [k for k, p in self.model.payments.items() if p.status == status]

        @precondition(lambda self: bool(self._payments("released")))
        @rule(
            data=st.data(), outcome=st.sampled_from(["paid", "paid", "failed"]), retry=st.booleans()
        )
        def settle(self, data: st.DataObject, outcome: str, retry: bool) -> None:
            self._settle(data, self.pick(data, self._payments("released")), outcome, retry)

        def _settle(self, data: st.DataObject, key: str, outcome: str, retry: bool) -> None:
            others = [
                k
                for k, p in self.model.payments.items()
                if p.status in ("batched", "failed", "returned", "cancelled")
            ]
            if others and self.rarely(data):  # one that cannot be paid now
                self.refused(
                    RuleViolation, "finance", confirm_payment, self.pick(data, others), "REF"
                )
            if outcome == "paid":
                assert self.do("finance", confirm_payment, key, "BANK-REF").changed
            else:
                assert self.do("finance", record_failure, key, "Account does not exist").changed
            self.model.settle(key, outcome)
            if retry:  # the same key again (a retry after a lost answer) changes nothing
                before = fingerprint(self.engine)
                again = (
                    self.do("finance", confirm_payment, key, "BANK-REF")
                    if outcome == "paid"
                    else self.do("finance", record_failure, key, "Account does not exist")
                )
                assert not again.changed and fingerprint(self.engine) == before

        @precondition(
            lambda self: any(i.status == "scheduled" for i in self.model.instalments.values())
        )
        @rule(data=st.data())
        def payday(self, data: st.DataObject) -> None:
            """A whole round at once: build, release, and what the bank then reports."""
            batch = self._build(data)
            if batch is None or not self._release(data, batch):
                return
            for key in batch.keys:
                outcome = data.draw(st.sampled_from(["paid", "failed", "not yet"]))
                if outcome != "not yet":
                    self._settle(data, key, outcome, retry=False)

        @precondition(lambda self: bool(self._payments("paid")))
        @rule(data=st.data())
        def payment_returned(self, data: st.DataObject) -> None:
            key = self.pick(data, self._payments("paid"))
            self.do("finance", record_return, key, "Account closed after payment")
            self.model.settle(key, "returned")

        @precondition(
            lambda self: any(
                i.status in ("failed", "returned") for i in self.model.instalments.values()
            )
        )
        @rule(data=st.data())
        def reissue(self, data: st.DataObject) -> None:
            instalment = self.pick(
                data,
                [
                    i.id
                    for i in self.model.instalments.values()
                    if i.status in ("failed", "returned")
                ],
            )
            self.do("finance", reissue_instalment, instalment)
            self.model.instalments[instalment].status = "scheduled"
            self.model.instalments[instalment].due_on = today_in_cambodia()

        # -- what must always hold ----------------------------------------------
        @invariant()
        def ledger_agrees_with_the_model(self) -> None:
            with UnitOfWork(self.engine, actors["finance"], read_only=True) as uow:
                session = uow.session
                stored = {b.key: b.balance.minor for b in balances(uow) if b.balance.minor}
                per_currency: dict[str, int] = defaultdict(int)
                for key, minor in stored.items():
                    per_currency[key.split(":")[1]] += minor
                assert all(v == 0 for v in per_currency.values()), per_currency
                from_entries: dict[str, int] = defaultdict(int)
                for lines in session.execute(select(JournalEntry.lines)).scalars():
                    entry_total: dict[str, int] = defaultdict(int)
                    for account, currency, minor in lines:
                        from_entries[account] += minor
                        entry_total[currency] += minor
                    assert not any(entry_total.values()), lines
                assert {k: v for k, v in from_entries.items() if v} == stored
                assert stored == self.model.expected_balances()
                paid = session.execute(
                    select(Instalment.award_id, func.sum(Payment.amount_minor))
                    .join(Payment, Payment.instalment_id == Instalment.id)
                    .where(Payment.status == "paid")
                    .group_by(Instalment.award_id)
                ).all()
                assert all(total <= self.model.awards[award] for award, total in paid)
                twice = session.execute(
                    select(Payment.instalment_id)
                    .where(Payment.status == "paid")
                    .group_by(Payment.instalment_id)
                    .having(func.count() > 1)
                ).all()
                assert twice == []
                states = dict(session.execute(select(Instalment.id, Instalment.status)).all())
                assert {i: s.value for i, s in states.items()} == {
                    i: m.status for i, m in self.model.instalments.items()
                }
                payments = dict(
                    session.execute(select(Payment.idempotency_key, Payment.status)).all()
                )
                assert {k: s.value for k, s in payments.items()} == {
                    k: p.status for k, p in self.model.payments.items()
                }

    return FundMachine


@pytest.mark.slow
def test_the_money_state_machine(database: TestDatabase, tmp_path: Path) -> None:
    prepared = prepare(database)
    restorer = Restorer(database, prepared, tmp_path)
    tally: Counter[str] = Counter()
    machine = machine_for(restorer, prepared, tally)
    started = time.monotonic()
    run_state_machine_as_test(
        machine,
        settings=settings(
            max_examples=EXAMPLES,
            stateful_step_count=STEPS,
            deadline=None,
            database=None,
            # The same examples every run (set COMPFUND_MONEY_RANDOM=1 to explore afresh).
            derandomize=not os.environ.get("COMPFUND_MONEY_RANDOM"),
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
    print(
        f"\nmoney state machine on {database.kind}: {EXAMPLES} examples, up to {STEPS} steps, "
        f"{time.monotonic() - started:.1f} s; "
        + ", ".join(f"{k} {n}" for k, n in sorted(tally.items()))
    )
    for needed in ("release_batch", "confirm_payment", "record_return", "reissue_instalment"):
        assert tally[needed] > 0, f"no example reached {needed}"
