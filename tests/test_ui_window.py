"""The main window driven like a user: keys, clicks, menus (pytest-qt, offscreen)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from ui_helpers import add_docs, make_window, pixels, point_of, press, rgb, settle, tinted, select_text, select_utf16

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
    assert tinted(pixels(view)) > 100  # both spans are painted
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
    settle()
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
    settle()
    assert win.inspector.label.currentText() == "SPEECH"
    select_text(view, "voters")
    press(qtbot, view, "q")
    assert sorted(s.label for s in project.spans()) == ["SPEECH", "SPEECH"]
    view.grab()


def test_search_hit_opens_document_scrolled_and_highlighted(qtbot, win, project):
    second = project.documents()[1].id
    win.docs.search.setText("\"second document\"")
    win.docs.run_search()
    (item,) = win.docs.hits.hit_items()
    win.docs.hits.itemActivated.emit(item, 0)
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
    assert len(docs.hits.hit_items()) == 2 and docs.hits.isVisibleTo(docs)
    assert docs.hit_count.text() == "2 matches in 2 documents"
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


def test_span_fill_is_painted_where_the_span_is_and_nowhere_else(qtbot, win, project):
    from collections import Counter

    from PySide6.QtGui import QColor, QPalette

    view = win.current_pane().view
    doc = win.current_pane().doc_id
    a = TEXT.index("42 percent")
    b = a + len("42 percent of voters")
    project.add_span(doc, a, b, "CLAIM")
    c = view.textCursor()
    c.setPosition(view.offsets.to_qt(len(TEXT)))
    view.setTextCursor(c)
    view.setFocus()
    qtbot.waitUntil(lambda: len(view.index) == 1)
    assert view.selected_id is None
    view.viewport().repaint()
    px = pixels(view)
    c.setPosition(view.offsets.to_qt(a))
    left = view.cursorRect(c)
    c.setPosition(view.offsets.to_qt(b))
    right = view.cursorRect(c)
    assert left.top() == right.top() and right.x() - left.x() > 60  # one line of the viewport
    inside = px[left.top() + 2:left.bottom() - 3, left.x() + 2:right.x() - 2]
    fill, n = Counter(inside.ravel().tolist()).most_common(1)[0]
    assert n > 0.4 * inside.size  # the background under the span's text is the fill
    base = view.palette().color(QPalette.ColorRole.Base)
    label = QColor(project.label("CLAIM").color)
    f, bg, lc = rgb(fill), (base.red(), base.green(), base.blue()), (label.red(), label.green(), label.blue())
    assert f != bg, "the span's background is the plain page colour: no fill painted"
    # the fill is the label's colour laid translucently over the page: every channel moves the same share
    shares = [(f[i] - bg[i]) / (lc[i] - bg[i]) for i in range(3) if abs(lc[i] - bg[i]) > 40]
    assert shares and all(0.05 < s < 0.95 for s in shares) and max(shares) - min(shares) < 0.08, (f, bg, lc)
    outside = px.copy()
    outside[left.top() - 3:left.bottom() + 4, left.x() - 3:right.x() + 4] = 0
    assert int((outside == fill).sum()) == 0, "the span's fill colour appears away from the span"
    plain = 0xFF000000 | (bg[0] << 16) | (bg[1] << 8) | bg[2]
    assert int((outside == plain).sum()) > 0.5 * outside.size  # and the rest of the page is plain


def test_search_results_grouped_under_their_document(qtbot, project):
    from PySide6.QtGui import QTextDocument

    texts = ["The tax plan. " + "Filler words here. " * 30 + "Tax again, and the TAX once more.",
             "Nothing about that.", "A second tax text."]
    add_docs(project, *texts, titles=["A very long first title that would fill the whole line", "Other", "Third"])
    w = make_window(qtbot, project)
    docs = w.docs
    docs.search.setText("tax")
    docs.run_search()
    tree = docs.hits
    heads = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    # one header per document (title and count, bold), not the title repeated on every hit
    assert sorted((h.text(0), h.text(1)) for h in heads) == [
        ("A very long first title that would fill the whole line", "3"), ("Third", "1")]
    assert all(h.font(0).bold() for h in heads)
    first = next(h for h in heads if h.text(1) == "3")
    assert first.childCount() == 2 and first.isExpanded()  # the last two hits share a line: one row
    assert all(first.child(k).isFirstColumnSpanned() for k in range(2))  # not squeezed beside the count column
    assert docs.hit_count.text() == "4 matches in 2 documents"
    bolds = []
    for k in range(2):
        child = first.child(k)
        assert "\n" not in child.text(0) and "whole line" not in child.text(0)  # one line of context, no title
        doc = QTextDocument()
        doc.setHtml(child.data(0, Qt.ItemDataRole.UserRole + 2))
        bolds.append([f.text() for f in _fragments(doc.begin()) if f.charFormat().font().bold()])
    assert bolds == [["tax"], ["Tax", "TAX"]]  # the hit words, in bold
    # rows in text order; activating one opens its document at its (first) hit
    starts = [first.child(k).data(0, Qt.ItemDataRole.UserRole + 1)[1] for k in range(2)]
    assert starts == sorted(starts) and texts[0][starts[1]:starts[1] + 9] == "Tax again"
    tree.itemActivated.emit(first.child(1), 0)
    pane = w.current_pane()
    assert pane.view.text == texts[0] and pane.view.selection_range() == (starts[1], starts[1] + 3)
    pixels(tree)  # the rich-text rows paint


def _fragments(block):
    it = block.begin()
    while not it.atEnd():
        yield it.fragment()
        it += 1


def test_tab_wraps_past_the_last_span_and_says_so(qtbot, win, project):
    view = win.current_pane().view
    doc = win.current_pane().doc_id
    a, b = TEXT.index("president"), TEXT.index("misleading")
    project.add_span(doc, a, a + 9, "CLAIM")
    project.add_span(doc, b, b + 10, "FRAMING")
    first, last = sorted((s for s in project.spans(doc)), key=lambda s: s.start)
    view.select_span(last.id)
    press(qtbot, view, Qt.Key.Key_Tab)
    assert view.selected_id == first.id
    assert win._message.text() == "Wrapped around to the first span"
    press(qtbot, view, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert view.selected_id == last.id
    assert win._message.text() == "Wrapped around to the last span"
    project.remove_spans([first.id])
    qtbot.waitUntil(lambda: len(view.index) == 1)
    view.select_span(last.id)
    press(qtbot, view, Qt.Key.Key_Tab)
    assert view.selected_id == last.id and win._message.text() == "This is the only span in this document"


def test_tab_in_a_document_without_spans_says_how_to_add_one(qtbot, win):
    view = win.current_pane().view
    press(qtbot, view, Qt.Key.Key_Tab)
    assert "No spans in this document yet" in win._message.text()


def test_enter_accepts_then_selects_the_next_suggestion_and_says_so(qtbot, win, project):
    view = win.current_pane().view
    doc = win.current_pane().doc_id
    a, b = TEXT.index("president"), TEXT.index("misleading")
    project.add_span(doc, a, a + 9, "CLAIM", status="suggested")
    project.add_span(doc, b, b + 10, "FRAMING", status="suggested")
    one, two = sorted(project.spans(doc), key=lambda s: s.start)
    view.select_span(one.id)
    press(qtbot, view, Qt.Key.Key_Return)
    assert project.span(one.id).status == "accepted" and view.selected_id == two.id
    assert win._message.text().startswith("Accepted") and "next suggestion selected" in win._message.text()
    press(qtbot, view, Qt.Key.Key_Return)
    assert "no more suggestions" in win._message.text()
    assert "next suggestion" in win.acts["accept"].toolTip()


def test_an_empty_pane_says_how_to_fill_it(qtbot, win):
    from annotator.ui.pane import EMPTY_PANE

    pane = win.add_pane()
    assert pane.view.doc_id is None
    qtbot.wait(10)
    px = pixels(pane.view)
    dark = int((((px >> 16) & 255) < 160).sum())
    assert dark > 200, "the empty pane is blank"
    assert "Documents list" in EMPTY_PANE and "Import Documents" in EMPTY_PANE
    assert pane.view.placeholderText() == EMPTY_PANE


def test_toolbar_and_labels_dialog_say_which_spans_they_count(qtbot, win, project):
    from PySide6.QtWidgets import QLabel

    from annotator.ui.dialogs.labels import COL_SPANS, LabelsDialog

    doc = win.current_pane().doc_id
    a = TEXT.index("president")
    project.add_span(doc, a, a + 9, "CLAIM")
    project.add_span(doc, 0, 3, "CLAIM", status="suggested")
    win.update_counts()
    caption = [w.text() for w in win.label_toolbar.findChildren(QLabel)]
    assert any("accepted spans" in t for t in caption)
    act = next(x for x in win.label_actions if x.data() == "CLAIM")
    assert act.text().endswith("CLAIM · 1")
    assert "1 accepted span" in act.toolTip() and "1 suggested, not counted" in act.toolTip()
    dialog = LabelsDialog(project, win)
    qtbot.addWidget(dialog)
    table = dialog.labels_panel.table
    assert table.horizontalHeaderItem(COL_SPANS).text() == "Spans (all)"
    row = next(r for r in range(table.rowCount()) if table.item(r, 1).text() == "CLAIM")
    assert table.item(row, COL_SPANS).text() == "2"
    assert "1 accepted, 1 suggested, 0 rejected" in table.item(row, COL_SPANS).toolTip()


def test_hits_on_one_line_share_a_row_with_every_hit_in_bold(qtbot, project):
    from PySide6.QtGui import QTextDocument

    add_docs(project, "Aliyev lines up with Russia and Trump.\n\nLater, Russia again.", titles=["One"])
    w = make_window(qtbot, project)
    w.docs.search.setText("Aliyev Russia")
    w.docs.run_search()
    head = w.docs.hits.topLevelItem(0)
    assert head.text(1) == "3" and head.childCount() == 2  # three hits on two lines
    doc = QTextDocument()
    doc.setHtml(head.child(0).data(0, Qt.ItemDataRole.UserRole + 2))
    assert doc.toPlainText() == "Aliyev lines up with Russia and Trump."
    bold = [f.text() for f in _fragments(doc.begin()) if f.charFormat().font().bold()]
    assert bold == ["Aliyev", "Russia"]
    assert w.docs.hit_count.text() == "3 matches in 1 document"


def test_a_hit_stays_in_view_in_a_narrow_results_list(qtbot):
    from PySide6.QtGui import QTextDocument

    from annotator.ui.search_results import hit_shift, snippet_html

    context = "words before the hit " * 3 + "Putin" + " and after" * 5
    a = context.index("Putin")
    doc = QTextDocument()
    doc.setHtml(f"<span style='white-space:pre'>{snippet_html(context, [(a, a + 5)])}</span>")
    doc.size()
    line = doc.begin().layout().lineAt(0)
    x = line.cursorToX(doc.toPlainText().index("Putin"))[0]
    for width in (120, 200, x + 40):
        shift = hit_shift(doc, width)
        assert 0 <= x - shift and x - shift + 30 <= width  # the hit starts inside the visible part
    assert hit_shift(doc, 2 * x + 200) == 0  # wide enough: no scrolling


def test_a_scrolled_snippet_starts_at_a_whole_word(qtbot):
    """Found in a real window at 1366x768: hits on "Karabakh" read "agorno-Karabakh" (the snippet was scrolled
    by a fixed fraction of the row, cutting "Nagorno" in the middle)."""
    from PySide6.QtGui import QTextDocument

    from annotator.ui.search_results import hit_shift, snippet_html

    context = "the long conflict over the region of Nagorno-Karabakh, a small mountain enclave in the Caucasus"
    a = context.index("Karabakh")
    doc = QTextDocument()
    doc.setHtml(f"<span style='white-space:pre'>{snippet_html(context, [(a, a + 8)])}</span>")
    doc.size()
    text = doc.toPlainText()
    line = doc.begin().layout().lineAt(0)
    x = line.cursorToX(text.index("Karabakh"))[0]
    starts = {round(line.cursorToX(i)[0], 1): i for i in range(len(text) + 1)}
    shifted = 0
    for width in range(60, int(x) + 20, 7):
        shift = hit_shift(doc, width)
        assert 0 <= x - shift <= width - 20  # the hit is still in view
        if shift:
            shifted += 1
            i = starts.get(round(shift, 1))
            assert i is not None, f"width {width}: shift {shift} is not at a character"
            assert i == text.index("Karabakh") or text[i - 1] == " ", f"width {width}: starts at {text[i:i + 12]!r}"
    assert shifted > 3
    # with room for it, the hit's whole word shows: "Nagorno-Karabakh", not a bare "Karabakh"
    xn = line.cursorToX(text.index("Nagorno"))[0]
    assert hit_shift(doc, (x - xn) / 0.45) == xn



def test_inspector_is_not_clipped_and_has_no_scroll_bar_when_empty(qtbot, win, project):
    """Found in a real window at 1366x768: the empty Inspector showed a scroll bar beside "Select text..." (the
    hidden form's height was kept), and keeping only its width once clipped the form on the right. The form
    has room, the empty state no scroll bar, and showing a span does not change the dock's width."""
    from PySide6.QtWidgets import QScrollArea

    win.resize(1300, 700)
    settle()
    qtbot.wait(20)
    area = win.inspector.findChild(QScrollArea)
    assert area is not None
    inner = area.widget()
    assert not area.verticalScrollBar().isVisible()
    assert inner.width() >= inner.minimumWidth() and inner.width() <= area.viewport().width()
    width = win.inspector.width()
    doc = win.current_pane().doc_id
    project.add_span(doc, 4, 13, "QUOTE")
    win.current_pane().view.select_span(project.spans()[0].id)
    settle()
    qtbot.wait(20)
    assert win.inspector.form.isVisible() and win.inspector.width() == width
    assert inner.width() >= win.inspector.form.minimumSizeHint().width()


def test_undo_selects_the_span_it_changed_so_the_next_key_acts_on_it(qtbot, win, project):
    """Found in a real window: Enter accepted one suggestion and moved on to the next, X rejected that one and
    moved on again; two Ctrl+Z brought both back as suggestions but left the selection on the third, so the
    next Enter accepted the wrong span. Undo (and Redo) now select the span they changed; Undo of a Delete
    shows the span again in the Inspector."""
    view = win.current_pane().view
    doc = win.current_pane().doc_id
    for needle, label in (("president", "CLAIM"), ("42 percent", "FIGURE"), ("misleading", "FRAMING")):
        a = TEXT.index(needle)
        project.add_span(doc, a, a + len(needle), label, status="suggested")
    one, two, three = sorted(project.spans(doc), key=lambda s: s.start)
    view.select_span(one.id)
    press(qtbot, view, Qt.Key.Key_Return)  # accept one, on to two
    press(qtbot, view, "x")  # reject two, on to three
    assert view.selected_id == three.id
    press(qtbot, view, "z", Qt.KeyboardModifier.ControlModifier)
    assert project.span(two.id).status == "suggested" and view.selected_id == two.id
    press(qtbot, view, "z", Qt.KeyboardModifier.ControlModifier)
    assert project.span(one.id).status == "suggested" and view.selected_id == one.id
    press(qtbot, view, Qt.Key.Key_Return)  # the next Enter accepts the span the undo brought back
    assert project.span(one.id).status == "accepted" and project.span(three.id).status == "suggested"
    view.select_span(three.id)
    press(qtbot, view, Qt.Key.Key_Delete)
    press(qtbot, view, "z", Qt.KeyboardModifier.ControlModifier)
    assert view.selected_id == three.id and win.inspector.span_id == three.id
    assert win.inspector.text.toPlainText() == "misleading"


def test_no_span_line_runs_through_the_middle_of_the_letters():
    """Found in a real window: with three layers (or three overlapping spans) the third underline, stacked up
    from the bottom, ran through the letters and read as a strikethrough ("rejected"). Every lane's line stays in
    the bottom or top quarter of the line; the first two under the text, as before."""
    from PySide6.QtCore import QRectF

    from annotator.ui.highlight import lane_y

    r = QRectF(0, 100, 80, 18)
    ys = [lane_y(r, lane) for lane in range(8)]
    assert ys[:2] == [r.bottom() - 1, r.bottom() - 4]
    assert all(y <= r.top() + 0.3 * r.height() or y >= r.bottom() - 0.3 * r.height() for y in ys), ys
    assert len(set(ys[:4])) == 4  # up to four overlapping spans keep lines of their own
