"""Train extractor… : choose labels and steps, train in a worker thread with a progress bar
(steps, loss, dev score) and Cancel, then show per-label P/R/F on the dev documents."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QListWidget,
                               QListWidgetItem, QMessageBox, QProgressBar, QPushButton, QSpinBox, QTableWidget,
                               QTableWidgetItem, QVBoxLayout)

from ...core.errors import AnnotatorError
from .worker import Worker


class TrainDialog(QDialog):
    def __init__(self, window):
        super().__init__(window)
        self.window_ = window
        self.project = window.project
        self.worker: Worker | None = None
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

        labels = self.chosen_labels()
        try:
            plan(self.project, labels or None)  # too little data: say so before starting a thread
        except AnnotatorError as e:
            QMessageBox.information(self, "Not enough data yet", str(e))
            return
        steps = self.steps.value()
        self.bar.setRange(0, steps)
        self.bar.setValue(0)
        self.start_button.setEnabled(False)
        self.labels.setEnabled(False)
        self.steps.setEnabled(False)
        self.cancel_button.setText("Cancel")

        def job(progress, cancel):
            from ...nlp.train import train_model

            return train_model(self.project, None, labels or None, steps, 0, progress, cancel)

        self.worker = Worker(job, self)
        self.worker.progressed.connect(self.on_progress)
        self.worker.done.connect(self.on_done)
        self.worker.failed.connect(self.on_failed)
        self.worker.start()

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
        try:
            if getattr(self, "_cancelled", False):
                pending.discard()
                self.status.setText("Cancelled; nothing was saved.")
                return
            self.info = register(self.project, pending)
        except AnnotatorError as e:
            pending.discard()
            self.on_failed(e)
            return
        self.status.setText(f"Saved as {self.info.name} (active model).")
        self.cancel_button.setText("Close")
        self.window_.status_message(f"Trained model {self.info.name}")
        ResultDialog(self, self.info).exec()
        self.accept()

    def on_failed(self, error) -> None:
        self.worker = None
        self.start_button.setEnabled(True)
        self.labels.setEnabled(True)
        self.steps.setEnabled(True)
        self.cancel_button.setText("Close")
        from ...nlp.train import TrainingCancelled

        if isinstance(error, TrainingCancelled):
            self.status.setText("Cancelled; nothing was saved.")
        elif isinstance(error, AnnotatorError):
            self.status.setText(str(error))
            QMessageBox.information(self, "Training", str(error))
        else:
            self.window_.show_error(error)

    def cancel_or_close(self) -> None:
        if self.worker is not None:
            self._cancelled = True
            self.worker.cancel.set()
            self.status.setText("Cancelling…")
            return
        self.reject()

    def closeEvent(self, event) -> None:
        if self.worker is not None:
            self.cancel_or_close()
            self.worker.wait()
        super().closeEvent(event)


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
