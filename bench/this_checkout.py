"""Put this checkout's root first on ``sys.path``: a benchmark measures the code beside it
(not another copy installed in the environment) and may import the tests' builders.

Import it before anything of compfund's: ``import this_checkout  # noqa: F401``.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

if sys.path[:1] != [str(ROOT)]:
    sys.path.insert(0, str(ROOT))
