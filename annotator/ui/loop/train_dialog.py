"""Train extractor… : choose labels and steps, train in a worker thread with a progress bar
(steps, loss, dev score) and Cancel, then show per-label P/R/F on the dev documents."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QListWidget,
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
        # a merged project: train on one annotator's layer (every layer would give a place once per annotator);
        # the adjudicated layer if there is one, else your own, as `annotator train --annotator NAME`
        from ...io.compare import default_layer, layers

        self.layer = QComboBox()
        self.layer.addItem("Every annotator", None)
        for name in layers(self.project):
            self.layer.addItem(name, name)
        self.layer.setCurrentIndex(max(0, self.layer.findData(default_layer(self.project))))
        if self.layer.count() > 2:
            form.addRow("Annotator", self.layer)
        self.labels = QListWidget()
        for label in self.project.labels():
            item = QListWidgetItem(label.name)
            item.setData(Qt.ItemDataRole.UserRole, label.name)
            self.labels.addItem(item)
        self._count_labels(check=True)
        self.layer.currentIndexChanged.connect(lambda *_: self._count_labels())
        self.labels.setMaximumHeight(120)
        form.addRow("Labels", self.labels)
        self.steps = QSpinBox()
        self.steps.setRange(10, 20000)
        self.steps.setSingleStep(100)
        self.steps.setValue(600)
        form.addRow("Max steps", self.steps)
        self.folds = QSpinBox()
        self.folds.setRange(0, 10)
        self.folds.setSpecialValueText("no")
        self.folds.setSuffix(" folds")
        self.folds.setToolTip("First train this many models, each with one fold of the documents held out, and show "
                              "P/R/F per label with the spread across folds (takes that many times longer)")
        self._folds_before = 0
        self.folds.valueChanged.connect(self._skip_one_fold)
        form.addRow("Cross-validate first", self.folds)
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

    def _count_labels(self, check: bool = False) -> None:
        """Accepted spans per label in the chosen layer; labels with 10 or more are ticked at first."""
        docs = [d.id for d in self.project.documents()]
        totals: dict[str, int] = {}
        for counts in self.project.layer_counts(docs, ("accepted",), self.layer.currentData()).values():
            for name, n in counts.items():
                totals[name] = totals.get(name, 0) + n
        for i in range(self.labels.count()):
            item = self.labels.item(i)
            name = item.data(Qt.ItemDataRole.UserRole)
            n = totals.get(name, 0)
            item.setText(f"{name}  ({n} accepted)")
            if check:
                item.setCheckState(Qt.CheckState.Checked if n >= 10 else Qt.CheckState.Unchecked)

    def source(self):
        """What training reads: the project, or one annotator's layer of it."""
        from ...core.annotators import layer

        return layer(self.project, self.layer.currentData())

    def _skip_one_fold(self, value: int) -> None:
        if value == 1:  # one fold holds nothing out: step over it
            self.folds.setValue(2 if self._folds_before == 0 else 0)
            return
        self._folds_before = value

    def chosen_labels(self) -> list[str]:
        return [self.labels.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.labels.count())
                if self.labels.item(i).checkState() == Qt.CheckState.Checked]

    def start(self) -> None:
        from ...nlp.data import plan

        if self.worker is not None:
            return
        labels = self.chosen_labels()
        source = self.source()
        try:
            plan(source, labels or None)  # too little data: say so before starting a thread
        except AnnotatorError as e:
            QMessageBox.information(self, "Not enough data yet", str(e))
            return
        steps, folds = self.steps.value(), self.folds.value()
        if folds == 1:
            folds = 0
        runs = folds + 1
        self.bar.setRange(0, steps * runs)
        self.bar.setValue(0)
        self._set_running(True)
        self.status.setText("Preparing the data…")

        def job(progress, cancel):
            from ...nlp.crossval import cross_validate
            from ...nlp.train import train_model

            cv = None
            if folds:
                def fold_progress(fold, k, p):  # the bar runs over every fold, then the final model
                    progress(replace(p, step=fold * steps + p.step, max_steps=steps * runs,
                                     stage=p.stage, fold=(fold + 1, k)))

                cv = cross_validate(source, folds, labels or None, steps, 0, progress=fold_progress,
                                    cancel=cancel)

            def final_progress(p):
                progress(replace(p, step=folds * steps + p.step, max_steps=steps * runs))

            pending = train_model(source, None, labels or None, steps, 0, final_progress, cancel)
            if cv is not None:
                pending.metrics["cross_validation"] = cv.to_dict()
            return pending

        # each run is its own Task with its own cancel flag: a cancelled run cannot touch the next one
        self.worker = run_task(job, parent=self, dialog=False, on_progress=self.on_progress, on_done=self.on_done,
                               on_failed=self.on_failed, on_cancelled=self.on_cancelled,
                               discard=lambda pending: pending.discard())

    def _set_running(self, running: bool) -> None:
        self.start_button.setEnabled(not running)
        self.labels.setEnabled(not running)
        self.steps.setEnabled(not running)
        self.folds.setEnabled(not running)
        self.cancel_button.setText("Cancel" if running else "Close")

    def on_progress(self, p) -> None:
        self.bar.setValue(p.step)
        if p.stage != "training":
            self.status.setText({"preparing": "Preparing the data…", "evaluating": "Measuring on the dev documents…",
                                 "saving": "Saving…"}.get(p.stage, p.stage))
            return
        score = "–" if p.best is None else f"{p.best:.3f}"
        where = f"Cross-validation fold {p.fold[0]} of {p.fold[1]}:   " if p.fold else ""
        self.status.setText(f"{where}Step {p.step} of {p.max_steps}   loss {p.loss:.2f}   best dev F1 {score}")

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
        cv = info.metrics.get("cross_validation")
        self.cv_table = None
        if cv:
            layout.addWidget(QLabel(f"{cv['k']}-fold cross-validation ({cv['k']} models, each with one fold of the "
                                    "documents held out): mean over the folds, with the spread of F1."))
            self.cv_table = cv_table(cv)
            layout.addWidget(self.cv_table)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        box.accepted.connect(self.accept)
        layout.addWidget(box)
        self.resize(720, 480 if cv else 300)


def cv_table(cv: dict) -> QTableWidget:
    """Per label: mean P/R/F1 over the folds, F1's min-max and sd, held-out gold spans, and whether to trust it."""
    cols = ["Label", "P", "R", "F1", "F1 min–max", "F1 sd", "Gold held out", "Trust"]
    rows = list(cv.get("exact", {}).items())
    table = QTableWidget(len(rows), len(cols))
    table.setHorizontalHeaderLabels(cols)
    table.verticalHeader().setVisible(False)
    for row, (label, e) in enumerate(rows):
        values = [label, f"{e['p']['mean']:.2f}", f"{e['r']['mean']:.2f}", f"{e['f']['mean']:.2f}",
                  f"{e['f']['min']:.2f}–{e['f']['max']:.2f}", f"{e['f']['sd']:.2f}", str(e["gold"]),
                  "yes" if e["trusted"] else "too few examples to trust"]
        for col, v in enumerate(values):
            item = QTableWidgetItem(v)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            if col == len(cols) - 1 and not e["trusted"]:
                item.setToolTip(e["why"])
            table.setItem(row, col, item)
    table.resizeColumnsToContents()
    return table


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
