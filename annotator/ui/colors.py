"""Label colours that stay readable on light and dark palettes."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication


def is_dark(palette: QPalette | None = None) -> bool:
    palette = palette or QApplication.palette()
    return palette.color(QPalette.ColorRole.Base).lightnessF() < 0.5


def label_color(hex_color: str, dark: bool) -> QColor:
    """The label's colour, lightened on dark backgrounds so lines and outlines stay visible."""
    c = QColor(hex_color) if QColor.isValidColorName(hex_color or "") else QColor("#888888")
    if dark and c.lightnessF() < 0.55:
        c = c.lighter(150)
    return c


def fill_color(c: QColor, dark: bool, strong: bool = False) -> QColor:
    f = QColor(c)
    alpha = 0.30 if dark else 0.22
    f.setAlphaF(min(1.0, alpha * (1.8 if strong else 1.0)))
    return f


def text_on(c: QColor) -> QColor:
    """Black or white, whichever reads better on ``c``."""
    lum = 0.299 * c.redF() + 0.587 * c.greenF() + 0.114 * c.blueF()
    return QColor("#000000") if lum > 0.55 else QColor("#ffffff")
