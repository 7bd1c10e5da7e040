"""What the keyboard and the Edit menu do to the current pane (create, relabel, delete, review, link)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication



class Editing:
    """Mixed into MainWindow; uses ``self.project``, ``self.ops``, ``self.current_pane()``, ``self.status_message``.
    Every change goes through ``self.ops.run`` (one error path, the Change delivered with its initiator)."""

    snap_to_tokens = True

    def _pane_or_none(self):
        pane = self.current_pane()
        return pane if pane is not None and pane.doc_id is not None else None

    def apply_label(self, name: str, raw: bool | None = None) -> bool:
        """Label key: create a span from the text selection, or relabel the selected span."""
        if self.project.readonly:  # the label keys stay live so the analyst is told why nothing happens
            self.status_message("This project is open read-only: labels cannot be added or changed "
                                "(File > Open Project to open a writable copy)")
            return False
        pane = self._pane_or_none()
        if pane is None:
            return False
        view = pane.view
        rng = view.selection_range()
        if rng is not None:
            if raw is None:
                alt = bool(QApplication.keyboardModifiers() & Qt.KeyboardModifier.AltModifier)
                raw = alt or not self.snap_to_tokens
            start, end = rng
            if not raw:
                snapped = self.project.snap(pane.doc_id, view.text, start, end)
                if snapped is None:
                    self.status_message("Nothing to label: the selection is only white space")
                    return False
                start, end = snapped
            change = self.ops.run(lambda: self.project.add_span(pane.doc_id, start, end, name), initiator=view)
            if change is None:
                return False
            view.clear_text_selection()
            new_ids = change.added.get("span", set())
            if new_ids:
                view.select_span(next(iter(new_ids)))
            return True
        span = view.selected_item()
        if span is not None:
            if view.labels.get(span.label_id, ("",))[0] == name:
                return False
            return self.ops.run(lambda: self.project.relabel_span(span.id, name), initiator=view) is not None
        self.status_message("Select some text first (or click a span) to label it")
        return False

    def delete_selected(self) -> bool:
        pane = self._pane_or_none()
        if pane is None or pane.selected_span_id() is None:
            return False
        sid = pane.selected_span_id()
        nxt = pane.view.neighbour()
        ok = self.ops.run(lambda: self.project.remove_spans([sid]), initiator=pane.view) is not None
        if ok and nxt is not None and nxt.id != sid:
            pane.view.select_span(nxt.id)
        return ok

    def set_selected_status(self, status: str) -> bool:
        pane = self._pane_or_none()
        if pane is None or pane.selected_span_id() is None:
            return False
        sid = pane.selected_span_id()
        item = pane.view.selected_item()
        if item is not None and item.status == status:
            return False
        ok = self.ops.run(lambda: self.project.set_status([sid], status), initiator=pane.view) is not None
        if ok and status == "rejected":
            pane.view.select_span(None)
        if ok:  # reviewing: straight on to the next suggestion (README, keyboard table), and say where we are
            moved = pane.select_next_span(statuses=("suggested",))
            done = "Accepted" if status == "accepted" else "Rejected" if status == "rejected" else status
            self.status_message(f"{done} · All changes saved · "
                                + ("next suggestion selected (Enter accepts, X rejects)" if moved
                                   else "no more suggestions after this one in this document"))
        return ok

    def accept_selected(self) -> bool:
        return self.set_selected_status("accepted")

    def reject_selected(self) -> bool:
        return self.set_selected_status("rejected")

    def move_selection(self, backwards: bool = False) -> bool:
        """Tab / Shift+Tab: the next / previous span; past the last (first) one, around to the first (last),
        saying so in the status bar, as an editor's find does."""
        pane = self._pane_or_none()
        if pane is None:
            return False
        if pane.select_next_span(statuses=None, backwards=backwards):
            return True
        view = pane.view
        statuses = None if view.show_rejected else ("accepted", "suggested")
        edge = (1 << 62, 1 << 62) if backwards else (-1, -1)
        item = view.index.neighbour(edge, backwards=backwards, statuses=statuses)
        if item is None:
            self.status_message("No spans in this document yet: select text and press a label key (1-4)")
            return False
        if item.id == view.selected_id:
            self.status_message("This is the only span in this document")
            return False
        view.select_span(item.id, scroll=True)
        self.status_message("Wrapped around to the last span" if backwards else "Wrapped around to the first span")
        return True

    def clear_selection(self) -> None:
        if self.link_source is not None:
            self.leave_link_mode("Link cancelled")
            return
        pane = self._pane_or_none()
        if pane is not None:
            pane.view.clear_text_selection()
            pane.view.select_span(None)

    # -- links ----------------------------------------------------------------------
    link_source: int | None = None

    def start_link(self) -> bool:
        pane = self._pane_or_none()
        if pane is None or pane.selected_span_id() is None:
            self.status_message("Select a span first, then Link to… and click the span to link it to")
            return False
        self.link_source = pane.selected_span_id()
        for p in self.panes():
            p.view.link_mode = True
            p.view.viewport().setCursor(Qt.CursorShape.CrossCursor)
        self.status_message("Link mode: click the span to link to (in any pane); Esc cancels", persistent=True)
        return True

    def leave_link_mode(self, message: str = "") -> None:
        self.link_source = None
        for p in self.panes():
            p.view.link_mode = False
            p.view.viewport().unsetCursor()
        self.status_message(message)

    def finish_link(self, target_id: int) -> bool:
        source = self.link_source
        if source is None:
            return False
        if target_id == source:
            self.status_message("A span cannot be linked to itself: click another span (Esc cancels)", persistent=True)
            return False
        self.leave_link_mode()
        answer = self.ask_link_type(source, target_id)
        if answer is None:
            self.status_message("Link cancelled")
            return False
        type_name, note = answer
        return self.ops.run(lambda: self.project.add_link(source, target_id, type_name, note or "")) is not None

    def ask_link_type(self, source: int, target: int):
        """(type, note) for a link from ``source`` to ``target``, or None if cancelled."""
        from .dialogs.linktype import ask_link_type

        return ask_link_type(self, self.project, source_span=source, target_span=target)
