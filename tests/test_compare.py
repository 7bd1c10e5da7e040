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
