"""Scrolling a long document: the page beyond the viewport is laid out and measured on idle after a page step."""

from __future__ import annotations

import pytest
from ui_helpers import add_docs, make_window

from annotator.core import NewSpan
from annotator.ui.highlight import SpanPainter, visible_blocks

PARA = ("The minister said that 42 percent of voters were angry about the plan, according to officials "
        "who called it misleading 😀 reports claimed. ") * 3


@pytest.fixture
def view(qtbot, project):
    text = "\n\n".join(f"{i}. {PARA}" for i in range(300))
    (doc_id,) = add_docs(project, text)
    spans, pos = [], 0
    while pos < len(text) - 400:  # overlapping spans of all labels, some across paragraphs
        spans.append(NewSpan(pos, pos + 37 + pos % 290, ["QUOTE", "CLAIM", "FIGURE", "FRAMING"][pos % 4]))
        pos += 61
    project.add_spans(doc_id, spans)
    w = make_window(qtbot, project)
    w.open_document(doc_id)
    v = w.current_pane().view
    v.finish_loading()
    qtbot.wait(10)
    return v


def laid(block) -> bool:
    return block.layout().lineCount() > 0


def around(view, direction: int, pages: float):
    """The block about ``pages`` viewport heights below the viewport's bottom (or above its top)."""
    shown = visible_blocks(view)
    block, tl = shown[-1] if direction > 0 else shown[0]
    y = tl.y() + view.blockBoundingRect(block).height() - view.viewport().height() if direction > 0 else -tl.y()
    target = pages * view.viewport().height()
    while block.isValid() and y < target:
        block = block.next() if direction > 0 else block.previous()
        y += 60  # a paragraph is taller than this, a blank line shorter: stay short of the target
    return block


def test_page_step_prepares_next_page_in_scroll_direction(qtbot, view):
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    qtbot.wait(10)
    bar.setValue(bar.value() + bar.pageStep())
    view.viewport().repaint()
    assert view._ahead.isActive()
    far = around(view, 1, 3)
    qtbot.waitUntil(lambda: not view._ahead.isActive())
    near = around(view, 1, 0.7)
    assert laid(near) and near.blockNumber() in view.painter.geometry.blocks
    assert not laid(far)  # bounded: about one page ahead, not more

    bar.setValue(bar.value() - bar.pageStep())  # and upwards when scrolling up
    view.viewport().repaint()
    up_far = around(view, -1, 3)
    qtbot.waitUntil(lambda: not view._ahead.isActive())
    up_near = around(view, -1, 0.7)
    assert laid(up_near) and up_near.blockNumber() in view.painter.geometry.blocks
    assert not laid(up_far)


def test_small_scrolls_prepare_nothing(qtbot, view):
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum() // 3)
    qtbot.waitUntil(lambda: not view._ahead.isActive())
    bar.setValue(bar.value() + 1)  # a line, as the cursor kept in view or a wheel notch does
    assert not view._ahead.isActive()


def test_prepared_geometry_paints_the_same_rectangles(qtbot, view):
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum() // 4)
    view.viewport().repaint()
    bar.setValue(bar.value() + bar.pageStep())  # prepares the page below, then shows it
    qtbot.waitUntil(lambda: not view._ahead.isActive())
    bar.setValue(bar.value() + bar.pageStep())
    blocks, a, b = view.visible_range()
    spans = view.visible_spans(blocks, a, b)
    cached = view.painter.layout(blocks, spans)
    fresh = SpanPainter(view).layout(blocks, spans)
    assert len(cached) > 10
    assert [(s.id, lane, [r.getRect() for r in rects]) for s, lane, rects in cached] == \
        [(s.id, lane, [r.getRect() for r in rects]) for s, lane, rects in fresh]
