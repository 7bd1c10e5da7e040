"""Label sets the app can show (a cap wherever labels are created) and `annotator labels`."""

import json

import pytest

from annotator.core.errors import TooManyLabels
from annotator.core.limits import MAX_LABELS
from annotator.core.models import NewDocument, NewSpan
from cli_helpers import digest, run


@pytest.fixture
def path(tmp_path, capsys):
    p = tmp_path / "p.annotator"
    assert run(capsys, "init", p)[0] == 0
    return p


def test_cap_is_what_the_issue_asks():
    assert MAX_LABELS == 100


def test_jsonl_import_creating_thousands_of_labels_is_refused(path, tmp_path, capsys):
    data = tmp_path / "many.jsonl"
    with open(data, "w", encoding="utf-8") as f:
        for i in range(10_000):
            f.write(json.dumps({"text": f"Document number {i} says hello.",
                                "spans": [{"start": 0, "end": 8, "label": f"L{i}"}]}) + "\n")
    before = digest(path)
    code, out, err = run(capsys, "import", path, data, "--unknown-labels", "create")
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err
    assert "10,000" in lines[0] and "100" in lines[0]
    assert digest(path) == before
    code, out, _ = run(capsys, "docs", path, "--json")
    assert json.loads(out) == []


def test_import_up_to_the_cap_works(path, tmp_path, capsys):
    have = len(json.loads(run(capsys, "labels", path, "--json")[1]))
    data = tmp_path / "some.jsonl"
    n = MAX_LABELS - have
    data.write_text("".join(json.dumps({"text": f"Text {i} here.", "spans": [{"start": 0, "end": 4, "label": f"N{i}"}]})
                            + "\n" for i in range(n)), encoding="utf-8")
    code, out, err = run(capsys, "import", path, data, "--unknown-labels", "create")
    assert code == 0, err
    assert len(json.loads(run(capsys, "labels", path, "--json")[1])) == MAX_LABELS


def test_the_api_refuses_too(project):
    have = len(project.labels())
    docs = [NewDocument(text=f"Doc {i} text.", spans=(NewSpan(0, 3, f"X{i}"),)) for i in range(MAX_LABELS)]
    with pytest.raises(TooManyLabels) as e:
        project.add_documents(docs, unknown_labels="create")
    assert f"{MAX_LABELS}" in str(e.value)
    assert project.documents() == [] and len(project.labels()) == have
    for i in range(MAX_LABELS - have):
        project.add_label(f"Y{i}")
    with pytest.raises(TooManyLabels):
        project.add_label("one too many")
    assert len(project.labels()) == MAX_LABELS


def test_labels_lists_key_colour_and_counts(path, tmp_path, capsys):
    from annotator.store import open_project

    p = open_project(path)
    try:
        doc = p.add_documents([NewDocument(text="The minister said 40 percent were hit.")]).added[0]
        p.add_span(doc, 18, 28, "FIGURE")
        p.add_span(doc, 0, 12, "QUOTE", status="suggested")
        labels = {l.name: l for l in p.labels()}
    finally:
        p.close()
    code, out, err = run(capsys, "labels", path, "--json")
    assert code == 0
    rows = {r["name"]: r for r in json.loads(out)}
    assert set(rows) == set(labels)
    assert rows["FIGURE"]["accepted"] == 1 and rows["FIGURE"]["suggested"] == 0
    assert rows["QUOTE"]["suggested"] == 1 and rows["QUOTE"]["accepted"] == 0
    assert rows["FIGURE"]["color"] == labels["FIGURE"].color and rows["FIGURE"]["key"] == labels["FIGURE"].key
    code, out, _ = run(capsys, "labels", path)
    assert code == 0
    figure = next(l for l in out.splitlines() if l.startswith("FIGURE"))
    assert labels["FIGURE"].color in figure and figure.split()[-3:] == ["1", "0", "0"]


