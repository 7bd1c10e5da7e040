"""A key press repaints only the lines it changed (and the lines of spans whose lanes it moved), and what is
on screen afterwards is exactly what a full repaint shows; the side views follow on the next pass."""

from __future__ import annotations

import numpy
from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QImage

from ui_helpers import add_docs, make_window, press, select_utf16, settle

WORDS = ("the minister said that forty two percent of voters were angry about the plan according to officials "
         "who called it misleading").split()
TEXT = "\n\n".join(" ".join(WORDS[(p * 7 + i) % len(WORDS)] for i in range(90)) for p in range(12))


class Paints(QObject):
    def __init__(self):
        super().__init__()
        self.rects = []

    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            self.rects.append(event.rect())
        return False


def on_screen(view):
    """The viewport as it is in the window's backing store now (what was last painted, not a fresh render)."""
    vp = view.viewport()
    tl = vp.mapTo(view.window(), vp.rect().topLeft())
    img = view.screen().grabWindow(view.window().winId(), tl.x(), tl.y(), vp.width(), vp.height()).toImage()
    img = img.convertToFormat(QImage.Format.Format_RGB32)
    arr = numpy.frombuffer(img.constBits(), dtype=numpy.uint32, count=img.height() * img.bytesPerLine() // 4)
    return arr.reshape(img.height(), img.bytesPerLine() // 4)[:, :img.width()].copy()


def test_label_key_repaints_a_band_that_equals_a_full_repaint(qtbot, project):
    (doc,) = add_docs(project, TEXT)
    p1 = TEXT.index("\n\n") + 2  # the second paragraph: a chain of overlapping spans over several lines
    project.add_span(doc, p1, p1 + 120, "QUOTE")
    project.add_span(doc, p1 + 100, p1 + 180, "CLAIM")
    project.add_span(doc, p1 + 170, p1 + 420, "FIGURE")  # lane 0 until the new span
    far = TEXT.index("\n\n", p1) + 2
    project.add_span(doc, far + 10, far + 40, "FRAMING")
    w = make_window(qtbot, project)
    pane = w.open_document(doc)
    view = pane.view
    view.finish_loading()
    settle()
    view.viewport().repaint()
    paints = Paints()
    view.viewport().installEventFilter(paints)
    # the new span takes lane 0 from the FIGURE span, whose lines run on below the new span's own lines
    select_utf16(view, view.offsets.to_qt(p1 + 140), view.offsets.to_qt(p1 + 175))
    paints.rects.clear()
    press(qtbot, view, "2")
    settle()
    assert len(project.spans(doc)) == 5
    height = view.viewport().height()
    assert paints.rects and all(r.height() < height * 0.8 for r in paints.rects), [r for r in paints.rects]
    shown = on_screen(view)
    view.viewport().repaint()
    full = on_screen(view)
    assert (shown != full).sum() == 0  # every moved lane was repainted, nothing stale is left
    # and the band reached the FIGURE span's last line, below the new span's lines
    cur = view.textCursor()
    cur.setPosition(view.offsets.to_qt(p1 + 419))
    bottom_of_c = view.cursorRect(cur).bottom()
    assert any(r.top() <= bottom_of_c <= r.bottom() + 1 for r in paints.rects)


def _first_key(qtbot, project):
    """A window on TEXT, a few characters selected and the QUOTE key pressed (the event loop not run since)."""
    (doc,) = add_docs(project, TEXT)
    w = make_window(qtbot, project)
    view = w.open_document(doc).view
    view.finish_loading()
    select_utf16(view, 4, 12)
    view.setFocus()
    qtbot.keyClick(view, "1")
    return w, view


def test_side_views_follow_on_the_next_pass_and_miss_nothing(qtbot, project):
    w, view = _first_key(qtbot, project)  # adds a QUOTE span ...
    sid = view.selected_id
    assert sid is not None and view.index.get(sid) is not None  # ... shown in the view at once
    qtbot.keyClick(view, "2")  # ... relabelled before the event loop ran again
    settle()
    assert w.inspector.span_id == sid and w.inspector.label.currentText() == "CLAIM"
    assert "CLAIM" in w._message.text() or "All changes saved" in w._message.text()
    assert project.span(sid).label == "CLAIM"


def test_closing_the_window_right_after_a_key_drops_the_pending_side_view_updates(qtbot, project):
    """A label key and at once File > Close (or the project switched): the inspector update waiting for the next
    pass must not run against the closed project (it raised 'closed database' from a timer)."""
    import sys

    w, view = _first_key(qtbot, project)
    assert w.later.timer.isActive()  # the inspector waits for the next pass
    errors = []
    hook, sys.excepthook = sys.excepthook, lambda *e: errors.append(e)
    try:
        w.close()
        project.backend.close()  # as File > Close does after the window
        settle()
        qtbot.wait(20)
    finally:
        sys.excepthook = hook
    assert errors == [] and not w.later.timer.isActive()
