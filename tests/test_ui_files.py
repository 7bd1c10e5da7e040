"""Opening projects (bad files give dialogs, never tracebacks), import through File > Import,
the error hook, and painting a long document."""

from __future__ import annotations

import random
import sqlite3
import sys

import pytest
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from annotator.core import NewSpan
from annotator.store import create_project, open_project
from ui_helpers import add_docs, make_window, pixels, tinted


@pytest.fixture
def boxes(monkeypatch):
    """Record message boxes instead of showing them; click "Open read-only" when offered if asked."""
    class Seen(list):
        pass

    seen = Seen()
    state = {"readonly": False}

    def fake_exec(self):
        seen.append(self.text())
        for b in self.buttons():
            if state["readonly"] and "read-only" in b.text():
                b.click()
                return 0
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    monkeypatch.setattr(QApplication, "exec", lambda *a: 0)
    seen.state = state
    return seen


def test_not_a_project_shows_dialog(qtbot, tmp_path, boxes):
    from annotator.ui.app import run

    bad = tmp_path / "notes.txt"
    bad.write_text("hello")
    assert run(str(bad)) == 1
    assert len(boxes) == 1 and "not an annotator project" in boxes[0] and "notes.txt" in boxes[0]


def test_newer_schema_shows_dialog(qtbot, tmp_path, boxes):
    from annotator.ui.app import run

    path = tmp_path / "future.annotator"
    create_project(path).close()
    conn = sqlite3.connect(path)
    row = conn.execute("SELECT * FROM _sqlite_migrations LIMIT 1").fetchone()
    cols = [d[0] for d in conn.execute("SELECT * FROM _sqlite_migrations LIMIT 1").description]
    values = dict(zip(cols, row))
    values["name"] = "m999_from_the_future"
    values.pop("id", None)
    cols = list(values)
    conn.execute(f"INSERT INTO _sqlite_migrations ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                 list(values.values()))
    conn.commit()
    conn.close()
    assert run(str(path)) == 1
    assert len(boxes) == 1 and "newer version" in boxes[0]


def test_locked_project_offers_read_only(qtbot, tmp_path, boxes):
    from annotator.ui import app

    path = tmp_path / "shared.annotator"
    holder = create_project(path)
    try:
        assert app.open_with_dialogs(str(path)) is None  # declined
        assert "open in another annotator window" in boxes[-1]
        boxes.state["readonly"] = True
        project = app.open_with_dialogs(str(path))
        assert project is not None and project.readonly
        w = make_window(qtbot, project)
        assert "read-only" in w.windowTitle() and not w.acts["import"].isEnabled()
        messages = []
        w.status_message = messages.append
        w.label_actions[0].trigger()  # the key still answers: it says why nothing is labelled
        assert messages and "read-only" in messages[-1] and project.spans() == []
        project.close()
    finally:
        holder.close()


def test_run_opens_and_creates_project(qtbot, tmp_path, boxes):
    from annotator.ui import app

    path = tmp_path / "new.annotator"
    assert app.run(str(path)) == 0
    assert path.exists() and boxes == []
    assert open_project(path).documents() == []


def test_first_run_creates_default_project_with_sample(qtbot, boxes, monkeypatch):
    from annotator.store.paths import default_project_path
    from annotator.ui import app

    assert not default_project_path().exists()
    assert app.run(None) == 0
    project = open_project(default_project_path())
    try:
        assert len(project.documents()) >= 3 and boxes == []
    finally:
        project.close()


def test_import_through_file_menu(qtbot, project, tmp_path, monkeypatch):
    w = make_window(qtbot, project)
    good = tmp_path / "story.txt"
    good.write_text("A story about the tax plan.\nIt has two lines.", encoding="utf-8")
    bad = tmp_path / "broken.jsonl"
    bad.write_text('{"text": "ok"}\n{not json\n', encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([str(good), str(bad)], "")))
    reports = []
    import annotator.ui.dialogs.importreport as ir

    monkeypatch.setattr(ir, "show_import_report", lambda parent, report: reports.append(report))
    w.acts["import"].trigger()
    qtbot.waitUntil(lambda: bool(reports), timeout=30000)  # files are read in a worker thread
    (report,) = reports
    assert len(report.added) == 1 and any("broken.jsonl" in p for p in report.problems)
    assert [d.title for d in project.documents()] and w.current_pane().doc_id == report.added[0]
    assert w.docs.tree.topLevelItemCount() == 1


