"""Trace to Source in the app: link markers and connectors, the comparison matrix, outlet charts."""

from __future__ import annotations

import struct
import xml.dom.minidom

import pytest
from PySide6.QtCore import QPoint, Qt

from annotator.core import NewDocument
from tests.ui_helpers import make_window

SOURCE = ("Interviewer: What happened to prices?\n"
          "Minister: Inflation was 5 percent last year, and we expect it to fall.\n"
          "Minister: We will not raise taxes on pensions.\n"
          "Minister: The grain deal covers 12 ports on the Black Sea.\n") * 3
RET_A = ("The minister said inflation was 5 percent last year. He promised not to raise taxes on pensions. "
         "Filler sentence about weather. " * 2)
RET_B = "Inflation hit 7 percent, the minister admitted. The deal covers twelve ports."


def _docs(project):
    res = project.add_documents([
        NewDocument(text=SOURCE, title="Interview transcript", outlet=""),
        NewDocument(text=RET_A, title="Prices story", outlet="Daily News"),
        NewDocument(text=RET_B, title="Inflation story", outlet="Global Wire"),
    ])
    return res.added


def _span(project, doc_id, text, needle, label, occurrence=0):
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(needle, start + 1)
    change = project.add_span(doc_id, start, start + len(needle), label)
    return next(iter(change.added["span"]))


@pytest.fixture
def traced(project):
    """Transcript + two retellings with accepted links (retelling span -> source span)."""
    src, a, b = _docs(project)
    if "quotes" not in {t.name for t in project.link_types()}:  # a default type once m002 is in
        project.add_link_type("quotes")
    s_infl = _span(project, src, SOURCE, "Inflation was 5 percent last year", "FIGURE")
    s_tax = _span(project, src, SOURCE, "We will not raise taxes on pensions", "CLAIM")
    s_deal = _span(project, src, SOURCE, "The grain deal covers 12 ports", "CLAIM")
    a_infl = _span(project, a, RET_A, "inflation was 5 percent last year", "FIGURE")
    a_tax = _span(project, a, RET_A, "promised not to raise taxes on pensions", "CLAIM")
    b_infl = _span(project, b, RET_B, "Inflation hit 7 percent", "FIGURE")
    b_deal = _span(project, b, RET_B, "The deal covers twelve ports", "CLAIM")
    links = {}
    for name, (s, t, kind) in {"a_infl": (a_infl, s_infl, "quotes"), "a_tax": (a_tax, s_tax, "paraphrases"),
                               "b_infl": (b_infl, s_infl, "distorts"), "b_deal": (b_deal, s_deal, "paraphrases")}.items():
        links[name] = next(iter(project.add_link(s, t, kind).added["link"]))
    return dict(src=src, a=a, b=b, s_infl=s_infl, s_tax=s_tax, s_deal=s_deal, a_infl=a_infl, a_tax=a_tax,
                b_infl=b_infl, b_deal=b_deal, links=links)


def _side_by_side(qtbot, project, left, right):
    w = make_window(qtbot, project)
    w.compare([left, right])
    for p in w.panes():
        p.view.finish_loading()
    qtbot.wait(30)  # strips sync on the next event loop turn (and again when the splitter settles)
    qtbot.waitUntil(lambda: not w.trace.layer._sync_timer.isActive())
    return w


# -- markers and connectors -------------------------------------------------------------------
def test_markers_line_up_with_linked_spans(qtbot, project, traced):
    w = _side_by_side(qtbot, project, traced["src"], traced["a"])
    left, right = w.panes()
    layer = w.trace.layer
    ls, rs = layer.strip(left, "right"), layer.strip(right, "left")
    assert ls is not None and rs is not None
    assert layer.strip(left, "left") is None and layer.strip(right, "right") is None
    # the strips sit in reserved margins beside the text column, not over the text
    assert left.view.reserved == (0, 14) and right.view.reserved == (14, 0)
    assert ls.geometry().left() > left.view.viewport().geometry().right()
    assert rs.geometry().right() < right.view.viewport().geometry().left()
    got = {e.id for e, _t, _b in ls.markers()}
    # the source spans linked to anything visible (the first screen), all of them here
    assert {traced["s_infl"], traced["s_tax"], traced["s_deal"]} <= got
    marks = {e.id: (t, b) for e, t, b in rs.markers()}
    assert set(marks) == {traced["a_infl"], traced["a_tax"]}
    # a marker spans the lines of its span: compare with the text cursor's rectangle for the span start
    v = right.view
    start = RET_A.index("promised not")
    c = v.textCursor()
    c.setPosition(v.offsets.to_qt(start))
    y = v.cursorRect(c).center().y()
    top, bottom = marks[traced["a_tax"]]
    assert top - 1 <= y <= bottom + 1


