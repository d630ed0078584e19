"""Survivor and application codes: random, checkable, never derived from a person.

- Survivor code ``SV-7K3Q-9M2X``: seven random Crockford base-32 symbols and one
  Luhn mod 32 check symbol. It is the pseudonym every list and report shows.
- Application code ``APP-2026-048172``: the year of submission, five random digits and
  one Luhn (mod 10) check digit.
- Payment key ``PAY-7K3Q-9M2X-QW4R-T8C5``: fifteen random Crockford symbols and a check
  symbol; the idempotency key a payment carries on the instruction file and statement.

The check symbol catches every single mistyped character and most swapped neighbours,
so a code read over the phone or copied from paper is refused before it is looked up.
"""

from __future__ import annotations

import random
import re
import secrets

from compfund.errors import InvalidInput

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U
_SURVIVOR_RE = re.compile(r"^SV-([0-9A-Z]{4})-([0-9A-Z]{4})$")
_APPLICATION_RE = re.compile(r"^APP-(\d{4})-(\d{6})$")
_PAYMENT_RE = re.compile(r"^PAY-([0-9A-Z]{4})-([0-9A-Z]{4})-([0-9A-Z]{4})-([0-9A-Z]{4})$")


def _luhn_check(symbols: str, alphabet: str) -> str:
    """The Luhn mod N check symbol for ``symbols`` over ``alphabet``."""
    n = len(alphabet)
    factor, total = 2, 0
    for ch in reversed(symbols):
        addend = factor * alphabet.index(ch)
        factor = 1 if factor == 2 else 2
        total += addend // n + addend % n
    return alphabet[(n - total % n) % n]


def _pick(rng: random.Random | None, alphabet: str, count: int) -> str:
    if rng is None:
        return "".join(secrets.choice(alphabet) for _ in range(count))
    return "".join(rng.choice(alphabet) for _ in range(count))


def new_survivor_code(rng: random.Random | None = None) -> str:
    """A fresh survivor code; pass ``rng`` only for reproducible demo data."""
    body = _pick(rng, ALPHABET, 7)
    full = body + _luhn_check(body, ALPHABET)
    return f"SV-{full[:4]}-{full[4:]}"


def new_application_code(year: int, rng: random.Random | None = None) -> str:
    """A fresh application code for an application submitted in ``year``."""
    body = _pick(rng, "0123456789", 5)
    return f"APP-{year:04d}-{body}{_luhn_check(body, '0123456789')}"


def new_payment_key(rng: random.Random | None = None) -> str:
    """A fresh idempotency key for one payment; pass ``rng`` only for reproducible demo data."""
    body = _pick(rng, ALPHABET, 15)
    full = body + _luhn_check(body, ALPHABET)
    return "PAY-" + "-".join(full[i : i + 4] for i in range(0, 16, 4))


def _normalise(text: str) -> str:
    cleaned = text.strip().upper().replace(" ", "")
    # Crockford decoding: letters people confuse with digits.
    return cleaned.translate(str.maketrans("OIL", "011"))


def parse_survivor_code(text: str) -> str:
    """Return the canonical survivor code, or raise InvalidInput saying what is wrong."""
    raw = text.strip().upper().replace(" ", "")
    prefix, _, rest = raw.partition("-")
    code = f"SV-{_normalise(rest)}" if prefix == "SV" else raw
    match = _SURVIVOR_RE.match(code)
    if not match or any(ch not in ALPHABET for ch in match.group(1) + match.group(2)):
        raise InvalidInput(f"{text!r} is not a survivor code (they look like SV-7K3Q-9M2X).")
    body = match.group(1) + match.group(2)
    if _luhn_check(body[:7], ALPHABET) != body[7]:
        raise InvalidInput(f"{text!r} is not a valid survivor code: check it for a typing mistake.")
    return code


def parse_application_code(text: str) -> str:
    """Return the canonical application code, or raise InvalidInput saying what is wrong."""
    code = text.strip().upper().replace(" ", "")
    match = _APPLICATION_RE.match(code)
    if not match:
        raise InvalidInput(f"{text!r} is not an application code (they look like APP-2026-048172).")
    digits = match.group(2)
    if _luhn_check(digits[:5], "0123456789") != digits[5]:
        raise InvalidInput(
            f"{text!r} is not a valid application code: check it for a typing mistake."
        )
    return code


def parse_payment_key(text: str) -> str:
    """Return the canonical payment key, or raise InvalidInput saying what is wrong."""
    raw = text.strip().upper().replace(" ", "")
    prefix, _, rest = raw.partition("-")
    key = f"PAY-{_normalise(rest)}" if prefix == "PAY" else raw
    match = _PAYMENT_RE.match(key)
    body = "".join(match.groups()) if match else ""
    if not match or any(ch not in ALPHABET for ch in body):
        raise InvalidInput(
            f"{text!r} is not a payment key (they look like PAY-7K3Q-9M2X-QW4R-T8C5)."
        )
    if _luhn_check(body[:15], ALPHABET) != body[15]:
        raise InvalidInput(f"{text!r} is not a valid payment key: check it for a typing mistake.")
    return key
