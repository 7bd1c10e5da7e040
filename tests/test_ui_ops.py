"""The op runner (annotator.ui.ops) and the hub: one error path, progress with Cancel that never sticks,
changes delivered by kind with their initiator, import off the UI thread with Cancel, training Cancel then
Train again, a worse model not made active silently, Suggest/Accept All on the current pane's document."""

import os
import threading
import time

import pytest

pytest.importorskip("PySide6")

from ui_helpers import add_docs, make_window, select_text, settle, wait_for_task  # noqa: E402

from annotator.core.errors import InvalidSpan  # noqa: E402
from annotator.core.models import Status  # noqa: E402


@pytest.fixture
def shown(monkeypatch):
    """Errors that reach the one error path (instead of a modal box): (error or message, log file or None)."""
    from PySide6.QtWidgets import QMessageBox

    import annotator.ui.dialogs.errors as de

    seen = []
    monkeypatch.setattr(de, "show_error", lambda parent, exc, log_path=None: seen.append((exc, log_path)))
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda p, t, text, *a: seen.append((text, None))))
    return seen


def _slow_job(steps=400, delay=0.01, started=None):
    def job(progress, cancel):
        for i in range(steps):
            if started is not None:
                started.set()
            progress(i, steps, f"item {i}")
            time.sleep(delay)
        return "finished"
    return job


def test_run_error_path_logs_unexpected_and_returns_none(qtbot, project, shown):
    from annotator.ui import errors

    errors.setup_logging()
    w = make_window(qtbot, project)
    after = []
    w.ops.after.append(lambda: after.append(1))
    assert w.ops.run(lambda: (_ for _ in ()).throw(InvalidSpan("bad span"))) is None
    assert shown[-1][1] is None and "bad span" in str(shown[-1][0])  # a user error: message, not logged
    assert "bad span" in w._message.text()

    def boom():
        raise RuntimeError("unexpected in an op")

    assert w.ops.run(boom) is None
    assert isinstance(shown[-1][0], RuntimeError) and shown[-1][1] is not None
    assert "unexpected in an op" in errors.log_path().read_text()
    assert after == [1, 1]  # undo texts and enablement refresh after every op, failed or not


def test_hub_filters_by_kind_and_passes_the_initiator(qtbot, project):
    (doc,) = add_docs(project, "Alpha beta gamma delta.")
    w = make_window(qtbot, project)
    spans, links = [], []
    w.hub.subscribe(lambda c, i: spans.append(i), ("span",))
    w.hub.subscribe(lambda c, i: links.append(i), ("link",))
    me = object()
    w.ops.run(lambda: project.add_span(doc, 0, 5, "QUOTE"), initiator=me)
    project.add_span(doc, 6, 10, "CLAIM")  # outside the runner: no initiator
    assert spans == [me, None] and links == []
    a, b = (s.id for s in project.spans(doc))
    w.ops.run(lambda: project.add_link(a, b))
    assert len(links) == 1 and len(spans) == 2


def test_inspector_refreshes_only_for_its_span_and_links(qtbot, project):
    d1, d2 = add_docs(project, "One two three four five.", "Six seven eight nine ten.")
    a = project.add_span(d1, 0, 3, "QUOTE").added["span"].pop()
    b = project.add_span(d1, 4, 7, "CLAIM").added["span"].pop()
    c = project.add_span(d2, 0, 3, "CLAIM").added["span"].pop()
    w = make_window(qtbot, project)
    w.open_document(d1)
    w.inspector.show_span(a)
    calls = []
    original = w.inspector.refresh
    w.inspector.refresh = lambda *x, **k: (calls.append(1), original(*x, **k))
    project.set_note(b, "another span")
    project.add_link(b, c)  # a link between two other spans
    settle()
    assert calls == []
    project.add_link(a, c)
    settle()
    assert len(calls) == 1 and w.inspector.links.count() == 1
    project.set_note(a, "mine")
    settle()
    assert len(calls) == 2 and w.inspector.note.toPlainText() == "mine"


