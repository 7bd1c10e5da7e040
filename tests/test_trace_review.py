"""Extract > Trace to Source in the app: align off the UI thread, suggestions as dashed links, review keys
(Enter, 1-3, R, X, Tab, Esc) with one undo step per decision, the inspector's candidates and diff."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from annotator.core.models import NewDocument
from tests.test_align_links import RETELLING, SOURCE  # the same hand-made source and retelling
from tests.ui_helpers import make_window, select_text

NEEDLES = (("FIGURE", "the military budget for 2025 would be a record $7 billion"),
           ("QUOTE", "\"no need for a Turkish military base in Azerbaijan\""),
           ("CLAIM", "Flights have doubled compared with Soviet times"))


@pytest.fixture
def setup(qtbot, project):
    src, ret = project.add_documents([NewDocument(SOURCE, title="Interview"),
                                      NewDocument(RETELLING, title="Report", outlet="Outlet A")]).added
    spans = []
    for label, needle in NEEDLES:
        a = RETELLING.index(needle)
        spans.append(project.add_span(ret, a, a + len(needle), label).ids("span").pop())
    w = make_window(qtbot, project)
    w.compare([src, ret])
    return w, project, src, ret, spans


def _trace(qtbot, w, src, ret, units="spans"):
    from annotator.ui.trace.dialog import TraceOptions

    w.trace.trace(TraceOptions(src, [ret], units))
    qtbot.waitUntil(lambda: w.trace._running is None, timeout=20000)
    return w.trace.review


def _key(qtbot, w, key, text=""):
    import warnings

    from PySide6.QtWidgets import QApplication

    if not w.isActiveWindow():  # offscreen: nothing gives the window back after the progress dialog
        w.activateWindow()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            QApplication.setActiveWindow(w)
    pane = w.current_pane()
    pane.view.setFocus()
    qtbot.keyClick(pane.view, key)


def _links(project, ret_span):
    return [(l.type, l.status) for l in project.links_for_span(ret_span)]


def test_trace_adds_suggestions_and_starts_review(qtbot, setup):
    w, project, src, ret, spans = setup
    depth = len(project.stack.undo_stack)
    review = _trace(qtbot, w, src, ret)
    assert review.active
    # one undo step for all suggestions, each retelling span has a dashed (suggested) link
    assert len(project.stack.undo_stack) == depth + 1
    assert all(_links(project, s) and _links(project, s)[0][1] == "suggested" for s in spans)
    right = w.pane_for_doc(ret)
    strip = w.trace.layer.strip(right, "left")
    assert {e.id: e.status for e, _t, _b in strip.markers()} == {s: "suggested" for s in spans}
    # the first unit is selected; the source pane highlights its top candidate
    assert right.view.selected_id == spans[0]
    left = w.pane_for_doc(src)
    cand = review.candidate()
    assert left.view.selection_range() == (cand.start, cand.end)
    assert "five billion dollars" in cand.text
    # the inspector lists the candidates (text, score, relation) and the diff with the changed figure
    panel = w.trace.panel
    assert panel.isVisible()
    html = panel.candidates.toPlainText()
    assert "distorts" in html and f"{cand.score:.2f}" in html and "five billion dollars" in html
    assert "five billion → $7 billion" in html
    diff = panel.diff.toHtml()
    assert "#ffe082" in diff  # the changed number is emphasised


def test_inspector_says_why_a_candidate_distorts(qtbot, project):
    source = "- How is trade?\nWe are approaching pre-war levels of exports, which is good news for the ports.\n"
    retelling = "Exports have returned to pre-war levels, he said."
    src, ret = project.add_documents([NewDocument(source, title="Interview"),
                                      NewDocument(retelling, title="Report", outlet="Outlet A")]).added
    project.add_span(ret, 0, retelling.index(","), "CLAIM")
    w = make_window(qtbot, project)
    w.compare([src, ret])
    review = _trace(qtbot, w, src, ret)
    assert review.candidate().relation == "distorts"
    text = w.trace.panel.candidates.toPlainText()
    assert "hedge dropped (are approaching)" in text


def test_enter_accepts_top_one_undo_step_then_next(qtbot, setup):
    w, project, src, ret, spans = setup
    review = _trace(qtbot, w, src, ret)
    top = review.candidate()
    depth = len(project.stack.undo_stack)
    _key(qtbot, w, Qt.Key.Key_Return)
    assert len(project.stack.undo_stack) == depth + 1
    links = project.links_for_span(spans[0])
    assert [(l.type, l.status) for l in links] == [("distorts", "accepted")]
    target = project.span(links[0].target_id)
    assert (target.doc_id, target.start, target.end, target.status) == (src, top.start, top.end, "accepted")
    assert review.unit().span_id == spans[1]  # on to the next unlinked span
    assert w.pane_for_doc(ret).view.selected_id == spans[1]
    w.acts["undo"].trigger()  # the whole decision comes back as it was, and the review goes back to it
    assert _links(project, spans[0]) == [("distorts", "suggested")]
    assert review.active and review.unit().span_id == spans[0]
    assert w.pane_for_doc(ret).view.selected_id == spans[0]


def test_number_picks_candidate_and_r_changes_relation(qtbot, setup):
    w, project, src, ret, spans = setup
    review = _trace(qtbot, w, src, ret)
    _key(qtbot, w, Qt.Key.Key_Tab)  # the quote: it has a second (weaker) candidate
    unit = review.unit()
    assert unit.span_id == spans[1] and len(unit.candidates) >= 2
    _key(qtbot, w, Qt.Key.Key_3)  # no third candidate: nothing changes
    assert review.choice == 0
    _key(qtbot, w, Qt.Key.Key_2)
    assert review.choice == 1
    second = unit.candidates[1]
    assert w.pane_for_doc(src).view.selection_range() == (second.start, second.end)
    # no span was created by the label key "2" in the retelling
    assert len(project.spans(ret)) == 3
    rel = review.current_relation()
    _key(qtbot, w, Qt.Key.Key_R)
    assert review.current_relation() != rel
    chosen = review.current_relation()
    depth = len(project.stack.undo_stack)
    _key(qtbot, w, Qt.Key.Key_Enter)
    assert len(project.stack.undo_stack) == depth + 1
    links = project.links_for_span(spans[1])
    assert [(l.type, l.status) for l in links] == [(chosen, "accepted")]
    t = project.span(links[0].target_id)
    assert (t.start, t.end) == (second.start, second.end)
    # then on to the next unlinked unit
    assert review.unit().span_id == spans[2]


def test_x_rejects_and_esc_gives_keys_back(qtbot, setup):
    w, project, src, ret, spans = setup
    review = _trace(qtbot, w, src, ret)
    depth = len(project.stack.undo_stack)
    _key(qtbot, w, Qt.Key.Key_X)
    assert len(project.stack.undo_stack) == depth + 1
    assert _links(project, spans[0])[0][1] == "rejected"
    assert review.unit().span_id == spans[1]
    assert project.span(spans[0]).status == "accepted"  # X rejects the link, not the retelling span
    _key(qtbot, w, Qt.Key.Key_Tab)  # skip
    assert review.unit().span_id == spans[2]
    assert w.pane_for_doc(src).view.selection_range() is not None  # the candidate, shown selected
    _key(qtbot, w, Qt.Key.Key_Escape)
    assert not review.active and not w.trace.panel.isVisible()
    # found in a real window: the candidate stayed selected after Esc, where a label key would label it
    assert all(p.view.selection_range() is None for p in w.panes())
    # outside trace review "1" is a label key again
    right = w.pane_for_doc(ret)
    w.set_current_pane(right)
    select_text(right.view, "Aliyev said")
    _key(qtbot, w, Qt.Key.Key_1)
    assert any(s.label == "QUOTE" and RETELLING[s.start:s.end] == "Aliyev said" for s in project.spans(ret))


def test_clicking_a_unit_span_reviews_it(qtbot, setup):
    w, project, src, ret, spans = setup
    review = _trace(qtbot, w, src, ret)
    right = w.pane_for_doc(ret)
    right.view.select_span(spans[2])  # as a click does
    assert review.unit().span_id == spans[2]
    left = w.pane_for_doc(src)
    c = review.candidate()
    assert left.view.selection_range() == (c.start, c.end)


def test_review_ends_after_last_decision(qtbot, setup):
    w, project, src, ret, spans = setup
    review = _trace(qtbot, w, src, ret)
    for _ in spans:
        _key(qtbot, w, Qt.Key.Key_Return)
    assert not review.active
    assert all(_links(project, s)[0][1] == "accepted" for s in spans)
    right = w.pane_for_doc(ret)
    strip = w.trace.layer.strip(right, "left")
    assert {e.status for e, _t, _b in strip.markers()} == {"accepted"}


def test_sentence_units_accept_replaces_suggestion(qtbot, setup):
    w, project, src, ret, spans = setup
    for s in spans:
        project.remove_spans([s])
    review = _trace(qtbot, w, src, ret, units="sentences")
    assert review.active and review.unit().span_id is None
    sid = review.unit()
    _key(qtbot, w, Qt.Key.Key_Return)
    from annotator.ui.trace.engine import unit_span_id

    created = unit_span_id(project, sid)
    assert [(l.status) for l in project.links_for_span(created)] == ["accepted"]
    assert project.span(created).status == "accepted"


def test_cancel_changes_nothing(qtbot, setup, monkeypatch):
    import threading

    from annotator.ui.trace import engine
    from annotator.ui.trace.dialog import TraceOptions

    w, project, src, ret, spans = setup
    started, release = threading.Event(), threading.Event()
    real = engine.run_request

    def slow(request, *, progress=None, cancelled=None):
        started.set()
        release.wait(5)
        return real(request, progress=progress, cancelled=cancelled)

    monkeypatch.setattr(engine, "run_request", slow)
    before = len(project.links())
    w.trace.trace(TraceOptions(src, [ret]))
    running = w.trace._running
    assert started.wait(5)
    running.cancel()
    release.set()
    assert running.wait(10000)
    qtbot.waitUntil(lambda: w.trace._running is None)
    assert len(project.links()) == before and not w.trace.review.active
    assert "cancelled" in w._message.text()


def test_worker_thread_never_touches_the_project(qtbot, setup, monkeypatch):
    """The project's SQLite connection belongs to the UI thread: the runner reads it there (prepare) and the
    worker ranks on that copy alone (run)."""
    import threading

    from annotator.ui.trace.dialog import TraceOptions

    w, project, src, ret, spans = setup
    threads = set()
    for name in ("document", "documents", "spans", "labels"):
        real = getattr(project, name)

        def spy(*a, _real=real, **k):
            threads.add(threading.current_thread().name)
            return _real(*a, **k)

        monkeypatch.setattr(project, name, spy)
    w.trace.trace(TraceOptions(src, [ret]))
    qtbot.waitUntil(lambda: w.trace._running is None, timeout=20000)
    assert w.trace.review.active
    assert threads == {threading.main_thread().name}


def test_bad_request_shows_one_error_and_starts_nothing(qtbot, setup):
    from annotator.ui.trace.dialog import TraceOptions

    w, project, src, ret, spans = setup
    errors = []
    w.show_error = lambda e, *a, **k: errors.append(str(e))
    w.trace.trace(TraceOptions(src, [src]))
    assert w.trace._running is None and len(errors) == 1 and "source" in errors[0]


def test_dialog_defaults(qtbot, setup):
    from annotator.ui.trace.dialog import TraceDialog

    w, project, src, ret, spans = setup
    d = TraceDialog(w)
    qtbot.addWidget(d)
    o = d.options()
    assert (o.source_id, o.doc_ids, o.units) == (src, [ret], "spans")  # left pane = source, right = retelling
    for s in spans:
        project.remove_spans([s])
    d2 = TraceDialog(w)
    qtbot.addWidget(d2)
    assert d2.options().units == "sentences"  # nothing annotated yet: trace sentences
    d2.source.setCurrentIndex(d2.source.findData(ret))
    assert d2.options().doc_ids == [src]  # the source is never its own retelling


def test_review_keys_listed_in_help(qtbot, setup):
    from annotator.ui.help import shortcut_rows

    w, *_ = setup
    rows = [r for r in shortcut_rows(w) if r[0].startswith("Trace review")]
    assert {r[2] for r in rows} == {"Enter", "1, 2, 3", "R", "X", "Tab, Shift+Tab", "Esc"}
    assert any(r[1] == "Trace to Source…" for r in shortcut_rows(w))


def test_label_keys_stay_off_when_labels_change_during_review(qtbot, setup):
    w, project, src, ret, spans = setup
    review = _trace(qtbot, w, src, ret)
    project.add_label("EXTRA", key="2")  # the toolbar is rebuilt with fresh actions and keys
    qtbot.wait(20)
    assert all(not a.shortcuts() for a in w.label_actions)
    _key(qtbot, w, Qt.Key.Key_Tab)
    _key(qtbot, w, Qt.Key.Key_2)
    assert review.choice == 1  # still picks the second candidate
    _key(qtbot, w, Qt.Key.Key_Escape)
    assert any(a.shortcuts() for a in w.label_actions)


def test_review_section_and_span_form_share_a_short_dock_without_overlapping(qtbot, setup):
    """Found in a real window at 1366x768: the review section and the span form did not both fit the Inspector's
    height, and the squeezed layout drew "Retelling vs. source (word diff)" over the candidate list. The span form
    now scrolls; every row of the review section keeps its own place."""
    from PySide6.QtWidgets import QLabel

    w, project, src, ret, spans = setup
    w.resize(1200, 600)
    review = _trace(qtbot, w, src, ret)
    assert review.active
    qtbot.wait(50)
    panel = w.trace.panel
    assert panel.isVisible()
    parts = [panel.title, panel.keys, panel.candidates, panel.diff]
    parts += [c for c in panel.findChildren(QLabel) if c.text().startswith(("Candidate", "Retelling vs."))]
    rects = sorted((p.geometry() for p in parts), key=lambda r: r.top())
    for upper, lower in zip(rects, rects[1:]):
        assert upper.bottom() < lower.top(), (upper, lower)
    assert panel.candidates.height() >= panel.candidates.minimumHeight()
    form = w.inspector.form  # the span form below: scrolled, never squeezed into its own rows
    assert form.isVisible() and form.height() >= form.minimumSizeHint().height()


def test_choosing_a_candidate_scrolls_it_into_the_list(qtbot, setup):
    """Found in a real window at 1366x768: pressing 3 chose the third candidate but the short list still showed
    the first two; the row chosen is scrolled into view."""
    w, project, src, ret, spans = setup
    w.resize(1200, 600)
    review = _trace(qtbot, w, src, ret)
    qtbot.wait(50)
    unit = max(range(len(review.units)), key=lambda i: len(review.units[i].candidates))
    last = len(review.units[unit].candidates) - 1
    assert last >= 1
    review.index = unit
    review.show()
    box = w.trace.panel.candidates
    box.setFixedHeight(40)  # a list shorter than its candidates
    qtbot.wait(20)
    review.pick(last)
    qtbot.wait(20)
    bar = box.verticalScrollBar()
    assert bar.maximum() > 0 and bar.value() > 0
    down = bar.value()
    review.pick(0)
    qtbot.wait(20)
    assert bar.value() < down and bar.value() <= 8  # back at the top (the first row's margin)
