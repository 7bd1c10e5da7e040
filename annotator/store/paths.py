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


def data_dir() -> Path:
    h = _home()
    if h:
        return _ensure(h / "data")
    import platformdirs

    return _ensure(Path(platformdirs.user_data_dir(APP, appauthor=False)))


def config_dir() -> Path:
    h = _home()
    if h:
        return _ensure(h / "config")
    import platformdirs

    return _ensure(Path(platformdirs.user_config_dir(APP, appauthor=False)))


def log_dir() -> Path:
    h = _home()
    if h:
        return _ensure(h / "logs")
    import platformdirs

    return _ensure(Path(platformdirs.user_log_dir(APP, appauthor=False)))


def backups_dir() -> Path:
    return _ensure(data_dir() / "backups")


def models_dir() -> Path:
    return _ensure(data_dir() / "models")


def default_project_path() -> Path:
    return data_dir() / "default.annotator"