@pytest.fixture
def used(path):
    from annotator.store import open_project

    p = open_project(path)
    try:
        doc = p.add_documents([NewDocument(text="The minister said 40 percent were hit.")]).added[0]
        p.add_span(doc, 18, 28, "FIGURE")
        p.add_span(doc, 0, 12, "FIGURE", status="suggested")
        p.add_span(doc, 0, 12, "QUOTE")
    finally:
        p.close()
    return path


def spans_of(path):
    from annotator.store import open_project

    p = open_project(path, readonly=True)
    try:
        return sorted((s.start, s.end, s.label, s.status) for s in p.spans())
    finally:
        p.close()


def test_rename(used, capsys):
    code, out, err = run(capsys, "labels", used, "--rename", "FIGURE", "NUMBER")
    assert code == 0, err
    assert {s[2] for s in spans_of(used)} == {"NUMBER", "QUOTE"}
    code, _, err = run(capsys, "labels", used, "--rename", "NOPE", "X")
    assert code == 1 and "NOPE" in err
    code, _, err = run(capsys, "labels", used, "--rename", "NUMBER", "QUOTE")
    assert code == 1 and "already exists" in err


def test_delete_refuses_a_label_in_use(used, capsys):
    before = digest(used)
    code, out, err = run(capsys, "labels", used, "--delete", "FIGURE")
    assert code == 1
    assert len(err.strip().splitlines()) == 1 and "2 span(s)" in err and "--reassign" in err and "--force" in err
    assert digest(used) == before


def test_delete_with_reassign_moves_the_spans(used, capsys):
    code, out, err = run(capsys, "labels", used, "--delete", "FIGURE", "--reassign", "CLAIM")
    assert code == 0, err
    assert "2 of its span(s) are now CLAIM" in out
    assert "backup" in err
    got = spans_of(used)
    assert (18, 28, "CLAIM", "accepted") in got and (0, 12, "CLAIM", "suggested") in got
    assert "FIGURE" not in {s[2] for s in got}
    assert "FIGURE" not in [r["name"] for r in json.loads(run(capsys, "labels", used, "--json")[1])]


def test_reassign_onto_a_span_at_the_same_place_merges(used, capsys):
    code, out, err = run(capsys, "labels", used, "--delete", "FIGURE", "--reassign", "QUOTE")
    assert code == 0, err
    assert "1 of its span(s) are now QUOTE (1 had a QUOTE span at the same place already: merged)" in out
    assert spans_of(used) == [(0, 12, "QUOTE", "accepted"), (18, 28, "QUOTE", "accepted")]


def test_delete_with_force_deletes_the_spans_and_backs_up_first(used, capsys):
    from annotator.store import list_backups
    from annotator.store.paths import backups_dir

    code, out, err = run(capsys, "labels", used, "--delete", "FIGURE", "--force")
    assert code == 0, err
    assert spans_of(used) == [(0, 12, "QUOTE", "accepted")]
    backups = list_backups(str(used), backups_dir())
    assert backups, "no backup before deleting spans"
    from annotator.store import open_project

    old = open_project(backups[-1], readonly=True)
    try:
        assert len([s for s in old.spans() if s.label == "FIGURE"]) == 2
    finally:
        old.close()


def test_delete_unused_label_needs_no_option(used, capsys):
    assert run(capsys, "labels", used, "--delete", "FRAMING")[0] == 0
    assert "FRAMING" not in [r["name"] for r in json.loads(run(capsys, "labels", used, "--json")[1])]


def test_bad_usage(used, capsys):
    assert run(capsys, "labels", used, "--force")[0] == 2
    assert run(capsys, "labels", used, "--delete", "FIGURE", "--force", "--reassign", "CLAIM")[0] == 2
    code, _, err = run(capsys, "labels", used, "--delete", "FIGURE", "--reassign", "NOPE")
    assert code == 1 and "NOPE" in err


def test_open_is_listed_in_help(capsys):
    code, text, _ = run(capsys, "--help")
    assert code == 0
    assert any(line.split()[:1] == ["open"] for line in text.splitlines())
    assert any(line.split()[:1] == ["labels"] for line in text.splitlines())
