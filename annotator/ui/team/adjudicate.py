"""View > Adjudicate: settle one document's disagreements into the ``adjudicated`` layer.

The adjudicated layer is shown above the annotators' layers (side by side, up to four, keyed A-D). The
places where annotators' spans overlap are listed and marked in every view: green agreed, red disagreed,
blue settled. F8 / Shift+F8 walk the unsettled disagreements; A-D take that annotator's version, T both
(every shown annotator's), N none; Ctrl+T takes every agreed place at once; in the adjudicated view a label
key labels the selection (or relabels the selected span) and Delete removes a span: edits by hand. Each
decision is one undo step (annotator.io.adjudicate's commands); Ctrl+Z / Ctrl+Shift+Z undo and redo.

A "none" decision leaves nothing in the adjudicated layer, so the back end has no record of it: the window
keeps those places in the project's settings (``adjudicated_none``: [doc, start, end] each), so they stay
settled after closing; Ctrl+Z here undoes the last one. A place whose spans changed since is asked again.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QListWidget, QMainWindow,
                               QPushButton, QSplitter, QVBoxLayout, QWidget)

from ...core.annotators import ADJUDICATED
from ...core.errors import AnnotatorError
from ...core.models import NewSpan
from ...io import adjudicate as adj
from ..settings import initial_size
from . import runner
from .adjview import AGREED, DISAGREED, SETTLED, LayerColumn, place_row, sync_scroll

KEYS = "ABCD"
NONE_SETTING = "adjudicated_none"


class AdjudicateWindow(QMainWindow):
    def __init__(self, window, team):
        super().__init__(window, Qt.WindowType.Window)
        self.main = window
        self.team = team
        self.project = window.project
        self.doc_id: int | None = None
        self.annotators: list[str] = []
        self.items: list[adj.Item] = []
        self.item_starts: list[int] = []
        self.current = -1
        self.none_marks: dict[tuple, object] = {}  # (doc, start, end) -> project undo top when marked here
        self._none_log: list[tuple] = []
        self.setWindowTitle("Adjudicate — annotator")
        initial_size(self, 1500, 900)  # less on a small screen, kept on it
        self.doc_box = QComboBox()
        self.doc_box.setMinimumContentsLength(40)
        self.doc_box.activated.connect(lambda i: self.open_document(self.doc_box.itemData(i)))
        self.summary = QLabel("")
        from .agreement import Choice

        self.who = Choice("Annotators", self._annotators_chosen)
        self.who.setToolTip(f"The annotators to adjudicate between (at most {len(KEYS)} side by side)")
        self.take_agreed_btn = QPushButton("Take All Agreed (Ctrl+T)")
        self.take_agreed_btn.clicked.connect(self.take_agreed)
        top = QHBoxLayout()
        top.addWidget(QLabel("Document"))
        top.addWidget(self.doc_box, 1)
        top.addWidget(self.who)
        top.addWidget(self.take_agreed_btn)
        self.list = QListWidget()
        self.list.setMinimumWidth(260)
        self.list.currentRowChanged.connect(self._row_changed)
        self.adjudicated = LayerColumn(self.project, team.layers, ADJUDICATED, "", self)
        self.adjudicated.view.spanSelected.connect(self._adj_span_selected)
        self.columns_box = QSplitter(Qt.Orientation.Horizontal)
        self.columns: list[LayerColumn] = []
        texts = QSplitter(Qt.Orientation.Vertical)
        texts.addWidget(self.adjudicated)
        texts.addWidget(self.columns_box)
        texts.setSizes([400, 500])
        body = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.summary)
        ll.addWidget(self.list, 1)
        body.addWidget(left)
        body.addWidget(texts)
        body.setSizes([300, 1200])
        self.keys = QLabel("")
        self.keys.setTextFormat(Qt.TextFormat.RichText)
        self.keys.setWordWrap(True)
        central = QWidget()
        lay = QVBoxLayout(central)
        lay.addLayout(top)
        lay.addWidget(body, 1)
        lay.addWidget(self.keys)
        self.setCentralWidget(central)
        self.acts: dict[str, QAction] = {}
        add = self._add
        add("next", "F8", lambda: self.step(False))
        add("previous", "Shift+F8", lambda: self.step(True))
        for i, k in enumerate(KEYS):
            add(f"take_{k}", k, lambda i=i: self.take_index(i))
        add("both", "T", self.take_all_versions)
        add("none", "N", self.take_none)
        add("agreed", "Ctrl+T", self.take_agreed)
        add("undo", QKeySequence.StandardKey.Undo, self.undo)
        add("redo", "Ctrl+Shift+Z", self.redo)
        add("delete", "Delete", self.delete_adjudicated)
        self.label_acts: list[QAction] = []
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(0)
        self._refresh_timer.timeout.connect(self.reload_items)
        self.unsubscribe = runner.subscribe(window, self._changed)
        self._label_keys()

    # -- keys ------------------------------------------------------------------------------
    def _add(self, key, shortcut, slot):
        act = QAction(key, self)
        act.setShortcut(QKeySequence(shortcut))
        act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        act.triggered.connect(lambda *_: self.main.ops.run(slot))
        self.addAction(act)
        self.acts[key] = act
        return act

    def _label_keys(self) -> None:
        for act in self.label_acts:
            self.removeAction(act)
        self.label_acts = []
        taken = set(KEYS) | {"T", "N"}
        for label in self.project.labels():
            if label.key and label.key.upper() not in taken:
                act = QAction(label.name, self)
                act.setShortcut(QKeySequence(label.key))
                act.triggered.connect(lambda *_, n=label.name: self.main.ops.run(lambda: self.label_by_hand(n)))
                self.addAction(act)
                self.label_acts.append(act)


    def _key_text(self) -> str:
        takes = " · ".join(f"<b>{k}</b> take {escape(a)}'s" for k, a in zip(KEYS, self.annotators))
        labels = " ".join(f"{l.key}={escape(l.name)}" for l in self.project.labels() if l.key)
        return (f"<b>F8</b> / <b>Shift+F8</b> next / previous disagreement · {takes} · <b>T</b> take both · "
                f"<b>N</b> none · <b>Ctrl+T</b> take all agreed · <b>Ctrl+Z</b> undo<br>"
                f"By hand in the adjudicated text: select text and press a label key ({labels}); click a span and "
                f"press a label key to relabel it or <b>Delete</b> to remove it. "
                f"<span style='color:{AGREED.name()}'>■</span> agreed "
                f"<span style='color:{DISAGREED.name()}'>■</span> disagreed "
                f"<span style='color:{SETTLED.name()}'>■</span> settled")

    # -- document ----------------------------------------------------------------------------
    def _fill_docs(self) -> None:
        self.doc_box.blockSignals(True)
        self.doc_box.clear()
        for d in self.project.documents():
            self.doc_box.addItem(d.title or d.source_file or f"Document {d.id}", d.id)
        self.doc_box.blockSignals(False)

    def open_document(self, doc_id: int | None) -> None:
        self._fill_docs()
        if doc_id is None:
            doc_id = self.doc_box.itemData(0) if self.doc_box.count() else None
        if doc_id is None:
            self.summary.setText("The project has no documents")
            return
        self.doc_box.setCurrentIndex(max(0, self.doc_box.findData(doc_id)))
        self.doc_id = doc_id
        self._load_marks()
        names = adj.default_annotators(self.project)
        self.who.set_names(names, set(names[:len(KEYS)]))
        self.annotators = self.who.checked()[:len(KEYS)]
        self._build_columns()
        for view in self.views():
            view.load_document(doc_id)
            view.finish_loading()
        self.reload_items()
        self.current = -1
        self.step(False)
        QTimer.singleShot(100, self._recentre)  # new columns are laid out (and re-wrapped) after this

    def _recentre(self) -> None:
        if self.current_item() is not None:
            self.go_to(self.current)

    def _annotators_chosen(self) -> None:
        chosen = self.who.checked()[:len(KEYS)]
        if chosen != self.annotators and self.doc_id is not None:
            self.annotators = chosen
            self._build_columns()
            for col in self.columns:
                col.view.load_document(self.doc_id)
                col.view.finish_loading()
            self.current = -1
            self.reload_items()
            self.step(False)

    def _build_columns(self) -> None:
        for col in self.columns:
            col.view.stop_loading()
            col.setParent(None)
            col.deleteLater()
        self.columns = []
        for key, name in zip(KEYS, self.annotators):
            color = self.team.layers.color(name).name()
            col = LayerColumn(self.project, self.team.layers, name,
                              f"<b>{key}</b> · <span style='color:{color}'>■</span> {escape(name)}", self)
            col.view.spanSelected.connect(lambda sid, v=col.view: self._span_clicked(v, sid))
            self.columns_box.addWidget(col)
            self.columns.append(col)
            col.view.verticalScrollBar().valueChanged.connect(lambda _v, c=col: self._sync_scroll(c.view))
        self.columns_box.setSizes([1000] * len(self.columns))
        self.adjudicated.view.verticalScrollBar().valueChanged.connect(
            lambda _v: self._sync_scroll(self.adjudicated.view))
        self.adjudicated.heading.setText(f"<b>{ADJUDICATED}</b> — the settled layer (edit by hand here)")
        self.keys.setText(self._key_text())
        if len(self.annotators) < 2:
            self.summary.setText("Adjudication needs two annotators with accepted spans")

    def views(self):
        return [self.adjudicated.view] + [c.view for c in self.columns]

    def _sync_scroll(self, source) -> None:
        if not getattr(self, "_syncing", False):
            self._syncing = True
            try:
                sync_scroll(source, self.views())
            finally:
                self._syncing = False

    # -- places --------------------------------------------------------------------------------
    def reload_items(self) -> None:
        if self.doc_id is None or len(self.annotators) < 2:
            self.items, self.item_starts = [], []
            self.list.clear()
            return
        at = self.current_item()
        key = (at.start, at.end) if at is not None else None
        self.items = adj.items(self.project, self.doc_id, self.annotators)
        self.item_starts = [it.start for it in self.items]
        self.list.blockSignals(True)
        self.list.clear()
        text = self.adjudicated.view.text
        for it in self.items:
            self.list.addItem(place_row(it, self.annotators, text, self.is_settled(it)))
        self.list.blockSignals(False)
        self.current = next((i for i, it in enumerate(self.items) if (it.start, it.end) == key), -1) if key else -1
        if self.current >= 0:
            self.list.setCurrentRow(self.current)
        n_agreed = sum(1 for it in self.items if it.agreed and not self.is_settled(it))
        n_settled = sum(1 for it in self.items if self.is_settled(it))
        n_open = len(self.items) - n_agreed - n_settled
        self.summary.setText(f"{len(self.items)} places: {n_open} to settle, {n_agreed} agreed (not yet taken), "
                             f"{n_settled} settled")
        for view in self.views():
            view.viewport().update()

    def is_settled(self, item) -> bool:
        return item.settled or (item.doc_id, item.start, item.end) in self.none_marks

    def current_item(self):
        return self.items[self.current] if 0 <= self.current < len(self.items) else None

    def _row_changed(self, row: int) -> None:
        if 0 <= row < len(self.items) and row != self.current:
            self.go_to(row)

    def go_to(self, index: int) -> None:
        self.current = index
        item = self.items[index]
        self.list.blockSignals(True)
        self.list.setCurrentRow(index)
        self.list.blockSignals(False)
        self._syncing = True
        try:
            for view in self.views():
                view.scroll_to(item.start, item.end)
                view.viewport().update()
        finally:
            self._syncing = False

    def step(self, backwards: bool) -> bool:
        """The next (previous) unsettled disagreement, wrapping around."""
        n = len(self.items)
        order = range(1, n + 1)
        for k in order:
            i = (self.current + (-k if backwards else k)) % n if n else 0
            if self.current < 0:
                i = (n - k) if backwards else k - 1
            it = self.items[i] if n else None
            if it is not None and not it.agreed and not self.is_settled(it):
                self.go_to(i)
                return True
        self.main.status_message("No disagreement left to settle in this document")
        self.statusBar().showMessage("No disagreement left to settle in this document", 5000)
        return False

    def _span_clicked(self, view, span_id: int) -> None:
        if not span_id:
            return
        item = view.index.get(span_id)
        if item is None:
            return
        for i, it in enumerate(self.items):
            if it.start <= item.start < it.end:
                if i != self.current:
                    self.go_to(i)
                return

    def _adj_span_selected(self, span_id: int) -> None:
        self._span_clicked(self.adjudicated.view, span_id)

    # -- decisions -------------------------------------------------------------------------------
    def _decide(self, names: list[str]) -> None:
        item = self.current_item()
        if item is None:
            self.statusBar().showMessage("No place selected: F8 goes to the next disagreement", 5000)
            return
        chosen = [a for a in names if a in item.versions]
        key = (item.doc_id, item.start, item.end)
        change = runner.mutate(self.main, lambda: adj.settle(self.project, item, chosen), parent=self)
        if change is None:
            return
        if not chosen:
            self.none_marks[key] = self._undo_top()
            self._none_log.append(key)
            self._save_marks()
        elif self.none_marks.pop(key, 0) != 0:
            self._save_marks()
        self.reload_items()
        self.step(False)

    def _load_marks(self) -> None:
        try:
            stored = self.project.setting(NONE_SETTING, []) or []
        except Exception:  # noqa: BLE001 - an unreadable setting: no marks
            stored = []
        for entry in stored:
            if isinstance(entry, list) and len(entry) == 3:
                self.none_marks.setdefault(tuple(entry), None)

    def _save_marks(self) -> None:
        if self.project.readonly:
            return
        try:
            self.project.set_setting(NONE_SETTING, sorted(list(k) for k in self.none_marks))
        except AnnotatorError as e:
            self.statusBar().showMessage(f"The 'none' decisions could not be saved: {e}", 8000)

    def _undo_top(self):
        stack = self.project.stack.undo_stack
        return stack[-1] if stack else None

    def take_index(self, i: int) -> None:
        if i < len(self.annotators):
            self._decide([self.annotators[i]])

    def take_all_versions(self) -> None:
        self._decide(list(self.annotators))

    def take_none(self) -> None:
        self._decide([])

    def take_agreed(self) -> None:
        if self.doc_id is None:
            return
        doc = self.doc_id
        change = runner.mutate(self.main, lambda: adj.take_agreed(self.project, doc, self.annotators), parent=self)
        if change is not None:
            n = len(change.added.get("span", ()))
            self.statusBar().showMessage(f"Took {n} agreed span(s) into {ADJUDICATED}", 5000)
            self.reload_items()

    def undo(self) -> None:
        if self._none_log and self.none_marks.get(self._none_log[-1], "?") is self._undo_top():
            self.none_marks.pop(self._none_log.pop(), None)  # the last decision was "none" with nothing to remove
            self._save_marks()
            self.reload_items()
            return
        runner.mutate(self.main, self.project.undo, parent=self)

    def redo(self) -> None:
        runner.mutate(self.main, self.project.redo, parent=self)

    def label_by_hand(self, label: str) -> None:
        view = self.adjudicated.view
        if self.doc_id is None or self.project.readonly:
            return
        rng = view.selection_range()
        if rng is not None:
            snapped = self.project.snap(self.doc_id, view.text, *rng) or rng
            doc = self.doc_id
            change = runner.mutate(self.main, lambda: self.project.add_spans(
                doc, [NewSpan(snapped[0], snapped[1], label, author=ADJUDICATED)],
                f"Adjudicate: add {label} by hand"), parent=self)
            if change is not None:
                view.clear_text_selection()
            return
        span = view.selected_item()
        if span is not None:
            runner.mutate(self.main, lambda: self.project.relabel_span(span.id, label), parent=self)
            return
        self.statusBar().showMessage("Select text in the adjudicated view (or click one of its spans) first", 5000)

    def delete_adjudicated(self) -> None:
        span = self.adjudicated.view.selected_item()
        if span is not None:
            runner.mutate(self.main, lambda: self.project.remove_spans([span.id]), parent=self)

    # -- changes ---------------------------------------------------------------------------------
    def _changed(self, change) -> None:
        if self.doc_id is None:
            return
        if change.touches("label"):
            self._label_keys()
            self.keys.setText(self._key_text())
        for view in self.views():
            view.on_change(change)
        if change.touches("span") and (self.doc_id in change.doc_ids or not change.doc_ids):
            self._refresh_timer.start()
            # what the last decision said ("Took 3 agreed span(s)...") is stale once spans change again (an undo);
            # a decision's own message is set after its change arrives here
            self.statusBar().clearMessage()

    def closeEvent(self, event) -> None:
        for view in self.views():
            view.stop_loading()
        super().closeEvent(event)