def test_connectors_join_the_pair_when_both_visible(qtbot, project, traced):
    w = _side_by_side(qtbot, project, traced["src"], traced["a"])
    left, right = w.panes()
    gap = w.trace.layer.gap(left, right)
    curves = w.trace.layer.curves(gap, left, right)
    both = {e.link_id for _a, _b, e, vis in curves if vis}
    assert both == {traced["links"]["a_infl"], traced["links"]["a_tax"]}
    # a connector runs from the left pane's strip to the right pane's strip
    (x1, _y1), (x2, _y2), _e, _v = next(c for c in curves if c[3])
    lx = left.view.mapTo(w, QPoint(0, 0)).x() + left.view.width()
    rx = right.view.mapTo(w, QPoint(0, 0)).x()
    ox = gap.pos().x()
    assert x1 + ox <= lx + 1 and x2 + ox >= rx - 1 and x1 < x2
    # the overlay covers only the gap between the two text columns, never text
    assert gap.geometry().left() >= left.view.viewport().mapTo(w, QPoint(left.view.viewport().width(), 0)).x()
    assert gap.geometry().right() < right.view.viewport().mapTo(w, QPoint(0, 0)).x()


def test_markers_only_for_visible_spans(qtbot, project):
    long_src = "".join(f"Line {i} of the transcript says something.\n" for i in range(3000))
    src, ret = project.add_documents([NewDocument(text=long_src, title="Long"),
                                      NewDocument(text="Line 2900 of the transcript says something.", title="R")]).added
    if "quotes" not in {t.name for t in project.link_types()}:
        project.add_link_type("quotes")
    a = next(iter(project.add_span(src, long_src.index("Line 2900 "), long_src.index("Line 2900 ") + 9, "CLAIM").added["span"]))
    b = next(iter(project.add_span(ret, 0, 9, "CLAIM").added["span"]))
    project.add_link(b, a, "quotes")
    w = _side_by_side(qtbot, project, src, ret)
    left, right = w.panes()
    ls = w.trace.layer.strip(left, "right")
    assert ls.markers() == []  # far below the first screen
    # the right pane's marker points at the bottom edge (partner below the visible part)
    gap = w.trace.layer.gap(left, right)
    curves = w.trace.layer.curves(gap, left, right)
    assert len(curves) == 1 and not curves[0][3]
    (x1, y1), (x2, y2), _e, _both = curves[0]
    assert y1 > y2 and x1 < x2  # a stub from below-left into the right pane's marker: the partner is below
    # clicking the right pane's marker scrolls the left pane to the partner and lines them up
    rs = w.trace.layer.strip(right, "left")
    (end, top, bottom), = rs.markers()
    qtbot.mouseClick(rs, Qt.MouseButton.LeftButton, pos=QPoint(7, int((top + bottom) / 2)))
    qtbot.wait(20)
    assert left.view.selected_id == a
    (e2, t2, b2), = ls.markers()
    assert e2.id == a
    gl = ls.mapToGlobal(QPoint(0, int(t2))).y()
    gr = rs.mapToGlobal(QPoint(0, int(top))).y()
    assert abs(gl - gr) <= left.view.fontMetrics().lineSpacing() + 2


def test_markers_follow_changes_and_rejected_hidden(qtbot, project, traced):
    w = _side_by_side(qtbot, project, traced["src"], traced["a"])
    _left, right = w.panes()
    rs = w.trace.layer.strip(right, "left")
    project.remove_links([traced["links"]["a_tax"]])
    assert {e.id for e, _t, _b in rs.markers()} == {traced["a_infl"]}
    project.undo()
    assert {e.id for e, _t, _b in rs.markers()} == {traced["a_infl"], traced["a_tax"]}


