"""The app side of annotator layers (issue 8): File > Annotator Name, File > Merge Projects (worker thread,
report, one undo step per source, bad sources refused), the Annotators dock and layer filtering in panes."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from annotator.core.models import NewDocument, NewSpan
from annotator.store import create_project, open_project
from tests.ui_helpers import make_window, point_of, press, select_text, settle

TEXT = "The minister said taxes will fall by 5% next year. 🇺🇦 Critics disagree strongly with the minister."
OTHER = "A retelling: the minister promised lower taxes, critics say."


def _two_layers(project):
    """ana (the project's own annotator) and ben, on one document; ben also has a span ana lacks."""
    project.set_annotator("ana")
    (doc, other) = project.add_documents([NewDocument(text=TEXT, title="Source"),
                                          NewDocument(text=OTHER, title="Retelling")]).added
    project.add_spans(doc, [NewSpan(0, 12, "CLAIM"), NewSpan(37, 39, "FIGURE")])
    project.add_spans(doc, [NewSpan(0, 12, "CLAIM", author="ben"), NewSpan(54, 61, "QUOTE", author="ben")])
    return doc


def _ids(view):
    view.finish_loading()
    return {(s.start, s.end) for s in view.index.ordered()}


def test_annotators_dock_lists_layers_with_counts_and_hides_them_in_panes(qtbot, project):
    doc = _two_layers(project)
    w = make_window(qtbot, project)
    pane = w.open_document(doc)
    assert _ids(pane.view) == {(0, 12), (37, 39), (54, 61)}
    dock = w.team.dock
    names = [dock.list.item(i).text() for i in range(dock.list.count())]
    assert names[0].startswith("ana (you) · 2") and names[1].startswith("ben · 2")
    dock.item("ben").setCheckState(Qt.CheckState.Unchecked)  # hide ben's layer
    assert _ids(pane.view) == {(0, 12), (37, 39)}
    assert len(pane.view.index) == 2  # ben's identical CLAIM is gone too
    w.team.layers.show_only(["ben"])
    assert _ids(pane.view) == {(0, 12), (54, 61)}
    assert dock.item("ana").checkState() == Qt.CheckState.Unchecked
    w.team.layers.show_all()
    assert len(pane.view.index) == 4
    # a pane opened later follows the shown layers too
    w.team.layers.show_only(["ana"])
    other = w.add_pane(doc)
    assert _ids(other.view) == {(0, 12), (37, 39)}


def test_new_spans_go_into_your_layer_and_a_hidden_own_layer_is_shown_again(qtbot, project):
    doc = _two_layers(project)
    w = make_window(qtbot, project)
    pane = w.open_document(doc)
    w.team.layers.show_only(["ben"])
    select_text(pane.view, "strongly")
    assert w.apply_label("CLAIM")
    new = [s for s in project.spans(doc) if s.start == TEXT.index("strongly")]
    assert [s.author for s in new] == ["ana"]
    assert w.team.layers.is_shown("ana")
    pane.view.finish_loading()
    assert new[0].id in pane.view.index


def test_other_annotators_spans_are_marked_and_named_in_tooltip_and_inspector(qtbot, project):
    doc = _two_layers(project)
    w = make_window(qtbot, project)
    pane = w.open_document(doc)
    pane.view.finish_loading()
    ben = next(s for s in project.spans(doc) if s.author == "ben" and s.label == "QUOTE")
    tip = pane.view.tooltip_for([pane.view.index.get(ben.id)])
    assert "ben" in tip
    pane.view.select_span(ben.id)
    settle()
    assert w.inspector.annotator.text() == "ben"
    # the mark: painted in ben's colour just before the span's first character, not before ana's spans
    img = pane.view.viewport().grab().toImage()
    color = w.team.layers.color("ben")
    at = point_of(pane.view, ben.start)
    hits = [x for x in range(max(0, at.x() - 14), at.x()) if img.pixelColor(x, at.y()).rgb() == color.rgb()]
    assert hits, "no annotator mark before ben's span"
    ana = next(s for s in project.spans(doc) if s.author == "ana" and s.label == "FIGURE")
    at = point_of(pane.view, ana.start)
    assert not [x for x in range(max(0, at.x() - 14), at.x())
                if img.pixelColor(x, at.y()).rgb() == w.team.layers.color("ana").rgb()]


def test_layer_filter_does_not_requery_per_paint(qtbot, project, monkeypatch):
    doc = _two_layers(project)
    w = make_window(qtbot, project)
    pane = w.open_document(doc)
    w.team.layers.show_only(["ana"])
    pane.view.finish_loading()
    calls = []
    for name in ("span_authors", "span_index", "spans", "span"):
        orig = getattr(project, name)
        monkeypatch.setattr(project, name, lambda *a, _o=orig, _n=name, **k: (calls.append(_n), _o(*a, **k))[1])
    for _ in range(3):
        pane.view.viewport().repaint()
    assert calls == []


def test_annotator_name_menu_shows_and_sets_the_name(qtbot, project, monkeypatch):
    doc = _two_layers(project)
    w = make_window(qtbot, project)
    seen = {}

    def fake(parent, title, label, mode, text):
        seen["text"] = text
        return "carla", True

    monkeypatch.setattr("annotator.ui.team.QInputDialog.getText", fake)
    w.team.actions["annotator_name"].trigger()
    assert seen["text"] == "ana"
    assert project.annotator == "carla"
    assert "carla (you)" in w.team.dock.list.item(0).text()
    pane = w.open_document(doc)
    select_text(pane.view, "Critics")
    w.apply_label("QUOTE")  # ben has the same QUOTE: carla's is her own
    assert {s.author for s in project.spans(doc) if s.label == "QUOTE"} == {"ben", "carla"}
    # a bad name: the back end's one line in a dialog, the name unchanged
    boxes = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: boxes.append(text))
    monkeypatch.setattr("annotator.ui.team.QInputDialog.getText", lambda *a: ("adjudicated", True))
    w.team.actions["annotator_name"].trigger()
    assert project.annotator == "carla" and boxes and "adjudicated" in boxes[0]


