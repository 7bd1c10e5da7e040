"""Per-user folders (platformdirs). ANNOTATOR_HOME overrides them all (tests, portable installs)."""

from __future__ import annotations

import os
from pathlib import Path

APP = "annotator"


def _home() -> Path | None:
    h = os.environ.get("ANNOTATOR_HOME")
    return Path(h) if h else None


def _ensure(p: Path) -> Path:
    p.mkdir(parents=True, exist_ok=True)
    return p


def _user_dir(sub: str, which: str) -> Path:
    h = _home()
    if h:
        return _ensure(h / sub)
    import platformdirs

    return _ensure(Path(getattr(platformdirs, which)(APP, appauthor=False)))


def data_dir() -> Path:
    return _user_dir("data", "user_data_dir")


def config_dir() -> Path:
    return _user_dir("config", "user_config_dir")


def log_dir() -> Path:
    return _user_dir("logs", "user_log_dir")


def backups_dir() -> Path:
    return _ensure(data_dir() / "backups")


def models_dir() -> Path:
    return _ensure(data_dir() / "models")


def default_project_path() -> Path:
    return data_dir() / "default.annotator"
