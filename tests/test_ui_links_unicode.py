"""Cross-document links across two panes; spans from Qt selections over emoji, flags, RTL, CJK."""

from __future__ import annotations

import pytest

from ui_helpers import add_docs, make_window, point_of, press, select_utf16, settle

SOURCE = "The minister said: “We will cut the tax by 42 percent.” Critics disagreed.\n" * 3
RETOLD = "Filler paragraph.\n" * 200 + "Reports claim the tax will be cut by 42 percent, the minister said.\n"

MIXED = ("Start 😀 smile, flags 🇫🇷🇩🇪 here.\n"
         "عربي النص هنا مع 😀 رمز\n"
         "עברית כאן 🇮🇱 וגם\n"
         "中文文本，包含 𠀋 字符。 Done 👍🏽 ok\r\nlast")


@pytest.mark.parametrize("needle", ["😀 smile", "🇫🇷🇩🇪", "🇩🇪", "النص هنا مع 😀", "עברית כאן 🇮🇱", "包含 𠀋 字符", "👍🏽", "last"])
def test_span_from_qt_selection_has_exact_code_points(qtbot, project, needle):
    (doc,) = add_docs(project, MIXED)
    w = make_window(qtbot, project)
    w.open_document(doc)
    view = w.current_pane().view
    text = view.text
    assert "\r" not in text
    start = text.index(needle)
    end = start + len(needle)
    # a user's selection is in UTF-16 units: compute them independently of the app's own converter
    u0 = len(text[:start].encode("utf-16-le")) // 2
    u1 = len(text[:end].encode("utf-16-le")) // 2
    select_utf16(view, u0, u1)
    from annotator.ui.offsets import qt_text_to_python

    assert qt_text_to_python(view.textCursor().selectedText()) == needle
    w.acts["snap"].setChecked(False)
    press(qtbot, view, "2")
    (s,) = project.spans()
    assert text[s.start:s.end] == needle
    view.grab()  # paints the span over astral characters and RTL runs


def test_snapped_span_over_emoji_keeps_whole_characters(qtbot, project):
    (doc,) = add_docs(project, MIXED)
    w = make_window(qtbot, project)
    w.open_document(doc)
    view = w.current_pane().view
    start = view.text.index("😀 smile")
    select_utf16(view, view.offsets.to_qt(start) , view.offsets.to_qt(start + 4))
    press(qtbot, view, "1")
    (s,) = project.spans()
    assert view.text[s.start:s.end] == "😀 smile"


def test_link_across_two_panes_and_jump_back(qtbot, project, monkeypatch):
    a, b = add_docs(project, SOURCE, RETOLD, titles=["Source", "Retelling"])
    w = make_window(qtbot, project)
    w.compare([a, b])
    left, right = w.panes()
    assert (left.doc_id, right.doc_id) == (a, b)
    i = SOURCE.index("We will cut")
    project.add_span(a, i, i + len("We will cut the tax by 42 percent."), "QUOTE")
    j = RETOLD.index("the tax will be cut")
    project.add_span(b, j, j + len("the tax will be cut by 42 percent"), "CLAIM")
    src = project.spans(a)[0].id
    tgt = project.spans(b)[0].id
    left.view.select_span(src)
    asked = []
    monkeypatch.setattr(w, "ask_link_type", lambda s, t: asked.append((s, t)) or ("distorts", "exaggerates"))
    press(qtbot, left.view, "l", __import__("PySide6.QtCore", fromlist=["Qt"]).Qt.KeyboardModifier.ControlModifier)
    assert w.link_source == src and right.view.link_mode
    assert "Link mode" in w._message.text()
    right.view.scroll_to(j, j + 5)
    qtbot.wait(10)
    right.view.click_at(point_of(right.view, j + 3))
    assert asked == [(src, tgt)]  # the chooser is told both ends, to show their texts
    (link,) = project.links()
    assert (link.source_id, link.target_id, link.type, link.note) == (src, tgt, "distorts", "exaggerates")
    assert not right.view.link_mode
    assert src in left.view.linked and tgt in right.view.linked
    # inspector lists the link; activating it scrolls the other pane to the target and flashes it
    right.view.scroll_to(0, 1)
    left.view.select_span(src)
    w.set_current_pane(left)
    w.inspector.show_span(src)
    assert w.inspector.links.count() == 1
    assert "distorts" in w.inspector.links.item(0).text()
    before = right.view.verticalScrollBar().value()
    w.inspector.links.itemActivated.emit(w.inspector.links.item(0))
    qtbot.waitUntil(lambda: right.view.selected_id == tgt)
    assert right.view._flash_id == tgt
    assert right.view.verticalScrollBar().value() > before
    blocks, lo, hi = right.view.visible_range()
    assert lo <= j < hi
    right.view.grab()
    # and back from the target's inspector to the source
    w.inspector.show_span(tgt)
    assert "←" in w.inspector.links.item(0).text()
    w.acts["undo"].trigger()
    assert project.links() == [] and tgt not in right.view.linked


def test_link_to_same_span_is_refused_and_esc_cancels(qtbot, project):
    (a,) = add_docs(project, SOURCE)
    w = make_window(qtbot, project)
    w.open_document(a)
    project.add_span(a, 4, 12, "QUOTE")
    view = w.current_pane().view
    sid = project.spans()[0].id
    view.select_span(sid)
    assert w.start_link()
    view.click_at(point_of(view, 5))
    assert project.links() == [] and w.link_source == sid
    w.acts["clear"].trigger()
    assert w.link_source is None and not view.link_mode


def test_double_click_a_link_whose_document_is_not_open(qtbot, project):
    """Opens the other document once (no AttributeError from a list refilled under the click)."""
    import sys

    from PySide6.QtCore import Qt

    a, b, c = add_docs(project, SOURCE, RETOLD, "A third document.", titles=["Source", "Retelling", "Third"])
    i = SOURCE.index("We will cut")
    src = next(iter(project.add_span(a, i, i + 11, "QUOTE").added["span"]))
    j = RETOLD.index("the tax will")
    tgt = next(iter(project.add_span(b, j, j + 12, "CLAIM").added["span"]))
    project.add_link(src, tgt, "distorts")
    w = make_window(qtbot, project)
    w.compare([a, c])  # the retelling is open nowhere
    errors = []
    hook = sys.excepthook
    sys.excepthook = lambda *e: errors.append(e)
    try:
        left = w.panes()[0]
        left.view.select_span(src)
        settle()
        links = w.inspector.links
        assert links.count() == 1
        rect = links.visualItemRect(links.item(0))
        # a user's double-click: press and release, then the second press arrives as a double-click
        qtbot.mouseClick(links.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(links.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.wait(50)
    finally:
        sys.excepthook = hook
    assert errors == []
    assert [p.doc_id for p in w.panes()].count(b) == 1  # opened once, in a pane other than the source's
    assert left.doc_id == a
    shown = next(p for p in w.panes() if p.doc_id == b)
    assert shown.view._flash_id == tgt
