"""The README's screenshot script keeps working (it builds demo data and grabs the window)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtGui import QImage

from tests.ui.screenshot import SIZE, grab


def test_the_screenshot_script_grabs_the_window(qapp: Any, tmp_path: Path) -> None:
    out = tmp_path / "screenshot.png"
    grab(out, survivors=40)
    image = QImage(str(out))
    assert (image.width(), image.height()) == SIZE
