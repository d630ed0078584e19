import random

import pytest

from compfund.codes import (
    ALPHABET,
    new_application_code,
    new_survivor_code,
    parse_application_code,
    parse_survivor_code,
)
from compfund.errors import InvalidInput


def test_survivor_codes_look_right_and_verify() -> None:
    for _ in range(200):
        code = new_survivor_code()
        assert len(code) == 12 and code.startswith("SV-") and code[7] == "-"
        assert parse_survivor_code(code.lower()) == code


def test_every_single_typing_mistake_in_a_survivor_code_is_caught() -> None:
    code = new_survivor_code(random.Random(1))
    body = code.replace("SV-", "").replace("-", "")
    for i in range(8):
        for ch in ALPHABET:
            if ch == body[i]:
                continue
            typo = body[:i] + ch + body[i + 1 :]
            with pytest.raises(InvalidInput, match="typing mistake"):
                parse_survivor_code(f"SV-{typo[:4]}-{typo[4:]}")


def test_every_single_typing_mistake_in_an_application_code_is_caught() -> None:
    code = new_application_code(2026, random.Random(3))
    digits = code[-6:]
    for i in range(6):
        for d in "0123456789":
            if d != digits[i]:
                typo = digits[:i] + d + digits[i + 1 :]
                with pytest.raises(InvalidInput):
                    parse_application_code(f"APP-2026-{typo}")
    assert parse_application_code(code) == code


def test_codes_are_random_not_derived() -> None:
    codes = {new_survivor_code() for _ in range(1000)}
    assert len(codes) == 1000
    assert new_survivor_code(random.Random(5)) == new_survivor_code(random.Random(5))


@pytest.mark.parametrize("text", ["", "SV-1234", "APP-2026-1", "Sok Sokha", "SV-ABCD-EFGU"])
def test_malformed_codes_say_what_a_code_looks_like(text: str) -> None:
    with pytest.raises(InvalidInput):
        parse_survivor_code(text)
    with pytest.raises(InvalidInput):
        parse_application_code(text)
