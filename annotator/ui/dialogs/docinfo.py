"""Document details: edit title, outlet, author, date, URL and language (each edit one undo step; a new
language re-tokenizes the text for it); see the source file, length, sha256 and span/link counts."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout

from ...core.errors import AnnotatorError, NotFound
from ...core.project import Project
from ..ops import run_in
from ._common import subscribe, unsubscribe, warn

FIELDS = (("title", "Title"), ("outlet", "Outlet"), ("author", "Author"), ("published", "Published"), ("url", "URL"))


class DocumentInfoDialog(QDialog):
    def __init__(self, project: Project, doc_id: int, parent=None):
        super().__init__(parent)
        self.project = project
        self.doc_id = doc_id
        self.setWindowTitle("Document details")
        self.resize(560, 420)
        self.edits: dict[str, QLineEdit] = {}
        form = QFormLayout()
        for name, caption in FIELDS:
            edit = QLineEdit()
            edit.setReadOnly(project.readonly)
            edit.editingFinished.connect(lambda n=name: self.commit(n))
            self.edits[name] = edit
            form.addRow(caption + ":", edit)
        self.edits["published"].setPlaceholderText("YYYY-MM-DD")
        self.lang = QComboBox()
        self.lang.setEditable(True)  # any ISO 639 code can be typed
        self.lang.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)  # a typed code is not added to the list
        self.lang.setEnabled(not project.readonly)
        self.lang.setToolTip("The language decides how the text is split into tokens (labels snap to them).")
        from ...nlp.language import LANGUAGES

        for code, name in sorted(LANGUAGES.items(), key=lambda kv: kv[1]):
            self.lang.addItem(f"{name} ({code})", code)
        self.lang.activated.connect(lambda *_: self.commit_language())
        self.lang.lineEdit().editingFinished.connect(self.commit_language)
        form.addRow("Language:", self.lang)
        self.lang_note = QLabel()
        self.lang_note.setWordWrap(True)
        form.addRow("", self.lang_note)
        self.info: dict[str, QLabel] = {}
        for name, caption in (("source_file", "Source file"), ("length", "Length"),
                              ("sha256", "SHA-256"), ("added", "Added"), ("spans", "Spans"), ("links", "Links")):
            label = QLabel()
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.info[name] = label
            form.addRow(caption + ":", label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self._listener = subscribe(self, project, self._on_change)
        self.finished.connect(lambda *_: unsubscribe(self._listener))
        self.refresh()

    def refresh(self) -> None:
        try:
            doc = self.project.document(self.doc_id)
        except NotFound:
            self.reject()
            return
        for name, edit in self.edits.items():
            value = getattr(doc, name) or ""
            if edit.hasFocus() and edit.isModified():
                continue  # being typed in: committed when the field is left
            if edit.text() != value:
                edit.setText(value)
                edit.setCursorPosition(0)
        self.setWindowTitle(f"Document details: {doc.title or doc.source_file or doc.id}")
        self.info["source_file"].setText(doc.source_file or "(none)")
        self.info["length"].setText(f"{len(doc.text):,} characters, {len(doc.text.split()):,} words")
        if not self.lang.hasFocus():
            i = self.lang.findData(doc.lang)
            if i >= 0:
                self.lang.setCurrentIndex(i)
            else:
                self.lang.setEditText(doc.lang)
        self.lang_note.setText(self._language_note(doc.lang))
        self.info["sha256"].setText(doc.sha256)
        self.info["added"].setText(doc.created[:19].replace("T", " "))
        spans = self.project.spans(self.doc_id)
        by_status = Counter(s.status for s in spans)
        accepted = Counter(s.label for s in spans if s.status == "accepted")
        per_label = ", ".join(f"{l.name} {accepted[l.name]}" for l in self.project.labels() if accepted[l.name])
        text = f"{by_status['accepted']} accepted" + (f" ({per_label})" if per_label else "")
        text += f", {by_status['suggested']} suggested, {by_status['rejected']} rejected"
        self.info["spans"].setText(text)
        links = self.project.links(self.doc_id)
        cross = sum(1 for l in links if self._crosses(l))
        self.info["links"].setText(f"{len(links)} ({cross} to other documents)")

    @staticmethod
    def _language_note(code: str) -> str:
        from ...nlp.language import NEEDS, language_name

        if code in NEEDS:  # only these can fall back (the note is exact once the tokenizer is loaded)
            from ...nlp.language import tokenizer_note

            return tokenizer_note(code) or ""
        return "" if code in ("", "xx") else f"Tokens from spaCy's {language_name(code)} tokenizer."

    def _chosen_language(self) -> str:
        text = self.lang.currentText().strip()
        i = self.lang.findText(text)
        if i >= 0 and self.lang.itemData(i):
            return self.lang.itemData(i)
        if text.endswith(")") and "(" in text:
            text = text[text.rindex("(") + 1:-1]
        return text.lower()

    def commit_language(self) -> bool:
        from ...nlp.language import set_language

        if self.project.closed or self.project.readonly:
            return False
        code = self._chosen_language()
        try:
            if code == self.project.document(self.doc_id).lang:
                return False
        except AnnotatorError as e:
            warn(self, str(e))
            self.refresh()
            return False
        if run_in(self, lambda: set_language(self.project, self.doc_id, code) or True, initiator=self) is None:
            self.refresh()
            return False
        return True

    def _crosses(self, link) -> bool:
        try:
            docs = {self.project.span(link.source_id).doc_id, self.project.span(link.target_id).doc_id}
        except NotFound:
            return False
        return len(docs) > 1

    def commit(self, name: str) -> bool:
        if self.project.closed:  # a dialog left open after its project was closed has nothing to save to
            return False
        value = self.edits[name].text().strip()
        try:
            current = getattr(self.project.document(self.doc_id), name) or ""
            if value == current or self.project.readonly:
                return False
        except AnnotatorError as e:
            warn(self, str(e))
            self.refresh()
            return False
        if run_in(self, lambda: self.project.update_document(self.doc_id, **{name: value}) or True,
                  initiator=self) is None:
            self.refresh()
            return False
        return True

    def _on_change(self, change) -> None:
        if self.doc_id in change.ids("document") or self.doc_id in change.doc_ids or change.touches("label"):
            self.refresh()

    def keyPressEvent(self, event):  # noqa: N802 - Qt API
        """Enter in a field saves that field; it does not close the dialog (only Close/Esc do)."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focus = self.focusWidget()
            if focus in (self.lang, self.lang.lineEdit()):
                self.commit_language()
                return
            for name, edit in self.edits.items():
                if focus is edit:
                    self.commit(name)
                    return
        super().keyPressEvent(event)

    def closeEvent(self, event):  # noqa: N802 - Qt API
        unsubscribe(self._listener)
        super().closeEvent(event)