# -- merge ---------------------------------------------------------------------------------------------------

def _analyst(path, who, spans):
    p = create_project(path, annotator=who)
    doc = p.add_documents([NewDocument(text=TEXT, title="Source", outlet="Radio" if who == "alice" else "TV")]).added[0]
    p.add_spans(doc, [NewSpan(s, e, lab) for s, e, lab in spans])
    p.close()
    return str(path)


def _wait(qtbot, merger):
    qtbot.waitUntil(lambda: merger.task is not None and not merger.task.running, timeout=10000)


def test_merge_projects_runs_off_the_ui_thread_and_reports(qtbot, project, tmp_path, monkeypatch):
    project.set_annotator("lead")
    project.add_documents([NewDocument(text=TEXT, title="Source")])
    a = _analyst(tmp_path / "alice.annotator", "alice", [(0, 12, "CLAIM"), (37, 39, "FIGURE")])
    b = _analyst(tmp_path / "bob.annotator", "bob", [(0, 12, "CLAIM"), (54, 61, "QUOTE")])
    w = make_window(qtbot, project)
    import threading

    threads = []
    import annotator.ui.team.merge as m

    orig = m.read_source
    monkeypatch.setattr(m, "read_source", lambda p: (threads.append(threading.current_thread()), orig(p))[1])
    monkeypatch.setattr(m, "choose_sources", lambda window: [a, b])
    from annotator.store import list_backups
    from annotator.store.paths import backups_dir

    before = list_backups(project.path, backups_dir())
    w.team.actions["merge"].trigger()
    merger = w._team_merger
    _wait(qtbot, merger)
    assert len(list_backups(project.path, backups_dir())) == len(before) + 1  # a backup before merging
    assert threads and all(t is not threading.main_thread() for t in threads)
    assert [r.spans_added for r in merger.reports] == [{"alice": 2}, {"bob": 2}]
    dialog = merger.dialog
    assert dialog is not None and dialog.isVisible()
    text = "\n".join(dialog.lines())
    assert "alice: 2" in text and "bob: 2" in text and "1 matched" in text
    assert "Documents: 0 added, 2 matched" in dialog.summary.text()
    # the outlet differs between the sources and is empty here: filled from alice, bob's is a conflict
    assert "outlet is 'Radio' here, 'TV' in the source" in text
    qtbot.waitUntil(lambda: w.team.layers.counts.get("alice", {}).get("accepted") == 2)  # the dock, debounced
    assert w.team.dock.item("bob") is not None
    dialog.close()
    # one undo step per source
    assert project.stack.undo_stack[-1].description.startswith("Merge")
    project.undo()
    assert {s.author for s in project.spans()} == {"alice"}
    project.undo()
    assert project.spans() == []