def test_task_cancel_closes_the_dialog_then_a_new_task_runs(qtbot, project):
    from annotator.ui.ops import run_task

    w = make_window(qtbot, project)
    ends = []
    started = threading.Event()
    task = run_task(_slow_job(started=started), parent=w, title="Slow", label="Working…", total=400,
                    on_done=lambda r: ends.append(r), on_cancelled=lambda: ends.append("cancelled"))
    assert task.dialog is not None
    qtbot.waitUntil(started.is_set, timeout=10000)
    task.dialog.canceled.emit()  # the Cancel button
    assert task.dialog is None  # gone at once, not stuck waiting for the thread
    qtbot.waitUntil(lambda: ends == ["cancelled"], timeout=10000)
    assert not task.running and task.outcome == "cancelled"
    again = run_task(_slow_job(steps=3, delay=0), parent=w, on_done=lambda r: ends.append(r))
    qtbot.waitUntil(lambda: len(ends) == 2, timeout=10000)
    assert ends == ["cancelled", "finished"] and again.outcome == "done" and again.dialog is None


def test_task_failure_goes_to_the_error_path(qtbot, project, shown):
    from annotator.ui.ops import run_task

    w = make_window(qtbot, project)

    def job(progress, cancel):
        raise ValueError("broken job")

    task = run_task(job, parent=w)
    qtbot.waitUntil(lambda: task.outcome is not None, timeout=10000)
    assert task.outcome == "failed" and "broken job" in str(shown[-1][0]) and task.dialog is None


def _files(tmp_path, n):
    paths = []
    for i in range(n):
        p = tmp_path / f"story{i}.txt"
        p.write_text(f"Story number {i} about the tax plan.\nIt has two lines.", encoding="utf-8")
        paths.append(str(p))
    return paths


def test_import_runs_off_the_ui_thread_and_cancel_adds_nothing(qtbot, project, tmp_path, monkeypatch):
    import annotator.io.importer as importer
    import annotator.ui.dialogs.importreport as ir
    from annotator.ui.importing import import_paths

    w = make_window(qtbot, project)
    reports = []
    monkeypatch.setattr(ir, "show_import_report", lambda parent, report: reports.append(report))
    original = importer._read
    threads = []
    release = threading.Event()

    def slow_read(path, outlet, *args):
        threads.append(threading.current_thread() is threading.main_thread())
        if len(threads) >= 2:
            release.wait(10)  # the second file takes until the user has pressed Cancel
        return original(path, outlet, *args)

    monkeypatch.setattr(importer, "_read", slow_read)
    task = import_paths(w, _files(tmp_path, 40))
    qtbot.waitUntil(lambda: len(threads) >= 2, timeout=10000)
    assert w.ops.run(lambda: "the UI answers meanwhile") == "the UI answers meanwhile"
    task.cancel()
    release.set()
    qtbot.waitUntil(lambda: task.outcome is not None, timeout=10000)
    assert task.outcome == "cancelled" and project.documents() == [] and reports == []
    assert "cancelled" in w._message.text() and not any(threads)
    assert not project.can_undo
    monkeypatch.setattr(importer, "_read", original)
    again = import_paths(w, _files(tmp_path, 3))
    qtbot.waitUntil(lambda: bool(reports), timeout=10000)
    assert again.outcome == "done" and len(reports[0].added) == 3 and len(project.documents()) == 3
    project.undo()  # one transaction, one undo step
    assert project.documents() == []


