"""Files on the desk that hold survivors' data are the officer's alone.

The embedded database (names, birth dates, password hashes), its folder, payment
instruction files and the settings are created owner-only: 0600 for a file, 0700 for a
folder, whatever the process umask says. On Windows these modes mean little: the files
live in the officer's own profile (%APPDATA% / %LOCALAPPDATA%), which Windows gives
to that user alone; the README says so.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

FILE_MODE = 0o600
FOLDER_MODE = 0o700


def private_folder(path: Path) -> None:
    """Create ``path`` (and missing parents) owner-only; an existing folder is left as is
    unless compfund made it (a folder it creates is never opened to others later)."""
    missing = [p for p in (path, *path.parents) if not p.exists()]
    path.mkdir(parents=True, exist_ok=True)
    for folder in missing:
        os.chmod(folder, FOLDER_MODE)


def private_file(path: Path) -> None:
    """Make sure ``path`` exists and only its owner may read or write it.

    An existing file is never opened here, only chmod-ed: closing a descriptor of a SQLite
    file drops every POSIX lock this process holds on it, which corrupts the database."""
    if not path.exists():
        try:
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE))
            return
        except FileExistsError:
            pass  # created meanwhile by another process: fall through to chmod
    if stat.S_IMODE(os.stat(path).st_mode) & 0o077:
        os.chmod(path, FILE_MODE)


def write_private(path: Path, text: str) -> None:
    """Write ``text`` to a new owner-only file; refuses if ``path`` exists."""
    descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE)
    with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as out:
        out.write(text)