def test_single_pane_reserves_nothing(qtbot, project, traced):
    w = make_window(qtbot, project)
    w.open_document(traced["a"])
    qtbot.wait(20)
    assert w.panes()[0].view.reserved == (0, 0)
    assert not w.trace.layer.strips


# -- the comparison matrix --------------------------------------------------------------------------
def _table(win):
    m = win.model
    out = []
    for r in range(m.rowCount()):
        out.append([m.index(r, c).data() for c in range(m.columnCount())])
    return out


def test_comparison_matrix_contents(qtbot, project, traced):
    w = make_window(qtbot, project)
    win = w.trace.open_comparison(traced["src"])
    qtbot.addWidget(win)
    model = win.model
    heads = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert heads == ["Source passage", "Daily News", "Global Wire", "Outlets"]
    assert not win.layer.isVisibleTo(win)  # one annotator: no layer to choose
    rows = _table(win)
    # one row per linked source passage, in source order
    assert [r[0] for r in rows] == ["Inflation was 5 percent last year", "We will not raise taxes on pensions",
                                    "The grain deal covers 12 ports"]
    assert rows[0][1] == "quotes: inflation was 5 percent last year"
    assert rows[0][2] == "distorts: Inflation hit 7 percent"
    assert rows[0][3] == "2 · 1 distorting"
    assert rows[1][1].startswith("paraphrases: ") and rows[1][2] is None and rows[1][3] == "1"
    assert rows[2][1] is None and rows[2][2] == "paraphrases: The deal covers twelve ports"
    # relation colour on the cell
    assert win.model.index(0, 2).data(Qt.ItemDataRole.DecorationRole).name() == "#c62828"
    # the hover shows the diff with the changed figure emphasised
    tip = win.model.index(0, 2).data(Qt.ItemDataRole.ToolTipRole)
    assert "background:#ffe082" in tip and "5" in tip and "7" in tip
    # suggested links only with "Accepted and suggested", marked and in italics
    s = _span(project, traced["b"], RET_B, "the minister admitted", "CLAIM")
    project.add_link(s, traced["s_tax"], "paraphrases", status="suggested", score=0.4)
    win.reload()
    assert _table(win)[1][2] is None
    win.status.setCurrentIndex(win.status.findData("all"))
    assert _table(win)[1][2] == "paraphrases (suggested): the minister admitted"
    assert win.model.index(1, 2).data(Qt.ItemDataRole.FontRole).italic()


def test_comparison_filters_and_sort(qtbot, project, traced):
    w = make_window(qtbot, project)
    win = w.trace.open_comparison(traced["src"])
    qtbot.addWidget(win)
    win.relation.setCurrentIndex(win.relation.findData("distorts"))
    assert [r[0] for r in _table(win)] == ["Inflation was 5 percent last year"]
    win.relation.setCurrentIndex(0)
    win.label.setCurrentIndex(win.label.findData("CLAIM"))
    assert [r[0] for r in _table(win)] == ["We will not raise taxes on pensions", "The grain deal covers 12 ports"]
    win.label.setCurrentIndex(0)
    # most distorted first: the deal passage gets two distortions, the inflation passage has one
    a_deal = _span(project, traced["a"], RET_A, "Filler sentence about weather", "CLAIM")
    project.add_link(a_deal, traced["s_deal"], "distorts")
    project.update_link(traced["links"]["b_deal"], link_type="distorts")
    qtbot.waitUntil(lambda: not win._reload_timer.isActive())  # the matrix follows the edits once they settle
    win.order.setCurrentIndex(1)
    rows = _table(win)
    assert [(r[0], r[3]) for r in rows] == [("The grain deal covers 12 ports", "2 · 2 distorting"),
                                            ("Inflation was 5 percent last year", "2 · 1 distorting"),
                                            ("We will not raise taxes on pensions", "1")]
    win.order.setCurrentIndex(0)
    assert [r[0] for r in _table(win)] == ["Inflation was 5 percent last year", "We will not raise taxes on pensions",
                                           "The grain deal covers 12 ports"]


