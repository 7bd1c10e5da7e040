"""The Extract menu: rule and model suggestions, training, models, patterns, suggestion navigation.

``install(window)`` needs from the window: ``project``, ``ops`` (annotator.ui.ops), ``menuBar()``,
``current_pane()``, ``open_doc_ids()``, ``show_error(exc)``, ``status_message(text)``.

Suggest and Accept All act on the current pane's document, or on the explicit choice made in
Extract > Suggest and Accept In (all open documents, all documents); never on the Documents-list
selection.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QInputDialog

from ...core.models import Status


SCOPES = (("pane", "&This Document"), ("open", "All &Open Documents"), ("all", "&All Documents"))


class ExtractMenu:
    def __init__(self, window):
        self.window = window
        self.menu = window.menuBar().addMenu("E&xtract")
        self.actions: dict[str, QAction] = {}
        self._worker = None  # the running model-suggestion Task
        self.scope = "pane"
        add = self._add
        add("rules", "Suggest from &Rules", self.suggest_rules, "Ctrl+Shift+R")
        add("model", "Suggest from &Model…", self.suggest_model, "Ctrl+Shift+M")
        self.menu.addSeparator()
        add("next", "&Next Suggestion", lambda: self.navigate(False), "F8")
        add("previous", "&Previous Suggestion", lambda: self.navigate(True), "Shift+F8")
        add("accept_above", "&Accept All Suggestions Above Score…", self.accept_above)
        scope_menu = self.menu.addMenu("Suggest and Accept &In")
        group = QActionGroup(self.menu)
        for key, text in SCOPES:
            act = QAction(text, self.window, checkable=True, checked=key == self.scope)
            act.triggered.connect(lambda *_, k=key: self.set_scope(k))
            group.addAction(act)
            scope_menu.addAction(act)
            self.actions[f"scope_{key}"] = act
        self.menu.addSeparator()
        add("train", "&Train Extractor…", self.train)
        add("models", "M&odels…", self.models)
        add("patterns", "Patt&erns…", self.patterns)

    def _add(self, key, text, slot, shortcut=None):
        act = QAction(text, self.window)
        if shortcut:
            act.setShortcut(QKeySequence(shortcut))
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        act.triggered.connect(lambda *_: self.window.ops.run(slot))
        self.menu.addAction(act)
        self.actions[key] = act
        return act

    def set_scope(self, scope: str) -> None:
        """Which documents Suggest and Accept All act on: the current pane's, the open ones, or all."""
        self.scope = scope
        self.actions[f"scope_{scope}"].setChecked(True)

    def doc_ids(self) -> list[int]:
        """The documents of the chosen scope (never the Documents-list selection)."""
        if self.scope == "all":
            return [d.id for d in self.window.project.documents()]
        if self.scope == "open":
            return list(dict.fromkeys(self.window.open_doc_ids()))
        pane = self.window.current_pane()
        return [pane.doc_id] if pane is not None and pane.doc_id is not None else []

    def _where(self, ids: list[int]) -> str:
        """Which documents an action covers, as the status bar and dialogs say it: “title” (the current
        pane's document), the N open documents, or all N documents."""
        if self.scope == "pane" and len(ids) == 1:
            docs = self.window.project.documents()
            return f"“{next((d.title for d in docs if d.id == ids[0]), ids[0])}”"
        if self.scope == "open":
            return f"the {len(ids)} open document(s)"
        return f"all {len(ids)} documents"

    def describe(self, ids) -> str:  # the name other modules use
        return self._where(list(ids))

    def _chosen(self) -> list[int] | None:
        ids = self.doc_ids()
        if not ids:
            self.window.status_message("Open a document in a pane first (or choose Extract > Suggest and Accept In > "
                                       "All Documents)")
            return None
        return ids

    def _report(self, change, what: str, ids: list[int]) -> None:
        n = len(change.added.get("span", ()))
        extra = "".join(f"; {k} matches for unknown label {l}" for l, k in getattr(change, "skipped_labels", {}).items())
        self.window.status_message(f"{what}: {n} new suggestion(s) in {self._where(ids)}{extra}")

    def suggest_rules(self) -> None:
        """Rules run in a worker thread (progress, Cancel); the suggestions are added in one undo step."""
        from ...nlp.rules import add_rule_suggestions, find_rule_suggestions

        project = self.window.project
        ids = self._chosen()
        if ids is None or self._worker is not None:
            return

        def ended() -> None:
            self._worker = None

        def done(found) -> None:
            ended()
            change = self.window.ops.run(lambda: add_rule_suggestions(project, found))
            if change is not None:
                self._report(change, "Rules", ids)

        self._worker = self.window.ops.task(
            lambda progress, cancel: find_rule_suggestions(project, ids, progress, cancelled=cancel.is_set),
            title="Suggest from rules", label=f"Running the rules over {len(ids)} document(s)…", total=len(ids),
            on_done=done, discard=lambda _found: None,
            on_cancelled=lambda: (ended(), self.window.status_message("Rule suggestions cancelled: nothing added")),
            on_failed=lambda e: (ended(), self.window.show_error(e)))

    def suggest_model(self, threshold: float | None = None) -> None:
        from ...nlp.evaluate import model_predictions
        from ...nlp.model import load_model, resolve_model_dir

        project = self.window.project
        ids = self._chosen()
        if ids is None:
            return
        path = resolve_model_dir(project, None)
        if threshold is None:
            threshold, ok = QInputDialog.getDouble(self.window, "Suggest from model",
                                                   f"Minimum score (suggestions in {self._where(ids)})", 0.5, 0.0, 1.0, 2)
            if not ok:
                return
        nlp = load_model(path)

        def done(preds) -> None:
            from ...nlp.suggest import add_model_suggestions

            self._worker = None
            change = self.window.ops.run(lambda: add_model_suggestions(project, preds))
            if change is not None:
                self._report(change, "Model", ids)

        def ended(*_) -> None:
            self._worker = None

        self._worker = self.window.ops.task(
            lambda progress, cancel: model_predictions(project, nlp, ids, threshold, progress),
            title="Suggest from model", label=f"Running the model over {len(ids)} document(s)…", total=len(ids),
            on_done=done, discard=lambda _preds: None, on_cancelled=lambda: (ended(), self.window.status_message("Model suggestions cancelled")),
            on_failed=lambda e: (ended(), self.window.show_error(e)))

    def navigate(self, backwards: bool) -> None:
        pane = self.window.current_pane()
        if pane is None or pane.doc_id is None:
            return
        if not pane.select_next_span(statuses=(Status.SUGGESTED,), backwards=backwards):
            self.window.status_message("No more suggestions in this document")

    def accept_above(self, threshold: float | None = None) -> None:
        project = self.window.project
        chosen = self._chosen()
        if chosen is None:
            return
        if threshold is None:
            threshold, ok = QInputDialog.getDouble(self.window, "Accept suggestions",
                                                   f"Accept every suggestion in {self._where(chosen)} scoring at least",
                                                   0.8, 0.0, 1.0, 2)
            if not ok:
                return
        ids = set(chosen)
        spans = [s.id for s in project.spans(statuses=[Status.SUGGESTED])
                 if s.doc_id in ids and s.score is not None and s.score >= threshold]
        if not spans:
            self.window.status_message(f"No scored suggestions at or above {threshold:.2f}")
            return
        if self.window.ops.run(lambda: project.accept(spans)) is not None:
            self.window.status_message(f"Accepted {len(spans)} suggestion(s) in {self._where(chosen)} (one undo step)")

    def train(self) -> None:
        from .train_dialog import TrainDialog

        TrainDialog(self.window).exec()

    def models(self) -> None:
        from .manage import ModelsDialog

        ModelsDialog(self.window).exec()

    def patterns(self) -> None:
        from .manage import PatternsDialog

        PatternsDialog(self.window).exec()


def install(window) -> ExtractMenu:
    menu = ExtractMenu(window)
    window.extract_menu = menu
    for key in ("rules", "model", "accept_above", "train", "next", "previous"):
        window.acts[f"extract_{key}"] = menu.actions[key]  # enablement: actions.ENABLED
    window.refresh_actions()
    return menu