def test_merge_refuses_a_bad_source_with_one_line_and_changes_nothing(qtbot, project, tmp_path, monkeypatch):
    project.add_documents([NewDocument(text=TEXT, title="Source")])
    good = _analyst(tmp_path / "alice.annotator", "alice", [(0, 12, "CLAIM")])
    bad = tmp_path / "notes.annotator"
    bad.write_text("not a project at all", encoding="utf-8")
    w = make_window(qtbot, project)
    boxes = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: boxes.append(text))
    merger = w.team.merge([good, str(bad)])
    _wait(qtbot, merger)
    assert len(boxes) == 1 and "notes.annotator" in boxes[0] and "\n" not in boxes[0]
    assert project.spans() == [] and merger.reports == []


def test_merge_asks_about_unknown_labels(qtbot, project, tmp_path, monkeypatch):
    project.add_documents([NewDocument(text=TEXT, title="Source")])
    src = create_project(tmp_path / "x.annotator", annotator="xena")
    src.add_label("RUMOUR", "#123456")
    d = src.add_documents([NewDocument(text=TEXT, title="Source")]).added[0]
    src.add_spans(d, [NewSpan(0, 12, "RUMOUR"), NewSpan(37, 39, "FIGURE")])
    src.close()
    w = make_window(qtbot, project)
    asked = []
    monkeypatch.setattr("annotator.ui.team.merge.ask_unknown", lambda window, missing: (asked.append(missing), "skip")[1])
    merger = w.team.merge([str(tmp_path / "x.annotator")])
    _wait(qtbot, merger)
    assert asked and "RUMOUR" in asked[0][0]
    assert [(s.label, s.author) for s in project.spans()] == [("FIGURE", "xena")]
    assert merger.reports[0].skipped


def test_merge_cancel_merges_nothing(qtbot, project, tmp_path, monkeypatch):
    project.add_documents([NewDocument(text=TEXT, title="Source")])
    good = _analyst(tmp_path / "alice.annotator", "alice", [(0, 12, "CLAIM")])
    w = make_window(qtbot, project)
    import annotator.ui.team.merge as m

    orig = m.read_source
    started = []

    def slow(path):
        import time

        started.append(1)
        time.sleep(0.5)
        return orig(path)

    monkeypatch.setattr(m, "read_source", slow)
    merger = w.team.merge([good])
    qtbot.waitUntil(lambda: bool(started), timeout=5000)
    merger.task.cancel()
    _wait(qtbot, merger)
    assert merger.task.outcome == "cancelled" and project.spans() == [] and merger.reports == []


# -- agreement -----------------------------------------------------------------------------------------------

def _agreement(qtbot, w):
    win = w.team.show_agreement()
    qtbot.waitUntil(lambda: win.task is not None and not win.task.running and bool(win.result or win.error), timeout=15000)
    return win


def test_agreement_window_scores_off_the_ui_thread_and_opens_disagreements(qtbot, project, monkeypatch):
    doc = _two_layers(project)
    w = make_window(qtbot, project)
    import threading

    import annotator.ui.team.agreement as ag

    threads = []
    orig = ag.compute
    monkeypatch.setattr(ag, "compute", lambda *a: (threads.append(threading.current_thread()), orig(*a))[1])
    win = _agreement(qtbot, w)
    assert threads and threads[0] is not threading.main_thread()
    # ana {CLAIM 0-12, FIGURE 37-39}, ben {CLAIM 0-12, QUOTE 54-61}: one of two spans each in common
    assert win.matrix.item(0, 1).text() == "0.500" and win.matrix.item(1, 0).text() == "0.500"
    exact = {row[2]: row[6] for row in win.pairs.model().rows}
    assert exact["CLAIM"] == 1.0 and exact["FIGURE"] == 0.0 and exact["ALL"] == 0.5
    win.measure.setCurrentText("link_f1")
    assert win.matrix.item(0, 1).text() == "–"  # no links: undefined
    model = win.per_doc.model()
    assert model.rowCount() == 1 and model.index(0, 7).data() == "2" and model.index(0, 3).data() == "0.500"
    dis = win.disagreements.model()
    kinds = sorted(dis.index(r, 3).data() for r in range(dis.rowCount()))
    assert kinds == ["only ana", "only ben"]
    # opening a disagreement shows both layers and selects the span in a pane
    w.team.layers.show_only(["ana"])
    w.docs.filter.setFocus()  # the keyboard elsewhere, as it may be
    row = next(r for r in range(dis.rowCount()) if dis.index(r, 3).data() == "only ben")
    win.disagreements.doubleClicked.emit(dis.index(row, 0))
    pane = w.current_pane()
    assert pane.doc_id == doc and w.team.layers.is_shown("ben")
    assert pane.view.selected_item() is not None and (pane.view.selected_item().start, pane.view.selected_item().end) == (54, 61)
    # found in a real window: the keyboard stayed in the Documents filter, where a label key typed a digit
    assert pane.view.hasFocus() or w.focusWidget() is pane.view


