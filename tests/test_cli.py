"""The command line: exit codes, one-line messages, and what each command prints."""

import json
import sqlite3

import pytest

from cli_helpers import run


@pytest.fixture
def sample(tmp_path, capsys):
    path = tmp_path / "s.annotator"
    code, out, err = run(capsys, "init", path, "--sample")
    assert code == 0, err
    return path


def test_init_refuses_existing_file(tmp_path, capsys):
    path = tmp_path / "p.annotator"
    assert run(capsys, "init", path)[0] == 0
    code, out, err = run(capsys, "init", path)
    assert code == 1
    assert "already exists" in err and str(path) in err
    assert "Traceback" not in err


def test_init_sample_lists_five_documents(sample, capsys):
    code, out, err = run(capsys, "docs", sample, "--json")
    assert code == 0
    docs = json.loads(out)
    assert len(docs) == 5
    assert all(d["title"] and d["characters"] > 1000 for d in docs)


def test_import_reports_problems_and_imports_good_files(tmp_path, capsys):
    path = tmp_path / "p.annotator"
    run(capsys, "init", path)
    good = tmp_path / "good.txt"
    good.write_text("The minister said 40% of voters agreed.\r\nSecond line.", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "ok", "spans": []}\n{not json}\n', encoding="utf-8")
    code, out, err = run(capsys, "import", path, good, empty, bad, "--outlet", "Wire")
    assert code == 1
    assert "empty.txt" in err and "bad.jsonl:2" in err
    assert "Traceback" not in err
    code, out, _ = run(capsys, "docs", path, "--json")
    docs = json.loads(out)
    assert [d["outlet"] for d in docs] == ["Wire"]
    assert docs[0]["characters"] == len("The minister said 40% of voters agreed.\nSecond line.")


def test_import_missing_path_and_unknown_extension(tmp_path, capsys):
    path = tmp_path / "p.annotator"
    run(capsys, "init", path)
    (tmp_path / "x.xyz").write_text("hello", encoding="utf-8")
    code, out, err = run(capsys, "import", path, tmp_path / "nope.txt", tmp_path / "x.xyz")
    assert code == 1
    assert "nope.txt" in err and "x.xyz" in err


def test_export_and_filters(sample, tmp_path, capsys):
    from annotator.store import open_project

    project = open_project(sample)
    doc = project.documents()[0]
    text = project.document(doc.id).text
    start = text.index("Aliyev")
    project.add_span(doc.id, start, start + len("Aliyev"), "QUOTE")
    project.add_span(doc.id, 0, 10, "CLAIM", status="suggested")
    project.close()
    out_file = tmp_path / "out.jsonl"
    code, out, err = run(capsys, "export", sample, "--format", "jsonl", "--out", out_file, "--labels", "QUOTE")
    assert code == 0, err
    records = [json.loads(line) for line in out_file.read_text(encoding="utf-8").splitlines()]
    spans = [s for r in records for s in r["spans"]]
    assert [(s["label"], r["text"][s["start"]:s["end"]]) for r in records for s in r["spans"]] == [("QUOTE", "Aliyev")]
    assert len(spans) == 1
    code, out, err = run(capsys, "export", sample, "--format", "csv", "--out", tmp_path / "x.csv", "--labels", "NOPE")
    assert code == 1 and "NOPE" in err


def test_search_json_offsets_point_at_the_hit(sample, capsys):
    code, out, err = run(capsys, "search", sample, "Kiselyov", "--json")
    assert code == 0
    hits = json.loads(out)
    assert hits
    from annotator.store import open_project

    project = open_project(sample, readonly=True)
    for h in hits:
        assert project.document(h["doc_id"]).text[h["start"]:h["end"]].lower() == "kiselyov"
    project.close()


def test_stats_json_counts(sample, capsys):
    code, out, _ = run(capsys, "stats", sample, "--json")
    stats = json.loads(out)
    assert stats["documents"] == 5
    assert set(stats["by_label"]) == {"QUOTE", "CLAIM", "FIGURE", "FRAMING"}


def test_bad_usage_exits_2(capsys):
    assert run(capsys, "export")[0] == 2
    assert run(capsys, "frobnicate")[0] == 2


@pytest.mark.parametrize("content", [b"", b"hello world\n", b"\x00\x01\x02" * 100])
def test_not_a_project_exits_1(tmp_path, capsys, content):
    path = tmp_path / "x.annotator"
    path.write_bytes(content)
    code, out, err = run(capsys, "docs", path)
    assert code == 1
    assert str(path) in err and "not an annotator project" in err
    assert path.read_bytes() == content


def test_newer_project_is_refused_and_untouched(tmp_path, capsys):
    path = tmp_path / "p.annotator"
    run(capsys, "init", path)
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('annotator', 'm999_future', 'x')")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    for argv in (("docs", path), ("import", path, tmp_path)):
        code, out, err = run(capsys, *argv)
        assert code == 1
        assert "newer version" in err
    assert path.read_bytes() == before


def test_locked_project_refuses_import(tmp_path, capsys):
    from annotator.store import open_project

    path = tmp_path / "p.annotator"
    run(capsys, "init", path)
    doc = tmp_path / "d.txt"
    doc.write_text("Some text here.", encoding="utf-8")
    holder = open_project(path)
    try:
        code, out, err = run(capsys, "import", path, doc)
        assert code == 1 and "another annotator window" in err
        # read-only commands still work while the app has it open
        assert run(capsys, "docs", path)[0] == 0
    finally:
        holder.close()
    assert run(capsys, "import", path, doc)[0] == 0
