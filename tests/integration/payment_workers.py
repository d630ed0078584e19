"""A desk in its own operating-system process, for the concurrency tests (spawned: nothing
is shared with the test process but the database)."""

from __future__ import annotations

import random
import time
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier
from typing import Any

from compfund.desk import Desk
from compfund.disbursements.payment import confirm_payment


def pay_everything(
    number: int,
    url: str,
    login: str,
    password: str,
    keys: list[str],
    barrier: Barrier,
    results: Queue[dict[str, Any]],
) -> None:
    """Log in, wait for the others, then try to pay every key once, in an order of its own."""
    outcome: dict[str, Any] = {"worker": number, "paid": [], "already": 0, "errors": []}
    try:
        desk = Desk.log_in(url, login, password)
        order = list(keys)
        random.Random(number).shuffle(order)
        barrier.wait(timeout=120)
        started = time.monotonic()
        for key in order:
            try:
                done = desk.do(confirm_payment, key, f"BANK-{key[-4:]}")
            except Exception as exc:  # reported to the test, which fails on any
                outcome["errors"].append(f"{key}: {type(exc).__name__}: {exc}")
                continue
            if done.changed:
                outcome["paid"].append(key)
            else:
                outcome["already"] += 1
        outcome["seconds"] = time.monotonic() - started
        desk.close()
    except Exception as exc:
        outcome["errors"].append(f"worker {number}: {type(exc).__name__}: {exc}")
    results.put(outcome)