def test_agreement_filters_and_recomputes_after_changes(qtbot, project):
    doc = _two_layers(project)
    w = make_window(qtbot, project)
    win = _agreement(qtbot, w)
    win.labels.set_chosen(["CLAIM"])
    qtbot.waitUntil(lambda: not win.task.running and win.result is not None and win.result.labels == ["CLAIM"],
                    timeout=15000)
    assert win.matrix.item(0, 1).text() == "1.000"
    win.labels.set_chosen(None)
    qtbot.waitUntil(lambda: not win.task.running and win.result is not None and len(win.result.labels) > 1,
                    timeout=15000)
    # ben adds ana's FIGURE: exact agreement over ALL becomes 2*2/(2+3)
    project.add_spans(doc, [NewSpan(37, 39, "FIGURE", author="ben")])
    qtbot.waitUntil(lambda: win.result is not None and win.matrix.item(0, 1) is not None
                    and win.matrix.item(0, 1).text() == "0.800", timeout=15000)
    # one annotator only: a message, no table
    for a in win.annotators.menu().actions():
        a.setChecked(a.text() == "ana")
    qtbot.waitUntil(lambda: "two annotators" in win.state.text(), timeout=5000)
    assert win.matrix.rowCount() == 0


# -- adjudication ----------------------------------------------------------------------------------------------

def _show_adjudication(qtbot, w, doc=None):
    import warnings

    from PySide6.QtWidgets import QApplication

    win = w.team.show_adjudication(doc)
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: all(c.view.viewport().width() > 0 for c in win.columns))
    win.activateWindow()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        QApplication.setActiveWindow(win)
    return win


def _adjudicated(project, doc):
    return sorted((s.start, s.end, s.label) for s in project.spans(doc) if s.author == "adjudicated")


def _adj_project(project):
    """ana and ben: agree on CLAIM 0-12; FIGURE 37-39 only ana; QUOTE 54-61 (ana) vs 54-70 (ben)."""
    project.set_annotator("ana")
    doc = project.add_documents([NewDocument(text=TEXT, title="Source")]).added[0]
    project.add_spans(doc, [NewSpan(0, 12, "CLAIM"), NewSpan(37, 39, "FIGURE"), NewSpan(54, 61, "QUOTE")])
    project.add_spans(doc, [NewSpan(0, 12, "CLAIM", author="ben"), NewSpan(54, 70, "QUOTE", author="ben")])
    return doc


