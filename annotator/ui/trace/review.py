"""Trace review: walking the retelling units the engine traced, one decision (one undo step) each.

Trace review is ACTIVE from the moment Extract > Trace to Source has suggestions until Esc, Extract > Stop
Trace Review, or the last unit is decided. While it is active, and only then, these window-wide keys belong to
it (the label keys, Enter/X of span review, Tab/Shift+Tab and Esc are set aside and given back afterwards):

    Enter   accept the candidate under review (the top one unless 1-3 chose another)
    1 2 3   put candidate 1-3 under review (the source pane scrolls to it and highlights it)
    R       change the relation for the candidate under review (quotes -> paraphrases -> distorts)
    X       reject the suggestion for this unit
    Tab     skip to the next unlinked unit (Shift+Tab: back)
    Esc     leave trace review

Enter and X then move to the next unit that has no accepted or rejected link to the source.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut

from .relations import next_relation

KEYS = {
    "accept": ["Return", "Enter"],
    "pick1": ["1"], "pick2": ["2"], "pick3": ["3"],
    "relation": ["R"],
    "reject": ["X"],
    "next": ["Tab"],
    "previous": ["Shift+Tab", "Backtab"],
    "stop": ["Esc"],
}
HELP_ROWS = tuple(("Trace review (only while active)", what, keys) for what, keys in (
    ("Accept the candidate under review (top one unless 1-3 chose another)", "Enter"),
    ("Put candidate 1, 2 or 3 under review", "1, 2, 3"),
    ("Change the relation (quotes, paraphrases, distorts)", "R"),
    ("Reject the suggestion for this unit", "X"),
    ("Skip to the next / previous unlinked unit", "Tab, Shift+Tab"),
    ("Leave trace review (label keys work again)", "Esc"),
))
# window actions whose keys trace review takes over while it is active
BORROWED = ("accept", "reject", "next", "prev", "clear")


class TraceReview(QObject):
    changed = Signal()  # unit, candidate under review or relation changed; review started/stopped

    def __init__(self, window, panel_factory=None):
        super().__init__(window)
        self.window = window
        self.project = window.project
        self.active = False
        self.source_id: int | None = None
        self.units: list = []
        self.index = 0
        self.choice = 0
        self.relation: str | None = None  # R override for the candidate under review
        self._stashed: dict = {}
        self._done: set[int] = set()  # units decided in this review (by index)
        self.shortcuts: dict[str, QShortcut] = {}
        for name, keys in KEYS.items():
            sc = QShortcut(window)
            sc.setKeys([QKeySequence(k) for k in keys])
            sc.setContext(Qt.ShortcutContext.WindowShortcut)
            sc.setEnabled(False)
            sc.activated.connect(lambda n=name: self.key(n))
            self.shortcuts[name] = sc

    # -- starting and stopping -----------------------------------------------------------
    def start(self, source_id: int, units: list) -> None:
        units = [u for u in units if u.candidates]
        if not units:
            self.window.status_message("Trace to Source: no candidate passages found")
            return
        if self.active:
            self._release_keys()
        self.source_id, self.units = source_id, units
        self.active, self._done, self.index = True, set(), -1
        self._take_keys()
        if not self.go(+1, from_index=-1):
            self.stop("Every traced unit already has an accepted or rejected link")
            return
        self.window.activateWindow()  # the progress dialog had it; the review keys need it back
        pane = self.window.pane_for_doc(self.unit().doc_id)
        if pane is not None:
            pane.view.setFocus(Qt.FocusReason.OtherFocusReason)
        self.window.status_message("Trace review: Enter accept · 1-3 choose · R relation · X reject · "
                                   "Tab skip · Esc stop", persistent=True)

    def stop(self, message: str = "Trace review ended") -> None:
        if not self.active:
            return
        self.active = False
        self._release_keys()
        for pane in self.window.panes():  # the candidate shown as a text selection: a label key would label it
            if pane.doc_id is not None:
                pane.view.clear_text_selection()
        self.window.status_message(message)
        self.changed.emit()

    def _take_keys(self) -> None:
        acts = self.window.acts
        self._stashed = {}
        for act in [acts[k] for k in BORROWED if k in acts] + list(self.window.label_actions):
            self._stashed[act] = act.shortcuts()
            act.setShortcuts([])
        for sc in self.shortcuts.values():
            sc.setEnabled(True)

    def _release_keys(self) -> None:
        for sc in self.shortcuts.values():
            sc.setEnabled(False)
        for act, keys in self._stashed.items():
            try:
                act.setShortcuts(keys)
            except RuntimeError:  # a label action rebuilt (and deleted) meanwhile
                pass
        self._stashed = {}

    def labels_rebuilt(self) -> None:
        """The label toolbar was rebuilt during review: keep the new label keys set aside too."""
        if self.active:
            self._release_keys()
            self._take_keys()

    # -- state ---------------------------------------------------------------------------
    def unit(self):
        return self.units[self.index] if self.active and 0 <= self.index < len(self.units) else None

    def candidate(self):
        u = self.unit()
        return u.candidates[self.choice] if u is not None and self.choice < len(u.candidates) else None

    def current_relation(self) -> str | None:
        c = self.candidate()
        return None if c is None else (self.relation or c.relation)

    def decided(self, i: int) -> bool:
        """Unit ``i`` has an accepted or rejected link to the source (or was rejected in this review when it
        had no suggestion to reject). An undone decision makes the unit undecided again."""
        from .engine import unit_link_statuses

        statuses = unit_link_statuses(self.project, self.units[i], self.source_id)
        return bool(statuses & {"accepted", "rejected"}) or (i in self._done and not statuses)

    def undone(self) -> None:
        """After Undo during review: back to the earliest unit whose decision was undone."""
        if not self.active:
            return
        for i in range(len(self.units)):
            if i in self._done and not self.decided(i):
                self._done.discard(i)
                self.index, self.choice, self.relation = i, 0, None
                self.show()
                return
        self.changed.emit()

    # -- keys ------------------------------------------------------------------------------
    def key(self, name: str) -> None:
        if not self.active:
            return
        if name == "accept":
            self.accept()
        elif name.startswith("pick"):
            self.pick(int(name[-1]) - 1)
        elif name == "relation":
            self.cycle_relation()
        elif name == "reject":
            self.reject()
        elif name == "next":
            self.go(+1)
        elif name == "previous":
            self.go(-1)
        elif name == "stop":
            self.stop()

    def follow_selection(self, span_id: int) -> None:
        """Clicking a retelling span that is a unit of this review puts that unit under review."""
        u = self.unit()
        if not self.active or not span_id or u is None:
            return
        from .engine import unit_span_id

        if unit_span_id(self.project, u) == span_id:
            return
        for i, other in enumerate(self.units):
            if other.doc_id != u.doc_id and self.window.pane_for_doc(other.doc_id) is None:
                continue
            if (other.span_id == span_id) or (other.span_id is None and unit_span_id(self.project, other) == span_id):
                self.index, self.choice, self.relation = i, 0, None
                self.show()
                return

    def pick(self, k: int) -> None:
        u = self.unit()
        if u is None or k >= len(u.candidates):
            self.window.status_message(f"This unit has {len(u.candidates) if u else 0} candidate(s)")
            return
        self.choice, self.relation = k, None
        self.show()

    def cycle_relation(self) -> None:
        if self.candidate() is None:
            return
        self.relation = next_relation(self.current_relation())
        self.changed.emit()

    def accept(self) -> bool:
        from .engine import accept

        u, c = self.unit(), self.candidate()
        if u is None or c is None or self.project.readonly:
            return False
        change = self.window.ops.run(lambda: accept(self.project, u, c, self.current_relation()))
        if change is None:
            return False
        self._done.add(self.index)
        self._advance()
        return True

    def reject(self) -> bool:
        from .engine import reject

        u = self.unit()
        if u is None or self.project.readonly:
            return False
        change = self.window.ops.run(lambda: reject(self.project, u, self.source_id))
        if change is None:
            return False
        self._done.add(self.index)
        self._advance()
        return True

    def _advance(self) -> None:
        if not self.go(+1):
            if not self.go(+1, from_index=-1):
                self.stop("Trace review done: every unit has a decision (Ctrl+Z undoes the last one)")

    def go(self, step: int, *, from_index: int | None = None) -> bool:
        """Move to the next (step +1) or previous (-1) undecided unit; False if there is none."""
        i = self.index if from_index is None else from_index
        n = len(self.units)
        i += step
        while 0 <= i < n:
            if not self.decided(i):
                self.index, self.choice, self.relation = i, 0, None
                self.show()
                return True
            i += step
        return False

    def show(self) -> None:
        """Retelling unit selected in its pane, candidate under review scrolled to and highlighted."""
        from .engine import unit_span_id

        u, c = self.unit(), self.candidate()
        if u is None:
            return
        window = self.window
        src = window.pane_for_doc(self.source_id)
        if src is None:
            src = window.open_document(self.source_id, window.panes()[0])
        tgt = window.pane_for_doc(u.doc_id)
        if tgt is None or tgt is src:
            others = [p for p in window.panes() if p is not src]
            tgt = others[0] if others else window.add_pane()
            if tgt is None:
                return
            tgt.open_document(u.doc_id)
        sid = unit_span_id(self.project, u)
        if sid is not None:
            tgt.view.select_span(sid, scroll=True)
        else:
            tgt.view.scroll_to(u.start, u.end, select_text=True)
        if c is not None:
            src.view.select_span(None)
            src.view.scroll_to(c.start, c.end, select_text=True)
            layer = getattr(getattr(window, "trace", None), "layer", None)
            if layer is not None:
                layer.line_up(tgt, u.start, u.end, src, c.start, c.end)
        window.set_current_pane(tgt)
        self.changed.emit()
