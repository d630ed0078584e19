from argon2 import Type

from compfund.provinces import PROVINCES, parse_province


def test_production_argon2id_parameters_meet_owasp() -> None:
    # Re-import the module's own hasher: the suite patches a cheap one for speed.
    import importlib

    import compfund.passwords as passwords

    real = importlib.reload(passwords).HASHER
    params = real._parameters
    assert params.type is Type.ID
    assert params.memory_cost >= 19 * 1024
    assert params.time_cost >= 2
    assert params.parallelism >= 1
    assert real.hash("correct horse battery").startswith("$argon2id$")


def test_twenty_five_provinces_with_khmer_names() -> None:
    assert len(PROVINCES) == 25
    assert len({p.code for p in PROVINCES}) == 25
    assert all(any("\u1780" <= c <= "\u17ff" for c in p.name_km) for p in PROVINCES)
    assert parse_province("kh-12") == "KH-12" == parse_province("12")
