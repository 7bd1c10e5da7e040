"""Link type chooser, import report, document details and error dialogs."""

from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from annotator.core.errors import InputError, ProjectError
from annotator.core.models import NewDocument
from annotator.ui.dialogs.docinfo import DocumentInfoDialog
from annotator.ui.dialogs.errors import ask_open_readonly, error_box, show_error
from annotator.ui.dialogs.importreport import ImportReportDialog, show_import_report, summary
from annotator.ui.dialogs.linktype import LinkTypeDialog, ask_link_type


@pytest.fixture
def two_docs(project):
    a = "Source text: the minister said «40 percent» 🙂 were affected."
    b = "Retelling: officials put it at 40 percent."
    project.add_documents([NewDocument(text=a, title="Source", outlet="Wire", source_file="a.txt"),
                           NewDocument(text=b, title="Retelling", outlet="Daily")])
    d1, d2 = [d.id for d in project.documents()]
    project.add_span(d1, a.index("40"), a.index("40") + 10, "FIGURE")
    project.add_span(d2, b.index("40"), b.index("40") + 10, "FIGURE")
    project.add_span(d2, 0, 9, "FRAMING", status="suggested")
    s1 = project.spans(d1)[0]
    s2 = [s for s in project.spans(d2) if s.label == "FIGURE"][0]
    return d1, d2, s1, s2


# -- link type ----------------------------------------------------------------------
def test_link_type_dialog_shows_spans_and_picks_by_typing(qtbot, project, two_docs):
    _, _, s1, s2 = two_docs
    dialog = LinkTypeDialog(project, s1, s2.id)  # a Span or a span id
    qtbot.addWidget(dialog)
    texts = " ".join(l.text() for l in dialog.findChildren(type(dialog.description)))
    assert "«40 percent»" in texts and "Source" in texts and "Retelling" in texts
    assert dialog.value()[0] == project.link_types()[0].name
    dialog.show()
    qtbot.keyClicks(dialog.types, "con")
    assert dialog.value() == ("contradicts", "")
    qtbot.keyClick(dialog.types, Qt.Key.Key_Up)
    assert dialog.value()[0] == "supports"
    dialog.note.setText("  same figure ")
    assert dialog.value() == ("supports", "same figure")
    assert "supports" in dialog.description.text()


def test_ask_link_type_enter_accepts_and_is_remembered(qtbot, project, two_docs):
    _, _, s1, s2 = two_docs

    def drive():
        dialog = QApplication.activeModalWidget()
        qtbot.keyClicks(dialog.types, "dist")
        dialog.note.setText("twists it")
        qtbot.keyClick(dialog.types, Qt.Key.Key_Return)

    QTimer.singleShot(0, drive)
    assert ask_link_type(None, project, s1, s2) == ("distorts", "twists it")

    def cancel():
        dialog = QApplication.activeModalWidget()
        assert dialog.value()[0] == "distorts"  # last used type is preselected
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    QTimer.singleShot(0, cancel)
    assert ask_link_type(None, project, s1, s2) is None


# -- import report ------------------------------------------------------------------
def report(**kw):
    fields = dict(added=[], duplicates=[], problems=[], skipped_spans=[], created_labels=[], skipped_files=[],
                  skipped_records=[])
    fields.update(kw)
    fields["ok"] = not fields["problems"]
    return SimpleNamespace(**fields)


def test_import_report_shows_problems(qtbot):
    r = report(added=[1, 2], problems=["bad.jsonl:3: not valid JSON", "empty.txt: the file is empty"],
               duplicates=["b.txt: same text as document 1 (Source)"], created_labels=["SOURCE"])
    dialog = ImportReportDialog(r)
    qtbot.addWidget(dialog)
    text = dialog.summary.text()
    assert "Imported 2 documents" in text and "2 problems" in text and "1 duplicate" in text
    sections = dialog.section_texts()
    problems = next(v for k, v in sections.items() if k.startswith("Problems"))
    assert problems == ["bad.jsonl:3: not valid JSON", "empty.txt: the file is empty"]
    assert dialog.details.topLevelItem(0).isExpanded()  # problems first and open
    assert not dialog.details.isHidden()
    assert "import" in dialog.windowTitle().lower() and "problem" in dialog.windowTitle().lower()
    assert "bad.jsonl:3" in dialog.as_text()


