"""Export dialog: each format runs in a worker thread into tmp_path, the report is shown, files parse."""

import csv
import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

import annotator.io.export as export_pkg
from annotator.core.models import NewDocument
from annotator.ui.dialogs import export as export_mod
from annotator.ui.dialogs.export import ExportDialog, default_output

TEXTS = [
    "The minister said 40 percent of homes were affected. Critics called it a lie.\n\nA second paragraph 🙂 here.",
    "Officials put the figure at 40 percent. The opposition disputes this.",
]



@pytest.fixture
def filled(project):
    project.add_documents([NewDocument(text=t, title=f"Doc {i}", outlet=f"Outlet {i}") for i, t in enumerate(TEXTS)])
    d1, d2 = [d.id for d in project.documents()]

    def add(doc_id, text, part, label, **kw):
        start = text.index(part)
        project.add_span(doc_id, start, start + len(part), label, **kw)

    add(d1, TEXTS[0], "40 percent", "FIGURE")
    add(d1, TEXTS[0], "The minister said 40 percent of homes were affected", "CLAIM")
    add(d1, TEXTS[0], "called it a lie", "FRAMING")
    add(d2, TEXTS[1], "40 percent", "FIGURE")
    add(d2, TEXTS[1], "The opposition disputes this", "CLAIM", status="suggested")
    a, b = [s.id for s in project.spans(d1)][:2]
    project.add_link(a, b, "supports")
    return d1, d2


@pytest.fixture
def errors(monkeypatch):
    seen = []
    monkeypatch.setattr(export_mod, "show_error", lambda parent, exc, *a: seen.append(exc))
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda p, t, text, *a: seen.append(text)))
    return seen


def run(qtbot, dialog):
    assert dialog.start_export()
    qtbot.waitUntil(lambda: not dialog.running and (dialog.report is not None or dialog.error is not None),
                    timeout=60000)


def check_files(fmt, report, out: Path):
    files = [Path(f) for f in report.files]
    assert files and all(f.exists() for f in files)
    if fmt in ("jsonl", "doccano"):
        main = [f for f in files if not f.name.endswith(".links.jsonl")][0]
        records = [json.loads(line) for line in main.read_text(encoding="utf-8").splitlines() if line.strip()]
        assert {r["text"] for r in records} == set(TEXTS)
        if fmt == "jsonl":
            for r in records:
                for s in r["spans"]:
                    assert 0 <= s["start"] < s["end"] <= len(r["text"])
            assert sum(len(r["spans"]) for r in records) == report.spans
    elif fmt == "csv":
        rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
        assert len(rows) == report.spans
    elif fmt == "w3c":
        text = out.read_text(encoding="utf-8")
        try:
            data = json.loads(text)
        except ValueError:
            data = [json.loads(line) for line in text.splitlines() if line.strip()]
        assert data
    elif fmt == "brat":
        anns = sorted(out.glob("*.ann"))
        assert len(anns) == 2 and len(list(out.glob("*.txt"))) == 2
        assert sum(line.startswith("T") for a in anns for line in a.read_text(encoding="utf-8").splitlines()) == report.spans
    elif fmt == "spacy":
        from spacy.tokens import DocBin
        import spacy

        nlp = spacy.blank("en")
        docs = [d for f in files if f.suffix == ".spacy" for d in DocBin().from_disk(f).get_docs(nlp.vocab)]
        assert {d.text for d in docs} == set(TEXTS)


@pytest.mark.parametrize("fmt", list(export_pkg.FORMATS))
def test_each_format(qtbot, project, filled, tmp_path, errors, fmt):
    dialog = ExportDialog(project)
    qtbot.addWidget(dialog)
    dialog.set_format(fmt)
    assert dialog.split.isEnabled() == (fmt == "jsonl")
    assert dialog.dev_fraction.isEnabled() == (fmt == "spacy")
    out = tmp_path / ("out" if fmt in ("spacy", "brat") else f"out.{fmt}")
    dialog.path_edit.setText(str(out))
    run(qtbot, dialog)
    assert errors == [] and dialog.error is None
    report = dialog.report
    assert report.documents == 2
    assert report.spans == 4  # accepted only by default: the suggested CLAIM is left out
    assert f"{report.spans} span(s)" in dialog.status.text()
    assert dialog.progress.maximum() == 2 and dialog.progress.value() == 2  # fed by the progress signal
    assert dialog.export_button.isEnabled() and dialog.close_button.text() == "Close"
    shown = [dialog.results.item(i).text() for i in range(dialog.results.count())]
    assert all(str(f) in shown for f in report.files)
    assert all(w in shown for w in report.warnings)
    check_files(fmt, report, out)


