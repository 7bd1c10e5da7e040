"""Models… (list, set active, delete) and Patterns… (import .jsonl, enable/disable, edit with validation)."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QCheckBox, QDialog, QFileDialog, QHBoxLayout, QLabel, QListWidget, QListWidgetItem,
                               QMessageBox, QPlainTextEdit, QPushButton, QVBoxLayout)

from ...core.errors import AnnotatorError


class ModelsDialog(QDialog):
    def __init__(self, window):
        super().__init__(window)
        self.project = window.project
        self.setWindowTitle("Models")
        layout = QVBoxLayout(self)
        self.list = QListWidget()
        layout.addWidget(self.list)
        row = QHBoxLayout()
        self.activate = QPushButton("Set Active")
        self.delete = QPushButton("Delete…")
        close = QPushButton("Close")
        for b in (self.activate, self.delete):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)
        self.activate.clicked.connect(self.set_active)
        self.delete.clicked.connect(self.delete_model)
        close.clicked.connect(self.accept)
        self.refresh()
        self.resize(560, 300)

    def refresh(self) -> None:
        self.list.clear()
        for m in self.project.models():
            f = ", ".join(f"{l} F1 {v['f']:.2f}" for l, v in m["metrics"].get("exact", {}).items())
            text = f"{'● ' if m['active'] else '   '}{m['name']}  —  {m['created'][:16]}  —  {f or 'no metrics'}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, m["id"])
            item.setToolTip(m["path"])
            self.list.addItem(item)

    def current_id(self) -> int | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def set_active(self) -> None:
        if self.current_id() is not None:
            self.project.set_active_model(self.current_id())
            self.refresh()

    def delete_model(self) -> None:
        model_id = self.current_id()
        model = next((m for m in self.project.models() if m["id"] == model_id), None)
        if model is None:
            return
        answer = QMessageBox.question(self, "Delete model", f"Delete model {model['name']} and its folder?\n{model['path']}")
        if answer != QMessageBox.StandardButton.Yes:
            return
        from ...nlp.model import forget

        self.project.delete_model(model_id)
        forget(model["path"])
        path = Path(model["path"])
        if (path / "config.cfg").is_file():
            shutil.rmtree(path, ignore_errors=True)
        self.refresh()


class PatternsDialog(QDialog):
    def __init__(self, window):
        super().__init__(window)
        from ...nlp.patterns import SETTING_USE_DEFAULTS

        self.project = window.project
        self.setWindowTitle("Patterns")
        layout = QVBoxLayout(self)
        self.defaults = QCheckBox("Use the shipped patterns (quotes, figures, claim cues)")
        self.defaults.setChecked(bool(self.project.setting(SETTING_USE_DEFAULTS, True)))
        self.defaults.toggled.connect(lambda on: self.project.set_setting(SETTING_USE_DEFAULTS, on))
        layout.addWidget(self.defaults)
        layout.addWidget(QLabel("Shipped patterns (untick to switch one off; the number is the score its suggestions get):"))
        self.shipped = QListWidget()
        self.shipped.setMaximumHeight(160)
        self._fill_shipped()
        self.shipped.itemChanged.connect(self.on_shipped_changed)
        self.defaults.toggled.connect(self.shipped.setEnabled)
        self.shipped.setEnabled(self.defaults.isChecked())
        layout.addWidget(self.shipped)
        layout.addWidget(QLabel("Project pattern files (tick to enable):"))
        self.list = QListWidget()
        self.list.itemChanged.connect(self.on_item_changed)
        self.list.currentItemChanged.connect(lambda *_: self.show_current())
        layout.addWidget(self.list)
        self.editor = QPlainTextEdit()
        self.editor.setPlaceholderText('{"label": "FIGURE", "pattern": [{"LIKE_NUM": true}, {"LOWER": "percent"}]}\n'
                                       '{"label": "QUOTE", "regex": "“(?P<span>[^”]+)”"}')
        layout.addWidget(self.editor, 1)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        row = QHBoxLayout()
        imp, save, delete, close = (QPushButton(t) for t in ("Import .jsonl…", "Save Changes", "Delete", "Close"))
        for b in (imp, save, delete):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)
        self.save_btn, self.delete_btn = save, delete  # only for a selected project pattern file
        imp.clicked.connect(self.import_file)
        save.clicked.connect(self.save)
        delete.clicked.connect(self.delete)
        close.clicked.connect(self.accept)
        self.refresh()
        if self.project.readonly:  # look, but change nothing (a toggle would raise out of its slot)
            for widget in (self.defaults, self.shipped, imp, save, delete):
                widget.setEnabled(False)
            self.editor.setReadOnly(True)  # the files stay listed and readable
            self.message.setText("The project is open read-only: patterns can be looked at but not changed.")
        self.resize(700, 500)

    def _fill_shipped(self) -> None:
        from ...nlp.patterns import SETTING_DISABLED, default_patterns, pattern_kind

        off = set(self.project.setting(SETTING_DISABLED, []) or [])
        for p in default_patterns():
            if not p.id:
                continue
            text = f"{p.id}  ({pattern_kind(p)})"
            item = QListWidgetItem(text)
            item.setToolTip(p.note)
            item.setData(Qt.ItemDataRole.UserRole, p.id)
            item.setCheckState(Qt.CheckState.Unchecked if p.id in off else Qt.CheckState.Checked)
            self.shipped.addItem(item)

    def on_shipped_changed(self, item) -> None:
        from ...nlp.patterns import set_default_enabled

        set_default_enabled(self.project, item.data(Qt.ItemDataRole.UserRole),
                            item.checkState() == Qt.CheckState.Checked)

    def refresh(self, select: int | None = None) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for r in self.project.pattern_files():
            item = QListWidgetItem(r["name"])
            item.setData(Qt.ItemDataRole.UserRole, r["id"])
            item.setCheckState(Qt.CheckState.Checked if r["enabled"] else Qt.CheckState.Unchecked)
            if self.project.readonly:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsUserCheckable)
            self.list.addItem(item)
            if r["id"] == select:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        self.show_current()

    def current_id(self) -> int | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def show_current(self) -> None:
        row = next((r for r in self.project.pattern_files() if r["id"] == self.current_id()), None)
        self.editor.setPlainText(row["content"] if row else "")
        self.editor.setEnabled(row is not None)
        if hasattr(self, "save_btn"):
            self.save_btn.setEnabled(row is not None and not self.project.readonly)
            self.delete_btn.setEnabled(row is not None and not self.project.readonly)

    def on_item_changed(self, item) -> None:
        self.project.update_pattern_file(item.data(Qt.ItemDataRole.UserRole),
                                         enabled=item.checkState() == Qt.CheckState.Checked)

    def import_file(self, path: str | None = None) -> None:
        from ...nlp.patterns import import_pattern_file

        if not path:
            path, _ = QFileDialog.getOpenFileName(self, "Import patterns", "", "Patterns (*.jsonl *.json);;All files (*)")
        if not path:
            return
        try:
            file_id = import_pattern_file(self.project, path)
        except AnnotatorError as e:
            self.message.setText(str(e))
            return
        self.message.setText(f"Imported {Path(path).name}")
        self.refresh(select=file_id)

    def save(self) -> None:
        from ...nlp.patterns import update_pattern_content

        if self.current_id() is None:
            return
        try:
            update_pattern_content(self.project, self.current_id(), self.editor.toPlainText())
        except AnnotatorError as e:
            self.message.setText(str(e))
            return
        self.message.setText("Saved")

    def delete(self) -> None:
        if self.current_id() is not None:
            self.project.delete_pattern_file(self.current_id())
            self.refresh()
