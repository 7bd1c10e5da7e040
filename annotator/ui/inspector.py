"""Inspector dock: the selected span's label, exact text, offsets, origin/status/score, note
(saved as you type, debounced, undoable) and its links (activate one to jump to the other end)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (QComboBox, QDockWidget, QFormLayout, QHBoxLayout, QLabel, QListWidget,
                               QListWidgetItem, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget)

from ..core.errors import NotFound
from ..core.project import Project

NOTE_DELAY_MS = 400
LINK_ROLE = Qt.ItemDataRole.UserRole
QWIDGETSIZE_MAX = (1 << 24) - 1  # Qt's largest widget size (no maximum)


class Inspector(QDockWidget):
    def __init__(self, window):
        super().__init__("Inspector", window)
        self.setObjectName("inspector_dock")
        self.window_ = window
        self.project: Project = window.project
        self.span_id: int | None = None
        self._loading = False
        self.empty = QLabel("Select text and press a label key (1-4) to add a span;\nclick a span to inspect it.")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.label = QComboBox()
        self.label.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.label.setMinimumContentsLength(12)
        self.label.activated.connect(self._relabel)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setMaximumHeight(110)
        self.offsets = QLabel()
        self.offsets.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.origin = QLabel()
        self.annotator = QLabel()  # whose layer the span is in
        for info in (self.offsets, self.origin, self.annotator):  # long values wrap instead of widening the dock
            info.setWordWrap(True)
            info.setMinimumWidth(1)
        self.accept_btn = QPushButton("Accept")
        self.accept_btn.clicked.connect(lambda: self._set_status("accepted"))
        self.reject_btn = QPushButton("Reject")
        self.reject_btn.clicked.connect(lambda: self._set_status("rejected"))
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText("Note (saved as you type)")
        self.note.setMaximumHeight(120)
        self.note.textChanged.connect(self._note_edited)
        self._note_timer = QTimer(self)
        self._note_timer.setSingleShot(True)
        self._note_timer.setInterval(NOTE_DELAY_MS)
        self._note_timer.timeout.connect(self.save_note)
        self.links = QListWidget()
        self.links.setWordWrap(True)
        # activation alone: a double-click (or Enter, or a single click where the style says so); connecting
        # itemDoubleClicked too ran the jump twice, the second time on an item the first jump had cleared
        self.links.itemActivated.connect(self._open_link)
        self.link_btn = QPushButton("Link to… (Ctrl+L)")
        self.link_btn.clicked.connect(lambda: window.start_link())
        self.unlink_btn = QPushButton("Remove link")
        self.unlink_btn.clicked.connect(self._remove_link)
        form = QFormLayout()
        form.addRow("Label", self.label)
        form.addRow("Text", self.text)
        form.addRow("Offsets", self.offsets)
        form.addRow("Origin", self.origin)
        form.addRow("Annotator", self.annotator)
        review = QHBoxLayout()
        review.addWidget(self.accept_btn)
        review.addWidget(self.reject_btn)
        form.addRow("", review)
        form.addRow("Note", self.note)
        form.addRow("Links", self.links)
        lbtn = QHBoxLayout()
        lbtn.addWidget(self.link_btn)
        lbtn.addWidget(self.unlink_btn)
        form.addRow("", lbtn)
        self.form = QWidget()
        self.form.setLayout(form)
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.addWidget(self.empty)
        lay.addWidget(self.form)
        lay.addStretch(1)
        # as wide when empty as when it shows a span: selecting a span must not reflow the panes' text. Only the
        # width is kept: the hidden form's height (kept too, it put a scroll bar beside "Select text..." on a
        # 768 px screen) is let go in show_span
        policy = self.form.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.form.setSizePolicy(policy)
        self.setWidget(box)
        self._link_ids: set[int] = set()  # the links listed, so a change to another span's links is ignored
        self.show_span(None)
        window.hub.subscribe(self.on_change, ("span", "link", "label"), filter=self.concerns, later=True)

    def show_span(self, span_id: int | None) -> None:
        later = getattr(self.window_, "later", None)
        if later is not None:
            later.cancel("inspector")  # a selection pending for the next pass is older than this call
        if self._note_timer.isActive():
            self.save_note()
        self.span_id = span_id
        self.empty.setVisible(span_id is None)
        self.form.setMaximumHeight(QWIDGETSIZE_MAX if span_id is not None else 0)  # hidden: its width only
        self.form.setVisible(span_id is not None)
        if span_id is not None:
            self.refresh(note=True)

    def refresh(self, note: bool = False, keep_note: bool = False) -> None:
        try:
            span = self.project.span(self.span_id)
        except NotFound:
            self.show_span(None)
            return
        self._loading = True
        try:
            self.label.clear()
            for l in self.project.labels():
                self.label.addItem(l.name)
            self.label.setCurrentText(span.label)
            pane = self.window_.pane_for_doc(span.doc_id)
            text = pane.view.text if pane is not None else self.project.document(span.doc_id).text
            self.text.setPlainText(text[span.start:span.end])
            self.offsets.setText(f"{span.start}–{span.end} ({span.end - span.start} characters)")
            score = f", score {span.score:.2f}" if span.score is not None else ""
            self.origin.setText(f"{span.origin}, {span.status}{score}")
            self.annotator.setText(span.author or "—")
            self.accept_btn.setEnabled(span.status != "accepted" and not self.project.readonly)
            self.reject_btn.setEnabled(span.status != "rejected" and not self.project.readonly)
            if not keep_note and (note or (not self.note.hasFocus() and not self._note_timer.isActive())):
                if self.note.toPlainText() != span.note:
                    self.note.setPlainText(span.note)
            self.note.setReadOnly(self.project.readonly)
            self._fill_links()
        finally:
            self._loading = False

    def _fill_links(self) -> None:
        self.links.clear()
        self._link_ids = set()
        for link in self.project.links_for_span(self.span_id):
            self._link_ids.add(link.id)
            outgoing = link.source_id == self.span_id
            other = link.target_id if outgoing else link.source_id
            try:
                o = self.project.span(other)
            except NotFound:
                continue
            pane = self.window_.pane_for_doc(o.doc_id)
            doc = None if pane is not None else self.project.document(o.doc_id)
            text = pane.view.text if pane is not None else doc.text
            title = (doc.title if doc is not None else pane.full_title) or f"document {o.doc_id}"
            snippet = text[o.start:o.end]
            snippet = snippet if len(snippet) < 90 else snippet[:87] + "…"
            arrow = "→" if outgoing else "←"
            short = title if len(title) <= 40 else title[:39] + "…"
            where = "this document" if o.doc_id == self.project.span(self.span_id).doc_id else short
            item = QListWidgetItem(f"{arrow} {link.type} · {o.label} in {where}\n“{snippet}”")
            item.setToolTip(f"{link.type} · {o.label} in “{title}”" + (f"\n{link.note}" if link.note else ""))
            item.setData(LINK_ROLE, (link.id, other))
            self.links.addItem(item)
        self.unlink_btn.setEnabled(self.links.count() > 0 and not self.project.readonly)

    def concerns(self, change) -> bool:
        """Only changes to the shown span, its links or the labels reach the inspector."""
        if self.span_id is None:
            return False
        if change.touches("label") or self.span_id in change.ids("span"):
            return True
        links = change.ids("link")
        if not links:
            return False
        if links & self._link_ids:
            return True
        added = change.added.get("link", set())  # a new link of this span?
        return bool(added) and any(self.span_id in ends for ends in self.project.link_ends(added).values())

    def on_change(self, change, initiator=None) -> None:
        if self.span_id is None:
            return
        if self.span_id in change.removed.get("span", set()):
            self.show_span(None)
            return
        self.refresh(keep_note=initiator is self.note)  # the note's own edit: no echo into the field

    # -- edits ----------------------------------------------------------------------
    def _relabel(self, _index: int) -> None:
        if self._loading or self.span_id is None:
            return
        name = self.label.currentText()
        sid = self.span_id
        self.window_.ops.run(lambda: self.project.relabel_span(sid, name), initiator=self)

    def _set_status(self, status: str) -> None:
        if self.span_id is not None:
            sid = self.span_id
            self.window_.ops.run(lambda: self.project.set_status([sid], status), initiator=self)

    def _note_edited(self) -> None:
        if not self._loading and self.span_id is not None and not self.project.readonly:
            self._note_span = self.span_id
            self._note_timer.start()

    def save_note(self) -> None:
        self._note_timer.stop()
        sid = getattr(self, "_note_span", None)
        if sid is None:
            return
        self._note_span = None
        text = self.note.toPlainText()
        try:
            current = self.project.span(sid).note
        except NotFound:
            return
        if text != current:
            self.window_.ops.run(lambda: self.project.set_note(sid, text), initiator=self.note)

    def _open_link(self, item) -> None:
        data = item.data(LINK_ROLE) if item is not None else None
        if not data:
            return
        _link_id, other = data
        src_pane = self.window_.current_pane()
        # after the list's own signal returns: the jump selects the other span, which refills this list
        QTimer.singleShot(0, lambda: self.window_.show_span(other, prefer_other=src_pane))

    def _remove_link(self) -> None:
        item = self.links.currentItem() or (self.links.item(0) if self.links.count() == 1 else None)
        if item is not None:
            link_id, _ = item.data(LINK_ROLE)
            self.window_.ops.run(lambda: self.project.remove_links([link_id]), initiator=self)
