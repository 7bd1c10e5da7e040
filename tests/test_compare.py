"""The comparison matrix (annotator.io.compare.build_matrix) and its CSV / JSON / HTML export."""

import csv
import json

import pytest

from annotator.core.models import NewDocument
from annotator.io.compare import CompareError, build_matrix, export_compare
from annotator.io.export.report import ExportError

SOURCE = "Alpha said the budget is five billion. Beta said no base is needed. Gamma spoke of flights."


@pytest.fixture
def linked(project):
    ids = project.add_documents([
        NewDocument(SOURCE, title="Interview"),
        NewDocument("The budget is $7 billion, he said. No base is needed.", title="Story A", outlet="Outlet A"),
        NewDocument("A budget of five billion. Flights doubled.", title="Story B", outlet=""),
        NewDocument("Nothing linked here.", title="Story C", outlet="Outlet C"),
    ]).added
    src, a, b, c = ids

    def span(doc, text, needle, label="CLAIM"):
        i = text.index(needle)
        return project.add_span(doc, i, i + len(needle), label).ids("span").pop()

    p_budget = span(src, SOURCE, "the budget is five billion", "FIGURE")
    p_base = span(src, SOURCE, "no base is needed")
    p_flights = span(src, SOURCE, "Gamma spoke of flights")
    a_text = project.document(a).text
    b_text = project.document(b).text
    project.add_link(span(a, a_text, "The budget is $7 billion", "FIGURE"), p_budget, "distorts")
    project.add_link(span(a, a_text, "No base is needed"), p_base, "quotes")
    project.add_link(span(b, b_text, "A budget of five billion", "FIGURE"), p_budget, "paraphrases")
    # drawn the other way round (source span first): still a cell
    project.add_link(p_flights, span(b, b_text, "Flights doubled"), "paraphrases", status="suggested")
    rejected = project.add_link(span(b, b_text, "five billion", "QUOTE"), p_base, "quotes").ids("link").pop()
    project.reject_links([rejected])
    return project, ids


def test_rows_columns_cells_in_source_order(linked):
    project, (src, a, b, c) = linked
    m = build_matrix(project, src)
    assert [col.header for col in m.columns] == ["Outlet A", "Story B", "Outlet C"]  # outlet, else title
    assert [r.text for r in m.rows] == ["the budget is five billion", "no base is needed"]
    budget, base = m.rows
    assert [(c.relation, c.text) for c in budget.cells[a]] == [("distorts", "The budget is $7 billion")]
    assert [(c.relation, c.text) for c in budget.cells[b]] == [("paraphrases", "A budget of five billion")]
    assert budget.outlets == 2 and base.outlets == 1 and budget.count("distorts") == 1
    assert m.relation_counts[a] == {"distorts": 1, "quotes": 1} and m.relation_counts[c] == {}
    assert m.label_counts[a] == {"FIGURE": 1, "CLAIM": 1}


def test_status_all_adds_suggested_but_never_rejected(linked):
    project, (src, a, b, c) = linked
    m = build_matrix(project, src, status="all")
    assert [r.text for r in m.rows] == ["the budget is five billion", "no base is needed", "Gamma spoke of flights"]
    (cell,) = m.rows[2].cells[b]
    assert (cell.status, cell.text) == ("suggested", "Flights doubled")
    assert b not in m.rows[1].cells  # the rejected QUOTE link
    project.add_span(b, 0, 1, "FRAMING", status="suggested")
    project.add_span(b, 2, 8, "FRAMING", status="rejected")
    assert build_matrix(project, src, status="all").label_counts[b] == {"FIGURE": 1, "CLAIM": 1, "QUOTE": 1,
                                                                          "FRAMING": 1}
    assert build_matrix(project, src).label_counts[b] == {"FIGURE": 1, "CLAIM": 1, "QUOTE": 1}
    assert build_matrix(project, src, labels=["QUOTE"]).label_counts[b] == {"QUOTE": 1}


def test_label_filter_and_bad_input(linked):
    project, (src, a, b, c) = linked
    m = build_matrix(project, src, labels=["FIGURE"])
    assert [r.text for r in m.rows] == ["the budget is five billion"]
    with pytest.raises(CompareError, match="unknown label"):
        build_matrix(project, src, labels=["NOPE"])
    with pytest.raises(CompareError, match="no document with id 42"):
        build_matrix(project, 42)
    with pytest.raises(CompareError, match="unknown status"):
        build_matrix(project, src, status="rejected")


