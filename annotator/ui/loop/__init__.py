"""The Extract menu: rule and model suggestions, training, models, patterns, suggestion navigation.

``install(window)`` needs from the window: ``project``, ``menuBar()``, ``current_pane()``,
``selected_doc_ids()``, ``show_error(exc)``, ``status_message(text)``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QInputDialog, QProgressDialog

from ...core.errors import AnnotatorError
from ...core.models import Status


class ExtractMenu:
    def __init__(self, window):
        self.window = window
        self.menu = window.menuBar().addMenu("E&xtract")
        self.actions: dict[str, QAction] = {}
        self._worker = None
        add = self._add
        add("rules", "Suggest from &Rules", self.suggest_rules, "Ctrl+Shift+R")
        add("model", "Suggest from &Model…", self.suggest_model, "Ctrl+Shift+M")
        self.menu.addSeparator()
        add("next", "&Next Suggestion", lambda: self.navigate(False), "F8")
        add("previous", "&Previous Suggestion", lambda: self.navigate(True), "Shift+F8")
        add("accept_above", "&Accept All Suggestions Above Score…", self.accept_above)
        self.menu.addSeparator()
        add("train", "&Train Extractor…", self.train)
        add("models", "M&odels…", self.models)
        add("patterns", "&Patterns…", self.patterns)

    def _add(self, key, text, slot, shortcut=None):
        act = QAction(text, self.window)
        if shortcut:
            act.setShortcut(QKeySequence(shortcut))
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        act.triggered.connect(lambda *_: self._guard(slot))
        self.menu.addAction(act)
        self.actions[key] = act
        return act

    def _guard(self, slot) -> None:
        try:
            slot()
        except AnnotatorError as e:
            self.window.show_error(e)

    def doc_ids(self) -> list[int]:
        """Selected documents (documents dock, else the current pane), or all if none."""
        ids = self.window.selected_doc_ids()
        return ids or [d.id for d in self.window.project.documents()]

    def _report(self, change, what: str, ids=None) -> None:
        n = len(change.added.get("span", ()))
        extra = "".join(f"; {k} matches for unknown label {l}" for l, k in getattr(change, "skipped_labels", {}).items())
        where = f" in {self.describe(ids)}" if ids is not None else ""
        self.window.status_message(f"{what}: {n} new suggestion(s){where}{extra}")

    def describe(self, ids) -> str:
        """Which documents an action covers, as the status bar and dialogs say it: “title”, the N selected
        documents, or all N documents."""
        docs = self.window.project.documents()
        total = len(docs)
        if len(ids) == 1 and total != 1:
            return f"“{next((d.title for d in docs if d.id == ids[0]), ids[0])}”"
        return f"all {total} documents" if len(set(ids)) >= total else f"the {len(ids)} selected documents"

    def suggest_rules(self) -> None:
        from ...nlp.rules import suggest_rules

        ids = self.doc_ids()
        self._report(suggest_rules(self.window.project, ids), "Rules", ids)

    def suggest_model(self, threshold: float | None = None) -> None:
        from ...nlp.model import load_model, resolve_model_dir

        project = self.window.project
        path = resolve_model_dir(project, None)
        if threshold is None:
            threshold, ok = QInputDialog.getDouble(self.window, "Suggest from model", "Minimum score", 0.5, 0.0, 1.0, 2)
            if not ok:
                return
        ids = self.doc_ids()
        nlp = load_model(path)
        self._run(f"Running the model over {len(ids)} document(s)…", len(ids),
                  lambda progress, cancel: _predict(project, nlp, ids, threshold, progress, cancel),
                  self._model_done)

    def _model_done(self, preds) -> None:
        from ...nlp.suggest import add_model_suggestions

        self._report(add_model_suggestions(self.window.project, preds), "Model")

    def _run(self, text, total, job, on_done) -> None:
        from .worker import Worker

        dialog = QProgressDialog(text, "Cancel", 0, total, self.window)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        worker = Worker(job, self.window)
        worker.progressed.connect(lambda n: dialog.setValue(n))
        dialog.canceled.connect(worker.cancel.set)

        def finished(result):
            dialog.reset()
            self._worker = None
            if not worker.cancel.is_set():
                self._guard(lambda: on_done(result))

        def failed(error):
            dialog.reset()
            self._worker = None
            if not worker.cancel.is_set():
                self.window.show_error(error)

        worker.done.connect(finished)
        worker.failed.connect(failed)
        self._worker = worker
        worker.start()

    def navigate(self, backwards: bool) -> None:
        pane = self.window.current_pane()
        if pane is None or pane.doc_id is None:
            return
        if not pane.select_next_span(statuses=(Status.SUGGESTED,), backwards=backwards):
            self.window.status_message("No more suggestions in this document")

    def accept_above(self, threshold: float | None = None) -> None:
        project = self.window.project
        chosen = self.doc_ids()
        if threshold is None:
            threshold, ok = QInputDialog.getDouble(self.window, "Accept suggestions",
                                                   f"Accept every suggestion in {self.describe(chosen)} scoring at least",
                                                   0.8, 0.0, 1.0, 2)
            if not ok:
                return
        ids = set(chosen)
        spans = [s.id for s in project.spans(statuses=[Status.SUGGESTED])
                 if s.doc_id in ids and s.score is not None and s.score >= threshold]
        if not spans:
            self.window.status_message(f"No scored suggestions at or above {threshold:.2f}")
            return
        project.accept(spans)
        self.window.status_message(f"Accepted {len(spans)} suggestion(s) (one undo step)")

    def train(self) -> None:
        from .train_dialog import TrainDialog

        TrainDialog(self.window).exec()

    def models(self) -> None:
        from .manage import ModelsDialog

        ModelsDialog(self.window).exec()

    def patterns(self) -> None:
        from .manage import PatternsDialog

        PatternsDialog(self.window).exec()


def _predict(project, nlp, ids, threshold, progress, cancel):
    from ...nlp.evaluate import model_predictions

    def step(done, total, what):
        if cancel.is_set():
            raise InterruptedError("cancelled")
        progress(done)

    return model_predictions(project, nlp, ids, threshold, step)


def install(window) -> ExtractMenu:
    menu = ExtractMenu(window)
    window.extract_menu = menu
    return menu
