"""Limits that keep a project usable: how many labels the app can show, how much text one document holds."""

from __future__ import annotations

from .errors import TooManyLabels

# The most labels (and link types) a project holds: each is a toolbar button, a key, a colour and a
# column in the documents list; thousands made the app unusable (and crashed it on open).
MAX_LABELS = 100
MAX_LINK_TYPES = 100

# Characters of text one imported document may hold unless the user raises it (import --max-size).
# 20 M characters is ~10,000 pages; the app and the import keep a small multiple of it in memory.
MAX_TEXT_MB = 20
MAX_TEXT_CHARS = MAX_TEXT_MB * 1_000_000


def check_label_cap(have: int, adding: int, what: str = "label") -> None:
    """Raise TooManyLabels if ``adding`` more would exceed the cap. Called wherever labels are created."""
    cap = MAX_LABELS if what == "label" else MAX_LINK_TYPES
    if adding and have + adding > cap:
        raise TooManyLabels(what, have, adding, cap)
