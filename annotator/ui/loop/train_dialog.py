"""Train extractor… : choose labels and steps, train in a worker thread with a progress bar
(steps, loss, dev score) and Cancel, then show per-label P/R/F on the dev documents."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QListWidget,
                               QListWidgetItem, QMessageBox, QProgressBar, QPushButton, QSpinBox, QTableWidget,
                               QTableWidgetItem, QVBoxLayout)

from ...core.errors import AnnotatorError
from ...core.project import Project
from ..ops import Task, run_task


class TrainDialog(QDialog):
    def __init__(self, window):
        super().__init__(window)
        self.window_ = window
        self.project: Project = window.project
        self.worker: Task | None = None
        self.info = None
        self.setWindowTitle("Train extractor")
        self.setModal(True)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.labels = QListWidget()
        counts = self.project.stats()["by_label"]
        for label in self.project.labels():
            n = counts.get(label.name, {}).get("accepted", 0)
            item = QListWidgetItem(f"{label.name}  ({n} accepted)")
            item.setData(Qt.ItemDataRole.UserRole, label.name)
            item.setCheckState(Qt.CheckState.Checked if n >= 10 else Qt.CheckState.Unchecked)
            self.labels.addItem(item)
        self.labels.setMaximumHeight(120)
        form.addRow("Labels", self.labels)
        self.steps = QSpinBox()
        self.steps.setRange(10, 20000)
        self.steps.setSingleStep(100)
        self.steps.setValue(600)
        form.addRow("Max steps", self.steps)
        layout.addLayout(form)
        self.bar = QProgressBar()
        self.bar.setFormat("%v / %m steps")
        self.status = QLabel("Trains a span model on the accepted spans; one document in four is held out to measure it.")
        self.status.setWordWrap(True)
        layout.addWidget(self.bar)
        layout.addWidget(self.status)
        buttons = QHBoxLayout()
        self.start_button = QPushButton("Train")
        self.cancel_button = QPushButton("Close")
        self.start_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel_or_close)
        buttons.addStretch(1)
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.cancel_button)
        layout.addLayout(buttons)

    def chosen_labels(self) -> list[str]:
        return [self.labels.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.labels.count())
                if self.labels.item(i).checkState() == Qt.CheckState.Checked]

    def start(self) -> None:
        from ...nlp.data import plan

        if self.worker is not None:
            return
        labels = self.chosen_labels()
        try:
            plan(self.project, labels or None)  # too little data: say so before starting a thread
        except AnnotatorError as e:
            QMessageBox.information(self, "Not enough data yet", str(e))
            return
        steps = self.steps.value()
        self.bar.setRange(0, steps)
        self.bar.setValue(0)
        self._set_running(True)
        self.status.setText("Preparing the data…")

        def job(progress, cancel):
            from ...nlp.train import train_model

            return train_model(self.project, None, labels or None, steps, 0, progress, cancel)

        # each run is its own Task with its own cancel flag: a cancelled run cannot touch the next one
        self.worker = run_task(job, parent=self, dialog=False, on_progress=self.on_progress, on_done=self.on_done,
                               on_failed=self.on_failed, on_cancelled=self.on_cancelled,
                               discard=lambda pending: pending.discard())

    def _set_running(self, running: bool) -> None:
        self.start_button.setEnabled(not running)
        self.labels.setEnabled(not running)
        self.steps.setEnabled(not running)
        self.cancel_button.setText("Cancel" if running else "Close")

    def on_progress(self, p) -> None:
        self.bar.setValue(p.step)
        if p.stage != "training":
            self.status.setText({"preparing": "Preparing the data…", "evaluating": "Measuring on the dev documents…",
                                 "saving": "Saving…"}.get(p.stage, p.stage))
            return
        score = "–" if p.best is None else f"{p.best:.3f}"
        self.status.setText(f"Step {p.step} of {p.max_steps}   loss {p.loss:.2f}   best dev F1 {score}")

    def on_done(self, pending) -> None:
        from ...nlp.train import register

        self.worker = None
        self._set_running(False)
        active = self.ask_activate(pending.metrics)
        try:
            self.info = register(self.project, pending, active=active)
        except AnnotatorError as e:
            pending.discard()
            self.on_failed(e)
            return
        state = "active model" if active else "kept; the previous model stays active"
        self.status.setText(f"Saved as {self.info.name} ({state}).")
        self.window_.status_message(f"Trained model {self.info.name} ({state})")
        ResultDialog(self, self.info).exec()
        self.accept()

    def ask_activate(self, metrics: dict) -> bool:
        """Make the new model the active one? Yes when it is at least as good as the active one; when it
        scores 0 on every label, or worse than the active model, the user decides (default: keep the old)."""
        new = mean_f1(metrics)
        current = self.project.active_model()
        old = mean_f1(current["metrics"]) if current else None
        if new > 0 and (old is None or new >= old):
            return True
        if old is None:
            why = f"The new model scores {new:.2f} (mean F1 on the held-out documents)."
        else:
            why = (f"The new model scores {new:.2f} (mean F1 on the held-out documents); the active model "
                   f"{current['name']} scores {old:.2f}.")
        box = QMessageBox(QMessageBox.Icon.Question, "Train extractor", why + "\n\nMake the new model the active one?",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes

    def on_failed(self, error) -> None:
        self.worker = None
        self._set_running(False)
        if isinstance(error, AnnotatorError):
            self.status.setText(str(error))
            QMessageBox.information(self, "Training", str(error))
        else:
            self.status.setText("Training failed; nothing was saved.")
            self.window_.show_error(error)

    def on_cancelled(self) -> None:
        self.worker = None
        self._set_running(False)
        self.bar.setValue(0)
        self.status.setText("Cancelled; nothing was saved. You can train again.")

    def cancel_or_close(self) -> None:
        if self.worker is not None:
            self.worker.cancel()
            self.status.setText("Cancelling…")
            return
        self.reject()

    def closeEvent(self, event) -> None:
        if self.worker is not None:
            worker = self.worker
            self.cancel_or_close()
            worker.wait()
        super().closeEvent(event)


def mean_f1(metrics: dict) -> float:
    """Mean exact-match F1 over the model's labels (0 when it has none)."""
    scores = [v.get("f", 0.0) for v in (metrics or {}).get("exact", {}).values()]
    return sum(scores) / len(scores) if scores else 0.0


