"""The Export dialog: format, output path, label/status filters, split options; runs in a worker thread."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QComboBox, QDialog, QDoubleSpinBox, QFileDialog, QFormLayout,
                               QGridLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem, QMessageBox,
                               QProgressBar, QPushButton, QRadioButton, QSpinBox, QStyle, QVBoxLayout)

from ...core.project import Project
from ._common import settings, swatch, warn
from ..ops import Task, is_user_error, log, run_task
from .errors import describe, show_error

DESCRIPTIONS = {
    "jsonl": "Prodigy spans (JSONL, tokens, relations)", "spacy": "spaCy DocBin (train/dev .spacy)",
    "doccano": "doccano (JSONL)", "brat": "brat standoff (.txt + .ann)", "csv": "CSV (one row per span)",
    "w3c": "W3C Web Annotation (JSON-LD)",
}
FOLDER_FORMATS = {"spacy", "brat"}
SUFFIXES = {"jsonl": ".jsonl", "doccano": ".doccano.jsonl", "csv": ".csv", "w3c": ".jsonld",
            "spacy": "-spacy", "brat": "-brat"}


def default_output(project_path: str, fmt: str, folder: str | None = None) -> str:
    p = Path(project_path)
    return str(Path(folder or p.parent) / (p.stem + SUFFIXES.get(fmt, "." + fmt)))


def documents_folder() -> str:
    """Where exports go by default: the user's documents folder (not the hidden folder the sample
    project lives in), or the home folder when there is none."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return folder if folder and Path(folder).is_dir() else str(Path.home())