def test_label_status_and_selection_filters(qtbot, project, filled, tmp_path, errors):
    d1, d2 = filled
    dialog = ExportDialog(project, doc_ids=[d2])
    qtbot.addWidget(dialog)
    dialog.set_format("jsonl")
    assert dialog.only_selected.isChecked()
    for name, cb in dialog.label_boxes.items():
        cb.setChecked(name == "CLAIM")
    dialog.all_statuses.setChecked(True)
    assert dialog.options()["labels"] == ["CLAIM"] and dialog.options()["doc_ids"] == [d2]
    dialog.path_edit.setText(str(tmp_path / "claims.jsonl"))
    run(qtbot, dialog)
    assert dialog.report.documents == 1 and dialog.report.spans == 1  # the suggested CLAIM of document 2


def test_paragraph_split(qtbot, project, filled, tmp_path, errors):
    dialog = ExportDialog(project)
    qtbot.addWidget(dialog)
    dialog.set_format("jsonl")
    dialog.split.setCurrentIndex(dialog.split.findData("paragraph"))
    assert dialog.options()["split"] == "paragraph"
    out = tmp_path / "paras.jsonl"
    dialog.path_edit.setText(str(out))
    run(qtbot, dialog)
    records = [json.loads(l) for l in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 3  # document 1 has two paragraphs
    for r in records:
        for s in r["spans"]:
            assert 0 <= s["start"] < s["end"] <= len(r["text"])


def test_bad_output_path_shows_error(qtbot, project, filled, tmp_path, errors):
    dialog = ExportDialog(project)
    qtbot.addWidget(dialog)
    dialog.set_format("csv")
    bad = tmp_path / "missing-folder" / "out.csv"
    dialog.path_edit.setText(str(bad))
    run(qtbot, dialog)
    assert dialog.report is None
    assert len(errors) == 1 and "missing-folder" in str(errors[0])
    assert "Traceback" not in dialog.status.text() and "missing-folder" in dialog.status.text()
    assert dialog.export_button.isEnabled() and not bad.exists()


def test_refuses_empty_path_and_no_labels(qtbot, project, filled, errors):
    dialog = ExportDialog(project)
    qtbot.addWidget(dialog)
    dialog.path_edit.setText("")
    assert not dialog.start_export()
    dialog.path_edit.setText("/tmp/x.jsonl")
    for cb in dialog.label_boxes.values():
        cb.setChecked(False)
    assert not dialog.start_export()
    assert len(errors) == 2 and dialog.worker is None


def test_cancel_stops_the_export(qtbot, project, filled, tmp_path, errors, monkeypatch):
    """Cancel is honoured at the next progress call and leaves no file."""
    import annotator.ui.ops as ops_mod

    dialog = ExportDialog(project)
    qtbot.addWidget(dialog)
    dialog.set_format("jsonl")
    out = tmp_path / "c.jsonl"
    dialog.path_edit.setText(str(out))
    original = ops_mod._Thread._progress

    def slow_progress(self, *args):
        self.cancel.set()  # as if the user pressed Cancel while the first document was written
        return original(self, *args)

    monkeypatch.setattr(ops_mod._Thread, "_progress", slow_progress)
    assert dialog.start_export()
    qtbot.waitUntil(lambda: not dialog.running, timeout=30000)
    qtbot.waitUntil(lambda: "cancelled" in dialog.status.text())
    assert dialog.report is None and errors == [] and not out.exists()


def test_remembers_options(qtbot, project, filled, tmp_path, errors):
    dialog = ExportDialog(project)
    qtbot.addWidget(dialog)
    dialog.set_format("spacy")
    dialog.dev_fraction.setValue(0.35)
    dialog.seed.setValue(7)
    dialog.label_boxes["FRAMING"].setChecked(False)
    dialog.path_edit.setText(str(tmp_path / "sp"))
    run(qtbot, dialog)
    again = ExportDialog(project)
    qtbot.addWidget(again)
    assert again.fmt() == "spacy"
    assert again.path_edit.text() == str(tmp_path / "sp")
    assert abs(again.dev_fraction.value() - 0.35) < 1e-9 and again.seed.value() == 7
    assert not again.label_boxes["FRAMING"].isChecked() and again.label_boxes["QUOTE"].isChecked()


def test_default_output_names(project):
    assert default_output("/x/p.annotator", "csv") == "/x/p.csv"
    assert default_output("/x/p.annotator", "brat", "/y") == "/y/p-brat"
    assert default_output("/x/p.annotator", "doccano") != default_output("/x/p.annotator", "jsonl")


def test_the_result_list_shows_its_lines(qtbot, project, filled, tmp_path, errors):
    """Found in a real window: the report of files and counts showed about two lines with scroll bars ("records:
    4" cut). Up to six lines show without scrolling."""
    dialog = ExportDialog(project)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.set_format("jsonl")
    dialog.path_edit.setText(str(tmp_path / "out.jsonl"))
    run(qtbot, dialog)
    qtbot.wait(20)
    lines = min(dialog.results.count(), 6)
    assert lines >= 3
    row = dialog.results.sizeHintForRow(0)
    assert dialog.results.viewport().height() >= lines * row
