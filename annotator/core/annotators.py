"""Annotator names: who made each span and link (one layer per annotator, plus ``adjudicated``)."""

from __future__ import annotations

import getpass

from .errors import AnnotatorError

SETTING = "annotator"  # the project's annotator name, in the settings table
ADJUDICATED = "adjudicated"  # the settled layer filled by adjudication
MAX_LENGTH = 64


def default_annotator() -> str:
    """The OS login name (what a new project's annotator is called unless told otherwise)."""
    try:
        name = getpass.getuser()
    except Exception:  # no login name (containers, odd Windows setups)
        name = ""
    name = (name or "").strip().replace(",", " ")[:MAX_LENGTH]
    return name or "annotator"


def check_annotator_name(name: str, *, allow_adjudicated: bool = False) -> str:
    """The name, stripped, or AnnotatorError with a one-line reason."""
    name = (name or "").strip()
    if not name:
        raise AnnotatorError("an annotator name cannot be empty")
    if len(name) > MAX_LENGTH:
        raise AnnotatorError(f"an annotator name has at most {MAX_LENGTH} characters")
    if "," in name or any(ord(c) < 32 for c in name):
        raise AnnotatorError(f"annotator name {name!r}: no commas or control characters")
    if name == ADJUDICATED and not allow_adjudicated:
        raise AnnotatorError(f"{ADJUDICATED!r} is the name of the adjudicated layer; choose another name")
    return name


def parse_annotators(value: str | None) -> list[str] | None:
    """``A,B,C`` (a command-line list) -> names, or None for "all"."""
    if not value:
        return None
    names = list(dict.fromkeys(x.strip() for x in value.split(",") if x.strip()))
    return names or None
