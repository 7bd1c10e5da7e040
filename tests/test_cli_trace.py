"""`annotator align` and `annotator compare`: the exact contract (flags, JSON fields), --add idempotent, bad input
(one line, exit 1, project unchanged), output-path safety."""

import json

import pytest

from annotator.core.models import NewDocument
from annotator.store import create_project, open_project
from cli_helpers import digest, run

SOURCE = (
    "- What about the budget?\n"
    "Our military budget for 2025 will be a record high - around five billion dollars. This is a necessity.\n"
    "- And the Turkish base?\n"
    "No, we don't need one. There is no need for a Turkish military base in Azerbaijan.\n"
)
RETELLING = ("Aliyev said the military budget for 2025 would be a record $7 billion. "
             "He said there is \"no need for a Turkish military base in Azerbaijan\".")
UNIT_KEYS = {"doc_id", "span_id", "start", "end", "label", "candidates"}
CANDIDATE_KEYS = {"start", "end", "text", "score", "relation"}


@pytest.fixture
def proj(tmp_path):
    path = tmp_path / "t.annotator"
    p = create_project(path)
    src, ret, other = p.add_documents([NewDocument(SOURCE, title="Interview"),
                                       NewDocument(RETELLING, title="Report", outlet="Outlet A"),
                                       NewDocument("An unrelated note about the weather.", title="Note")]).added
    for label, needle in (("FIGURE", "the military budget for 2025 would be a record $7 billion"),
                          ("QUOTE", "\"no need for a Turkish military base in Azerbaijan\"")):
        a = RETELLING.index(needle)
        p.add_span(ret, a, a + len(needle), label)
    p.close()
    return path, src, ret, other


def test_align_json_contract(proj, capsys):
    path, src, ret, other = proj
    code, out, err = run(capsys, "align", path, "--source", src, "--json")
    assert code == 0, err
    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) == 2  # the two spans (the note has none)
    for r in records:
        assert set(r) == UNIT_KEYS and r["doc_id"] == ret and isinstance(r["span_id"], int)
        assert RETELLING[r["start"]:r["end"]] and r["label"] in ("FIGURE", "QUOTE")
        assert 1 <= len(r["candidates"]) <= 3
        for c in r["candidates"]:
            assert set(c) == CANDIDATE_KEYS and SOURCE[c["start"]:c["end"]] == c["text"]
        scores = [c["score"] for c in r["candidates"]]
        assert scores == sorted(scores, reverse=True)
    figure, quote = records
    assert figure["label"] == "FIGURE" and figure["candidates"][0]["relation"] == "distorts"
    assert "five billion" in figure["candidates"][0]["text"]
    assert quote["candidates"][0]["relation"] == "quotes"
    code, out, _ = run(capsys, "align", path, "--source", src, "--json", "--top", "1", "--labels", "QUOTE")
    (only,) = [json.loads(line) for line in out.splitlines()]
    assert only["label"] == "QUOTE" and len(only["candidates"]) == 1


def test_align_sentences_and_table(proj, capsys):
    path, src, ret, other = proj
    code, out, err = run(capsys, "align", path, "--source", src, "--docs", ret, "--units", "sentences", "--json")
    assert code == 0, err
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["span_id"] for r in records] == [None, None] and [r["label"] for r in records] == [None, None]
    assert RETELLING[records[0]["start"]:records[0]["end"]].startswith("Aliyev said the military budget")
    code, out, err = run(capsys, "align", path, "--source", src)
    assert code == 0 and f"doc {ret} span" in out and "distorts" in out and "five billion → $7 billion" in out


def test_align_add_is_idempotent_and_leaves_reviewed_links(proj, capsys):
    path, src, ret, other = proj
    code, out, err = run(capsys, "align", path, "--source", src, "--add")
    assert code == 0, err
    assert "added 2 suggested link(s)" in out
    p = open_project(path)
    links = p.links()
    assert [l.status for l in links] == ["suggested", "suggested"]
    p.reject_links([links[0].id])
    p.close()
    before = digest(path)
    code, out, err = run(capsys, "align", path, "--source", src, "--add", "--json")
    assert code == 0 and "added 0 suggested link(s)" in err  # stdout stays JSON lines
    assert all(json.loads(line) for line in out.splitlines())
    p = open_project(path, readonly=True)
    assert sorted(l.status for l in p.links()) == ["rejected", "suggested"]
    p.close()
    assert digest(path) == before


@pytest.mark.parametrize("args, message", [
    (["--source", "99"], "no document with id 99"),
    (["--source", "{src}", "--docs", "{src}"], "is the source"),
    (["--source", "{src}", "--docs", "98"], "no document with id 98"),
    (["--source", "{ret}", "--docs", "{other}"], "no spans"),
    (["--source", "{src}", "--labels", "NOPE"], "unknown label"),
])
def test_align_bad_input_one_line_exit_1_nothing_changed(proj, capsys, args, message):
    path, src, ret, other = proj
    args = [a.format(src=src, ret=ret, other=other) for a in args]
    before = digest(path)
    code, out, err = run(capsys, "align", path, *args, "--add")
    assert code == 1 and message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert out == "" and digest(path) == before


