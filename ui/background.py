"""Running one slow call (logging in, a long read) off the UI thread.

``run_in_background(fn, *args, on_done=..., on_failed=...)`` calls ``fn`` on Qt's
thread pool; the result or the exception comes back to the UI thread by a queued
signal, so ``on_done``/``on_failed`` may touch widgets. ``fn`` must not touch widgets,
and what it returns must be safe to hand between threads (a Desk, frozen rows).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

_running: set[_Task] = set()  # keep each task's Python object alive until it reports


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Task(QRunnable):
    def __init__(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.fn = fn
        self.args = args
        self.signals = _Signals()  # created here, so it lives in the UI thread

    def run(self) -> None:
        try:
            result = self.fn(*self.args)
        except Exception as exc:
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)


def run_in_background(
    fn: Callable[..., Any],
    *args: Any,
    on_done: Callable[[Any], None],
    on_failed: Callable[[Exception], None],
) -> None:
    task = _Task(fn, args)

    def finish(callback: Callable[[Any], None], value: Any) -> None:
        _running.discard(task)
        callback(value)

    task.signals.done.connect(lambda result: finish(on_done, result))
    task.signals.failed.connect(lambda exc: finish(on_failed, exc))
    _running.add(task)
    QThreadPool.globalInstance().start(task)
