"""Persisted UI state (QSettings in an INI file under the config dir): window geometry and docks,
splitter sizes, open panes per project, recent projects."""

from __future__ import annotations

import json
import os

from PySide6.QtCore import QByteArray, QEvent, QObject, QRect, QSettings, QTimer
from PySide6.QtGui import QGuiApplication

MAX_RECENT = 10


def store() -> QSettings:
    from ..store.paths import config_dir

    return QSettings(str(config_dir() / "ui.ini"), QSettings.Format.IniFormat)


def recent_projects() -> list[str]:
    raw = store().value("recent", "[]")
    try:
        items = json.loads(raw) if isinstance(raw, str) else list(raw or [])
    except ValueError:
        items = []
    return [p for p in items if isinstance(p, str)]


def add_recent(path: str) -> None:
    path = os.path.abspath(path)
    items = [p for p in recent_projects() if p != path]
    items.insert(0, path)
    s = store()
    s.setValue("recent", json.dumps(items[:MAX_RECENT]))
    s.sync()


def _key(project_path: str) -> str:
    import hashlib

    return "project_" + hashlib.sha1(os.path.abspath(project_path).encode()).hexdigest()[:12]


def save_window(window) -> None:
    s = store()
    s.setValue("window/geometry", window.saveGeometry())
    s.setValue("window/state", window.saveState())
    s.setValue(_key(window.project.path) + "/panes", json.dumps(window.open_doc_ids()))
    s.setValue(_key(window.project.path) + "/sizes", json.dumps(window.splitter.sizes()))
    s.sync()


def _enlarge_if_small(window) -> None:
    """A window saved on a smaller screen (or maximised there, whose normal size is small) comes back on a
    larger one at a fraction of it: below 60% of the available area in either direction it is given 90% of it,
    centred, as on a first start."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None or window.isMaximized() or window.isFullScreen():
        return
    area = screen.availableGeometry()
    if window.width() >= 0.6 * area.width() and window.height() >= 0.6 * area.height():
        return
    w, h = int(area.width() * 0.9), int(area.height() * 0.9)
    window.resize(w, h)
    window.move(area.x() + (area.width() - w) // 2, area.y() + (area.height() - h) // 2)


def restore_window(window) -> bool:
    """Restore geometry, docks and the panes of this project. False if nothing was saved."""
    s = store()
    geo = s.value("window/geometry")
    if isinstance(geo, QByteArray) and not geo.isEmpty():
        window.restoreGeometry(geo)
        state = s.value("window/state")
        if isinstance(state, QByteArray):
            window.restoreState(state)
        clamp_to_screen(window)
        _enlarge_if_small(window)
        _ClampWhenShown(window)  # again once the title bar and borders are known
    try:
        panes = json.loads(s.value(_key(window.project.path) + "/panes", "[]"))
        sizes = json.loads(s.value(_key(window.project.path) + "/sizes", "[]"))
    except (TypeError, ValueError):
        panes, sizes = [], []
    known = {d.id for d in window.project.documents()}
    panes = [d for d in panes if d in known]
    if not panes:
        return isinstance(geo, QByteArray)
    for i, doc_id in enumerate(panes):
        pane = window.panes()[i] if i < len(window.panes()) else window.add_pane()
        if pane is not None:
            window.open_document(doc_id, pane)
    if len(sizes) == len(window.panes()):
        window.splitter.setSizes(sizes)
    return True


def fit_rect(rect: QRect, area: QRect) -> QRect:
    """``rect`` moved (and shrunk where it is larger) to lie inside ``area``."""
    w, h = min(rect.width(), area.width()), min(rect.height(), area.height())
    x = min(max(rect.x(), area.x()), area.x() + area.width() - w)
    y = min(max(rect.y(), area.y()), area.y() + area.height() - h)
    return QRect(x, y, w, h)


def clamp_to_screen(window) -> None:
    """A restored window lies inside the available area of its screen (saved on a larger screen, at another
    scaling, or on a monitor since unplugged): otherwise its edge, and the Inspector, run off the screen."""
    if window.isMaximized() or window.isFullScreen():
        return
    frame, inner = window.frameGeometry(), window.geometry()
    screen = QGuiApplication.screenAt(frame.center()) or window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return
    area = screen.availableGeometry()
    dx, dy = frame.width() - inner.width(), frame.height() - inner.height()  # title bar and borders
    fitted = fit_rect(frame, area)
    if fitted != frame:
        window.resize(max(1, fitted.width() - dx), max(1, fitted.height() - dy))
        window.move(fitted.x(), fitted.y())


def initial_size(window, width: int, height: int) -> None:
    """A tool window's first size: ``width`` x ``height``, or what the screen's available area allows (95% of its
    width, 90% of its height), and moved inside that area once shown (title bar and borders known). Ctrl+W
    (the platform's Close key) closes it."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        area = screen.availableGeometry()
        width, height = min(width, int(area.width() * 0.95)), min(height, int(area.height() * 0.9))
    window.resize(width, height)
    _ClampWhenShown(window)
    from PySide6.QtGui import QKeySequence, QShortcut

    close = QShortcut(QKeySequence(QKeySequence.StandardKey.Close), window)  # Ctrl+W, as a document window
    close.activated.connect(window.close)


class _ClampWhenShown(QObject):
    def __init__(self, window):
        super().__init__(window)
        window.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.Show:
            obj.removeEventFilter(self)
            QTimer.singleShot(0, lambda: clamp_to_screen(obj))
            self.deleteLater()
        return False