def test_comparison_export_html(qtbot, project, traced, tmp_path):
    w = make_window(qtbot, project)
    win = w.trace.open_comparison(traced["src"])
    qtbot.addWidget(win)
    win.label.setCurrentIndex(win.label.findData("CLAIM"))
    assert win.export(str(tmp_path / "cmp.html"))
    html = (tmp_path / "cmp.html").read_text()
    assert "We will not raise taxes on pensions" in html and "Inflation was 5 percent" not in html
    assert win.export(str(tmp_path / "cmp.csv"))
    assert (tmp_path / "cmp.csv").read_text().count("\n") >= 3  # header + the two CLAIM passages


def test_comparison_click_opens_pair(qtbot, project, traced):
    w = make_window(qtbot, project)
    win = w.trace.open_comparison(traced["src"])
    qtbot.addWidget(win)
    index = win.model.index(0, 2)  # Global Wire's distortion of the inflation passage
    win.open_pair(index)
    assert w.open_doc_ids() == [traced["src"], traced["b"]]
    assert w.pane_for_doc(traced["b"]).view.selected_id == traced["b_infl"]
    assert w.pane_for_doc(traced["src"]).view.selected_id == traced["s_infl"]


# -- charts ---------------------------------------------------------------------------------------
def test_chart_counts(project, traced):
    from annotator.io.compare import build_matrix
    from annotator.ui.trace.charts import chart_data

    # an extra accepted span in a retelling with no link still counts for its label
    _span(project, traced["b"], RET_B, "the minister admitted", "QUOTE")
    labels, relations = chart_data(build_matrix(project, traced["src"]), project.labels())
    assert labels.outlets == ["Daily News", "Global Wire"]
    assert labels.values("FIGURE") == [1, 1]
    assert labels.values("CLAIM") == [1, 1]
    assert labels.values("QUOTE") == [0, 1]
    assert relations.values("quotes") == [1, 0]
    assert relations.values("paraphrases") == [1, 1]
    assert relations.values("distorts") == [0, 1]


def test_chart_export_png_and_svg(qtbot, project, traced, tmp_path):
    from annotator.ui.trace.charts import export_plot

    w = make_window(qtbot, project)
    win = w.trace.open_charts(traced["src"])
    qtbot.addWidget(win)
    qtbot.waitExposed(win)
    links_plot = win.plots[1]
    png = export_plot(project, links_plot, tmp_path / "links.png")
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert width >= 800 and height > 100
    svg = export_plot(project, links_plot, tmp_path / "links.svg")
    doc = xml.dom.minidom.parse(str(svg))
    assert doc.documentElement.tagName == "svg"
    # the expected bars: 4 non-zero relation bars (quotes 1, paraphrases 1+1, distorts 1) are drawn as
    # paths/rects; the outlet names appear as tick labels
    text = svg.read_text()
    for outlet in ("Daily News", "Global Wire"):
        assert outlet in text
    for colour in ("#2e7d32", "#1565c0", "#c62828"):  # quotes, paraphrases, distorts bars in the vector file
        assert colour in text
    bars = [b for b in links_plot.getPlotItem().items if b.__class__.__name__ == "BarGraphItem"]
    assert [list(b.opts["height"]) for b in bars] == [[1, 0], [1, 1], [0, 1]]  # quotes, paraphrases, distorts
    legend = links_plot.getPlotItem().legend
    assert [label.text for _sample, label in legend.items] == ["quotes", "paraphrases", "distorts"]
    assert not list(tmp_path.glob(".*part*"))  # no temporary file left behind


def test_chart_export_refuses_project_file(qtbot, project, traced):
    from annotator.core.errors import AnnotatorError
    from annotator.ui.trace.charts import export_plot

    w = make_window(qtbot, project)
    win = w.trace.open_charts(traced["src"])
    qtbot.addWidget(win)
    before = open(project.path, "rb").read()
    with pytest.raises(AnnotatorError):
        export_plot(project, win.plots[0], project.path + "-wal", "png")
    with pytest.raises(AnnotatorError):
        export_plot(project, win.plots[0], project.path, "png")
    assert open(project.path, "rb").read() == before


