"""Python's cycle collector runs on the window's thread only.

Slow work runs off the UI thread (``ui/background.py``). An automatic collection can
start in whichever thread happens to allocate, and when it starts in a worker it may
destroy Qt objects held in reference cycles (a closed dialog and its slots) there, which
crashes Qt (seen once in the suite: a segmentation fault while a worker drew a PDF). So
the window turns automatic collection off and collects from a timer on its own thread,
generation by generation, as soon as Python would have by its own thresholds.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 250


class MainThreadCollector(QObject):
    """Created on the UI thread; ``stop`` gives collection back to Python."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.collect)
        self.timer.start()

    def collect(self) -> None:
        young, middle, old = gc.get_count()
        if young > self.thresholds[0]:
            gc.collect(0)
            if middle > self.thresholds[1]:
                gc.collect(1)
                if old > self.thresholds[2]:
                    gc.collect(2)

    def stop(self) -> None:
        self.timer.stop()
        gc.enable()
        gc.collect()


def collect_on_this_thread(app: QObject) -> MainThreadCollector:
    """Install the collector once for ``app`` (the QApplication)."""
    existing = app.findChild(MainThreadCollector)
    return existing if existing is not None else MainThreadCollector(app)
