"""Choosing the type of a new link: both span texts, the link types (arrows + Enter, or type the first
letters), an optional note."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QVBoxLayout)

from ...core.project import Project
from ._common import elide, settings


def _span_text(project: Project, span) -> str:
    """'LABEL: «text» (document title)' for a Span or a span id; '' for None."""
    if span is None:
        return ""
    if isinstance(span, int):
        span = project.span(span)
    doc = project.document(span.doc_id)
    quoted = elide(doc.text[span.start:span.end], 200)
    title = doc.title or doc.source_file or f"document {doc.id}"
    return f"<b>{span.label}</b>: «{_html(quoted)}» <i>({_html(title)})</i>"


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class LinkTypeDialog(QDialog):
    def __init__(self, project: Project, source_span=None, target_span=None, parent=None):
        super().__init__(parent)
        self.project = project
        self.setWindowTitle("Link spans")
        self.resize(520, 380)
        self.types = QListWidget()
        for t in project.link_types():
            item = QListWidgetItem(t.name, self.types)
            item.setData(Qt.ItemDataRole.UserRole, t.description)
            item.setToolTip(t.description)
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.note = QLineEdit()
        self.note.setPlaceholderText("Optional note on this link")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        for caption, span in (("From:", source_span), ("To:", target_span)):
            if span is not None:
                text = QLabel(_span_text(project, span))
                text.setWordWrap(True)
                text.setTextFormat(Qt.TextFormat.RichText)
                form.addRow(caption, text)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("Link type (arrows and Enter, or type its first letters):"))
        layout.addWidget(self.types, 1)
        layout.addWidget(self.description)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self.types.currentItemChanged.connect(self._current_changed)
        self.types.itemActivated.connect(lambda *_: self.accept())
        last = settings().value("links/last_type")
        found = self.types.findItems(str(last), Qt.MatchFlag.MatchExactly) if last else []
        self.types.setCurrentItem(found[0] if found else self.types.item(0))
        self._current_changed()
        self.types.setFocus()

    def _current_changed(self, *_) -> None:
        item = self.types.currentItem()
        self.description.setText(item.data(Qt.ItemDataRole.UserRole) if item else "")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(item is not None)

    def select(self, name: str) -> None:
        found = self.types.findItems(name, Qt.MatchFlag.MatchExactly)
        if found:
            self.types.setCurrentItem(found[0])

    def value(self) -> tuple[str, str] | None:
        item = self.types.currentItem()
        return (item.text(), self.note.text().strip()) if item is not None else None

    def accept(self) -> None:
        if self.value() is None:
            return
        settings().setValue("links/last_type", self.value()[0])
        super().accept()


def ask_link_type(parent, project: Project, source_span=None, target_span=None) -> tuple[str, str] | None:
    """Ask for the type (and an optional note) of a link between two spans. None if cancelled."""
    dialog = LinkTypeDialog(project, source_span, target_span, parent)
    try:
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.value()
        return None
    finally:
        dialog.deleteLater()
