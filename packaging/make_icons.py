"""Render resources/icons/annotator.svg to PNGs (16..256) and a Windows .ico with Qt's SVG renderer.

Run from the repo root: python packaging/make_icons.py   (the PNGs are committed; rerun after editing the SVG)
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

SIZES = (16, 24, 32, 48, 64, 128, 256)
ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"


def render(svg: Path = ICONS / "annotator.svg", out: Path = ICONS) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 (keeps Qt alive)
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg}: not a valid SVG")
    written = []
    for size in SIZES:
        img = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        img.fill(Qt.GlobalColor.transparent)
        p = QPainter(img)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(p)
        p.end()
        target = out / f"annotator-{size}.png"
        if not img.save(str(target), "PNG"):
            raise SystemExit(f"could not write {target}")
        written.append(target)
    ico = out / "annotator.ico"
    big = QImage(str(out / "annotator-256.png"))
    if big.save(str(ico), "ICO"):
        written.append(ico)
    return written


if __name__ == "__main__":
    for p in render():
        print(p)
