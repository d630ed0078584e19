"""Running the real ``compfund`` console script as a subprocess, the way an officer would.

Every run has no controlling terminal (``start_new_session=True``), its standard input
is either the given text or /dev/null, and it is killed by a timeout, so a command that
wrongly waits for a prompt fails the test instead of hanging it. The autouse fixtures of
tests/conftest.py (in-memory keyring, cheap Argon2) do not reach the subprocess.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select

from compfund.models import User

COMPFUND = Path(sys.executable).parent / "compfund"
TIMEOUT_SECONDS = 120


@dataclass(frozen=True)
class Result:
    code: int
    stdout: str
    stderr: str
    seconds: float

    def json(self) -> Any:
        return json.loads(self.stdout)

    def error(self) -> dict[str, str]:
        """The ``{"error": {"code", "message"[, "key", "params"]}}`` body printed on stderr
        under --json (key and params where the error says more than its kind)."""
        body = json.loads(self.stderr)
        assert set(body) == {"error"}, body
        error: dict[str, str] = body["error"]
        assert set(error) in ({"code", "message"}, {"code", "message", "key", "params"}), body
        return error


class Cli:
    """``compfund`` with its own config and data folders under ``home``."""

    def __init__(self, home: Path) -> None:
        self.data_home = home / "data"
        self.config_home = home / "config"
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("COMPFUND_")}
        self.env["XDG_DATA_HOME"] = str(self.data_home)
        self.env["XDG_CONFIG_HOME"] = str(self.config_home)

    def __call__(
        self,
        *args: str,
        stdin: str | None = None,
        password: str | None = None,
        env: dict[str, str] | None = None,
        timeout: float = TIMEOUT_SECONDS,
    ) -> Result:
        """Run ``compfund *args``; ``password`` goes in $COMPFUND_PASSWORD."""
        run_env = dict(self.env)
        if password is not None:
            run_env["COMPFUND_PASSWORD"] = password
        run_env.update(env or {})
        started = time.monotonic()
        done = subprocess.run(
            [str(COMPFUND), *args],
            input=stdin,
            stdin=subprocess.DEVNULL if stdin is None else None,
            capture_output=True,
            text=True,
            env=run_env,
            timeout=timeout,
            start_new_session=True,
            check=False,
        )
        return Result(done.returncode, done.stdout, done.stderr, time.monotonic() - started)

    def waiting_on_stdin(self, *args: str, timeout: float = 60) -> Result:
        """Run ``compfund *args`` with its standard input open and silent, as a pipe nobody
        writes to: a command that tried to read a password from it would wait until
        ``timeout`` and fail the test with ``TimeoutExpired``."""
        started = time.monotonic()
        with subprocess.Popen(
            [str(COMPFUND), *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=dict(self.env),
            start_new_session=True,
        ) as process:
            try:
                code = process.wait(timeout=timeout)
            finally:
                if process.poll() is None:
                    process.kill()
            assert process.stdout is not None and process.stderr is not None
            out, err = process.stdout.read(), process.stderr.read()
        return Result(code, out, err, time.monotonic() - started)


def user_rows(engine: Engine) -> list[tuple[str, str, str | None]]:
    """Every officer as (login, role, province), read with the owner's engine."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(User.login, User.role, User.province_code).order_by(User.login)
        ).all()
    return [(login, str(role), province) for login, role, province in rows]


def count(engine: Engine, model: type) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(model)).scalar_one())
