"""What a label key press costs in SQL, including the debounced refreshes that follow it
(status bar, label toolbar, pane header, documents list): one write transaction, no aggregate over
the spans table, no pass over every document."""

from __future__ import annotations

import re

from PySide6.QtCore import QTimer

from annotator.core import NewSpan
from ui_helpers import add_docs, make_window, press, select_text

TEXT = ("The president said that 42 percent of voters were angry about the new tax plan.\n\n"
        "Officials, however, disputed the figure and called it misleading framing.")
AGGREGATE = re.compile(r"\b(COUNT|SUM|TOTAL|AVG|GROUP\s+BY)\b", re.I)
SPANS = re.compile(r"\bspans\b", re.I)  # the table itself, not span_counts


def _settle(qtbot, win) -> None:
    """Wait until every single-shot timer of the window (debounced refreshes) has fired, then 50 ms more."""
    def idle():
        return not any(t.isActive() and t.isSingleShot() and t.interval() < 5000 for t in win.findChildren(QTimer))
    qtbot.waitUntil(idle, timeout=5000)
    qtbot.wait(50)


def test_label_key_press_runs_one_write_and_no_aggregate_over_spans(qtbot, project):
    a, b = add_docs(project, TEXT, "A second document about the tax plan and the president.")
    project.add_spans(b, [NewSpan(0, 1, "QUOTE"), NewSpan(2, 8, "CLAIM", status="suggested")])
    win = make_window(qtbot, project)
    win.open_document(a)
    view = win.current_pane().view
    view.finish_loading()
    _settle(qtbot, win)
    tree = win.docs.tree
    items = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    seen: list[str] = []
    project.backend.conn.set_trace_callback(seen.append)
    try:
        select_text(view, "president")
        press(qtbot, view, "1")
        _settle(qtbot, win)
    finally:
        project.backend.conn.set_trace_callback(None)
    # the key press did what the counts claim
    assert [(s.start, s.end, s.label) for s in project.spans(a)] == [(4, 13, "QUOTE")]
    assert any(act.text().endswith("QUOTE · 2") for act in win.label_actions)
    assert "QUOTE 1" in win.current_pane().counts.text()
    assert [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())] == items  # rows updated, not rebuilt
    rows = {tree.topLevelItem(i).data(0, 0x0100): tree.topLevelItem(i) for i in range(tree.topLevelItemCount())}
    assert rows[a].text(3) == "1" and rows[b].text(3) == "1" and rows[b].text(4) == "0"
    statements = [s for s in seen if not s.lstrip().startswith("--")]  # trigger bodies are reported as comments
    aggregates = [s for s in statements if AGGREGATE.search(s) and SPANS.search(s)]
    assert aggregates == []
    every_doc = [s for s in statements if re.search(r"\bFROM documents\b", s) and "WHERE" not in s]
    assert every_doc == []
    writes = [s for s in statements if re.match(r"\s*(BEGIN|SAVEPOINT)", s, re.I)]
    assert len(writes) == 1, statements
    # (SQLite reports each statement a trigger runs with the text of the statement that fired it)
    written = {s for s in statements if re.match(r"\s*(INSERT|UPDATE|DELETE)\b", s, re.I)}
    assert len(written) == 1 and next(iter(written)).startswith("INSERT INTO spans")


def test_opening_another_document_reads_its_counts_not_every_span(qtbot, project):
    """Switching documents (the Documents dock's call) fills the header from the summary table: no aggregate
    over spans and no pass over every document's text."""
    a, b = add_docs(project, TEXT, "A second document about the tax plan and the president.")
    project.add_spans(b, [NewSpan(0, 1, "QUOTE"), NewSpan(2, 8, "CLAIM"), NewSpan(9, 15, "CLAIM", status="suggested")])
    win = make_window(qtbot, project)
    win.open_document(a)
    _settle(qtbot, win)
    seen: list[str] = []
    project.backend.conn.set_trace_callback(seen.append)
    try:
        pane = win.open_document(b)
        _settle(qtbot, win)
    finally:
        project.backend.conn.set_trace_callback(None)
    assert pane.doc_id == b and pane.title.toolTip() == "Doc 2"
    text = pane.counts.text()
    assert "QUOTE 1" in text and "CLAIM 1" in text and "FIGURE 0" in text  # accepted only
    statements = [s for s in seen if not s.lstrip().startswith("--")]
    assert [s for s in statements if AGGREGATE.search(s) and SPANS.search(s)] == []
    assert [s for s in statements if re.search(r"\bFROM documents\b", s) and "WHERE" not in s] == []


def test_status_bar_counts_say_one_span_not_one_spans(qtbot, project):
    from ui_helpers import add_docs, make_window

    (doc,) = add_docs(project, "One short text.")
    w = make_window(qtbot, project)
    w.update_counts()
    assert w._counts.text() == "1 document · 0 spans · 0 links"
    project.add_span(doc, 0, 3, "QUOTE")
    w.update_counts()
    assert w._counts.text() == "1 document · 1 span · 0 links"