def test_suggest_and_accept_all_act_on_the_current_pane(qtbot, project):
    text = 'He said "we will win" and trade rose 45% today.'
    d1, d2 = add_docs(project, text, text + " Again.")
    w = make_window(qtbot, project)
    w.open_document(d1)
    w.docs.tree.clearSelection()
    from annotator.ui.docs_dock import DOC_ROLE

    tree = w.docs.tree
    tree.topLevelItem(1 if tree.topLevelItem(0).data(0, DOC_ROLE) == d1 else 0).setSelected(True)
    assert w.docs.selected_doc_ids() == [d2]  # the Documents list points elsewhere
    menu = w.extract_menu
    menu.actions["rules"].trigger()
    wait_for_task(menu)  # the rules run in a worker thread
    assert project.spans(d1, statuses=[Status.SUGGESTED]) and not project.spans(d2)
    assert "in “Doc 1”" in w._message.text()  # the current pane's document, by title
    menu.actions["scope_all"].trigger()
    menu.actions["rules"].trigger()
    wait_for_task(menu)
    assert project.spans(d2, statuses=[Status.SUGGESTED])
    ids = {d: [s.id for s in project.spans(d, statuses=[Status.SUGGESTED])] for d in (d1, d2)}
    project.backend.update_rows("span", {i: {"score": 0.9} for i in ids[d1] + ids[d2]})
    menu.set_scope("pane")
    menu.accept_above(0.5)
    assert {s.id for s in project.spans(statuses=[Status.ACCEPTED])} == set(ids[d1])
    w.close_pane(w.current_pane())  # the only pane: emptied, no document
    menu.accept_above(0.5)
    assert "Open a document" in w._message.text()
    assert {s.id for s in project.spans(statuses=[Status.ACCEPTED])} == set(ids[d1])


def test_train_cancel_then_train_again_in_the_same_dialog(qtbot, project, monkeypatch):
    from test_loop_train import _corpus

    from annotator.ui.loop import train_dialog

    project.add_documents(_corpus())
    w = make_window(qtbot, project)
    monkeypatch.setattr(train_dialog.ResultDialog, "exec", lambda self: 0)
    dialog = train_dialog.TrainDialog(w)
    dialog.steps.setValue(5000)
    dialog.start()
    qtbot.waitUntil(lambda: dialog.bar.value() >= 2, timeout=60_000)
    dialog.cancel_or_close()
    qtbot.waitUntil(lambda: dialog.worker is None, timeout=60_000)
    assert "Cancelled" in dialog.status.text() and dialog.start_button.isEnabled()
    assert project.models() == []
    dialog.steps.setValue(40)
    dialog.start()
    qtbot.waitUntil(lambda: dialog.info is not None, timeout=120_000)
    assert [m["id"] for m in project.models()] == [dialog.info.id]


def _pending(tmp_path, f):
    from annotator.nlp.train import PendingModel

    work = tmp_path / f"work-{f}"
    work.mkdir()
    (work / "metrics.json").write_text("{}", encoding="utf-8")
    prf = {"p": f, "r": f, "f": f, "gold": 10}
    metrics = {"exact": {"QUOTE": dict(prf)}, "overlap": {"QUOTE": dict(prf)}, "long": {}}
    return PendingModel(work, None, ["QUOTE"], metrics, {"train_docs": 3, "dev_docs": 1, "seconds": 1.0})


