"""Shared helpers for the UI tests (not a test module)."""

from __future__ import annotations

import warnings

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

from annotator.core import NewDocument


def add_docs(project, *texts, titles=None):
    docs = [NewDocument(text=t, title=(titles[i] if titles else f"Doc {i + 1}"), outlet=f"Outlet {i + 1}",
                        published="2024-12-1" + str(i)) for i, t in enumerate(texts)]
    return project.add_documents(docs).added


def make_window(qtbot, project):
    from annotator.ui.mainwindow import MainWindow

    w = MainWindow(project)
    qtbot.addWidget(w)
    original_close = project.close

    def close_window_first():  # the project fixture closes before qtbot closes widgets
        w.close()
        original_close()

    project.close = close_window_first
    w.resize(1300, 800)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        QApplication.setActiveWindow(w)
    return w


def select_utf16(view, a: int, b: int) -> None:
    """Select Qt positions [a, b) the way a mouse drag would."""
    c = view.textCursor()
    c.setPosition(a)
    c.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(c)


def select_text(view, needle: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = view.text.index(needle, start + 1)
    end = start + len(needle)
    select_utf16(view, view.offsets.to_qt(start), view.offsets.to_qt(end))
    return start, end


def settle() -> None:
    """The event loop's next pass, as between two of a user's key presses or clicks: the side views
    (inspector, status bar) update after the view the user acted on has painted (annotator.ui.hub.Later)."""
    for _ in range(2):
        QApplication.processEvents()


def press(qtbot, view, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    view.setFocus()
    qtbot.keyClick(view, key, modifier)
    settle()


def point_of(view, cp: int):
    """A viewport point over the character at code point ``cp``."""
    c = view.textCursor()
    c.setPosition(view.offsets.to_qt(cp))
    r = view.cursorRect(c)
    c.setPosition(view.offsets.to_qt(cp + 1))
    r2 = view.cursorRect(c)
    x = (r.x() + r2.x()) // 2 if r2.y() == r.y() and r2.x() > r.x() else r.x() + 2
    return r.center().__class__(x, r.center().y())


def pixels(view):
    """The viewport as painted, as an (h, w) numpy array of 0xFFRRGGBB ints."""
    import numpy
    from PySide6.QtGui import QImage

    view.viewport().repaint()
    img = view.viewport().grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    arr = numpy.frombuffer(img.constBits(), dtype=numpy.uint32, count=img.height() * img.bytesPerLine() // 4)
    return arr.reshape(img.height(), img.bytesPerLine() // 4)[:, :img.width()].copy()


def rgb(v: int) -> tuple[int, int, int]:
    return (int(v) >> 16) & 255, (int(v) >> 8) & 255, int(v) & 255


def tinted(px) -> int:
    """How many pixels carry colour (span fills and lines; text and page are grey or white)."""
    r, g, b = (px >> 16) & 255, (px >> 8) & 255, px & 255
    import numpy

    spread = numpy.maximum(numpy.maximum(r, g), b).astype(int) - numpy.minimum(numpy.minimum(r, g), b)
    return int((spread > 24).sum())


def wait_for_task(menu, timeout: float = 60.0) -> None:
    """Let an Extract-menu task (rules, model) run its worker and deliver its result on the UI thread."""
    import time

    end = time.monotonic() + timeout
    while menu._worker is not None and time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.005)
    QApplication.processEvents()
    assert menu._worker is None, "the task did not finish"
