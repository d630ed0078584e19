"""The officer's settings (database URL without password, language) in their config folder.

Secrets never go here: a password is kept only in the OS keyring (``compfund.secrets``).
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from platformdirs import user_config_dir

from compfund.db.urls import parse_url, without_password
from compfund.private_files import private_folder, write_private

LANGUAGES = ("en", "km")


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str | None = None
    language: str = "en"
    last_login: str | None = None


def config_path() -> Path:
    return Path(user_config_dir("compfund", appauthor=False)) / "settings.json"


def load() -> Settings:
    try:
        data = json.loads(config_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()
    if not isinstance(data, dict):
        return Settings()
    language = data.get("language")
    return Settings(
        database_url=data.get("database_url") or None,
        language=language if language in LANGUAGES else "en",
        last_login=data.get("last_login") or None,
    )


def save(settings: Settings) -> None:
    """Write the settings atomically; a password in the URL is dropped, never written."""
    clean = Settings(
        database_url=without_password(parse_url(settings.database_url))
        if settings.database_url
        else None,
        language=settings.language if settings.language in LANGUAGES else "en",
        last_login=settings.last_login,
    )
    path = config_path()
    private_folder(path.parent)
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    write_private(tmp, json.dumps(asdict(clean), indent=2))
    os.replace(tmp, path)
