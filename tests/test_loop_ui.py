"""The Extract menu on the real main window: rule suggestions, F8 navigation, accept above a score,
training dialog (worker thread, too little data, result), model suggestions, patterns and models dialogs."""

import pytest

from ui_helpers import wait_for_task

from annotator.core.models import NewDocument, Status
from annotator.nlp.tokenize import token_offsets

TEXT = 'He said "we will win" and trade rose 45% while 32 detainees were freed. She said "no way".'


@pytest.fixture
def window(qtbot, project):
    from annotator.ui.mainwindow import MainWindow

    project.add_documents([NewDocument(text=TEXT, title="one", tokens=token_offsets(TEXT))])
    w = MainWindow(project)
    qtbot.addWidget(w)
    w.open_document(1)
    return w


def test_menu_installed_and_rules_suggest_one_undo_step(window):
    assert "loop" in window.extensions
    titles = [a.text() for a in window.menuBar().actions()]
    assert "E&xtract" in titles
    menu = window.extract_menu
    menu.actions["rules"].trigger()
    wait_for_task(menu)  # the rules run in a worker thread
    suggested = window.project.spans(statuses=[Status.SUGGESTED])
    assert {TEXT[s.start:s.end] for s in suggested} == {"we will win", "45%", "32 detainees", "no way"}
    window.project.undo()
    assert window.project.spans() == []


def test_next_suggestion_and_accept_above(window):
    project = window.project
    menu = window.extract_menu
    menu.suggest_rules()
    wait_for_task(menu)
    pane = window.current_pane()
    menu.actions["next"].trigger()
    first = pane.selected_span_id()
    assert first is not None and project.span(first).status == Status.SUGGESTED
    menu.actions["next"].trigger()
    assert pane.selected_span_id() not in (None, first)
    menu.actions["previous"].trigger()
    assert pane.selected_span_id() == first
    ids = [s.id for s in project.spans(statuses=[Status.SUGGESTED])]
    assert all(project.span(i).score is not None for i in ids)  # rule suggestions are scored
    project.backend.update_rows("span", {i: {"score": 0.9 if i == ids[0] else 0.2} for i in ids})
    menu.accept_above(0.5)
    assert [s.id for s in project.spans(statuses=[Status.ACCEPTED])] == [ids[0]]
    project.undo()
    assert project.spans(statuses=[Status.ACCEPTED]) == []


def test_train_dialog_too_little_data(window, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from annotator.ui.loop.train_dialog import TrainDialog

    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: shown.append(text))
    dialog = TrainDialog(window)
    dialog.start()
    assert shown and "too little data" in shown[0]
    assert dialog.worker is None and window.project.models() == []


def test_train_dialog_trains_then_model_suggests(qtbot, project, monkeypatch):
    from test_loop_train import _corpus

    from annotator.ui.loop import train_dialog
    from annotator.ui.mainwindow import MainWindow

    project.add_documents(_corpus())
    w = MainWindow(project)
    qtbot.addWidget(w)
    results = []
    monkeypatch.setattr(train_dialog.ResultDialog, "exec", lambda self: results.append(self.table.rowCount()))
    dialog = train_dialog.TrainDialog(w)
    dialog.steps.setValue(60)
    dialog.start()
    assert dialog.worker is not None
    qtbot.waitUntil(lambda: dialog.info is not None, timeout=120_000)
    assert results == [1] and project.active_model()["id"] == dialog.info.id
    assert dialog.bar.value() == 60

    fresh = "Later. The envoy said \"the talks on the corridor went on while officials waited\" today."
    new_id = project.add_documents([NewDocument(text=fresh, title="fresh", tokens=token_offsets(fresh))]).added[0]
    w.open_document(new_id)  # suggestions go to the current pane's document (issue 13, item 15)
    w.extract_menu.suggest_model(threshold=0.05)
    qtbot.waitUntil(lambda: w.extract_menu._worker is None, timeout=60_000)
    new = project.spans(new_id, statuses=[Status.SUGGESTED])
    assert new and all(s.origin == "model" for s in new)