def test_csv_json_html_exports(linked, tmp_path):
    project, (src, a, b, c) = linked
    out = tmp_path / "m.csv"
    report = export_compare(project, src, out, fmt="csv")
    assert (report.rows, report.columns, report.links) == (2, 3, 3)
    rows = list(csv.reader(out.open(encoding="utf-8", newline="")))
    assert rows[0] == ["source_start", "source_end", "source_labels", "source_passage", "Outlet A", "Story B",
                       "Outlet C", "outlets"]
    assert rows[1][4] == "distorts: The budget is $7 billion" and rows[1][-1] == "2"
    data = json.loads(export_compare(project, src, tmp_path / "m.json", fmt="json").path.read_text("utf-8"))
    cell = data["rows"][0]["cells"][0][0]
    assert cell["relation"] == "distorts"
    changed = [op for op in cell["diff"] if op["numbers_changed"]]
    assert [(op["source"], op["retelling"]) for op in changed] == [("five", "$7")]  # billion is equal
    html = export_compare(project, src, tmp_path / "m.html", fmt="html").path.read_text("utf-8")
    assert html.startswith("<!DOCTYPE html>") and "<script" not in html and "http" not in html
    assert "The budget is $7 billion" in html and '<mark class="num">' in html and "Outlet C" in html


def test_output_safety(linked, tmp_path):
    project, (src, a, b, c) = linked
    out = tmp_path / "m.csv"
    out.write_text("keep", encoding="utf-8")
    with pytest.raises(ExportError, match="already exists"):
        export_compare(project, src, out)
    assert out.read_text(encoding="utf-8") == "keep"
    export_compare(project, src, out, force=True)
    assert out.read_text(encoding="utf-8").startswith("source_start")
    for target in (project.path, project.path + "-wal"):
        with pytest.raises(ExportError, match="project's own"):
            export_compare(project, src, target, force=True)
    with pytest.raises(ExportError, match="does not exist"):
        export_compare(project, src, tmp_path / "no" / "m.csv")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []  # no temp files left


def test_matrix_cells_agree_with_the_links_read_one_by_one(project):
    """The matrix's one-query read gives the same cells as the links and spans read through the project's
    own API (an independent path): both link directions, suggested vs accepted, rejected never, labels."""
    import random

    rng = random.Random(3)
    text = "word " * 400
    src, *others = project.add_documents([NewDocument(text, title="S")] +
                                         [NewDocument(text + f"copy {i}", title=f"R{i}") for i in range(4)]).added
    passages = [project.add_span(src, k * 20, k * 20 + 9, rng.choice(["CLAIM", "QUOTE"])).ids("span").pop()
                for k in range(30)]
    for n in range(120):
        doc = rng.choice(others)
        other = project.add_span(doc, n * 15, n * 15 + 9, rng.choice(["CLAIM", "FIGURE"])).ids("span").pop()
        a, b = (other, rng.choice(passages)) if rng.random() < 0.5 else (rng.choice(passages), other)
        status = rng.choice(["accepted", "suggested", "rejected"])
        link = project.add_link(a, b, rng.choice(["quotes", "paraphrases", "distorts"]),
                                status="suggested" if status == "rejected" else status).ids("link").pop()
        if status == "rejected":
            project.reject_links([link])
    for status, labels in (("accepted", None), ("all", None), ("all", ["FIGURE"]), ("accepted", ["QUOTE"])):
        m = build_matrix(project, src, status=status, labels=labels)
        got = sorted((r.start, r.end, c.doc_id, c.link_id, c.span_id, c.start, c.end, c.relation, c.status, c.label)
                     for r in m.rows for cells in r.cells.values() for c in cells)
        want = []
        for link in project.links():
            if link.status == "rejected" or (status == "accepted" and link.status != "accepted"):
                continue
            ends = [project.span(link.source_id), project.span(link.target_id)]
            passage = next(s for s in ends if s.doc_id == src)
            other = next(s for s in ends if s.doc_id != src)
            if labels is not None and other.label not in labels and passage.label not in labels:
                continue
            want.append((passage.start, passage.end, other.doc_id, link.id, other.id, other.start, other.end,
                         link.type, link.status, other.label))
        assert got == sorted(want) and want
        # rows in source order; each cell list in retelling order (offsets, then link id)
        assert [(r.start, r.end) for r in m.rows] == sorted({(r.start, r.end) for r in m.rows})
        for r in m.rows:
            for cells in r.cells.values():
                assert [(c.start, c.end, c.link_id) for c in cells] == sorted((c.start, c.end, c.link_id) for c in cells)


