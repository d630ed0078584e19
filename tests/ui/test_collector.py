"""Cycles are collected on the UI thread, by the window's timer, never by Python in a
worker thread drawing an export (ui/collector.py)."""

from __future__ import annotations

import gc
import weakref
from typing import Any

from ui.app import application
from ui.collector import MainThreadCollector


class _Node:
    def __init__(self) -> None:
        self.other: _Node | None = None


def test_automatic_collection_is_off_and_the_timer_collects_instead(qtbot: Any) -> None:
    app = application()
    assert app.findChildren(MainThreadCollector)  # installed once, with the application
    assert len(app.findChildren(MainThreadCollector)) == 1
    assert not gc.isenabled()  # so no collection can start in a worker thread
    first = _Node()
    first.other = _Node()
    first.other.other = first  # a cycle: only the collector frees it
    gone = weakref.ref(first)
    del first
    for _ in range(2 * gc.get_threshold()[0]):  # enough allocations for a collection
        loop = _Node()
        loop.other = loop
    del loop
    assert gone() is not None  # nothing collected it yet
    qtbot.waitUntil(lambda: gone() is None, timeout=5000)