def test_adjudicate_window_walks_disagreements_and_takes_versions_with_keys(qtbot, project):
    doc = _adj_project(project)
    w = make_window(qtbot, project)
    w.open_document(doc)
    win = _show_adjudication(qtbot, w)
    assert [c.layer for c in win.columns] == ["ana", "ben"]
    # each column shows only its annotator's layer; the adjudicated one is empty
    assert {(s.start, s.end) for s in win.columns[1].view.index.ordered()} == {(0, 12), (54, 70)}
    assert len(win.adjudicated.view.index) == 0
    assert "<b>A</b> take ana's" in win.keys.text() and "F8" in win.keys.text()
    # three places: the agreed CLAIM and two disagreements; F8 went to the first disagreement
    assert [(it.start, it.agreed) for it in win.items] == [(0, True), (37, False), (54, False)]
    assert win.current_item().start == 37
    qtbot.keyClick(win, Qt.Key.Key_A)  # take ana's FIGURE
    assert _adjudicated(project, doc) == [(37, 39, "FIGURE")]
    assert win.current_item().start == 54  # moved on to the next disagreement
    qtbot.keyClick(win, Qt.Key.Key_B)  # ben's longer QUOTE
    assert _adjudicated(project, doc) == [(37, 39, "FIGURE"), (54, 70, "QUOTE")]
    assert {(s.start, s.end) for s in win.adjudicated.view.index.ordered()} == {(37, 39), (54, 70)}
    # change of mind at the QUOTE: A replaces B's version there, in one undo step
    win.go_to(2)
    qtbot.keyClick(win, Qt.Key.Key_A)
    assert _adjudicated(project, doc) == [(37, 39, "FIGURE"), (54, 61, "QUOTE")]
    qtbot.keyClick(win, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _adjudicated(project, doc) == [(37, 39, "FIGURE"), (54, 70, "QUOTE")]
    # both versions, then none
    win.go_to(2)
    qtbot.keyClick(win, Qt.Key.Key_T)
    assert _adjudicated(project, doc) == [(37, 39, "FIGURE"), (54, 61, "QUOTE"), (54, 70, "QUOTE")]
    win.go_to(2)
    qtbot.keyClick(win, Qt.Key.Key_N)
    assert _adjudicated(project, doc) == [(37, 39, "FIGURE")]
    assert win.is_settled(win.items[2])  # settled as "none", kept in the project
    assert project.setting("adjudicated_none") == [[doc, 54, 70]]
    # take all agreed: the CLAIM, one undo step
    qtbot.keyClick(win, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert _adjudicated(project, doc) == [(0, 12, "CLAIM"), (37, 39, "FIGURE")]
    assert all(win.is_settled(it) for it in win.items)
    project.undo()
    assert _adjudicated(project, doc) == [(37, 39, "FIGURE")]


def test_adjudicate_edit_by_hand_and_colours(qtbot, project):
    doc = _adj_project(project)
    w = make_window(qtbot, project)
    win = _show_adjudication(qtbot, w, doc)
    view = win.adjudicated.view
    select_text(view, "strongly")
    win.label_by_hand("FRAMING")
    start = TEXT.index("strongly")
    assert _adjudicated(project, doc) == [(start, start + len("strongly"), "FRAMING")]
    assert project.annotator == "ana"  # the hand edit went into adjudicated, not the lead's own layer
    span = next(s for s in project.spans(doc) if s.author == "adjudicated")
    view.select_span(span.id)
    win.label_by_hand("CLAIM")
    assert _adjudicated(project, doc) == [(start, start + len("strongly"), "CLAIM")]
    view.select_span(span.id)
    win.delete_adjudicated()
    assert _adjudicated(project, doc) == []
    # colours over each place's text: the agreed CLAIM green, the FIGURE (disagreed) red; settled: blue
    from annotator.ui.team.adjview import AGREED, DISAGREED, SETTLED

    def colour_over(view, cp):  # the bracket just before the place's first character
        img = view.viewport().grab().toImage()
        at = point_of(view, cp)
        return {img.pixelColor(x, at.y()).rgb() for x in range(max(0, at.x() - 12), at.x())}

    ana = win.columns[0].view
    assert AGREED.rgb() in colour_over(ana, 0) and DISAGREED.rgb() in colour_over(ana, 37)
    win.go_to(1)
    win.take_index(0)
    assert SETTLED.rgb() in colour_over(ana, 37) and DISAGREED.rgb() not in colour_over(ana, 37)


def test_span_counts_by_author_match_a_pass_over_every_span(project):
    doc = _two_layers(project)
    project.add_spans(doc, [NewSpan(40, 44, "CLAIM", status="suggested", author="ben")])
    expected: dict = {}
    for s in project.spans():
        expected.setdefault(s.author, {}).setdefault(s.status, 0)
        expected[s.author][s.status] += 1
    assert project.span_counts_by_author() == expected == {"ana": {"accepted": 2},
                                                           "ben": {"accepted": 2, "suggested": 1}}


def test_layer_counts_after_edits_are_counted_off_the_ui_thread(qtbot, project, monkeypatch):
    doc = _two_layers(project)
    w = make_window(qtbot, project)
    calls = []
    orig = project.span_counts_by_author
    monkeypatch.setattr(project, "span_counts_by_author", lambda: (calls.append(1), orig())[1])
    project.add_spans(doc, [NewSpan(40, 44, "CLAIM", author="ben")])
    qtbot.waitUntil(lambda: w.team.layers.counts.get("ben", {}).get("accepted") == 3, timeout=5000)
    assert calls == []  # the window's project (UI thread) was not asked: a read-only connection in a worker was
    assert "ben · 3" in w.team.dock.item("ben").text()


def test_merge_stop_between_sources_keeps_the_merged_ones(qtbot, project, tmp_path, monkeypatch):
    project.add_documents([NewDocument(text=TEXT, title="Source")])
    a = _analyst(tmp_path / "alice.annotator", "alice", [(0, 12, "CLAIM")])
    b = _analyst(tmp_path / "bob.annotator", "bob", [(37, 39, "FIGURE")])
    import annotator.ui.team.merge as m

    class StopAfterFirst(m.QProgressDialog):
        def wasCanceled(self):  # Stop pressed while the first source was written
            return self.value() >= 2

    monkeypatch.setattr(m, "QProgressDialog", StopAfterFirst)
    w = make_window(qtbot, project)
    merger = w.team.merge([a, b])
    _wait(qtbot, merger)
    assert [r.source for r in merger.reports] == [a] and merger.stopped == [b]
    assert {s.author for s in project.spans()} == {"alice"}
    assert "not merged: bob.annotator" in merger.dialog.summary.text()


def test_adjudicate_between_chosen_annotators(qtbot, project):
    doc = _adj_project(project)
    project.add_spans(doc, [NewSpan(37, 39, "FIGURE", author="cleo")])
    w = make_window(qtbot, project)
    win = _show_adjudication(qtbot, w, doc)
    assert [c.layer for c in win.columns] == ["ana", "ben", "cleo"]
    for a in win.who.menu().actions():
        if a.text() == "ben":
            a.setChecked(False)  # ana against cleo only
    assert [c.layer for c in win.columns] == ["ana", "cleo"]
    # ana and cleo agree on the FIGURE; CLAIM (ana only) and QUOTE (ana only) are disagreements
    assert [(it.start, it.agreed) for it in win.items] == [(0, False), (37, True), (54, False)]
    assert "<b>B</b> take cleo's" in win.keys.text()
    win.go_to(1)
    qtbot.keyClick(win, Qt.Key.Key_B)
    assert _adjudicated(project, doc) == [(37, 39, "FIGURE")]


def test_adjudicate_f8_walks_unsettled_disagreements_and_wraps(qtbot, project):
    doc = _adj_project(project)
    w = make_window(qtbot, project)
    win = _show_adjudication(qtbot, w, doc)
    assert win.current_item().start == 37
    qtbot.keyClick(win, Qt.Key.Key_F8)
    assert win.current_item().start == 54
    qtbot.keyClick(win, Qt.Key.Key_F8)  # wraps past the agreed CLAIM at 0
    assert win.current_item().start == 37
    qtbot.keyClick(win, Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
    assert win.current_item().start == 54
    # every view shows the current place
    for view in win.views():
        top = view.cursorForPosition(view.viewport().rect().topLeft()).position()
        bottom = view.cursorForPosition(view.viewport().rect().bottomRight()).position()
        assert top <= view.offsets.to_qt(54) <= bottom


def test_adjudicate_none_decisions_survive_reopening_and_undo(qtbot, project):
    doc = _adj_project(project)
    w = make_window(qtbot, project)
    win = _show_adjudication(qtbot, w, doc)
    assert win.current_item().start == 37
    qtbot.keyClick(win, Qt.Key.Key_N)  # nothing there: no project change, but settled
    assert _adjudicated(project, doc) == [] and win.is_settled(win.items[1])
    assert win.current_item().start == 54
    win.close()
    w.team.adjudication = None  # a new window, as after restarting the app
    win2 = _show_adjudication(qtbot, w, doc)
    assert win2.is_settled(win2.items[1]) and win2.current_item().start == 54
    win2.go_to(1)
    qtbot.keyClick(win2, Qt.Key.Key_A)  # change of mind: ana's FIGURE after all
    assert _adjudicated(project, doc) == [(37, 39, "FIGURE")]
    assert project.setting("adjudicated_none") == []
    win2.go_to(2)
    qtbot.keyClick(win2, Qt.Key.Key_N)
    assert project.setting("adjudicated_none") == [[doc, 54, 70]]
    qtbot.keyClick(win2, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undoes the "none", not the FIGURE
    assert project.setting("adjudicated_none") == [] and not win2.is_settled(win2.items[2])
    assert _adjudicated(project, doc) == [(37, 39, "FIGURE")]


def test_team_and_trace_windows_fit_a_small_screen(qtbot, project):
    """Found in a real window at 1366x768: Adjudicate opened at 1500x900, its Take All Agreed button, the B layer
    and the key hints at the bottom off the screen (Agreement, Comparison and Outlet Charts had fixed sizes too)."""
    doc = _two_layers(project)
    w = make_window(qtbot, project)
    area = w.screen().availableGeometry()
    for make in (lambda: w.team.show_adjudication(doc), w.team.show_agreement,
                 lambda: w.trace.open_comparison(doc), lambda: w.trace.open_charts(doc)):
        win = make()
        qtbot.waitExposed(win)
        qtbot.wait(20)  # kept on the screen once shown
        frame = win.frameGeometry()
        assert frame.width() <= area.width() and frame.height() <= area.height(), (type(win).__name__, frame, area)
        assert area.contains(frame.topLeft()) and area.contains(frame.bottomRight()), (type(win).__name__, frame)
        win.close()


def test_filter_buttons_show_one_menu_arrow(qtbot, project):
    """Found in a real window: "Annotators: all ▾" drew the text's own ▾ under Qt's menu arrow (two arrows,
    overlapping). The button keeps Qt's arrow only."""
    from PySide6.QtWidgets import QStyleOptionToolButton

    from annotator.ui.team.agreement import Choice

    button = Choice("Annotators", lambda: None)
    qtbot.addWidget(button)
    button.set_names(["ana", "ben"])
    opt = QStyleOptionToolButton()
    button.initStyleOption(opt)
    assert opt.features & QStyleOptionToolButton.ToolButtonFeature.HasMenu  # Qt draws the arrow ...
    assert button.text() == "Annotators: all" and "▾" not in button.text()  # ... so the text has none
    button.menu().actions()[1].setChecked(False)
    assert button.text() == "Annotators: ana"


def test_a_label_key_press_paints_the_view_once_after_the_layer_recount(qtbot, project):
    """The Annotators' recount after each edit repaints the panes only when the annotators change: a label key press
    cost two full paints of every pane before (key press twice its repaint floor)."""
    from PySide6.QtCore import QEvent, QObject

    doc = _two_layers(project)
    w = make_window(qtbot, project)
    pane = w.open_document(doc)
    pane.view.finish_loading()
    qtbot.wait(50)

    class Paints(QObject):
        n = 0

        def eventFilter(self, obj, event):  # noqa: N802 - Qt API
            if event.type() == QEvent.Type.Paint:
                Paints.n += 1
            return False

    counter = Paints()
    pane.view.viewport().installEventFilter(counter)
    select_text(pane.view, "strongly")
    qtbot.wait(50)
    Paints.n = 0
    counted = []
    w.team.layers.counted.connect(lambda: counted.append(1))
    assert w.apply_label("CLAIM")
    qtbot.waitUntil(lambda: bool(counted), timeout=10000)  # the debounced recount ran in its thread and reported
    qtbot.wait(200)  # and everything it scheduled
    assert Paints.n == 1
    w.team.layers.set_hidden({"ben"})  # a layer hidden: the panes repaint
    qtbot.wait(100)
    assert Paints.n >= 2


def test_adjudicate_says_nothing_stale_after_undo(qtbot, project):
    """Found in a real window: after Take All Agreed and Ctrl+Z the window still said "Took 1 agreed span(s)"."""
    doc = _adj_project(project)
    w = make_window(qtbot, project)
    w.open_document(doc)
    win = _show_adjudication(qtbot, w)
    win.take_agreed()
    assert "Took 1 agreed" in win.statusBar().currentMessage()
    project.undo()
    assert win.statusBar().currentMessage() == ""
