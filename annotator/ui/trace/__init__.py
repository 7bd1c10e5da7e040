"""Trace to Source in the app: Extract > Trace to Source (review of suggested links), link markers and
connectors between panes, View > Comparison (the matrix) and View > Outlet Charts.

``install(window)`` needs from the window: ``project``, ``menuBar()``, ``panes()``, ``splitter``,
``inspector``, ``acts``, ``label_actions``, ``open_document``, ``pane_for_doc``, ``show_span``,
``ops`` and ``hub`` (annotator.ui.ops / hub), ``status_message``, ``show_error``; the Extract menu
(``window.extract_menu``) if present.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence



class TraceUI:
    def __init__(self, window):
        from .markers import LinkLayer
        from .panel import TracePanel
        from .review import TraceReview

        self.window = window
        self.layer = LinkLayer(window)
        self.review = TraceReview(window)
        from .review import HELP_ROWS

        window.extra_shortcut_rows = list(getattr(window, "extra_shortcut_rows", ())) + list(HELP_ROWS)
        self.panel = TracePanel(self.review)
        # the Inspector's dock holds the trace review section above the span form, in a splitter (the two
        # share the dock's height; the review section is hidden outside trace review)
        from PySide6.QtWidgets import QFrame, QScrollArea, QSplitter

        dock = window.inspector
        split = QSplitter(Qt.Orientation.Vertical)
        split.setChildrenCollapsible(False)
        split.addWidget(self.panel)
        # the span form scrolls: on a 768 px screen the two sections' minimum heights do not both fit, and a
        # squeezed layout drew the review section's captions over its candidate list
        inner = dock.widget()
        form = QScrollArea()
        form.setWidgetResizable(True)
        form.setFrameShape(QFrame.Shape.NoFrame)
        form.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # as wide as before: it scrolls down only
        form.setMinimumWidth(max(inner.minimumSizeHint().width(), inner.minimumWidth())
                             + form.verticalScrollBar().sizeHint().width())
        form.setWidget(inner)
        split.addWidget(form)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        dock.setWidget(split)
        self.inspector_split = split
        self.comparisons: list = []
        self.charts: list = []
        self._running = None
        extract = getattr(window, "extract_menu", None)
        menu = extract.menu if extract is not None else window.menuBar().addMenu("E&xtract")
        menu.addSeparator()
        self.trace_act = self._add(menu, "Tra&ce to Source…", self.trace, "Ctrl+Shift+U",
                                   "Suggest, for each span of the retellings, the source passage it comes from")
        self.stop_act = self._add(menu, "Stop Trace Re&view", lambda: self.review.stop(), None)
        self.stop_act.setEnabled(False)
        self.review.changed.connect(lambda: self.stop_act.setEnabled(self.review.active))
        view = getattr(window, "view_menu", None) or window.menuBar().addMenu("&View")
        view.addSeparator()
        self.compare_act = self._add(view, "Co&mparison…", self.open_comparison, "Ctrl+Shift+K",
                                     "One row per source passage, one column per outlet")
        self.charts_act = self._add(view, "Outlet C&harts…", self.open_charts, None,
                                    "Per outlet: spans per label and quotes/paraphrases/distorts links")
        window.hub.subscribe(self.on_change, ("label", "link", "span"))

    def _add(self, menu, text, slot, shortcut, tip=""):
        act = QAction(text, self.window)
        if shortcut:
            act.setShortcut(QKeySequence(shortcut))
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        if tip:
            act.setStatusTip(tip)
        act.triggered.connect(lambda *_: self.window.ops.run(slot))
        menu.addAction(act)
        self.window.addAction(act)
        return act

    def on_change(self, change, initiator=None) -> None:
        if change.touches("label"):  # after the window has rebuilt its label actions (it listens after us)
            QTimer.singleShot(0, self.review.labels_rebuilt)
        if self.review.active and (change.touches("link") or change.touches("span")):
            if (change.description or "").startswith("Undo "):
                self.review.undone()
            else:
                self.panel.refresh()

    def shutdown(self) -> None:
        self.review.stop("")
        self.window.hub.unsubscribe(self.on_change)
        self.layer.shutdown()
        if self._running is not None:  # the aligner polls for cancel between units: it stops quickly
            self._running.cancel()
            self._running.wait(10000)
            self._running = None

    # -- Extract > Trace to Source ---------------------------------------------------------
    def trace(self, options=None) -> None:
        """Ask for the source and retellings (unless ``options`` is given), align off the UI thread, add
        the suggestions (one undo step) and start trace review."""
        from .dialog import TraceDialog
        from .runner import run_align

        if self.window.project.readonly:
            self.window.show_error("The project is read-only: tracing adds suggested links")
            return
        if self._running is not None:
            self.window.status_message("Trace to Source is already running")
            return
        if options is None:
            dialog = TraceDialog(self.window)
            if not dialog.exec():
                return
            options = dialog.options()
        self._running = run_align(self.window, options, self._traced, self._ended)

    def _ended(self) -> None:
        self._running = None

    def _traced(self, options, units) -> None:
        from .engine import add_suggestions

        change = self.window.ops.run(lambda: add_suggestions(self.window.project, units))
        if change is None:
            return
        n = len(change.added.get("link", ()))
        self.review.start(options.source_id, units)
        if self.review.active:
            self.window.status_message(f"Trace to Source: {n} suggested link(s) for {len(units)} unit(s) · "
                                       "Enter accept · 1-3 choose · R relation · X reject · Esc stop",
                                       persistent=True)

    # -- View > Comparison / Outlet Charts ----------------------------------------------------
    def open_comparison(self, source_id: int | None = None):
        """The Comparison window: the one already open is brought to the front (on ``source_id`` if given)
        rather than another stacked on it."""
        import shiboken6

        from .compare import ComparisonWindow

        alive = [w for w in self.comparisons if shiboken6.isValid(w) and w.isVisible()]
        if alive:
            win = alive[-1]
            if source_id is not None and win.source.findData(source_id) >= 0:
                win.source.setCurrentIndex(win.source.findData(source_id))
            win.showNormal()
            win.raise_()
            win.activateWindow()
            return win
        win = ComparisonWindow(self.window, source_id)
        self.comparisons.append(win)
        win.destroyed.connect(lambda *_: self.comparisons.remove(win) if win in self.comparisons else None)
        win.show()
        return win

    def open_charts(self, source_id: int | None = None, status: str = "accepted", labels=None, annotator=None):
        from .charts import ChartsWindow

        win = ChartsWindow(self.window, source_id, status, labels, annotator)
        self.charts.append(win)
        win.show()
        return win


def install(window) -> TraceUI:
    ui = TraceUI(window)
    window.trace = ui
    return ui