def test_markers_with_astral_text(qtbot, project):
    """Emoji, flags, RTL and CJK before the linked spans: markers sit on the span's line (offsets via ui/offsets)."""
    lines = [f"{'😀🇺🇦' * (i % 5)} שלום 中文 line {i} of the source text." for i in range(60)]
    src_text = "\n".join(lines)
    ret_text = "🇺🇦 Retold: " + lines[40]
    src, ret = project.add_documents([NewDocument(text=src_text, title="S"), NewDocument(text=ret_text, title="R")]).added
    a0 = src_text.index(lines[40])
    a = next(iter(project.add_span(src, a0, a0 + len(lines[40]), "QUOTE").added["span"]))
    b0 = ret_text.index(lines[40])
    b = next(iter(project.add_span(ret, b0, b0 + len(lines[40]), "QUOTE").added["span"]))
    project.add_link(b, a, "quotes")
    w = _side_by_side(qtbot, project, src, ret)
    left, right = w.panes()
    left.view.scroll_to(a0, a0 + 5)
    qtbot.wait(10)
    (end, top, bottom), = w.trace.layer.strip(left, "right").markers()
    assert end.id == a
    c = left.view.textCursor()
    c.setPosition(left.view.offsets.to_qt(a0 + len(lines[40]) - 3))  # the span's last characters
    y = left.view.cursorRect(c).center().y()
    assert top - 1 <= y <= bottom + 1
    # labelling an unlinked span does not rebuild the link map; removing a linked one does
    version = w.trace.layer.map.version
    project.add_span(src, 0, 4, "CLAIM")
    assert w.trace.layer.map.version == version
    project.remove_spans([b])
    assert w.trace.layer.map.version > version
    assert w.trace.layer.strip(left, "right").markers() == []


@pytest.mark.parametrize("top", [1, 2, 3, 7, 40, 1234])
def test_chart_count_axis_has_whole_numbers_only(qtbot, top):
    """Found in a real window: with 3 spans at most the count axis read 0, 0.5, 1, 1.5, 2, 2.5, 3."""
    from annotator.ui.trace.charts import ChartData, make_plot

    data = ChartData(["A", "B"], [("CLAIM", "#c00")], {("A", "CLAIM"): top, ("B", "CLAIM"): 1})
    plot = make_plot(data, "Spans per label")
    qtbot.addWidget(plot)
    axis = plot.getPlotItem().getAxis("left")
    values = [v for _spacing, level in axis.tickValues(0, top * 1.15, 300) for v in level]
    assert values and all(float(v).is_integer() for v in values), values
    assert 2 <= len({v for v in values if 0 <= v <= top * 1.15}) <= 12  # a readable number of ticks


def test_hidden_layers_get_no_markers_or_connectors(qtbot, project, traced):
    """Found in a real window: with an annotator's layer hidden (Annotators dock) their spans disappeared but the
    link markers and connectors of their links stayed, pointing at nothing."""
    project.set_annotator("ben")  # ben links one more pair of his own
    b_span = _span(project, traced["a"], RET_A, "Filler sentence about weather", "CLAIM")
    s_span = _span(project, traced["src"], SOURCE, "Interviewer: What happened to prices?", "CLAIM")
    ben_link = next(iter(project.add_link(b_span, s_span, "paraphrases").added["link"]))
    mine = {traced["links"]["a_infl"], traced["links"]["a_tax"]}
    w = _side_by_side(qtbot, project, traced["src"], traced["a"])
    left, right = w.panes()
    layer = w.trace.layer
    rs = layer.strip(right, "left")

    def shown():
        gap = layer.gap(left, right)
        return ({e.link_id for e, _t, _b in rs.markers()},
                {e.link_id for _a, _b, e, vis in layer.curves(gap, left, right) if vis})

    assert shown() == (mine | {ben_link}, mine | {ben_link})
    owner = next(a for a in w.team.layers.annotators() if a not in ("ben", "adjudicated"))
    w.team.layers.set_shown("ben", False)
    assert shown() == (mine, mine)
    w.team.layers.show_only(["ben"])
    assert shown() == ({ben_link}, {ben_link}) and owner in w.team.layers.hidden
    w.team.layers.show_all()
    assert shown() == (mine | {ben_link}, mine | {ben_link})


