"""The main window: documents dock, 1-4 panes side by side, inspector, menus, status bar.

Extension API (used by ``annotator.ui.loop.install(window)`` and dialogs):

- ``window.project``: the open ``Project``; ``window.menuBar()``
- ``window.current_pane()`` -> the active ``Pane`` or None; ``window.panes()`` -> list of panes
- ``window.selected_doc_ids()`` -> documents selected in the documents dock (else the current pane's); commands
  that change documents act on the current pane or an explicit choice, never silently on this selection
- ``window.open_doc_ids()`` -> documents shown in panes
- ``window.show_error(exc_or_message)``; ``window.status_message(text)``
- ``window.ops`` (annotator.ui.ops: ``run`` a mutation, ``task`` long work), ``window.hub`` (subscribe to changes)
- ``window.refresh_actions()``: re-evaluate the enablement declared in ``actions.ENABLED``
- ``Pane.doc_id``, ``Pane.select_next_span(statuses=("suggested",), backwards=False) -> bool``,
  ``Pane.selected_span_id()``

Mutations and long tasks run through ``window.ops`` (annotator.ui.ops); views subscribe to the kinds of
change they show on ``window.hub`` (annotator.ui.hub). There is no SQL here.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter

from ..core.project import Project
from . import actions, settings
from .docs_dock import DocsDock
from .docview import collect_closed
from .editing import Editing
from .hub import Hub, Later
from .inspector import Inspector
from .ops import Ops, report_failure
from .pane import Pane

PANE_KINDS = ("document", "span", "link", "label")
COUNT_KINDS = ("document", "span", "link", "label")

MAX_PANES = 4
BACKUP_MS = 10 * 60 * 1000


class MainWindow(Editing, QMainWindow):
    MAX_PANES = MAX_PANES
    open_window = None  # project -> a new, set-up window (set by annotator.ui.app.create_window)
    paneAdded = Signal(object)  # a new Pane, before it opens a document (extensions set up its view)

    def __init__(self, project: Project, parent=None):
        super().__init__(parent)
        self.project = project
        self.later = Later(self)  # side views update on the next pass, after the acted-on view has painted
        self.hub = Hub(project, self.later)
        self.ops = Ops(self, project, self.hub)
        self._current: Pane | None = None
        self.setAcceptDrops(True)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)
        self.docs = DocsDock(self)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.docs)
        self.inspector = Inspector(self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.inspector)
        self._message = QLabel("")
        self._counts = QLabel("")
        self._path = QLabel("")
        sb = self.statusBar()
        sb.addWidget(self._message, 1)
        sb.addPermanentWidget(self._counts)
        sb.addPermanentWidget(self._path)
        self._message_timer = QTimer(self)
        self._message_timer.setSingleShot(True)
        self._message_timer.timeout.connect(lambda: self._message.setText(""))
        self._counts_timer = QTimer(self)
        self._counts_timer.setSingleShot(True)
        self._counts_timer.setInterval(150)
        self._counts_timer.timeout.connect(self.update_counts)
        self.acts = actions.build(self)
        self.extensions: list[str] = []
        self._install_extensions()
        from . import help as help_menu

        self.acts.update(help_menu.build_menu(self, actions._act))
        self.hub.subscribe(self.on_change)  # every change: undo texts, actions (now); status message (next pass)
        self.hub.subscribe(lambda change, _i: actions.rebuild_label_actions(self), ("label",))
        self.hub.subscribe(lambda change, _i: self._counts_timer.start(), COUNT_KINDS)
        # (action enablement and undo texts: on_change, for every change made through the runner or not)
        self.update_title()
        self.update_counts()
        self._backup_timer = QTimer(self)
        self._backup_timer.setInterval(BACKUP_MS)
        self._backup_timer.timeout.connect(self.make_backup)
        self._backup_timer.start()
        if not self.panes():
            self.add_pane()

    # -- extension API ----------------------------------------------------------------
    def panes(self) -> list[Pane]:
        return [self.splitter.widget(i) for i in range(self.splitter.count())
                if isinstance(self.splitter.widget(i), Pane)]

    def current_pane(self) -> Pane | None:
        panes = self.panes()
        if self._current in panes:
            return self._current
        return panes[0] if panes else None

    def selected_doc_ids(self) -> list[int]:
        ids = self.docs.selected_doc_ids()
        if ids:
            return ids
        pane = self.current_pane()
        return [pane.doc_id] if pane is not None and pane.doc_id is not None else []

    def open_doc_ids(self) -> list[int]:
        return [p.doc_id for p in self.panes() if p.doc_id is not None]

    def show_error(self, error) -> None:
        report_failure(self, error)

    def open_project_path(self, path: str) -> None:
        """Replace this window by one on the project at ``path`` (File > Open, a restored backup)."""
        from .projectfiles import open_project_path

        open_project_path(self, path)

    def refresh_actions(self) -> None:
        actions.refresh(self)

    def show_in_inspector_soon(self, span_id: int | None) -> None:
        self.later.add("inspector", lambda: self.inspector.show_span(span_id))

    def status_message(self, text: str, persistent: bool = False) -> None:
        self.later.cancel("status")  # a message about a change, pending: this one is newer
        self._set_message(text, persistent)

    def _set_message(self, text: str, persistent: bool = False) -> None:
        self._message.setText(text)
        self._message_timer.stop()
        if text and not persistent:
            self._message_timer.start(8000)

    # -- panes ----------------------------------------------------------------------
    def add_pane(self, doc_id: int | None = None) -> Pane | None:
        if len(self.panes()) >= MAX_PANES:
            self.status_message(f"At most {MAX_PANES} panes side by side")
            return None
        pane = Pane(self.project, self.splitter)
        self.hub.subscribe(pane.on_change, PANE_KINDS)
        pane.focused.connect(self.set_current_pane)
        pane.closeRequested.connect(self.close_pane)
        pane.view.spanSelected.connect(lambda sid, p=pane: self._span_selected(p, sid))
        pane.view.spanActivated.connect(self.finish_link)
        pane.view.link_mode = self.link_source is not None
        self.splitter.addWidget(pane)
        sizes = [1000] * self.splitter.count()
        self.splitter.setSizes(sizes)
        self.set_current_pane(pane)
        self.paneAdded.emit(pane)
        if doc_id is not None:
            pane.open_document(doc_id)
        self._update_pane_buttons()
        self.refresh_actions()
        if self.isVisible():  # a window widened to fit another pane must not run off the screen's edge
            QTimer.singleShot(0, lambda: settings.clamp_to_screen(self))
        return pane

    def close_pane(self, pane: Pane | None = None) -> None:
        pane = pane or self.current_pane()
        if pane is None or len(self.panes()) <= 1:
            if pane is not None:
                pane.view.doc_id = None
                pane.view.setPlainText("")
                pane.update_header()
                self.refresh_actions()
            return
        self.hub.unsubscribe(pane.on_change)
        pane.hide()
        pane.setParent(None)
        pane.deleteLater()
        QTimer.singleShot(0, collect_closed)
        if self._current is pane:
            self._current = None
            self.set_current_pane(self.current_pane())
        self._update_pane_buttons()
        self.refresh_actions()

    def _update_pane_buttons(self) -> None:
        panes = self.panes()
        current = self.current_pane()
        for p in panes:
            p.close_button.setVisible(len(panes) > 1)
            p.set_current(p is current and len(panes) > 1)

    def set_current_pane(self, pane: Pane | None) -> None:
        if pane is None:
            return
        changed = pane is not self._current
        self._current = pane
        for p in self.panes():
            p.set_current(p is pane and len(self.panes()) > 1)
        if changed:
            self.show_in_inspector_soon(pane.selected_span_id())
        if hasattr(self, "acts"):
            self.refresh_actions()

    def open_document(self, doc_id: int, pane: Pane | None = None) -> Pane:
        pane = pane or self.current_pane() or self.add_pane()
        if pane.doc_id != doc_id:
            pane.open_document(doc_id)
        self.set_current_pane(pane)
        self.refresh_actions()
        return pane

    def compare(self, doc_ids: list[int] | None = None) -> None:
        ids = list(doc_ids if doc_ids is not None else self.docs.selected_doc_ids())[:MAX_PANES]
        if not ids:
            self.status_message("Select two or more documents in the Documents list to compare them")
            return
        panes = self.panes()
        while len(panes) < len(ids):
            panes.append(self.add_pane())
        for pane, doc_id in zip(panes, ids):
            self.open_document(doc_id, pane)
        for extra in panes[len(ids):]:
            self.close_pane(extra)

    def pane_for_doc(self, doc_id: int) -> Pane | None:
        return next((p for p in self.panes() if p.doc_id == doc_id), None)

    def show_span(self, span_id: int, *, prefer_other: Pane | None = None) -> Pane | None:
        """Scroll a pane to a span and flash it (another pane showing its document, else open it)."""
        span = self.project.span(span_id)
        candidates = [p for p in self.panes() if p.doc_id == span.doc_id]
        pane = next((p for p in candidates if p is not prefer_other), candidates[0] if candidates else None)
        if pane is None:
            others = [p for p in self.panes() if p is not prefer_other]
            pane = others[0] if others else self.add_pane() or self.current_pane()
            pane.open_document(span.doc_id)
        pane.view.flash(span_id)
        return pane

    def _span_selected(self, pane: Pane, span_id: int) -> None:
        if pane is self.current_pane() or span_id:
            self.set_current_pane(pane)  # refreshes the actions
            self.show_in_inspector_soon(span_id or None)
        else:
            self.refresh_actions()

    # -- changes ----------------------------------------------------------------------
    def on_change(self, change, initiator=None) -> None:
        text = f"{change.description} · All changes saved" if change.description else "All changes saved"
        self.refresh_actions()
        # on the next pass, unless the code that made the change says something itself meanwhile
        self.later.add("status", lambda: self._set_message(text))

    def update_counts(self) -> None:
        counts = self.project.counts()  # from the store's summary of span counts: no pass over the spans
        self._counts.setText(" · ".join(f"{counts[k]:,} {k[:-1] if counts[k] == 1 else k}"
                                        for k in ("documents", "spans", "links")))
        actions.update_label_counts(self, counts)

    def update_title(self) -> None:
        ro = " (read-only)" if self.project.readonly else ""
        self.setWindowTitle(f"{self.project.path}{ro} — annotator")
        self._path.setText(self.project.path + ("  · read-only" if ro else ""))

    def make_backup(self) -> None:
        from ..store import DamagedProject, backup_before_batch

        try:  # checks the file first (a damaged file is never backed up); at most one per few minutes
            backup_before_batch(self.project, "app")
        except DamagedProject as e:
            self.show_error(e)
        except Exception as e:  # a failed backup must not interrupt work
            self.status_message(f"Backup failed: {e}")

    def _install_extensions(self) -> None:
        try:
            from . import loop
        except ImportError:
            return
        install = getattr(loop, "install", None)
        if install is not None:
            try:
                install(self)
                self.extensions.append("loop")
            except Exception as e:  # an extension must not keep the window from opening
                self.status_message(f"Extract menu unavailable: {e}")
        try:
            from . import trace

            trace.install(self)
            self.extensions.append("trace")
        except Exception as e:  # an extension must not keep the window from opening
            self.status_message(f"Trace to Source unavailable: {e}")
        from . import team  # annotator names, merge, layers, agreement, adjudication

        team.install(self)
        self.extensions.append("team")

    # -- drag and drop ------------------------------------------------------------------
    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            from .importing import import_paths

            import_paths(self, paths)

    def closeEvent(self, event) -> None:
        if self.inspector._note_timer.isActive():
            self.inspector.save_note()  # never lose a note typed just before closing
        settings.save_window(self)
        self.ops.shutdown()  # a running import or model run is cancelled; nothing half-done is written
        self.hub.close()
        self.later.clear()  # side-view updates still pending would read a closed project
        if getattr(self, "trace", None) is not None:
            self.trace.shutdown()
        for timer in (self._backup_timer, self._counts_timer, self.docs._refresh_timer):
            timer.stop()
        for pane in self.panes():
            pane.view.stop_loading()
            pane._counts_timer.stop()
        QTimer.singleShot(0, collect_closed)
        super().closeEvent(event)