def test_import_report_clean_hides_details(qtbot, monkeypatch):
    r = report(added=[5], skipped_files=[".hidden"])
    dialog = ImportReportDialog(r)
    qtbot.addWidget(dialog)
    assert summary(r).startswith("Imported 1 document.")
    assert dialog.details.isHidden()
    dialog.toggle.click()
    assert not dialog.details.isHidden()
    shown = []
    monkeypatch.setattr(ImportReportDialog, "exec", lambda self: shown.append(self.summary.text()) or 0)
    show_import_report(None, r)
    assert shown == [summary(r)]


def test_import_report_with_real_importer_report(qtbot):
    from annotator.io import importer

    r = importer.ImportReport(added=[1], problems=["x.pdf: not a PDF"])
    dialog = ImportReportDialog(r)
    qtbot.addWidget(dialog)
    assert "1 problem" in dialog.summary.text()


# -- document details ---------------------------------------------------------------
def test_document_info_edit_and_undo(qtbot, project, two_docs):
    d1, d2, s1, s2 = two_docs
    project.add_link(s1.id, s2.id, "same-as")
    dialog = DocumentInfoDialog(project, d2)
    qtbot.addWidget(dialog)
    assert dialog.edits["title"].text() == "Retelling"
    assert "1 accepted (FIGURE 1), 1 suggested, 0 rejected" == dialog.info["spans"].text()
    assert dialog.info["links"].text() == "1 (1 to other documents)"
    doc = project.document(d2)
    assert dialog.info["sha256"].text() == doc.sha256 and str(len(doc.text)) in dialog.info["length"].text()
    dialog.edits["outlet"].setText("The Daily")
    assert dialog.commit("outlet")
    assert project.document(d2).outlet == "The Daily"
    assert not dialog.commit("outlet")  # unchanged: no extra undo step
    project.undo()
    assert dialog.edits["outlet"].text() == "Daily"  # follows the project
    project.add_span(d2, 0, 9, "QUOTE")
    assert "QUOTE 1" in dialog.info["spans"].text()


def test_document_info_closes_when_document_removed(qtbot, project, two_docs):
    d1 = two_docs[0]
    dialog = DocumentInfoDialog(project, d1)
    qtbot.addWidget(dialog)
    dialog.show()
    project.remove_documents([d1])
    assert not dialog.isVisible()
    assert dialog._listener not in project._listeners


# -- errors -------------------------------------------------------------------------
def test_user_error_has_no_traceback(qtbot):
    box = error_box(None, InputError("bad.jsonl", "not valid JSON", 3), log_path="/logs/annotator.log")
    qtbot.addWidget(box)
    assert box.text() == "bad.jsonl:3: not valid JSON"
    assert box.detailedText() == "" and "/logs/annotator.log" in box.informativeText()


def test_unexpected_error_carries_traceback(qtbot):
    try:
        {}["missing"]
    except KeyError as e:
        exc = e
    box = error_box(None, exc, log_path="/logs/x.log")
    qtbot.addWidget(box)
    assert "unexpected" in box.text() and "KeyError" in box.text()
    assert "Traceback" in box.detailedText() and "test_unexpected_error_carries_traceback" in box.detailedText()
    assert "/logs/x.log" in box.informativeText()


def test_os_error_and_plain_text(qtbot, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: shown.append((self.text(), self.detailedText())) or 0)
    show_error(None, PermissionError(13, "Permission denied", "/ro/p.annotator"))
    show_error(None, "Something simple")
    assert shown == [("/ro/p.annotator: Permission denied", ""), ("Something simple", "")]


@pytest.mark.parametrize("click,expected", [("Open read-only", True), ("Cancel", False)])
def test_ask_open_readonly(qtbot, monkeypatch, click, expected):
    def exec_(box):
        assert "locked" in box.text()
        next(b for b in box.buttons() if b.text().replace("&", "") == click).click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    assert ask_open_readonly(None, str(ProjectError("p.annotator: is locked"))) is expected


def test_a_file_level_sqlite_error_is_one_plain_sentence():
    """Found in a real window: the Agreement window said "An unexpected error occurred: OperationalError: disk
    I/O error". Errors of the file (I/O, locked) say what happened and what to do, without a traceback."""
    import sqlite3

    from annotator.ui.dialogs.errors import describe

    for error, says in ((sqlite3.OperationalError("disk I/O error"), "Restore from Backup"),
                        (sqlite3.OperationalError("database is locked"), "Try again")):
        message, details = describe(error)
        assert says in message and "unexpected" not in message and details == ""
    message, details = describe(sqlite3.OperationalError("no such column: x"))  # a bug stays a bug
    assert "unexpected" in message and details
