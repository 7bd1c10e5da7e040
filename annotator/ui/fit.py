"""Fitting header text into a narrow width: plain text elided at the right, and rows of per-label
counts ("■ QUOTE 3  ■ CLAIM 5 ...") cut after the last whole item that fits, with "…" and the full row
in the tooltip, so what stays visible always starts with the first label (never clipped from the left)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSizePolicy

SEP_HTML = "&nbsp;&nbsp;"
SEP_PLAIN = "  "


def shrinkable(label: QLabel) -> QLabel:
    """A label that never widens its pane: it takes the width it is given and fits its text to it."""
    label.setMinimumWidth(1)
    policy = label.sizePolicy()
    policy.setHorizontalPolicy(QSizePolicy.Policy.Ignored)
    label.setSizePolicy(policy)
    return label


def fit_items(items: list[tuple[str, str]], fm, width: int, suffix_html: str = "") -> tuple[str, int]:
    """(rich text of the leading items that fit ``width``, how many) for items given as (html, plain)."""
    ell = fm.horizontalAdvance(" …")
    used, shown = 0, []
    for i, (html, plain) in enumerate(items):
        w = fm.horizontalAdvance((SEP_PLAIN if shown else "") + plain)
        if used + w + (0 if i == len(items) - 1 else ell) > width:  # room for "…" unless it is the last
            break
        used += w
        shown.append(html)
    text = SEP_HTML.join(shown)
    if len(shown) < len(items):
        text += " …"
    return text + suffix_html, len(shown)


def elide(label: QLabel, text: str) -> None:
    """Plain text elided at the right to the label's width (the full text as tooltip when cut)."""
    width = max(1, label.width())
    shown = label.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, width)
    label.setText(shown)
    label.setToolTip(text if shown != text else "")
