"""Export dialog: asks before replacing files, keeps or leaves out documents without spans, defaults to the
user's documents folder."""

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from annotator.core.models import NewDocument, NewSpan
from annotator.ui.dialogs import export as export_mod
from annotator.ui.dialogs.export import ExportDialog


@pytest.fixture
def two_docs(project):
    project.add_documents([
        NewDocument(text="The minister said 40 percent.", title="Annotated", spans=(NewSpan(18, 28, "FIGURE"),)),
        NewDocument(text="Nothing marked in this one.", title="Untouched"),
    ])
    return project


@pytest.fixture
def asked(monkeypatch):
    """Records every replace question; answers with ``asked.answer``."""
    class Box(list):
        answer = QMessageBox.StandardButton.No

    box = Box()

    def question(parent, title, text, *args):
        box.append(text)
        return box.answer

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    monkeypatch.setattr(export_mod, "show_error", lambda parent, exc, *a: box.append(f"error: {exc}"))
    return box


def run(qtbot, dialog) -> bool:
    started = dialog.start_export()
    if started:
        qtbot.waitUntil(lambda: not dialog.running and (dialog.report is not None or dialog.error is not None),
                        timeout=60000)
    return started


def test_asks_before_replacing_and_keeps_the_file_on_no(qtbot, two_docs, tmp_path, asked):
    out = tmp_path / "out.jsonl"
    out.write_text("months of work", encoding="utf-8")
    dialog = ExportDialog(two_docs)
    qtbot.addWidget(dialog)
    dialog.set_format("jsonl")
    dialog.path_edit.setText(str(out))
    assert not run(qtbot, dialog)
    assert len(asked) == 1 and str(out) in asked[0]
    assert out.read_text(encoding="utf-8") == "months of work"
    assert "kept" in dialog.status.text() and dialog.worker is None
    asked.answer = QMessageBox.StandardButton.Yes
    assert run(qtbot, dialog)
    assert len(asked) == 2 and dialog.error is None
    assert out.read_text(encoding="utf-8") != "months of work"


def test_asks_about_the_links_sidecar_and_folder_files(qtbot, two_docs, tmp_path, asked):
    (tmp_path / "out.links.jsonl").write_text("keep", encoding="utf-8")
    dialog = ExportDialog(two_docs)
    qtbot.addWidget(dialog)
    dialog.set_format("jsonl")
    dialog.path_edit.setText(str(tmp_path / "out.jsonl"))
    assert not run(qtbot, dialog)
    assert "out.links.jsonl" in asked[-1] and not (tmp_path / "out.jsonl").exists()
    folder = tmp_path / "sp"
    folder.mkdir()
    (folder / "train.spacy").write_bytes(b"old")
    dialog.set_format("spacy")
    dialog.path_edit.setText(str(folder))
    assert not run(qtbot, dialog)
    assert "train.spacy" in asked[-1] and (folder / "train.spacy").read_bytes() == b"old"


def test_no_question_for_a_new_file(qtbot, two_docs, tmp_path, asked):
    dialog = ExportDialog(two_docs)
    qtbot.addWidget(dialog)
    dialog.set_format("csv")
    dialog.path_edit.setText(str(tmp_path / "fresh.csv"))
    assert run(qtbot, dialog)
    assert asked == [] and dialog.report.documents == 1


def test_include_empty_checkbox(qtbot, two_docs, tmp_path, asked):
    dialog = ExportDialog(two_docs)
    qtbot.addWidget(dialog)
    dialog.set_format("doccano")
    assert not dialog.include_empty.isChecked()
    dialog.path_edit.setText(str(tmp_path / "a.jsonl"))
    assert run(qtbot, dialog)
    assert dialog.report.documents == 1
    shown = [dialog.results.item(i).text() for i in range(dialog.results.count())]
    assert any("1 document(s) without exported spans left out" in s for s in shown)
    dialog.include_empty.setChecked(True)
    dialog.path_edit.setText(str(tmp_path / "b.jsonl"))
    assert run(qtbot, dialog)
    assert dialog.report.documents == 2
    assert "Untouched" in (tmp_path / "b.jsonl").read_text(encoding="utf-8")
    again = ExportDialog(two_docs)  # remembered
    qtbot.addWidget(again)
    assert again.include_empty.isChecked()


def test_default_path_is_in_the_documents_folder(qtbot, two_docs, tmp_path, monkeypatch):
    docs = tmp_path / "My Documents"
    docs.mkdir()
    monkeypatch.setattr(export_mod, "documents_folder", lambda: str(docs))
    dialog = ExportDialog(two_docs)
    qtbot.addWidget(dialog)
    for fmt in ("csv", "brat"):
        dialog.path_edit.setText("")
        dialog.set_format("jsonl" if fmt == "csv" else "csv")
        dialog.path_edit.setText("")
        dialog.set_format(fmt)
        assert Path(dialog.path_edit.text()).parent == docs
        assert Path(two_docs.path).parent != docs


def test_documents_folder_is_the_standard_location(monkeypatch, tmp_path):
    from PySide6.QtCore import QStandardPaths

    target = tmp_path / "Docs"
    target.mkdir()
    monkeypatch.setattr(QStandardPaths, "writableLocation", staticmethod(lambda kind: str(target)))
    assert export_mod.documents_folder() == str(target)
    monkeypatch.setattr(QStandardPaths, "writableLocation", staticmethod(lambda kind: str(tmp_path / "missing")))
    assert export_mod.documents_folder() == str(Path.home())