def test_unexpected_exception_shows_dialog_and_logs(qtbot, project, monkeypatch):
    from annotator.ui import errors

    shown = []
    import annotator.ui.dialogs.errors as de

    monkeypatch.setattr(de, "show_error", lambda parent, exc, log_path=None: shown.append((exc, log_path)))
    w = make_window(qtbot, project)
    errors.install(lambda: w)
    try:
        raise RuntimeError("boom in a slot")
    except RuntimeError:
        assert sys.excepthook is errors.hook
        errors.hook(*sys.exc_info())
    assert shown and "boom" in str(shown[0][0])
    assert "boom in a slot" in errors.log_path().read_text()
    assert w.isVisible()


def test_long_document_with_many_spans_paints(qtbot, project):
    random.seed(7)
    words = "the minister said 42 percent “quoted” 😀 claims framing".split()
    text = "\n\n".join(" ".join(random.choice(words) for _ in range(90)) for _ in range(2000))[:1_000_000]
    (doc,) = add_docs(project, text)
    labels = ["QUOTE", "CLAIM", "FIGURE", "FRAMING"]
    spans = []
    for k in range(8000):
        s = random.randrange(0, len(text) - 100)
        spans.append(NewSpan(s, s + random.randint(1, 90), labels[k % 4],
                             status="suggested" if k % 5 == 0 else "accepted"))
    project.add_spans(doc, spans)
    w = make_window(qtbot, project)
    w.open_document(doc)
    view = w.current_pane().view
    assert len(view.index) < 8000  # only a window is loaded before the first paint
    assert tinted(pixels(view)) > 100  # the spans of the loaded window are painted at once
    view.finish_loading()
    assert len(view.index) == 8000
    bar = view.verticalScrollBar()
    for frac in (0.25, 0.5, 0.999):
        bar.setValue(int(bar.maximum() * frac))
        assert view.visible_spans()
        assert tinted(pixels(view)) > 100  # and painted wherever the user scrolls


def test_first_run_opens_source_beside_a_retelling_then_restores_panes(qtbot, boxes, monkeypatch):
    from annotator.ui import app

    seen = []

    def fake_exec(*_a):
        w = app._windows[-1]
        seen.append(([p.view.doc_id for p in w.panes()], {d.id: d.title for d in w.project.documents()},
                     w.size(), w.screen().availableGeometry().size()))
        if len(seen) == 1:  # the user shows another document in the right pane; it must come back next run
            other = next(d.id for d in w.project.documents() if d.id not in w.open_doc_ids())
            w.open_document(other, w.panes()[1])
        return 0

    monkeypatch.setattr(QApplication, "exec", fake_exec)
    assert app.run(None) == 0
    panes, titles, size, avail = seen[0]
    assert len(panes) == 2
    assert titles[panes[0]].startswith("Aliyev's interview with Rossiya Segodnya's Dmitry Kiselev")
    assert titles[panes[1]].startswith("Azerbaijan’s Aliyev lines up with Russia")
    assert size.width() >= 0.85 * avail.width() and size.height() >= 0.85 * avail.height()
    assert app.run(None) == 0
    restored = seen[1][0]
    assert restored[0] == panes[0] and restored[1] not in panes and len(restored) == 2


def test_a_project_with_more_labels_than_the_app_shows_says_how_to_fix_it(qtbot, tmp_path, boxes, monkeypatch, capsys):
    """A project made before the label cap (or by another tool) with 3,000 labels: the app says so, names the
    command that fixes it and opens nothing unless told (Open Anyway); `labels --delete-unused` then removes the
    unused ones (labels with spans or a key stay) and the project opens without a word."""
    from annotator.cli import main
    from annotator.ui import app

    path = tmp_path / "many.annotator"
    p = create_project(path)
    (doc,) = add_docs(p, "A short text about labels.")
    p.add_span(doc, 0, 7, "CLAIM")
    p.close()
    conn = sqlite3.connect(path)
    conn.executemany("INSERT INTO labels (name, color, key, description, position) VALUES (?, '#336699', '', '', ?)",
                     [(f"L{i}", 100 + i) for i in range(3000)])
    conn.commit()
    conn.close()
    assert app.open_with_dialogs(str(path)) is None  # Cancel is the default
    assert "3,004 labels" in boxes[-1] and "at most 100" in boxes[-1]
    monkeypatch.setattr(QMessageBox, "clickedButton", lambda self: next(b for b in self.buttons() if "Anyway" in b.text()))
    project = app.open_with_dialogs(str(path))
    assert project is not None and len(project.labels()) == 3004
    project.close()
    assert main(["labels", str(path), "--delete-unused"]) == 0
    assert "deleted 3000 unused label(s)" in capsys.readouterr().out
    shown = len(boxes)
    project = app.open_with_dialogs(str(path))
    assert len(boxes) == shown  # nothing to say now
    assert sorted(l.name for l in project.labels()) == ["CLAIM", "FIGURE", "FRAMING", "QUOTE"]
    project.close()