def test_comparison_headers_elide_long_outlet_names(qtbot, project, traced):
    """Found in a real window: a long outlet name in a column header was cut at both ends ("f Analysis of
    Internatio"): centred and clipped. It now ends in "…", the full name in the tooltip."""
    long = "Center of Analysis of International Relations (AIR Center)"
    (doc,) = project.add_documents([NewDocument(text=RET_B + " Again.", title="AIR bulletin", outlet=long)]).added
    mine = _span(project, doc, RET_B, "Inflation hit 7 percent", "FIGURE")
    project.add_link(mine, traced["s_infl"], "distorts")
    w = make_window(qtbot, project)
    win = w.trace.open_comparison(traced["src"])
    qtbot.addWidget(win)
    header = win.table.horizontalHeader()
    col = next(c for c in range(win.model.columnCount())
               if long in str(win.model.headerData(c, Qt.Orientation.Horizontal)))
    assert header.sectionSize(col) < header.fontMetrics().horizontalAdvance(long)  # too narrow for the name
    assert header.textElideMode() == Qt.TextElideMode.ElideRight  # so it is elided, not clipped at both ends
    assert win.model.headerData(col, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == long


def test_comparison_in_a_merged_project_shows_one_layer_with_a_choice(qtbot, project, traced):
    """A second annotator traced the same claim: the Comparison starts from the current annotator's own layer
    (one cell per place), names it, and 'Every annotator' shows both; charts follow the choice."""
    own = project.annotator
    project.set_annotator("ben")
    b_again = _span(project, traced["a"], RET_A, "inflation was 5 percent last year", "FIGURE")
    s_again = _span(project, traced["src"], SOURCE, "Inflation was 5 percent last year", "FIGURE")
    project.add_link(b_again, s_again, "paraphrases")
    project.set_annotator(own)
    w = make_window(qtbot, project)
    win = w.trace.open_comparison(traced["src"])
    qtbot.addWidget(win)
    assert win.layer.currentData() == own and win.layer.isVisibleTo(win)
    assert _table(win)[0][1] == "quotes: inflation was 5 percent last year"
    assert f"{own}'s layer" in win.summary.text()
    win.layer.setCurrentIndex(win.layer.findData(None))  # every annotator: the place shows once per layer
    cells = win.model.matrix.rows[0].cells[traced["a"]]
    assert sorted(c.relation for c in cells) == ["paraphrases", "quotes"]
    assert "shows twice" in win.summary.text()
    win.layer.setCurrentIndex(win.layer.findData("ben"))
    assert [r[0] for r in _table(win)] == ["Inflation was 5 percent last year"]
    charts = win.open_charts()
    qtbot.addWidget(charts)
    assert charts.annotator == "ben"


def test_an_empty_comparison_says_why_and_what_to_do(qtbot, project):
    src, a, b = _docs(project)
    s = _span(project, src, SOURCE, "Inflation was 5 percent last year", "FIGURE")
    t = _span(project, a, RET_A, "inflation was 5 percent last year", "FIGURE")
    project.add_link(t, s, "paraphrases", status="suggested")
    w = make_window(qtbot, project)
    win = w.trace.open_comparison(src)
    qtbot.addWidget(win)
    assert win.model.rowCount() == 0 and "No accepted links" in win.summary.text()
    assert "Accepted and suggested" in win.summary.text()
    win.status.setCurrentIndex(win.status.findData("all"))
    assert win.model.rowCount() == 1 and "1 source passage" in win.summary.text()


def test_tool_windows_close_with_the_close_key(qtbot, project, traced):
    """Found in a real window: Ctrl+W did nothing in the Comparison window (only its title bar closed it)."""
    import warnings

    from PySide6.QtGui import QKeySequence
    from PySide6.QtWidgets import QApplication

    w = make_window(qtbot, project)
    for win in (w.trace.open_comparison(traced["src"]), w.trace.open_charts(traced["src"])):
        qtbot.waitExposed(win)
        win.activateWindow()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            QApplication.setActiveWindow(win)
        qtbot.waitUntil(win.isActiveWindow, timeout=2000)
        key = QKeySequence(QKeySequence.StandardKey.Close)[0]
        qtbot.keyClick(win, key.key(), key.keyboardModifiers())
        qtbot.waitUntil(lambda: not win.isVisible(), timeout=2000)


def test_closing_panes_with_links_between_them_raises_nothing(qtbot, project, traced):
    """Found in a real window: with three or four panes and trace links, closing a pane (Ctrl+W or its x)
    raised "Internal C++ object (MarkerStrip) already deleted" from the link markers, and once the app died.
    Close panes down to one, scrolling and repainting in between: no error, markers only where panes face."""
    import sys

    w = make_window(qtbot, project)
    w.resize(1800, 800)
    w.compare([traced["src"], traced["a"], traced["b"]])
    w.add_pane(traced["a"])
    qtbot.wait(50)
    errors = []
    hook, sys.excepthook = sys.excepthook, lambda *e: errors.append(e)
    try:
        while len(w.panes()) > 1:
            pane = w.panes()[1] if len(w.panes()) > 2 else w.panes()[-1]
            w.set_current_pane(pane)
            w.close_pane(pane)
            w.trace.layer.repaint()  # a scroll or a splitter move right after the close
            for p in w.panes():
                p.view.verticalScrollBar().setValue(p.view.verticalScrollBar().value() + 1)
            qtbot.wait(30)
            w.repaint()
    finally:
        sys.excepthook = hook
    assert errors == [], errors[0][1] if errors else None
    assert w.trace.layer.strips == {} and w.trace.layer.connectors == {}


def test_comparison_export_asks_before_replacing_the_file_it_writes(qtbot, project, traced, tmp_path, monkeypatch):
    """Found in a real window: a name typed without an extension got .html added after the save dialog had
    checked for a file of that name, so an existing keep.html was replaced without a question; and typing a
    file that exists (the project) asked about that one, then wrote name.annotator.html beside it. The question
    is now asked about the file written, default No, and the window says where it went."""
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    w = make_window(qtbot, project)
    win = w.trace.open_comparison(traced["src"])
    qtbot.addWidget(win)
    keep = tmp_path / "keep.html"
    keep.write_text("precious", encoding="utf-8")
    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(tmp_path / "keep"), "HTML page (*.html)")))
    monkeypatch.setattr(QMessageBox, "question", staticmethod(
        lambda parent, title, text, *a: asked.append(text) or QMessageBox.StandardButton.No))
    assert not win.export()
    assert keep.read_text(encoding="utf-8") == "precious" and asked and "keep.html" in asked[-1]
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(tmp_path / "table"), "CSV table (*.csv)")))
    assert win.export()  # no file of that name: no question, the chosen type's extension
    assert (tmp_path / "table.csv").exists() and "table.csv" in win.summary.text()