def test_align_empty_source(tmp_path, capsys):
    path = tmp_path / "e.annotator"
    p = create_project(path)
    empty, ret = p.add_documents([NewDocument("— … —", title="Empty"), NewDocument("Some words here.", title="R")]).added
    p.close()
    code, out, err = run(capsys, "align", path, "--source", empty, "--units", "sentences")
    assert code == 1 and "empty" in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("args", [["--top", "0"], ["--docs", "a,b"], ["--units", "words"], []])
def test_align_bad_usage_exit_2(proj, capsys, args):
    path, src, ret, other = proj
    base = ["--source", str(src)] if args else []
    code, out, err = run(capsys, "align", path, *base, *args)
    assert code == 2


def test_compare_formats_force_and_bad_input(proj, tmp_path, capsys):
    path, src, ret, other = proj
    assert run(capsys, "align", path, "--source", src, "--add")[0] == 0
    out = tmp_path / "m.html"
    code, stdout, err = run(capsys, "compare", path, "--source", src, "--out", out)
    assert code == 0 and "0 passage(s)" in stdout  # accepted links only: none yet
    code, stdout, err = run(capsys, "compare", path, "--source", src, "--out", out, "--status", "all")
    assert code == 1 and "already exists" in err
    code, stdout, err = run(capsys, "compare", path, "--source", src, "--out", out, "--status", "all", "--force")
    assert code == 0 and "2 passage(s) x 2 document(s), 2 link(s)" in stdout
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "Outlet A" in html and "suggested" in html
    data = tmp_path / "m.json"
    assert run(capsys, "compare", path, "--source", src, "--out", data, "--status", "all")[0] == 0
    assert len(json.loads(data.read_text(encoding="utf-8"))["rows"]) == 2
    csv_out = tmp_path / "m.txt"
    assert run(capsys, "compare", path, "--source", src, "--out", csv_out, "--format", "csv",
               "--labels", "QUOTE", "--status", "all")[0] == 0
    assert len(csv_out.read_text(encoding="utf-8").splitlines()) == 2  # header + the QUOTE row
    before = digest(path)
    for args, message in ((["--source", "77"], "no document with id 77"), (["--labels", "NOPE"], "unknown label"),
                          (["--out", str(path)], "project's own")):
        full = ["--source", str(src), "--out", str(tmp_path / "x.csv"), *args]
        code, stdout, err = run(capsys, "compare", path, *full, "--force")
        assert code == 1 and message in err and len(err.strip().splitlines()) == 1
    assert digest(path) == before and not (tmp_path / "x.csv").exists()


def test_docs_json_lists_id_and_title(proj, capsys):
    path, src, ret, other = proj
    code, out, err = run(capsys, "docs", path, "--json")
    docs = json.loads(out)
    assert [(d["id"], d["title"]) for d in docs] == [(src, "Interview"), (ret, "Report"), (other, "Note")]


def test_align_add_sentences_with_a_label(proj, capsys):
    path, src, ret, other = proj
    code, out, err = run(capsys, "align", path, "--source", src, "--docs", ret, "--units", "sentences",
                         "--labels", "FRAMING", "--add")
    assert code == 0, err
    p = open_project(path, readonly=True)
    made = [s for s in p.spans(ret) if s.origin == "align"]
    p.close()
    assert made and {s.label for s in made} == {"FRAMING"} and {s.status for s in made} == {"suggested"}


def test_compare_one_annotator_layer(proj, tmp_path, capsys):
    """A merged project: every layer by default (with a note saying so), --annotator NAME keeps one; an unknown
    name is one line and exit 1."""
    path, src, ret, other = proj
    p = open_project(path)
    for who, relation in (("ana", "quotes"), ("ben", "distorts")):
        p.set_annotator(who)
        i = SOURCE.index("There is no need for a Turkish military base")
        j = RETELLING.index("\"no need for a Turkish military base in Azerbaijan\"")
        a = p.add_span(src, i, i + 44, "QUOTE").ids("span").pop()
        b = p.add_span(ret, j, j + 52, "QUOTE").ids("span").pop()
        p.add_link(b, a, relation)
    p.close()
    out = tmp_path / "m.json"
    code, stdout, err = run(capsys, "compare", path, "--source", src, "--out", out)
    assert code == 0 and "1 passage(s) x 2 document(s), 2 link(s)" in stdout and "--annotator" in err
    code, stdout, err = run(capsys, "compare", path, "--source", src, "--out", out, "--annotator", "ben", "--force")
    assert code == 0 and "1 link(s)" in stdout and err == ""
    data = json.loads(out.read_text(encoding="utf-8"))
    cells = [c for row in data["rows"] for col in row["cells"] for c in col]
    assert data["annotator"] == "ben" and [c["relation"] for c in cells] == ["distorts"]
    before = digest(path)
    code, stdout, err = run(capsys, "compare", path, "--source", src, "--out", tmp_path / "n.csv", "--annotator", "zoe")
    assert code == 1 and "no spans by annotator 'zoe'" in err and len(err.strip().splitlines()) == 1
    assert digest(path) == before and not (tmp_path / "n.csv").exists()
