"""Colours and words for link relations (quotes, paraphrases, distorts and the other link types)."""

from __future__ import annotations

from PySide6.QtGui import QColor

RELATIONS = ("quotes", "paraphrases", "distorts")
SEVERITY = {"distorts": 3, "contradicts": 3, "paraphrases": 2, "quotes": 1}  # the worst one is shown
_COLORS = {
    "quotes": "#2e7d32",  # green: the source's own words
    "paraphrases": "#1565c0",  # blue: same meaning
    "distorts": "#c62828",  # red: something was changed
    "same-as": "#00838f",
    "supports": "#6a1b9a",
    "contradicts": "#ef6c00",
}


def relation_color(name: str, dark: bool = False) -> QColor:
    c = QColor(_COLORS.get(name, "#757575"))
    return c.lighter(150) if dark else c


def next_relation(name: str) -> str:
    """R in trace review: quotes -> paraphrases -> distorts -> quotes."""
    if name not in RELATIONS:
        return RELATIONS[0]
    return RELATIONS[(RELATIONS.index(name) + 1) % len(RELATIONS)]
