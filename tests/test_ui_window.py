"""The main window driven like a user: keys, clicks, menus (pytest-qt, offscreen)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from ui_helpers import add_docs, make_window, point_of, press, select_text, select_utf16

TEXT = ("The president said that 42 percent of voters were angry about the new tax plan.\n\n"
        "Officials, however, disputed the figure and called it misleading framing.")


@pytest.fixture
def win(qtbot, project):
    add_docs(project, TEXT, "A second document about the tax plan and the president.")
    w = make_window(qtbot, project)
    w.open_document(project.documents()[0].id)
    w.current_pane().view.finish_loading()
    return w


def spans(project, doc_id=None):
    return [(s.start, s.end, s.label, s.status) for s in project.spans(doc_id)]


def test_label_key_creates_span_snapped_to_tokens(qtbot, win, project):
    view = win.current_pane().view
    start = TEXT.index("resid")
    select_utf16(view, start, start + 5)  # part of "president"
    press(qtbot, view, "1")
    s = project.spans()
    assert len(s) == 1
    assert TEXT[s[0].start:s[0].end] == "president" and s[0].label == "QUOTE"
    assert view.selected_id == s[0].id  # the new span is selected
    assert win.inspector.text.toPlainText() == "president"
    assert "Undo Add QUOTE span" in win.acts["undo"].text().replace("&", "")
    assert "All changes saved" in win._message.text()


def test_raw_characters_when_snapping_is_off(qtbot, win, project):
    view = win.current_pane().view
    start = TEXT.index("resid")
    win.acts["snap"].setChecked(False)
    select_utf16(view, start, start + 5)
    press(qtbot, view, "3")
    (s,) = project.spans()
    assert TEXT[s.start:s.end] == "resid" and s.label == "FIGURE"


def test_whitespace_selection_makes_no_span(qtbot, win, project):
    view = win.current_pane().view
    i = TEXT.index("\n\n")
    select_utf16(view, i, i + 2)
    press(qtbot, view, "1")
    assert project.spans() == []


def test_overlapping_spans_are_painted_and_click_cycles(qtbot, win, project):
    view = win.current_pane().view
    doc = win.current_pane().doc_id
    a = TEXT.index("42 percent")
    project.add_span(doc, a, a + len("42 percent of voters"), "CLAIM")
    project.add_span(doc, a, a + 2, "FIGURE")
    found = view.index.at(a)
    assert [s.length for s in found] == [2, 20]  # innermost first
    from annotator.ui.spanindex import assign_lanes

    lanes = assign_lanes(view.visible_spans())
    assert len({lanes[s.id] for s in found}) == 2
    img = view.viewport().grab().toImage()
    assert not img.isNull()
    pt = point_of(view, a)
    view.click_at(pt)
    first = view.selected_id
    assert first == found[0].id
    view.click_at(pt)
    assert view.selected_id == found[1].id  # repeated click cycles through the overlaps
    view.click_at(pt)
    assert view.selected_id == first


def test_keys_on_selected_span_relabel_delete_review(qtbot, win, project):
    view = win.current_pane().view
    doc = win.current_pane().doc_id
    a = TEXT.index("misleading")
    project.add_span(doc, a, a + 10, "CLAIM", status="suggested")
    b = TEXT.index("angry")
    project.add_span(doc, b, b + 5, "FRAMING")
    sug = [s for s in project.spans() if s.status == "suggested"][0]
    view.select_span(sug.id)
    press(qtbot, view, "4")  # relabel
    assert project.span(sug.id).label == "FRAMING"
    press(qtbot, view, Qt.Key.Key_Return)  # accept
    assert project.span(sug.id).status == "accepted"
    view.select_span(sug.id)
    press(qtbot, view, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert project.span(view.selected_id).start == b  # previous span
    press(qtbot, view, Qt.Key.Key_Tab)
    assert view.selected_id == sug.id
    press(qtbot, view, "x")
    assert project.span(sug.id).status == "rejected"
    view.select_span(project.spans(statuses=["accepted"])[0].id)
    press(qtbot, view, Qt.Key.Key_Delete)
    assert [s.status for s in project.spans()] == ["rejected"]
    press(qtbot, view, Qt.Key.Key_Escape)
    assert view.selected_id is None


def test_undo_redo_every_command_through_actions(qtbot, win, project, monkeypatch):
    view = win.current_pane().view
    doc = win.current_pane().doc_id
    undo, redo = win.acts["undo"], win.acts["redo"]
    history = []

    def snapshot():
        return (spans(project), [(l.source_id, l.target_id, l.type) for l in project.links()],
                [s.note for s in project.spans()])

    history.append(snapshot())
    select_text(view, "president")
    press(qtbot, view, "1")  # add
    history.append(snapshot())
    press(qtbot, view, "2")  # relabel
    history.append(snapshot())
    win.inspector.note.setPlainText("check this")
    win.inspector.save_note()  # what the debounce timer does
    history.append(snapshot())
    assert project.spans()[0].note == "check this"
    sid = view.selected_id
    select_text(view, "tax plan")
    press(qtbot, view, "4")
    history.append(snapshot())
    other = view.selected_id
    view.select_span(sid)
    monkeypatch.setattr(win, "ask_link_type", lambda s, t: ("distorts", ""))
    win.acts["link"].trigger()
    view.click_at(point_of(view, TEXT.index("tax plan")))
    history.append(snapshot())
    assert project.links()[0].type == "distorts" and project.links()[0].target_id == other
    view.select_span(other)
    win.acts["reject"].trigger()
    history.append(snapshot())
    view.select_span(other)
    win.acts["delete"].trigger()
    history.append(snapshot())
    assert len(project.spans()) == 1
    for state in reversed(history[:-1]):
        assert undo.isEnabled()
        undo.trigger()
        assert snapshot() == state
    assert "Import documents" in undo.text()  # only the fixture's import is left to undo
    for state in history[1:]:
        redo.trigger()
        assert snapshot() == state
        assert len(view.index) == len(project.spans())


def test_note_is_saved_after_typing_pause(qtbot, win, project):
    doc = win.current_pane().doc_id
    project.add_span(doc, 4, 13, "QUOTE")
    view = win.current_pane().view
    view.select_span(project.spans()[0].id)
    win.inspector.note.setFocus()
    qtbot.keyClicks(win.inspector.note, "hello")
    assert project.spans()[0].note == ""
    qtbot.waitUntil(lambda: project.spans()[0].note == "hello", timeout=3000)
    assert "Edit note" in win.acts["undo"].text()


def test_label_edits_reflected_in_views_and_toolbar(qtbot, win, project):
    view = win.current_pane().view
    doc = win.current_pane().doc_id
    project.add_span(doc, 4, 13, "QUOTE")
    project.update_label("QUOTE", new_name="SPEECH", color="#123456", key="q")
    names = [a.text() for a in win.label_actions]
    assert any("SPEECH" in n and n.startswith("q ") for n in names)
    assert view.labels[project.label("SPEECH").id] == ("SPEECH", "#123456")
    view.select_span(project.spans()[0].id)
    assert win.inspector.label.currentText() == "SPEECH"
    select_text(view, "voters")
    press(qtbot, view, "q")
    assert sorted(s.label for s in project.spans()) == ["SPEECH", "SPEECH"]
    view.grab()


def test_search_hit_opens_document_scrolled_and_highlighted(qtbot, win, project):
    second = project.documents()[1].id
    win.docs.search.setText("\"second document\"")
    win.docs.run_search()
    assert win.docs.hits.count() == 1
    item = win.docs.hits.item(0)
    win.docs.hits.itemActivated.emit(item)
    pane = win.current_pane()
    assert pane.doc_id == second
    assert pane.view.selection_range() == (2, 17)
    assert pane.view.text[2:17] == "second document"


def test_compare_opens_selected_documents_side_by_side(qtbot, win, project):
    tree = win.docs.tree
    for i in range(tree.topLevelItemCount()):
        tree.topLevelItem(i).setSelected(True)
    win.acts["compare"].trigger()
    assert sorted(win.open_doc_ids()) == sorted(d.id for d in project.documents())
    assert len(win.panes()) == 2
    win.acts["close_pane"].trigger()
    assert len(win.panes()) == 1


def test_docs_dock_counts_and_filter(qtbot, win, project):
    doc = win.current_pane().doc_id
    project.add_span(doc, 4, 13, "QUOTE")
    qtbot.waitUntil(lambda: not win.docs._refresh_timer.isActive() and not win._counts_timer.isActive(), timeout=3000)
    assert any(a.text().endswith("QUOTE · 1") for a in win.label_actions)
    tree = win.docs.tree
    row = next(tree.topLevelItem(i) for i in range(tree.topLevelItemCount())
               if tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole) == doc)
    assert row.text(3) == "1"
    win.docs.filter.setText("outlet 2024-12-11")
    hidden = [tree.topLevelItem(i).isHidden() for i in range(tree.topLevelItemCount())]
    assert sorted(hidden) == [False, True]


def test_docs_dock_two_line_rows_sort_and_tooltip(qtbot, win, project):
    docs = project.documents()
    second = docs[1].id
    for i in range(10):  # 10 FIGURE spans in the second document, 1 in the first: "10" must sort above "1"
        project.add_span(second, i, i + 1, "FIGURE")
    project.add_span(docs[0].id, 0, 3, "FIGURE")
    win.docs.refresh()
    tree = win.docs.tree
    assert tree.isHeaderHidden() and all(tree.isColumnHidden(c) for c in range(1, tree.columnCount()))
    win.docs.sort.setCurrentIndex(win.docs.sort.findText("Most FIGURE"))
    win.docs.apply_sort()
    assert tree.topLevelItem(0).data(0, Qt.ItemDataRole.UserRole) == second
    win.docs.sort.setCurrentIndex(win.docs.sort.findText("Title A–Z"))
    win.docs.apply_sort()
    titles = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
    assert titles == sorted(titles, key=str.casefold)
    top = tree.topLevelItem(0)
    assert top.text(0) in top.toolTip(0) and "FIGURE" in top.toolTip(0)
    row_h = tree.visualItemRect(top).height()
    assert row_h >= 2 * tree.fontMetrics().height()  # two lines: title, then outlet · date · counts
    tree.grab()  # the delegate paints without error


def test_search_results_list_only_takes_room_with_results(qtbot, win, project):
    docs = win.docs
    assert not docs.hits.isVisibleTo(docs) and not docs.hit_count.isVisibleTo(docs)
    empty_height = docs.bottom.height()
    docs.search.setText("nonexistentwordxyz")
    docs.run_search()
    assert docs.hit_count.text() == "No matches" and docs.hit_count.isVisibleTo(docs)
    assert not docs.hits.isVisibleTo(docs)
    docs.search.setText("president")
    docs.run_search()
    qtbot.wait(10)
    assert docs.hits.count() == 2 and docs.hits.isVisibleTo(docs) and docs.hit_count.text() == "2 matches"
    assert docs.bottom.height() > empty_height + 50
    docs.search.setText("")
    docs.run_search()
    assert not docs.hits.isVisibleTo(docs) and not docs.hit_count.isVisibleTo(docs)


def test_current_pane_is_marked_without_greying_the_others(qtbot, win, project):
    first = win.current_pane()
    second = win.add_pane(project.documents()[1].id)
    assert second.is_current and not first.is_current
    assert first.title.isEnabled() and second.title.isEnabled()
    win.set_current_pane(first)
    assert first.is_current and not second.is_current
    win.close_pane(second)
    assert not first.is_current  # a single pane needs no marker



def test_ctrl_f_focuses_the_search_field(qtbot, win):
    from PySide6.QtGui import QKeySequence

    act = win.acts["find"]
    assert QKeySequence(QKeySequence.StandardKey.Find) in act.shortcuts()
    assert not win.docs.search.hasFocus()
    act.trigger()
    qtbot.waitUntil(lambda: win.docs.search.hasFocus())


def test_selecting_a_span_does_not_resize_the_inspector(qtbot, win, project):
    doc = project.documents()[0].id
    project.add_span(doc, 0, 4, "QUOTE")
    qtbot.wait(50)
    before = win.inspector.width()
    win.current_pane().view.select_span(project.spans(doc)[0].id)
    qtbot.wait(50)
    assert win.inspector.span_id is not None
    assert win.inspector.width() == before
