"""Persisted UI state (QSettings in an INI file under the config dir): window geometry and docks,
splitter sizes, open panes per project, recent projects."""

from __future__ import annotations

import json
import os

from PySide6.QtCore import QByteArray, QSettings

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


def restore_window(window) -> bool:
    """Restore geometry, docks and the panes of this project. False if nothing was saved."""
    s = store()
    geo = s.value("window/geometry")
    if isinstance(geo, QByteArray) and not geo.isEmpty():
        window.restoreGeometry(geo)
        state = s.value("window/state")
        if isinstance(state, QByteArray):
            window.restoreState(state)
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
