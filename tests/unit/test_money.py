from decimal import Decimal

import pytest

from compfund.errors import InvalidInput
from compfund.money import Currency, CurrencyMismatch, Money


def test_amounts_are_exact_beyond_float_precision() -> None:
    big = Money.of("12345678901234567.89", "USD")
    assert big.amount_text() == "12345678901234567.89"
    assert (big + Money.of("0.01", "USD")).amount_text() == "12345678901234567.90"


def test_mixing_currencies_is_refused() -> None:
    with pytest.raises(CurrencyMismatch, match="recorded exchange rate"):
        _ = Money.of("1", Currency.USD) + Money.of("4000", Currency.KHR)
    with pytest.raises(CurrencyMismatch):
        _ = Money.of("1", Currency.USD) < Money.of("4000", Currency.KHR)


def test_floats_are_refused() -> None:
    with pytest.raises(TypeError):
        Money.of(0.1, "USD")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Money(1.0, Currency.USD)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["1.001", "abc", "", "NaN", "Infinity"])
def test_malformed_amounts_are_refused_with_a_message(text: str) -> None:
    with pytest.raises(InvalidInput):
        Money.of(text, "KHR")


def test_unknown_currency_names_the_known_ones() -> None:
    with pytest.raises(InvalidInput, match="KHR, USD"):
        Money.of("1", "THB")


@pytest.mark.parametrize("currency", list(Currency))
@pytest.mark.parametrize("parts", range(1, 25))
def test_split_sums_exactly(currency: Currency, parts: int) -> None:
    award = Money.of("1000000.07", currency)
    pieces = award.split(parts)
    assert len(pieces) == parts
    assert sum(p.minor for p in pieces) == award.minor
    assert max(p.minor for p in pieces) - min(p.minor for p in pieces) <= 1


def test_json_form_is_a_string_amount_and_currency() -> None:
    assert Money.of("400000", "KHR").to_json() == {"amount": "400000.00", "currency": "KHR"}
    assert Money.of(Decimal("12.5"), "USD").times(Decimal("0.5")).amount_text() == "6.25"