def confirm_replace(parent, existing: list[Path]) -> bool:
    """Ask before an export replaces files; True to go ahead."""
    shown = "\n".join(str(p) for p in existing[:5])
    more = f"\n… and {len(existing) - 5} more" if len(existing) > 5 else ""
    one = len(existing) == 1
    head = "A file this export writes already exists" if one else f"{len(existing)} files this export writes already exist"
    answer = QMessageBox.question(
        parent, "Replace existing file?" if one else "Replace existing files?",
        f"{head}:\n{shown}{more}\n\nReplace {'it' if one else 'them'}?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


class ExportDialog(QDialog):
    def __init__(self, project: Project, parent=None, doc_ids=None):
        super().__init__(parent)
        from ...io.export import FORMATS

        self.project = project
        self.doc_ids = list(doc_ids) if doc_ids else None
        self.worker: Task | None = None
        self.report = None
        self.error = None
        self.setWindowTitle("Export annotations")
        self.resize(620, 500)
        self.format = QComboBox()
        for fmt in FORMATS:
            self.format.addItem(f"{fmt}: {DESCRIPTIONS.get(fmt, fmt)}", fmt)
        self.path_edit = QLineEdit()
        browse = QPushButton("Browse…")
        browse.clicked.connect(self.browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(browse)
        self.label_boxes: dict[str, QCheckBox] = {}
        labels_box = QGroupBox("Labels")
        labels_layout = QGridLayout(labels_box)
        for i, label in enumerate(project.labels()):
            cb = QCheckBox(label.name)
            cb.setIcon(swatch(label.color))
            cb.setChecked(True)
            self.label_boxes[label.name] = cb
            labels_layout.addWidget(cb, i // 4, i % 4)
        labels_layout.setColumnStretch(4, 1)
        self.accepted_only = QRadioButton("Accepted spans only")
        self.all_statuses = QRadioButton("All spans (suggested and rejected too, marked with their status)")
        group = QButtonGroup(self)
        group.addButton(self.accepted_only)
        group.addButton(self.all_statuses)
        self.accepted_only.setChecked(True)
        self.split = QComboBox()
        for value, text in (("none", "one record per document"), ("paragraph", "one record per paragraph"),
                            ("sentence", "one record per sentence")):
            self.split.addItem(text, value)
        self.dev_fraction = QDoubleSpinBox()
        self.dev_fraction.setRange(0.0, 0.9)
        self.dev_fraction.setSingleStep(0.05)
        self.dev_fraction.setValue(0.2)
        self.seed = QSpinBox()
        self.seed.setRange(0, 2**31 - 1)
        self.include_empty = QCheckBox("Also export documents that have none of these spans")
        self.include_empty.setToolTip("Left out by default: a document exported without spans teaches a model "
                                      "that there is nothing to find in it.")
        self.only_selected = QCheckBox(f"Only the {len(self.doc_ids)} selected document(s)" if self.doc_ids else "")
        self.only_selected.setChecked(bool(self.doc_ids))
        self.only_selected.setVisible(bool(self.doc_ids))
        self.layer = self._layer_box(project)
        form = QFormLayout()
        form.addRow("Format:", self.format)
        form.addRow("Write to:", path_row)
        form.addRow("Annotators:", self.layer)
        form.setRowVisible(self.layer, self.layer.count() > 2)  # everyone + more than one annotator
        form.addRow("Split (jsonl):", self.split)
        form.addRow("Dev fraction (spaCy):", self.dev_fraction)
        form.addRow("Seed (spaCy):", self.seed)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.results = QListWidget()
        self.results.setVisible(False)
        self.export_button = QPushButton("Export")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.start_export)
        self.close_button = QPushButton("Close")
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(labels_box)
        spans_box = QGroupBox("Spans")
        spans_layout = QVBoxLayout(spans_box)
        for w in (self.accepted_only, self.all_statuses, self.include_empty, self.only_selected):
            spans_layout.addWidget(w)
        layout.addWidget(spans_box)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.results, 1)
        layout.addStretch(0)
        layout.addLayout(buttons)
        self.format.currentIndexChanged.connect(self._format_changed)
        self._restore()

    # -- options ------------------------------------------------------------------
    @staticmethod
    def _layer_box(project) -> QComboBox:
        """Every layer (None), or one annotator's (like ``annotator export --annotator NAME``): after a merge,
        every layer at once repeats a span each annotator marked and keeps both labels of a disagreement."""
        from ...core.annotators import ADJUDICATED

        box = QComboBox()
        box.addItem("Everyone (every annotator's spans)", None)
        try:  # one GROUP BY; a damaged file is reported by the export itself, not by opening the dialog
            counts = project.span_counts_by_author()
        except Exception:  # noqa: BLE001
            counts = {}
        names = sorted(counts, key=lambda n: (n == ADJUDICATED, n != project.annotator, n))
        for name in names:
            what = "the settled layer" if name == ADJUDICATED else ("you" if name == project.annotator else "")
            accepted = counts[name].get("accepted", 0)
            other = sum(counts[name].values()) - accepted
            box.addItem(f"{name}" + (f" ({what})" if what else "") + f" · {accepted} accepted"
                        + (f" + {other} suggested or rejected" if other else ""), name)
        return box

    def source(self):
        """What is exported: the project, or the chosen annotator's layer of it."""
        from ...core.annotators import layer

        return layer(self.project, self.layer.currentData())

    def fmt(self) -> str:
        return self.format.currentData()

    def set_format(self, fmt: str) -> None:
        self.format.setCurrentIndex(self.format.findData(fmt))

    def _format_changed(self, *_) -> None:
        fmt = self.fmt()
        self.split.setEnabled(fmt == "jsonl")
        self.dev_fraction.setEnabled(fmt == "spacy")
        self.seed.setEnabled(fmt == "spacy")
        old = self.path_edit.text().strip()
        remembered = settings().value(f"export/path/{fmt}")
        if remembered:
            self.path_edit.setText(str(remembered))
        else:
            folder = str(Path(old).parent) if old else documents_folder()
            self.path_edit.setText(default_output(self.project.path, fmt, folder))

    def browse(self) -> None:
        current = self.path_edit.text().strip() or default_output(self.project.path, self.fmt(), documents_folder())
        if self.fmt() in FOLDER_FORMATS:
            path = QFileDialog.getExistingDirectory(self, "Export into folder", str(Path(current).parent))
        else:
            path, _ = QFileDialog.getSaveFileName(self, "Export to file", current)
        if path:
            self.path_edit.setText(path)

    def options(self) -> dict:
        checked = [n for n, cb in self.label_boxes.items() if cb.isChecked()]
        fmt = self.fmt()
        opts = dict(labels=None if len(checked) == len(self.label_boxes) else checked,
                    status="accepted" if self.accepted_only.isChecked() else "all",
                    include_empty=self.include_empty.isChecked())
        if fmt == "jsonl":
            opts["split"] = self.split.currentData()
        if fmt == "spacy":
            opts["dev_fraction"] = round(self.dev_fraction.value(), 4)
            opts["seed"] = self.seed.value()
        if self.doc_ids and self.only_selected.isChecked():
            opts["doc_ids"] = list(self.doc_ids)
        return opts

    def _restore(self) -> None:
        s = settings()
        fmt = s.value("export/format") or "jsonl"
        if self.format.findData(fmt) < 0:
            fmt = self.format.itemData(0)
        if self.format.currentData() == fmt:
            self._format_changed()
        self.set_format(fmt)
        try:
            unchecked = set(json.loads(s.value("export/unchecked_labels") or "[]"))
        except ValueError:
            unchecked = set()
        for name, cb in self.label_boxes.items():
            cb.setChecked(name not in unchecked)
        self.all_statuses.setChecked(s.value("export/status") == "all")
        self.include_empty.setChecked(str(s.value("export/include_empty") or "false").lower() == "true")
        self.split.setCurrentIndex(max(0, self.split.findData(s.value("export/split") or "none")))
        self.dev_fraction.setValue(float(s.value("export/dev_fraction") or 0.2))
        self.seed.setValue(int(s.value("export/seed") or 0))

    def _remember(self) -> None:
        s = settings()
        s.setValue("export/format", self.fmt())
        s.setValue(f"export/path/{self.fmt()}", self.path_edit.text().strip())
        s.setValue("export/unchecked_labels", json.dumps([n for n, cb in self.label_boxes.items() if not cb.isChecked()]))
        s.setValue("export/status", "accepted" if self.accepted_only.isChecked() else "all")
        s.setValue("export/split", self.split.currentData())
        s.setValue("export/include_empty", self.include_empty.isChecked())
        s.setValue("export/dev_fraction", self.dev_fraction.value())
        s.setValue("export/seed", self.seed.value())
        s.sync()

    # -- running ------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self.worker is not None and self.worker.running

    def start_export(self) -> bool:
        if self.running:
            return False
        # a new attempt: the last export's files and counts no longer describe what is (or is not) written
        self.results.clear()
        self.results.setVisible(False)
        out = self.path_edit.text().strip()
        if not out:
            warn(self, "Choose where to write the export.")
            return False
        if not self._safe_target(out):
            return False
        if not any(cb.isChecked() for cb in self.label_boxes.values()):
            warn(self, "Tick at least one label to export.")
            return False
        options = self.options()
        try:
            from ...io.export import existing_outputs

            existing = existing_outputs(self.source(), self.fmt(), out, **options)
        except Exception as e:  # noqa: BLE001 - a bad option or path: shown like a failed export
            self._on_failed(e)
            return False
        if existing:
            if not confirm_replace(self, existing):
                self.status.setText("Nothing exported: the existing files were kept.")
                return False
            options["force"] = True
        self.report = self.error = None
        self._remember()
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self.status.setText(f"Exporting to {out}…")
        self.export_button.setEnabled(False)
        self.close_button.setText("Cancel")
        project, fmt = self.source(), self.fmt()

        def job(progress, cancel):
            from ...io.export import export

            return export(project, fmt, out, progress=lambda done, total=0, what="", *_:
                          progress(int(done), int(total or 0), str(what or "")), **options)

        self.worker = run_task(job, parent=self, dialog=False, on_progress=lambda args: self._on_progress(*args),
                               on_done=self._on_done, on_failed=self._on_failed, on_cancelled=self._on_cancelled,
                               keep_late_result=True)
        return True

    def _safe_target(self, out: str) -> bool:
        """The store's output guard: never the project, its -wal/-shm, lock or backups; says why."""
        from ...store import ProtectedPath, check_output_path

        try:
            check_output_path(out, self.project.path)
        except ProtectedPath as e:
            self.status.setText(str(e))
            warn(self, str(e))
            return False
        return True

    def _on_progress(self, done: int, total: int = 0, what: str = "") -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))
        if what:
            self.status.setText(f"Exporting {what}…")

    def _finish(self) -> None:
        self.progress.setVisible(False)
        self.export_button.setEnabled(True)
        self.close_button.setText("Close")

    def _on_done(self, report) -> None:
        self._finish()
        self.report = report
        self.status.setText(summary(report))
        self.results.clear()
        style = self.style()
        for f in report.files:
            QListWidgetItem(style.standardIcon(QStyle.StandardPixmap.SP_FileIcon), str(f), self.results)
        info = dict(getattr(report, "info", None) or {})
        left_out = info.pop("left_out_empty", 0)
        for key, value in info.items():
            QListWidgetItem(f"{key}: {value}", self.results)
        if left_out:
            QListWidgetItem(f"{left_out} document(s) without exported spans left out (tick \"Also export "
                            "documents that have none of these spans\" to keep them)", self.results)
        for w in report.warnings:
            QListWidgetItem(style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning), w, self.results)
        # room for up to 6 result lines (a report of files and counts cut after 2 lines, found in a real window),
        # the dialog grown to show them as far as the screen allows
        rows = min(self.results.count(), 6)
        row = max(self.results.sizeHintForRow(0), self.fontMetrics().height() + 4)
        self.results.setMinimumHeight(rows * row + 2 * self.results.frameWidth() + 4)
        self.results.setVisible(True)
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        want = self.sizeHint().height()
        if screen is not None:
            want = min(want, int(screen.height() * 0.9))
        if self.height() < want:
            self.resize(self.width(), want)

    def _on_failed(self, exc) -> None:
        self._finish()
        if not is_user_error(exc):
            log.error("export failed", exc_info=(type(exc), exc, exc.__traceback__))
        self.error = exc
        from ...store.damage import damaged, is_damage

        if is_damage(exc):  # one line naming the file, its newest backup and how to restore it
            exc = damaged(self.project.path, exc)
        self.status.setText("Export failed: " + describe(exc)[0])
        show_error(self, exc)

    def _on_cancelled(self) -> None:
        self._finish()
        self.status.setText("Export cancelled; nothing was written.")

    def reject(self) -> None:
        if self.running:  # the button reads Cancel while an export runs
            self.worker.cancel()
            return
        super().reject()

    def closeEvent(self, event):  # noqa: N802 - Qt API
        if self.running:
            self.worker.cancel()
            self.worker.wait(10000)
        super().closeEvent(event)


def summary(report) -> str:
    files = len(report.files)
    text = (f"Exported {report.documents} document(s) and {report.spans} span(s) "
            f"to {files} file{'s' if files != 1 else ''}.")
    if report.warnings:
        text += f" {len(report.warnings)} warning(s) below."
    return text
