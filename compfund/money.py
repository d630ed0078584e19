"""Exact money: integer minor units with their currency.

The fund pays in Cambodian riel (KHR) and US dollars (USD). An amount never passes
through a float: it is held as whole minor units (ISO 4217 exponent: 2 for both) and
any arithmetic that would mix currencies is refused. Conversion between currencies is
not done here: it needs a recorded rate and belongs to the ledger.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from enum import StrEnum

from compfund.errors import InvalidInput, RuleViolation


class Currency(StrEnum):
    KHR = "KHR"
    USD = "USD"

    @property
    def exponent(self) -> int:
        """Digits after the decimal point (ISO 4217)."""
        return 2

    @classmethod
    def parse(cls, text: str) -> Currency:
        try:
            return cls(text.strip().upper())
        except ValueError:
            known = ", ".join(c.value for c in cls)
            raise InvalidInput(f"Unknown currency {text!r}: use one of {known}.") from None


class CurrencyMismatch(RuleViolation):
    """Two amounts in different currencies were combined without an exchange rate."""

    code = "currency_mismatch"


@dataclass(frozen=True, order=False, slots=True)
class Money:
    """An exact amount: ``minor`` whole minor units (cents, or 1/100 riel) of ``currency``."""

    minor: int
    currency: Currency

    def __post_init__(self) -> None:
        if isinstance(self.minor, bool) or not isinstance(self.minor, int):
            raise TypeError("Money.minor must be an int (minor units), never a float")
        if not isinstance(self.currency, Currency):
            object.__setattr__(self, "currency", Currency.parse(str(self.currency)))

    # -- construction -------------------------------------------------------------
    @classmethod
    def zero(cls, currency: Currency) -> Money:
        return cls(0, currency)

    @classmethod
    def of(cls, amount: str | int | Decimal, currency: Currency | str) -> Money:
        """Build from a decimal amount such as ``"1250.50"``; refuses sub-minor precision."""
        cur = currency if isinstance(currency, Currency) else Currency.parse(currency)
        if isinstance(amount, float):
            raise TypeError("Money amounts are never floats; pass a string or Decimal")
        try:
            value = Decimal(str(amount).strip().replace(",", ""))
        except InvalidOperation:
            raise InvalidInput(f"{amount!r} is not an amount of money.") from None
        if not value.is_finite():
            raise InvalidInput(f"{amount!r} is not an amount of money.")
        scaled = value.scaleb(cur.exponent)
        if scaled != scaled.to_integral_value():
            raise InvalidInput(
                f"{amount} {cur.value} has more than {cur.exponent} digits after the point."
            )
        return cls(int(scaled), cur)

    # -- reading ------------------------------------------------------------------
    @property
    def amount(self) -> Decimal:
        """The amount as an exact Decimal with the currency's digits (e.g. Decimal('12.50'))."""
        return (
            Decimal(self.minor)
            .scaleb(-self.currency.exponent)
            .quantize(Decimal(1).scaleb(-self.currency.exponent))
        )

    def amount_text(self) -> str:
        """The plain amount as a string, as used in JSON and files: ``"12.50"``."""
        return str(self.amount)

    def __str__(self) -> str:
        return f"{self.amount:,} {self.currency.value}"

    def to_json(self) -> dict[str, str]:
        return {"amount": self.amount_text(), "currency": self.currency.value}

    # -- arithmetic ---------------------------------------------------------------
    def _same(self, other: Money) -> None:
        if not isinstance(other, Money):
            raise TypeError(f"cannot combine Money with {type(other).__name__}")
        if other.currency is not self.currency:
            raise CurrencyMismatch(
                f"Cannot combine {self} with {other}: convert at a recorded exchange rate first."
            )

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.minor + other.minor, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.minor - other.minor, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.minor, self.currency)

    def __lt__(self, other: Money) -> bool:
        self._same(other)
        return self.minor < other.minor

    def __le__(self, other: Money) -> bool:
        self._same(other)
        return self.minor <= other.minor

    def __gt__(self, other: Money) -> bool:
        self._same(other)
        return self.minor > other.minor

    def __ge__(self, other: Money) -> bool:
        self._same(other)
        return self.minor >= other.minor

    def times(self, factor: int | Decimal) -> Money:
        """Multiply by an exact factor, rounding half to even to whole minor units."""
        if isinstance(factor, float):
            raise TypeError("Money factors are never floats; pass an int or Decimal")
        product = (Decimal(self.minor) * Decimal(factor)).quantize(
            Decimal(1), rounding=ROUND_HALF_EVEN
        )
        return Money(int(product), self.currency)

    def split(self, parts: int) -> list[Money]:
        """Split into ``parts`` amounts that differ by at most one minor unit and sum exactly."""
        if parts < 1:
            raise InvalidInput("An amount can only be split into one part or more.")
        base, rest = divmod(self.minor, parts)
        return [Money(base + (1 if i < rest else 0), self.currency) for i in range(parts)]

    def is_zero(self) -> bool:
        return self.minor == 0

    def is_negative(self) -> bool:
        return self.minor < 0
