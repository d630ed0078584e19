"""Printing results and errors, as text for people or as JSON for scripts."""

from __future__ import annotations

import json
import sys
from typing import Any

from compfund.errors import CompfundError


def emit(as_json: bool, payload: Any, text: str) -> None:
    if as_json:
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
    else:
        print(text)


def fail(as_json: bool, error: CompfundError, code: str | None = None) -> int:
    if as_json:
        body: dict[str, object] = {"code": code or error.code, "message": error.message}
        if error.key != error.code:
            body |= {"key": error.key, "params": error.params}
        body = {"error": body}
        sys.stderr.write(json.dumps(body, ensure_ascii=False) + "\n")
    else:
        sys.stderr.write(f"compfund: {error.message}\n")
    return error.exit_code


def table(rows: list[list[str]], headers: list[str]) -> str:
    widths = [
        max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)
    ]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    return "\n".join(lines)
