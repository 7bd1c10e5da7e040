"""Working as a team in the app (issue 8): File ▸ Annotator Name… and Merge Projects…, the Annotators dock
(View ▸ Annotators: layers shown per annotator), View ▸ Agreement and View ▸ Adjudicate.

``install(window)`` needs from the window: ``project``, ``menuBar()``, ``acts`` (the File menu's "labels"
action, to insert before), ``view_menu``, ``panes()``, the ``paneAdded`` signal, ``open_document``,
``show_error``, ``status_message``, ``ops`` and ``hub`` (annotator.ui.ops / hub).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QInputDialog, QLineEdit

from ...core.errors import AnnotatorError
from . import runner
from .dock import AnnotatorsDock
from .layers import LayerState, ViewLayers


class Team:
    def __init__(self, window):
        self.window = window
        self.project = window.project
        self.layers = LayerState(window.project, window)
        self.layers.changed.connect(self._layers_changed)
        self.layers.counted.connect(self._repaint)
        self._painted_for = (tuple(self.layers.annotators()), self.layers.multi)  # what the panes were painted for
        self.unsubscribe = runner.subscribe(window, self.layers.on_change)
        self.dock = AnnotatorsDock(window, self.layers)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.dock.hide()
        self.agreement = None
        self.adjudication = None
        window.paneAdded.connect(self.attach)
        for pane in window.panes():
            self.attach(pane)
            pane.view.reload_spans()
        self.actions: dict[str, QAction] = {}
        self._menus()
        window.destroyed.connect(lambda *_: self.close())

    def close(self) -> None:
        """The window is gone: stop listening to the project (it may stay open a little longer)."""
        self.unsubscribe()
        for child in (self.agreement, self.adjudication):
            if child is not None:
                child.unsubscribe()

    # -- menus ------------------------------------------------------------------------
    def _act(self, menu, key, text, slot, shortcut=None, before=None, tip=""):
        act = QAction(text, self.window)
        if shortcut:
            act.setShortcut(QKeySequence(shortcut))
        if tip:
            act.setStatusTip(tip)
        act.triggered.connect(lambda *_: self.window.ops.run(slot))
        if before is not None:
            menu.insertAction(before, act)
        else:
            menu.addAction(act)
        self.actions[key] = act
        return act

    def _menus(self) -> None:
        w = self.window
        labels = w.acts.get("labels")
        file_menu = next((a.menu() for a in w.menuBar().actions() if a.menu() is not None
                          and labels in a.menu().actions()), None) or w.menuBar().addMenu("&File")
        self._act(file_menu, "annotator_name", "Annotator N&ame…", self.ask_name, before=labels,
                  tip="Who you annotate as: new spans and links go into that layer")
        self._act(file_menu, "merge", "&Merge Projects…", self.merge, before=labels,
                  tip="Bring other analysts' project files into this project (documents, spans, notes, links)")
        file_menu.insertSeparator(labels)
        v = w.view_menu
        v.addSeparator()
        toggle = self.dock.toggleViewAction()
        toggle.setText("A&nnotators")
        toggle.setShortcut(QKeySequence("Ctrl+Shift+Y"))
        v.addAction(toggle)
        w.addAction(toggle)
        self.actions["annotators"] = toggle
        self._act(v, "agreement", "A&greement…", self.show_agreement, "Ctrl+Shift+G",
                  tip="Pairwise inter-annotator agreement per label and document, and the disagreements")
        self._act(v, "adjudicate", "A&djudicate…", self.show_adjudication, "Ctrl+Shift+A",
                  tip="Settle the annotators' disagreements in the adjudicated layer, one document at a time")
        for key in ("annotator_name", "merge", "agreement", "adjudicate"):
            w.addAction(self.actions[key])
        if self.project.readonly:
            for key in ("annotator_name", "merge"):
                self.actions[key].setEnabled(False)


    # -- panes ------------------------------------------------------------------------
    def attach(self, pane) -> None:
        pane.view.layers = ViewLayers(pane.view, self.layers)
        pane.view.index = pane.view.new_index()

    def _layers_changed(self) -> None:
        for pane in self.window.panes():
            pane.view.reload_spans()
            pane.update_counts()
        links = getattr(getattr(self.window, "trace", None), "layer", None)  # Trace to Source's link markers
        if links is not None:
            links.set_hidden(self.layers.hidden)

    def _repaint(self) -> None:
        """After a recount: repaint only when the annotators (and so the marks' colours, or whether marks show at
        all) changed; a recount after every label key press must not cost a second paint of every pane."""
        key = (tuple(self.layers.annotators()), self.layers.multi)
        if key == self._painted_for:
            return
        self._painted_for = key
        for pane in self.window.panes():
            pane.view.viewport().update()

    # -- actions ------------------------------------------------------------------------
    def ask_name(self) -> str | None:
        name, ok = QInputDialog.getText(self.window, "Annotator name",
                                        "You annotate as (new spans and links go into this layer):",
                                        QLineEdit.EchoMode.Normal, self.project.annotator)
        if not ok:
            return None
        return self.set_name(name)

    def set_name(self, name: str) -> str | None:
        try:
            name = self.project.set_annotator(name)
        except AnnotatorError as e:
            self.window.show_error(e)
            return None
        self.layers.recount()
        self.layers.changed.emit()
        self.window.status_message(f"You annotate as {name}: new spans go into that layer")
        return name

    def merge(self, paths=None):
        from .merge import merge_projects

        return merge_projects(self.window, paths)

    def show_agreement(self):
        from .agreement import AgreementWindow

        if self.agreement is None:
            self.agreement = AgreementWindow(self.window, self)
        self.agreement.show()
        self.agreement.raise_()
        self.agreement.activateWindow()
        self.agreement.refresh()
        return self.agreement

    def show_adjudication(self, doc_id: int | None = None):
        from .adjudicate import AdjudicateWindow

        if self.adjudication is None:
            self.adjudication = AdjudicateWindow(self.window, self)
        pane = self.window.current_pane()
        doc_id = doc_id if doc_id is not None else (pane.doc_id if pane is not None else None)
        self.adjudication.show()
        self.adjudication.raise_()
        self.adjudication.activateWindow()
        self.adjudication.open_document(doc_id)
        return self.adjudication


def install(window) -> Team:
    window.team = Team(window)
    return window.team
