"""Where bundled files (resources/: patterns, icons; seeds/: the sample corpus) live.

Installed (a wheel, `pip install .`, an editable install) they are package data at annotator/resources and
annotator/seeds (setup.py maps the repository's top-level folders there), read with importlib.resources;
the PyInstaller bundle puts them at the same place (packaging/annotator.spec), where its resource reader
finds them. A source checkout run without installing (PYTHONPATH=checkout) reads the top-level folders.
"""

from __future__ import annotations

import sys
from importlib.resources import files
from pathlib import Path

SOURCE_ROOT = Path(__file__).resolve().parent.parent.parent


def _data_dir(name: str) -> Path:
    packaged = files("annotator").joinpath(name)
    if packaged.is_dir():
        return Path(str(packaged))
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:  # a bundle whose resource reader did not answer: its data folder, where the spec puts them
        return Path(frozen) / "annotator" / name
    return SOURCE_ROOT / name


def app_root() -> Path:
    """The folder holding resources/ and seeds/ (the installed package, the bundle's, or the checkout)."""
    return resources_dir().parent


def resources_dir() -> Path:
    return _data_dir("resources")


def seeds_dir() -> Path:
    return _data_dir("seeds")


def patterns_dir() -> Path:
    return resources_dir() / "patterns"
