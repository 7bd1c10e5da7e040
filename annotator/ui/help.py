"""Help menu: "Keyboard shortcuts" (listed from the window's own menus and label keys, so it never
goes stale) and "About annotator" (version, project path, per-user folders)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QLabel, QTableWidget,
                               QTableWidgetItem, QVBoxLayout)

EXTRA = (  # keys that are not menu actions
    ("Labelling", "Label the selection without snapping to tokens", "Alt + label key"),
    ("Labelling", "Select text", "Mouse drag or Shift+Arrows"),
    ("Labelling", "Select a span (click again to cycle overlapping spans)", "Click"),
    ("Labelling", "Relabel the selected span", "Label key"),
)


def _text(action) -> str:
    return action.text().replace("&&", "\x00").replace("&", "").replace("\x00", "&")


def shortcut_rows(window) -> list[tuple[str, str, str]]:
    """(group, action, keys) for every menu action with a shortcut, then the label keys."""
    rows = []
    acts = getattr(window, "acts", {}) or {}
    # Undo/Redo menu texts name the step of the moment ("Undo Reject 1 span(s)"); the key's action is plain
    plain = {id(acts[k]): name for k, name in (("undo", "Undo"), ("redo", "Redo")) if k in acts}

    def walk(menu, group):
        for act in menu.actions():
            if act.menu() is not None:
                walk(act.menu(), group)
            elif not act.isSeparator() and act.shortcuts():
                keys = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in act.shortcuts())
                rows.append((group, plain.get(id(act)) or _text(act), keys))

    for top in window.menuBar().actions():
        if top.menu() is not None:
            walk(top.menu(), _text(top))
    for act in getattr(window, "label_actions", []):
        if act.shortcuts():
            rows.append(("Labels", f"Label as {act.data()}",
                         act.shortcuts()[0].toString(QKeySequence.SequenceFormat.NativeText)))
    rows.extend(EXTRA)
    rows.extend(getattr(window, "extra_shortcut_rows", ()))  # keys extensions define (e.g. trace review)
    return rows


class ShortcutsDialog(QDialog):
    def __init__(self, window):
        super().__init__(window)
        self.setWindowTitle("Keyboard shortcuts — annotator")
        rows = shortcut_rows(window)
        self.table = QTableWidget(len(rows), 3, self)
        self.table.setHorizontalHeaderLabels(["Menu", "Action", "Keys"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        previous = None
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                item = QTableWidgetItem(text)
                item.setToolTip(text)  # the whole text, also when the column is too narrow for it
                if c == 0 and text == previous:
                    item.setForeground(Qt.GlobalColor.transparent)  # group name once, kept for copy/tests
                self.table.setItem(r, c, item)
            previous = row[0]
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setShowGrid(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.table)
        lay.addWidget(buttons)
        # wide enough for every column's longest text (never "Label the selection without ..."), on screen
        fm = self.table.fontMetrics()
        needed = sum(max((fm.horizontalAdvance(row[c]) for row in rows), default=0) + 24 for c in range(3)) + 60
        screen = self.screen().availableGeometry().width() if self.screen() is not None else 1280
        self.resize(max(620, min(needed, int(screen * 0.9))), 560)


def about_text(window) -> str:
    from .. import __version__
    from ..store import paths

    def row(name, value):
        return f"<tr><td style='padding-right:12px'><b>{escape(name)}</b></td><td>{escape(str(value))}</td></tr>"

    folders = [("Project", window.project.path + ("  (read-only)" if window.project.readonly else "")),
               ("Data folder", paths.data_dir()), ("Backups", paths.backups_dir()), ("Models", paths.models_dir()),
               ("Settings", paths.config_dir()), ("Logs", paths.log_dir())]
    return (f"<h3>annotator {escape(__version__)}</h3>"
            "<p>Compare how outlets retell the same story: label quotes, claims, figures and framing,"
            " link them across documents, and export training data. Offline; one SQLite file per project.</p>"
            "<table>" + "".join(row(n, v) for n, v in folders) + "</table>")


class AboutDialog(QDialog):
    def __init__(self, window):
        super().__init__(window)
        self.setWindowTitle("About annotator")
        self.label = QLabel(about_text(window))
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        lay = QVBoxLayout(self)
        lay.addWidget(self.label)
        lay.addWidget(buttons)
        self.setMinimumWidth(560)


def build_menu(window, make_action) -> dict:
    """The Help menu (added last, after extensions' menus)."""
    h = window.menuBar().addMenu("&Help")
    return {
        "shortcuts": make_action(window, h, "&Keyboard Shortcuts", lambda: ShortcutsDialog(window).exec(), "F1"),
        "about": make_action(window, h, "&About annotator", lambda: AboutDialog(window).exec()),
    }