def test_a_zero_or_worse_model_does_not_silently_become_active(qtbot, project, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from annotator.ui.loop import train_dialog

    w = make_window(qtbot, project)
    monkeypatch.setattr(train_dialog.ResultDialog, "exec", lambda self: 0)
    asked = []
    answer = {"button": QMessageBox.StandardButton.No}
    monkeypatch.setattr(QMessageBox, "exec", lambda self: asked.append(self.text()) or answer["button"])

    def train(f):
        dialog = train_dialog.TrainDialog(w)
        dialog.on_done(_pending(tmp_path, f))
        return dialog.info.id

    first = train(0.6)  # no active model yet, a useful score: active without asking
    assert asked == [] and project.active_model()["id"] == first
    zero = train(0.0)  # all scores 0: asked, default No keeps the previous model
    assert len(asked) == 1 and "0.00" in asked[0] and project.active_model()["id"] == first
    worse = train(0.4)  # worse than the active one: asked too
    assert len(asked) == 2 and "0.60" in asked[1] and project.active_model()["id"] == first
    answer["button"] = QMessageBox.StandardButton.Yes
    chosen = train(0.3)
    assert project.active_model()["id"] == chosen and {zero, worse} < {m["id"] for m in project.models()}
    better = train(0.9)
    assert len(asked) == 3 and project.active_model()["id"] == better


def _label_key_statements(qtbot, project, settle_ms=0):
    from PySide6.QtCore import Qt

    from ui_helpers import press

    (doc,) = add_docs(project, "The minister said the plan would cut taxes for most families.")
    w = make_window(qtbot, project)
    pane = w.open_document(doc)
    pane.view.finish_loading()
    qtbot.wait(600)  # let the window's own debounced refreshes run first
    select_text(pane.view, "the plan")
    statements = []
    project.backend.conn.set_trace_callback(statements.append)
    try:
        press(qtbot, pane.view, Qt.Key.Key_1)
        if settle_ms:
            qtbot.wait(settle_ms)  # the debounced count refresh (400 ms) included
    finally:
        project.backend.conn.set_trace_callback(None)
    assert len(project.spans(doc)) == 1
    if os.environ.get("SHOW_SQL"):
        print("\n".join(statements))
    return statements


def test_label_key_press_writes_in_one_transaction(qtbot, project):
    """SQL per label key press: one write transaction (BEGIN … COMMIT) with the insert inside it."""
    statements = _label_key_statements(qtbot, project, settle_ms=700)
    upper = [s.strip().split()[0].upper() for s in statements]
    writes = [i for i, s in enumerate(upper) if s in ("INSERT", "UPDATE", "DELETE", "REPLACE")]
    begins = [i for i, s in enumerate(upper) if s in ("BEGIN", "SAVEPOINT")]
    commits = [i for i, s in enumerate(upper) if s in ("COMMIT", "RELEASE")]
    assert len(begins) == 1 and len(commits) == 1, statements
    assert writes and all(begins[0] < i < commits[0] for i in writes), statements
    # the span row; nothing else is written (SQLite traces each trigger a write fires with that write's text:
    # the store's span-count triggers show as repeats of the same INSERT)
    assert len({statements[i] for i in writes}) == 1, statements


def test_label_key_press_runs_no_full_table_aggregate(qtbot, project):
    """Counts come from the store's summary (issue 11), not by aggregating the spans, documents or links tables."""
    import re

    statements = _label_key_statements(qtbot, project, settle_ms=700)
    aggregates = [s for s in statements if re.search(r"\b(COUNT|SUM|TOTAL|AVG)\s*\(|GROUP BY", s, re.I)
                  and re.search(r"\bFROM\s+(spans|documents|links)\b", s, re.I)]
    assert aggregates == []


def test_task_ending_while_the_dialog_processes_events(qtbot, project):
    """A window-modal progress dialog processes events in setValue: the task may end right there."""
    from annotator.ui.ops import run_task

    w = make_window(qtbot, project)
    ends = []

    def job(progress, cancel):
        for i in range(1, 200):
            progress(i, 200, f"item {i}")
        return "finished"

    for _ in range(5):
        task = run_task(job, parent=w, title="Quick", total=200, on_done=ends.append)
        task.dialog.setMinimumDuration(0)
        task.dialog.show()
        qtbot.waitUntil(lambda: task.outcome is not None, timeout=10000)
        assert task.outcome == "done" and task.dialog is None
    assert ends == ["finished"] * 5


def test_enablement_is_declared_once_and_covers_the_extract_menu(qtbot, tmp_path):
    from annotator.store import create_project, open_project
    from annotator.ui import actions

    path = tmp_path / "ro.annotator"
    p = create_project(path)
    add_docs(p, "Some text to read.")
    p.close()
    ro = open_project(path, readonly=True)
    try:
        w = make_window(qtbot, ro)
        w.open_document(ro.documents()[0].id)
        state = actions.ActionState(w)
        for key, rule in actions.ENABLED.items():
            assert key in w.acts, key
            assert w.acts[key].isEnabled() == bool(rule(state)), key
        for key in ("import", "undo", "labels", "extract_rules", "extract_model", "extract_accept_above",
                    "extract_train"):
            assert not w.acts[key].isEnabled(), key
        assert w.acts["extract_next"].isEnabled() and w.acts["next"].isEnabled()
        w.close()
    finally:
        ro.close()


def test_closing_the_window_cancels_a_running_import(qtbot, project, tmp_path, monkeypatch, shown):
    import annotator.io.importer as importer
    from annotator.ui.importing import import_paths

    w = make_window(qtbot, project)
    original = importer._read
    reading = threading.Event()

    def slow_read(path, outlet, *args):
        reading.set()
        time.sleep(0.05)
        return original(path, outlet, *args)

    monkeypatch.setattr(importer, "_read", slow_read)
    task = import_paths(w, _files(tmp_path, 40))
    qtbot.waitUntil(reading.is_set, timeout=10000)
    w.close()
    assert not task.thread.isRunning() and task.cancelled
    qtbot.wait(100)
    assert project.documents() == [] and shown == []


def test_the_progress_dialog_stays_closed_while_the_end_is_reported(qtbot, project):
    """Found in a real window: a merge refused (the open project as its own source) and an import with problems
    reported their end in a message box while the task's progress dialog, closed a moment before, came back on
    top of it (its show-after-300-ms timer fired inside the box's event loop) and took its keys."""
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QProgressDialog

    from annotator.ui.ops import run_task

    w = make_window(qtbot, project)
    seen = []

    def report(error):  # what a message box does: its own event loop, for a while
        loop = QEventLoop()
        QTimer.singleShot(700, loop.quit)
        QTimer.singleShot(600, lambda: seen.extend(d.isVisible() for d in w.findChildren(QProgressDialog)))
        loop.exec()

    def job(progress, cancel):
        progress(0, 1, "Checking…")
        time.sleep(0.05)
        raise ValueError("refused")

    task = run_task(job, parent=w, title="Merge projects", on_failed=report)
    qtbot.waitUntil(lambda: task.outcome is not None, timeout=10000)
    qtbot.wait(800)
    assert task.outcome == "failed" and seen and not any(seen)


def test_train_dialog_trains_on_one_annotators_layer_in_a_merged_project(qtbot, project, monkeypatch):
    """Found in a real window: in a project merged from ana and ben (and adjudicated), Train Extractor counted
    every layer together ("QUOTE (157 accepted)" = 139 + 17 + 1) with no way to choose, so a place two annotators
    marked went in twice. The dialog offers the layers (the adjudicated one first, chosen), counts that layer,
    and trains on it (what `annotator train --annotator NAME` does)."""
    from annotator.core.annotators import ADJUDICATED, LayerView
    from annotator.io.adjudicate import take
    from annotator.ui.loop import train_dialog

    (doc,) = add_docs(project, "The minister said the budget is five billion. Critics called it a lie.")
    for who, n in (("ana", 3), ("ben", 2)):
        project.set_annotator(who)
        for k in range(n):
            project.add_span(doc, k * 4, k * 4 + 3, "QUOTE")
    take(project, [s.id for s in project.spans() if s.author == "ben"][:1])
    w = make_window(qtbot, project)
    dialog = train_dialog.TrainDialog(w)
    qtbot.addWidget(dialog)
    assert dialog.layer.currentData() == ADJUDICATED and dialog.layer.isVisibleTo(dialog)
    texts = lambda: [dialog.labels.item(i).text() for i in range(dialog.labels.count())]  # noqa: E731
    assert "QUOTE  (1 accepted)" in texts()
    dialog.layer.setCurrentIndex(dialog.layer.findData("ana"))
    assert "QUOTE  (3 accepted)" in texts()
    dialog.layer.setCurrentIndex(dialog.layer.findData(None))
    assert "QUOTE  (6 accepted)" in texts()
    seen = []

    def fake_plan(source, labels):
        seen.append(source)
        raise train_dialog.AnnotatorError("not enough data (test)")

    import annotator.nlp.data as data

    monkeypatch.setattr(data, "plan", fake_plan)
    monkeypatch.setattr(train_dialog.QMessageBox, "information", staticmethod(lambda *a: None))
    dialog.layer.setCurrentIndex(dialog.layer.findData("ben"))
    dialog.start()
    assert isinstance(seen[-1], LayerView) and seen[-1].layer == "ben"