def test_chart_export_asks_about_the_file_it_writes(qtbot, project, traced, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    w = make_window(qtbot, project)
    win = w.trace.open_charts(traced["src"])
    qtbot.addWidget(win)
    keep = tmp_path / "bars.png"
    keep.write_bytes(b"precious")
    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(tmp_path / "bars"), "")))
    monkeypatch.setattr(QMessageBox, "question", staticmethod(
        lambda parent, title, text, *a: asked.append(text) or QMessageBox.StandardButton.No))
    win.export(win.plots[0], "png", "labels")
    assert keep.read_bytes() == b"precious" and asked and "bars.png" in asked[-1]


def test_comparison_opens_once_and_comes_to_the_front(qtbot, project, traced):
    """Found in a real window: every Ctrl+Shift+K stacked another Comparison window (one even opened behind the
    main window, so nothing seemed to happen). The open one is brought to the front, on the source asked for."""
    w = make_window(qtbot, project)
    first = w.trace.open_comparison(traced["src"])  # (a child of the main window: closed with it)
    qtbot.waitExposed(first)
    again = w.trace.open_comparison(traced["a"])
    assert again is first and first.source.currentData() == traced["a"]
    assert len([c for c in w.trace.comparisons if c.isVisible()]) == 1
    first.close()
    qtbot.wait(10)
    fresh = w.trace.open_comparison(traced["src"])
    assert fresh is not first and fresh.isVisible()
