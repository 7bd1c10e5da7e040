"""Window layout on real screen sizes: panes shrink so four fit beside both docks on 1920 px (two on 1366 px
and at 150% scaling), docks keep a usable width across restarts, count badges are cut at the right,
restored geometry stays on the screen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt

from ui_helpers import add_docs, make_window, pixels, rgb

TITLES = [f"A rather long title, number {i}, about the Aliyev interview and its retellings" for i in range(4)]


@pytest.fixture
def four(qtbot, project):
    ids = add_docs(project, *[f"Document {i} says things. " * 40 for i in range(4)], titles=TITLES)
    return make_window(qtbot, project), ids


def _frame_extra(w) -> int:
    return w.frameGeometry().width() - w.geometry().width()


@pytest.mark.parametrize("screen_width,panes", [(1920, 4), (1366, 2), (1920 / 1.5, 4), (1366 / 1.5, 2)])
def test_panes_and_both_docks_fit_the_screen(qtbot, four, screen_width, panes):
    w, ids = four
    w.compare(ids[:panes])
    qtbot.wait(10)
    assert len(w.panes()) == panes and w.docs.isVisible() and w.inspector.isVisible()
    assert w.minimumSizeHint().width() + _frame_extra(w) <= screen_width
    w.resize(int(screen_width), 700)
    qtbot.wait(10)
    assert w.width() <= screen_width
    assert w.docs.width() >= 200 and w.inspector.width() >= 200
    assert all(p.width() >= 150 for p in w.panes())


def test_docs_dock_keeps_a_usable_width_across_restarts(qtbot, project):
    from annotator.ui import settings
    from annotator.ui.mainwindow import MainWindow

    add_docs(project, "One text.", "Two text.")
    w = make_window(qtbot, project)
    w.resizeDocks([w.docs], [60], Qt.Orientation.Horizontal)  # the user drags the dock's edge far left
    qtbot.wait(10)
    assert w.docs.width() >= 200
    settings.save_window(w)
    again = MainWindow(project)
    qtbot.addWidget(again)
    settings.restore_window(again)
    again.show()
    qtbot.waitExposed(again)
    assert again.docs.width() >= 200
    again.close()


def test_pane_counts_are_cut_at_the_right_in_a_narrow_pane(qtbot, four, project):
    w, ids = four
    w.resize(1300, 700)
    w.compare(ids)
    qtbot.wait(10)
    pane = w.panes()[0]
    pane.view.finish_loading()
    pane.update_counts()
    counts = pane.counts
    names = [lb.name for lb in project.labels()]
    fm = counts.fontMetrics()
    from PySide6.QtGui import QTextDocument

    doc = QTextDocument()
    doc.setHtml(counts.text())
    shown = doc.toPlainText()
    assert fm.horizontalAdvance(shown) <= counts.width()  # nothing runs past the pane's edge
    assert shown.startswith(f"■ {names[0]} 0")  # the first label first, whole
    assert shown.endswith("…") and names[-1] not in shown  # later ones cut, and the cut is marked
    assert all(name in counts.toolTip() for name in names)
    assert counts.toolTip().startswith("Accepted spans per label")
    title = pane.title
    assert title.text().endswith("…") and title.fontMetrics().horizontalAdvance(title.text()) <= title.width()


def test_fit_chips_by_hand():
    from annotator.ui.docs_list import fit_chips

    assert fit_chips([20, 20, 20], 66, ellipsis=8) == 3  # 20+3+20+3+20 = 66: all fit, no "…"
    assert fit_chips([20, 20, 20], 65, ellipsis=8) == 2  # 23+23 then "…" (8) = 54 <= 65
    assert fit_chips([20, 20, 20], 40, ellipsis=8) == 1
    assert fit_chips([20, 20, 20], 20, ellipsis=8) == 0


def test_document_list_badges_start_with_the_first_label_when_narrow(qtbot, project):
    from PySide6.QtGui import QColor
    from PySide6.QtWidgets import QTreeWidget

    from annotator.ui.colors import label_color
    from annotator.ui.docs_list import DocDelegate, DocItem

    labels = [(lb.name, lb.color) for lb in project.labels()]
    tree = QTreeWidget()
    qtbot.addWidget(tree)
    tree.setHeaderHidden(True)
    tree.setColumnCount(3 + len(labels))
    delegate = DocDelegate(tree)
    delegate.labels = labels
    tree.setItemDelegateForColumn(0, delegate)
    tree.addTopLevelItem(DocItem(["A title", "Outlet", "2024-01-01"] + ["12", "345", "6789", "10"]))
    tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    tree.setColumnWidth(0, 90)
    tree.resize(100, 120)
    tree.show()
    qtbot.waitExposed(tree)
    rect = tree.visualItemRect(tree.topLevelItem(0))
    px = pixels(tree)
    y = rect.bottom() - 8  # the chip line
    row = [rgb(v) for v in px[y, rect.left():rect.left() + 90]]

    def near(a, c: QColor) -> bool:
        return sum(abs(a[i] - (c.red(), c.green(), c.blue())[i]) for i in range(3)) < 40

    colours = [label_color(c, False) for _n, c in labels]
    seen = []
    for p in row:
        for k, c in enumerate(colours):
            if near(p, c) and (not seen or seen[-1] != k):
                seen.append(k)
    assert seen, "no count chip painted"
    assert seen == list(range(len(seen))), f"chips painted in order {seen}: the first is cut off or missing"
    assert len(seen) < len(labels)


def test_fit_rect_by_hand():
    from annotator.ui.settings import fit_rect

    area = QRect(0, 0, 1280, 696)
    assert fit_rect(QRect(100, 50, 800, 600), area) == QRect(100, 50, 800, 600)
    assert fit_rect(QRect(200, 100, 1728, 972), area) == QRect(0, 0, 1280, 696)
    assert fit_rect(QRect(900, 500, 600, 400), area) == QRect(680, 296, 600, 400)
    assert fit_rect(QRect(-50, -20, 600, 400), QRect(0, 30, 1280, 666)) == QRect(0, 30, 600, 400)


def test_restored_geometry_is_clamped_to_the_screen(qtbot, project):
    from annotator.ui import settings
    from annotator.ui.mainwindow import MainWindow

    add_docs(project, "One text.")
    w = make_window(qtbot, project)
    area = w.screen().availableGeometry()
    w.setGeometry(area.x() + 300, area.y() + 200, area.width() + 900, area.height() + 400)  # a larger screen's
    settings.save_window(w)
    again = MainWindow(project)
    qtbot.addWidget(again)
    settings.restore_window(again)
    again.show()
    qtbot.waitExposed(again)
    qtbot.waitUntil(lambda: area.contains(again.frameGeometry()))
    assert again.frameGeometry().width() >= area.width() - 40  # as large as the screen allows, not shrunk away
    again.close()


def test_a_window_widened_for_another_pane_stays_on_the_screen(qtbot, project):
    add_docs(project, "One text.", "Two text.")
    w = make_window(qtbot, project)
    w.inspector.hide()
    area = w.screen().availableGeometry()
    w.resize(w.minimumSizeHint().width() + 10, 500)
    w.move(area.right() - w.frameGeometry().width() - 5, area.y() + 20)  # near the screen's right edge
    qtbot.waitUntil(lambda: area.contains(w.frameGeometry()))
    width = w.frameGeometry().width()
    while w.minimumSizeHint().width() + _frame_extra(w) <= width:  # until the window must widen
        w.add_pane()
    assert w.minimumSizeHint().width() + _frame_extra(w) <= area.width()
    qtbot.wait(20)
    assert w.frameGeometry().width() > width
    qtbot.waitUntil(lambda: area.contains(w.frameGeometry()))


def test_a_window_saved_small_comes_back_usable_on_a_larger_screen(qtbot, project):
    """Found in a real window: maximised on a 1366x768 screen and quit, the next start on 1920x1080 opened a
    1146x432 window (its normal size from the small screen). A restored window below 60% of the available area
    in either direction is given 90% of it, as on a first start; one saved large enough is left as it was."""
    from annotator.ui import settings
    from annotator.ui.mainwindow import MainWindow

    add_docs(project, "One text.")
    w = make_window(qtbot, project)
    area = w.screen().availableGeometry()
    for saved, kept in (((int(area.width() * 0.5), int(area.height() * 0.4)), False),
                        ((int(area.width() * 0.8), int(area.height() * 0.8)), True)):
        w.showNormal()
        w.setGeometry(area.x() + 10, area.y() + 10, *saved)
        qtbot.wait(10)
        saved = (w.width(), w.height())  # (the window's minimum width may exceed what was asked)
        settings.save_window(w)
        again = MainWindow(project)
        qtbot.addWidget(again)
        settings.restore_window(again)
        size = (again.width(), again.height())
        if kept:
            assert abs(size[0] - saved[0]) <= 2 and abs(size[1] - saved[1]) <= 2, (size, saved)
        else:
            assert size[0] >= 0.85 * area.width() and size[1] >= 0.85 * area.height(), (size, area)
        again.close()
