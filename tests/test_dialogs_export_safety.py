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


def test_a_refused_or_declined_export_hides_the_previous_exports_files(qtbot, two_docs, tmp_path, asked, monkeypatch):
    """Found in a real window: after one export, a second one refused (onto the project file) or declined (keep
    the existing files) still listed the first export's files and counts under "Nothing exported"."""
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Ok))
    out = tmp_path / "out.jsonl"
    dialog = ExportDialog(two_docs)
    qtbot.addWidget(dialog)
    dialog.set_format("jsonl")
    dialog.path_edit.setText(str(out))
    assert run(qtbot, dialog) and dialog.results.count() > 0 and not dialog.results.isHidden()
    dialog.path_edit.setText(two_docs.path)  # onto the project file: refused
    assert not run(qtbot, dialog)
    assert "project file" in dialog.status.text()
    assert dialog.results.isHidden() and dialog.results.count() == 0
    assert run(qtbot, dialog) is False  # still refused, nothing listed
    dialog.path_edit.setText(str(out))  # the existing file: declined
    asked.answer = QMessageBox.StandardButton.No
    assert not run(qtbot, dialog)
    assert "kept" in dialog.status.text()
    assert dialog.results.isHidden() and dialog.results.count() == 0


def test_export_dialog_exports_one_annotator_layer(qtbot, project, tmp_path, asked):
    """Found in a real window after File > Merge Projects and Adjudicate: the dialog had no annotator choice, so
    every JSONL record carried the same span twice (the analyst's and the adjudicated copy) and both labels of a
    disagreement - training data no span model should get. The CLI has --annotator; the dialog now has it too."""
    import json

    project.add_documents([NewDocument(text="The minister said 40 percent of voters agree.", title="One")])
    doc = project.documents()[0].id
    project.add_span(doc, 18, 28, "FIGURE")  # the project's own annotator
    project.set_annotator("ben")
    project.add_span(doc, 18, 28, "FIGURE")  # the same place, ben's layer
    project.add_span(doc, 0, 12, "CLAIM")
    dialog = ExportDialog(project)
    qtbot.addWidget(dialog)
    layers = [dialog.layer.itemData(i) for i in range(dialog.layer.count())]
    assert layers[0] is None and len(layers) == 3 and "ben" in layers  # everyone, then each annotator
    assert not dialog.layer.isHidden()
    dialog.set_format("jsonl")
    out = tmp_path / "ben.jsonl"
    dialog.path_edit.setText(str(out))
    dialog.layer.setCurrentIndex(layers.index("ben"))
    assert run(qtbot, dialog) and dialog.report is not None
    spans = [(s["start"], s["end"], s["label"]) for r in map(json.loads, out.read_text().splitlines()) for s in r["spans"]]
    assert sorted(spans) == [(0, 12, "CLAIM"), (18, 28, "FIGURE")]
    out2 = tmp_path / "all.jsonl"
    dialog.path_edit.setText(str(out2))
    dialog.layer.setCurrentIndex(0)  # every layer, as before
    assert run(qtbot, dialog)
    spans = [(s["start"], s["end"]) for r in map(json.loads, out2.read_text().splitlines()) for s in r["spans"]]
    assert sorted(spans) == [(0, 12), (18, 28), (18, 28)]


def test_export_dialog_hides_the_layer_choice_for_one_annotator(qtbot, two_docs):
    dialog = ExportDialog(two_docs)
    qtbot.addWidget(dialog)
    assert dialog.layer.isHidden()