@pytest.fixture
def merged(project):
    """Two annotators traced the same retelling claim to the same source passage (a merged project), and
    ben also linked a second claim; 'adjudicated' settled the first."""
    src, ret = project.add_documents([NewDocument(SOURCE, title="Interview"),
                                      NewDocument("The budget is $7 billion. Flights doubled.", title="Story",
                                                  outlet="Outlet A")]).added

    def link(who, needle_src, needle_ret, relation, label="CLAIM"):
        project.set_annotator(who)
        i, j = SOURCE.index(needle_src), project.document(ret).text.index(needle_ret)
        p = project.add_span(src, i, i + len(needle_src), label).ids("span").pop()
        o = project.add_span(ret, j, j + len(needle_ret), label).ids("span").pop()
        project.add_link(o, p, relation)

    link("ana", "the budget is five billion", "The budget is $7 billion", "distorts")
    link("ben", "the budget is five billion", "The budget is $7 billion", "paraphrases")
    link("ben", "Gamma spoke of flights", "Flights doubled", "paraphrases", "FIGURE")
    return project, src, ret


def test_one_annotator_layer_at_a_time(merged):
    from annotator.io.compare import default_layer, layers

    project, src, ret = merged
    every = build_matrix(project, src)
    budget = every.rows[0]
    assert len(budget.cells[ret]) == 2  # every layer: the one place shows once per annotator
    assert every.relation_counts[ret] == {"distorts": 1, "paraphrases": 2}
    ana = build_matrix(project, src, annotator="ana")
    assert [r.text for r in ana.rows] == ["the budget is five billion"]
    assert [c.relation for c in ana.rows[0].cells[ret]] == ["distorts"]
    assert ana.relation_counts[ret] == {"distorts": 1} and ana.label_counts[ret] == {"CLAIM": 1}
    ben = build_matrix(project, src, annotator="ben")
    assert [r.text for r in ben.rows] == ["the budget is five billion", "Gamma spoke of flights"]
    assert ben.label_counts[ret] == {"CLAIM": 1, "FIGURE": 1} and ben.annotator == "ben"
    assert layers(project) == ["ana", "ben"] and default_layer(project) == "ben"  # the current annotator's own
    project.set_annotator("carl")
    assert default_layer(project) == "ana"  # no layer of carl's: the first
    with pytest.raises(CompareError, match="no spans by annotator 'carl'.*ana, ben"):
        build_matrix(project, src, annotator="carl")


def test_adjudicated_layer_is_the_default_for_a_merged_project(merged):
    from annotator.core.annotators import ADJUDICATED
    from annotator.io.adjudicate import take
    from annotator.io.compare import default_layer, layers

    project, src, ret = merged
    ana = [s.id for s in project.spans() if s.author == "ana"]
    take(project, ana)  # ana's passage, claim and the link between them, settled
    assert layers(project) == [ADJUDICATED, "ana", "ben"] and default_layer(project) == ADJUDICATED
    m = build_matrix(project, src, annotator=ADJUDICATED)
    settled = {s.id for s in project.spans() if s.author == ADJUDICATED}
    expected = sorted(l.type for l in project.links() if {l.source_id, l.target_id} <= settled)
    assert expected and [r.text for r in m.rows] == ["the budget is five billion"]
    assert sorted(c.relation for c in m.rows[0].cells[ret]) == expected
    assert all(c.span_id in settled for c in m.rows[0].cells[ret])


def test_a_project_of_one_annotator_shows_every_link(linked):
    from annotator.io.compare import default_layer

    project, (src, a, b, c) = linked
    assert default_layer(project) is None