def test_train_dialog_cancel(qtbot, project):
    from test_loop_train import _corpus

    from annotator.ui.loop.train_dialog import TrainDialog
    from annotator.ui.mainwindow import MainWindow

    project.add_documents(_corpus())
    w = MainWindow(project)
    qtbot.addWidget(w)
    dialog = TrainDialog(w)
    dialog.steps.setValue(5000)
    dialog.start()
    qtbot.waitUntil(lambda: dialog.bar.value() >= 2, timeout=60_000)
    dialog.cancel_or_close()
    qtbot.waitUntil(lambda: dialog.worker is None, timeout=60_000)
    assert "Cancelled" in dialog.status.text() and project.models() == []


def test_patterns_dialog_import_error_and_edit(window, tmp_path):
    from annotator.ui.loop.manage import PatternsDialog

    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"label": "FIGURE", "regex": "\\\\d+ apples"}\n{"label": 1}\n', encoding="utf-8")
    d = PatternsDialog(window)
    d.import_file(str(bad))
    assert "bad.jsonl:2" in d.message.text() and window.project.pattern_files() == []
    good = tmp_path / "good.jsonl"
    good.write_text('{"label": "FIGURE", "regex": "\\\\d+ apples"}\n', encoding="utf-8")
    d.import_file(str(good))
    assert [r["name"] for r in window.project.pattern_files()] == ["good.jsonl"]
    d.editor.setPlainText("{oops")
    d.save()
    assert "good.jsonl:1" in d.message.text()
    assert window.project.pattern_files()[0]["content"].startswith('{"label"')
    d.list.item(0).setCheckState(d.list.item(0).checkState().__class__.Unchecked)
    assert window.project.pattern_files()[0]["enabled"] == 0


def test_patterns_dialog_buttons_need_a_pattern_file(window, tmp_path):
    """Found in a real window: with no project pattern file selected, Save Changes and Delete were enabled and did
    nothing when clicked."""
    from annotator.ui.loop.manage import PatternsDialog

    from PySide6.QtWidgets import QPushButton

    d = PatternsDialog(window)
    buttons = {b.text(): b for b in d.findChildren(QPushButton)}
    d.save_btn, d.delete_btn = buttons["Save Changes"], buttons["Delete"]  # as the user finds them
    assert not d.save_btn.isEnabled() and not d.delete_btn.isEnabled()
    good = tmp_path / "good.jsonl"
    good.write_text('{"label": "FIGURE", "regex": "\\\\d+ apples"}\n', encoding="utf-8")
    d.import_file(str(good))  # imported and selected
    assert d.save_btn.isEnabled() and d.delete_btn.isEnabled()
    d.delete_btn.click()
    assert window.project.pattern_files() == []
    assert not d.save_btn.isEnabled() and not d.delete_btn.isEnabled()


def test_patterns_dialog_read_only_changes_nothing(qtbot, project, tmp_path):
    """Found with a read-only project: ticking "Use the shipped patterns" or a shipped pattern raised "the project
    is open read-only" out of a Qt slot (the crash dialog) and left the box showing a state that was not saved."""
    import shutil

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QPushButton

    from annotator.store import open_project
    from annotator.ui.loop.manage import PatternsDialog
    from annotator.ui.mainwindow import MainWindow

    project.add_documents([NewDocument(text=TEXT, title="one", tokens=token_offsets(TEXT))])
    pf = tmp_path / "mine.jsonl"
    pf.write_text('{"label": "FIGURE", "regex": "\\\\d+ apples"}\n', encoding="utf-8")
    from annotator.nlp.patterns import import_pattern_file

    import_pattern_file(project, str(pf))
    copy = tmp_path / "copy.annotator"
    project.close()
    shutil.copy(project.path, copy)
    ro = open_project(str(copy), readonly=True)
    w = MainWindow(ro)
    qtbot.addWidget(w)
    d = PatternsDialog(w)
    qtbot.addWidget(d)
    assert not d.defaults.isEnabled() and not d.shipped.isEnabled()
    buttons = {b.text(): b for b in d.findChildren(QPushButton)}
    assert not buttons["Import .jsonl…"].isEnabled()
    assert buttons["Close"].isEnabled()
    assert "read-only" in d.message.text()
    item = d.list.item(0)  # the project's own pattern file: listed and readable, not switchable or editable
    d.list.setCurrentItem(item)
    assert "apples" in d.editor.toPlainText() and d.editor.isReadOnly()
    assert not item.flags() & Qt.ItemFlag.ItemIsUserCheckable
    assert not buttons["Save Changes"].isEnabled() and not buttons["Delete"].isEnabled()
    ro.close()