class ResultDialog(QDialog):
    """Per-label precision, recall and F1 on the dev documents (exact and token overlap)."""

    def __init__(self, parent, info):
        super().__init__(parent)
        self.setWindowTitle(f"Model {info.name}")
        layout = QVBoxLayout(self)
        d = info.data
        layout.addWidget(QLabel(f"Trained on {d['train_docs']} document(s) in {d['seconds']:.0f} s; "
                                f"measured on {d['dev_docs']} held-out document(s)."))
        self.table = metrics_table(info.metrics)
        layout.addWidget(self.table)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        box.accepted.connect(self.accept)
        layout.addWidget(box)
        self.resize(640, 300)


def metrics_table(metrics: dict) -> QTableWidget:
    cols = ["Label", "P", "R", "F1", "Token P", "Token R", "Token F1", "Gold", "Long found"]
    labels = list(metrics.get("exact", {}))
    table = QTableWidget(len(labels), len(cols))
    table.setHorizontalHeaderLabels(cols)
    table.verticalHeader().setVisible(False)
    for row, label in enumerate(labels):
        ex, ov = metrics["exact"][label], metrics["overlap"][label]
        long = metrics.get("long", {}).get(label, {"gold": 0, "half_overlap": 0})
        values = [label, f"{ex['p']:.2f}", f"{ex['r']:.2f}", f"{ex['f']:.2f}", f"{ov['p']:.2f}", f"{ov['r']:.2f}",
                  f"{ov['f']:.2f}", str(ex["gold"]), f"{long['half_overlap']}/{long['gold']}"]
        for col, v in enumerate(values):
            item = QTableWidgetItem(v)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            table.setItem(row, col, item)
    table.resizeColumnsToContents()
    return table
