"""The award calculation and the instalment split: pure arithmetic on exact money."""

from datetime import date
from decimal import Decimal

import pytest

from compfund.awards.calculation import DeductionSource, HeadAssessment, calculate
from compfund.awards.instalments import add_months, plan
from compfund.enums import DeductionKind, HeadOfLoss
from compfund.errors import InvalidInput
from compfund.money import Currency, Money

KHR, USD = Currency.KHR, Currency.USD
H = HeadOfLoss


def usd(text: str) -> Money:
    return Money.of(text, USD)


def head(h: HeadOfLoss, assessed: str, cap: str, claimed: str | None = None) -> HeadAssessment:
    return HeadAssessment(h, usd(assessed), usd(cap), usd(claimed) if claimed else None)


def test_each_head_is_capped_and_never_above_what_was_claimed() -> None:
    calc = calculate(
        USD,
        [
            head(H.LOST_WAGES, "4000", "3000"),
            head(H.MEDICAL_COSTS, "900", "1500", claimed="600"),
            head(H.OTHER, "100", "500"),
        ],
        survivor_cap=usd("5000"),
        already_awarded=usd("0"),
        sources=[],
    )
    assert [h.allowed for h in calc.heads] == [usd("3000"), usd("600"), usd("100")]
    assert calc.gross == calc.amount == usd("3700")


def test_the_cap_per_survivor_counts_their_other_awards() -> None:
    calc = calculate(
        USD,
        [head(H.LOST_WAGES, "3000", "3000")],
        survivor_cap=usd("5000"),
        already_awarded=usd("4200"),
        sources=[],
    )
    assert calc.gross == usd("800")
    full = calculate(USD, [head(H.LOST_WAGES, "10", "3000")], usd("5000"), usd("6000"), [])
    assert full.gross == usd("0")


def test_interim_grant_then_money_actually_received_are_deducted_in_order() -> None:
    sources = [
        DeductionSource(DeductionKind.INTERIM_GRANT, 7, usd("200")),
        DeductionSource(DeductionKind.OTHER_COMPENSATION, 3, usd("1000")),
        DeductionSource(DeductionKind.OTHER_COMPENSATION, 4, usd("50")),
    ]
    calc = calculate(USD, [head(H.LOST_WAGES, "1000", "3000")], usd("5000"), usd("0"), sources)
    assert [(d.kind, d.source_id, d.deducted) for d in calc.deductions] == [
        (DeductionKind.INTERIM_GRANT, 7, usd("200")),
        (DeductionKind.OTHER_COMPENSATION, 3, usd("800")),
    ]
    assert calc.deductions[1].source_used == usd("800")  # 200 of it is left for a later award
    assert calc.amount == usd("0") and calc.gross == usd("1000")


def test_a_source_in_the_other_currency_is_converted_at_the_award_rate() -> None:
    rate = Decimal("4100")  # riel per dollar
    sources = [DeductionSource(DeductionKind.OTHER_COMPENSATION, 1, usd("100"))]
    riel_head = HeadAssessment(H.LOST_WAGES, Money.of("2000000", KHR), Money.of("12300000", KHR))
    calc = calculate(KHR, [riel_head], Money.of("20500000", KHR), Money.zero(KHR), sources, rate)
    assert calc.deductions[0].deducted == Money.of("410000", KHR)
    assert calc.amount == Money.of("1590000", KHR)
    small = HeadAssessment(H.LOST_WAGES, Money.of("205000", KHR), Money.of("12300000", KHR))
    part = calculate(KHR, [small], Money.of("20500000", KHR), Money.zero(KHR), sources, rate)
    assert part.deductions[0].source_used == usd("50") and part.amount.is_zero()


def test_heads_in_another_currency_are_refused() -> None:
    with pytest.raises(InvalidInput, match="award's currency"):
        calculate(
            KHR,
            [HeadAssessment(H.LOST_WAGES, usd("1"), Money.of("1", KHR))],
            Money.of("1", KHR),
            Money.zero(KHR),
            [],
        )


@pytest.mark.parametrize("currency", list(Currency))
@pytest.mark.parametrize("count", range(1, 25))
def test_instalments_sum_exactly_to_the_award(currency: Currency, count: int) -> None:
    for amount in ("1000.00", "1234567.89", "0.24", "999999.99", "3500000", "7.01"):
        award = Money.of(amount, currency)
        if award.minor < count:
            with pytest.raises(InvalidInput, match="too small"):
                plan(award, count, date(2026, 1, 31))
            continue
        parts = plan(award, count, date(2026, 1, 31))
        assert len(parts) == count
        assert sum(p.amount.minor for p in parts) == award.minor
        assert max(p.amount.minor for p in parts) - min(p.amount.minor for p in parts) <= 1
        assert all(p.amount.currency is currency for p in parts)
        assert [p.seq for p in parts] == list(range(1, count + 1))
        assert all(a.due_on < b.due_on for a, b in zip(parts, parts[1:], strict=False))


def test_monthly_due_dates_keep_to_the_month_end() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 1, 31), 2) == date(2026, 3, 31)
    assert add_months(date(2027, 11, 30), 3) == date(2028, 2, 29)


def test_more_than_24_instalments_is_refused() -> None:
    with pytest.raises(InvalidInput, match="up to 24"):
        plan(usd("100"), 25, date(2026, 1, 1))