def test_rules_and_accept_above_say_which_documents(window, monkeypatch):
    """Found in a real window: "Rules: 107 new suggestion(s)" did not say it ran on the one document selected in
    the Documents dock (the open retelling got none), and the Accept dialog spoke of "the chosen documents"."""
    from PySide6.QtWidgets import QInputDialog

    project = window.project
    second = project.add_documents([NewDocument(text='She said "not today" twice.', title="two",
                                                tokens=token_offsets('She said "not today" twice.'))]).added[0]
    asked = []

    def get_double(parent, title, label, *a, **k):
        asked.append(label)
        return 0.5, False

    monkeypatch.setattr(QInputDialog, "getDouble", staticmethod(get_double))
    # the current pane's document, or an explicit choice (Extract > Suggest and Accept In), never the selection
    window.docs.selected_doc_ids = lambda: [second]
    for pane_doc, scope, says in ((second, "pane", "in “two”"), (1, "pane", "in “one”"), (1, "all", "in all 2 documents")):
        window.open_document(pane_doc)
        window.extract_menu.set_scope(scope)
        window.extract_menu.suggest_rules()
        wait_for_task(window.extract_menu)
        assert says in window._message.text(), (pane_doc, window._message.text())
        window.extract_menu.accept_above()
        assert says in asked[-1] and "chosen" not in asked[-1], asked[-1]


def test_train_dialog_cross_validates_first_and_shows_the_spread(qtbot, project, monkeypatch):
    from test_loop_train import _corpus

    from annotator.ui.loop import train_dialog
    from annotator.ui.mainwindow import MainWindow

    project.add_documents(_corpus())
    w = MainWindow(project)
    qtbot.addWidget(w)
    shown = []
    monkeypatch.setattr(train_dialog.ResultDialog, "exec", lambda self: shown.append(self))
    dialog = train_dialog.TrainDialog(w)
    dialog.steps.setValue(20)
    dialog.folds.setValue(1)  # one fold holds nothing out: the box steps over it
    assert dialog.folds.value() == 2
    seen = []
    original = dialog.on_progress
    monkeypatch.setattr(dialog, "on_progress", lambda p: (seen.append(p), original(p)))
    dialog.start()
    qtbot.waitUntil(lambda: dialog.info is not None, timeout=180_000)
    assert {p.fold for p in seen if p.fold} == {(1, 2), (2, 2)}
    assert dialog.bar.maximum() == 60 and dialog.bar.value() == 60  # two folds then the final model
    (result,) = shown
    cv = dialog.info.metrics["cross_validation"]
    assert cv["k"] == 2 and result.cv_table is not None and result.cv_table.rowCount() == 1
    row = [result.cv_table.item(0, c).text() for c in range(result.cv_table.columnCount())]
    assert row[0] == "QUOTE" and row[-1] == "too few examples to trust"  # 24 held-out quotes < 30
    assert project.models()[0]["metrics"]["cross_validation"]["k"] == 2


def test_rules_run_off_the_ui_thread_and_cancel_adds_nothing(window, monkeypatch):
    import threading

    from annotator.nlp import rules

    threads = []
    original = rules.rule_spans

    def spy(*args, **kwargs):
        threads.append(threading.current_thread() is threading.main_thread())
        return original(*args, **kwargs)

    monkeypatch.setattr(rules, "rule_spans", spy)
    menu = window.extract_menu
    menu.suggest_rules()
    wait_for_task(menu)
    assert threads and not any(threads)  # matching ran in the worker
    assert window.project.spans(statuses=[Status.SUGGESTED])
    window.project.undo()
    menu.suggest_rules()
    menu._worker.cancel()
    wait_for_task(menu)
    assert window.project.spans() == []
