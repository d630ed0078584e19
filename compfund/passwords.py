"""Argon2id password hashes for the embedded (SQLite) database.

Parameters are RFC 9106's "low memory" profile (t=3, m=64 MiB, p=4), above OWASP's
minimum for Argon2id (m=19 MiB, t=2, p=1). On PostgreSQL no application hash is kept:
the server checks the officer's own role password (SCRAM-SHA-256).
"""

from __future__ import annotations

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

from compfund.errors import InvalidInput

HASHER = PasswordHasher(time_cost=3, memory_cost=65536, parallelism=4, hash_len=32, type=Type.ID)
MIN_LENGTH = 12


def check_strength(password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise InvalidInput(f"A password needs at least {MIN_LENGTH} characters.")
    if password.strip() != password:
        raise InvalidInput("A password may not start or end with a space.")


def hash_password(password: str) -> str:
    check_strength(password)
    return str(HASHER.hash(password))


def verify_password(stored_hash: str, password: str) -> bool:
    try:
        return bool(HASHER.verify(stored_hash, password))
    except (VerificationError, InvalidHashError):
        return False
