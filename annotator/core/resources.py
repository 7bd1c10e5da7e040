"""Where bundled files live, from a source checkout and from a frozen (PyInstaller) bundle."""

from __future__ import annotations

import sys
from pathlib import Path


def app_root() -> Path:
    """The folder holding resources/ and seeds/: the repo root, or the bundle's data folder when frozen."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent.parent


def resources_dir() -> Path:
    return app_root() / "resources"


def seeds_dir() -> Path:
    return app_root() / "seeds"


def patterns_dir() -> Path:
    return resources_dir() / "patterns"
