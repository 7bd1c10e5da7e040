"""Export safety through the CLI: formula cells neutralised (CSV injection), no silent overwrites,
documents without exported spans left out unless --include-empty."""

import csv
import json

import pytest

from annotator.core.models import NewDocument, NewSpan
from cli_helpers import run

FORMULA_CHARS = ["=", "+", "-", "@", "\t", "\r"]


def make_project(tmp_path, docs):
    from annotator.store import create_project

    path = tmp_path / "p.annotator"
    project = create_project(path)
    try:
        project.add_documents(docs)
    finally:
        project.close()
    return path


@pytest.mark.parametrize("char", FORMULA_CHARS)
def test_csv_cells_starting_a_formula_are_quoted(tmp_path, capsys, char):
    payload = f"{char}HYPERLINK(\"http://evil\",\"x\")"
    if char == "\r":  # stored text never holds a CR (newlines are normalised at import): only other cells can
        payload = payload[1:]
    text = f"{payload} rest of the text"
    doc = NewDocument(text=text, title=f"{char}cmd|' /C calc'!A0", outlet=f"{char}Outlet", author=f"{char}Author",
                      url=f"{char}1+1", spans=(NewSpan(0, len(payload), "QUOTE", note=f"{char}SUM(A1:A2)"),))
    path = make_project(tmp_path, [doc])
    out = tmp_path / "x.csv"
    code, _, err = run(capsys, "export", path, "--format", "csv", "--out", out)
    assert code == 0, err
    with open(out, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 1
    row = rows[0]
    for column in ("title", "outlet", "author", "url", "note"):
        assert row[column].startswith("'" + char), (column, row[column])
    assert row["text"] == ("'" + payload if char != "\r" else payload)
    assert row["note"] == f"'{char}SUM(A1:A2)"
    # numbers and ordinary text are left alone
    assert row["start"] == "0" and row["label"] == "QUOTE" and row["status"] == "accepted"


def test_csv_ordinary_cells_unchanged(tmp_path, capsys):
    text = "A claim -- with a dash inside, 3-4 people, a+b and x=y"
    path = make_project(tmp_path, [NewDocument(text=text, title="Plain title", spans=(NewSpan(2, 7, "CLAIM"),))])
    out = tmp_path / "x.csv"
    assert run(capsys, "export", path, "--format", "csv", "--out", out)[0] == 0
    row = next(csv.DictReader(open(out, encoding="utf-8", newline="")))
    assert row["title"] == "Plain title" and row["text"] == "claim"


@pytest.fixture
def two_docs(tmp_path):
    """One document with an accepted span, one with none."""
    return make_project(tmp_path, [
        NewDocument(text="The minister said 40 percent.", title="Annotated", spans=(NewSpan(18, 28, "FIGURE"),)),
        NewDocument(text="Nothing marked in this one.", title="Untouched"),
    ])


@pytest.mark.parametrize("fmt", ["jsonl", "doccano", "csv", "w3c"])
def test_existing_out_file_is_refused_without_force(two_docs, tmp_path, capsys, fmt):
    out = tmp_path / f"old.{fmt}"
    out.write_text("months of work", encoding="utf-8")
    code, stdout, err = run(capsys, "export", two_docs, "--format", fmt, "--out", out)
    assert code == 1
    assert len(err.strip().splitlines()) == 1 and str(out) in err and "--force" in err
    assert "Traceback" not in err
    assert out.read_text(encoding="utf-8") == "months of work"
    code, _, err = run(capsys, "export", two_docs, "--format", fmt, "--out", out, "--force")
    assert code == 0, err
    assert out.read_text(encoding="utf-8") != "months of work"


def test_existing_links_sidecar_is_refused_without_force(two_docs, tmp_path, capsys):
    out = tmp_path / "new.jsonl"
    sidecar = tmp_path / "new.links.jsonl"
    sidecar.write_text("keep me", encoding="utf-8")
    code, _, err = run(capsys, "export", two_docs, "--format", "jsonl", "--out", out)
    assert code == 1 and str(sidecar) in err
    assert not out.exists() and sidecar.read_text(encoding="utf-8") == "keep me"
    assert run(capsys, "export", two_docs, "--format", "jsonl", "--out", out, "--force")[0] == 0
    assert out.exists() and sidecar.read_text(encoding="utf-8") != "keep me"


@pytest.mark.parametrize("fmt,name", [("spacy", "train.spacy"), ("spacy", "dev.spacy"), ("brat", "annotation.conf")])
def test_files_inside_an_output_folder_are_refused_without_force(two_docs, tmp_path, capsys, fmt, name):
    folder = tmp_path / "outdir"
    folder.mkdir()
    (folder / name).write_text("old", encoding="utf-8")
    code, _, err = run(capsys, "export", two_docs, "--format", fmt, "--out", folder)
    assert code == 1 and name in err and "--force" in err
    assert [p.name for p in folder.iterdir()] == [name] and (folder / name).read_text() == "old"
    assert run(capsys, "export", two_docs, "--format", fmt, "--out", folder, "--force")[0] == 0


def test_brat_document_files_are_refused_without_force(two_docs, tmp_path, capsys):
    folder = tmp_path / "brat"
    assert run(capsys, "export", two_docs, "--format", "brat", "--out", folder)[0] == 0
    ann = next(folder.glob("*.ann"))
    ann.write_text("T1\tFIGURE 0 3\thand edit\n", encoding="utf-8")
    code, _, err = run(capsys, "export", two_docs, "--format", "brat", "--out", folder)
    assert code == 1 and "already exists" in err
    assert ann.read_text(encoding="utf-8") == "T1\tFIGURE 0 3\thand edit\n"
    # a folder with unrelated files is fine: only the files the export writes count
    other = tmp_path / "brat2"
    other.mkdir()
    (other / "notes.txt").write_text("mine", encoding="utf-8")
    assert run(capsys, "export", two_docs, "--format", "brat", "--out", other)[0] == 0
    assert (other / "notes.txt").read_text() == "mine"


@pytest.mark.parametrize("fmt", ["jsonl", "doccano", "csv"])
def test_documents_without_spans_left_out_unless_include_empty(two_docs, tmp_path, capsys, fmt):
    out = tmp_path / f"a.{fmt}"
    code, stdout, err = run(capsys, "export", two_docs, "--format", fmt, "--out", out)
    assert code == 0, err
    assert "from 1 document(s)" in stdout and "left out 1 document(s)" in stdout and "--include-empty" in stdout
    body = out.read_text(encoding="utf-8")
    assert "Annotated" in body and "Untouched" not in body
    full = tmp_path / f"b.{fmt}"
    code, stdout, err = run(capsys, "export", two_docs, "--format", fmt, "--out", full, "--include-empty")
    assert code == 0, err
    assert "from 2 document(s)" in stdout and "left out" not in stdout
    assert "Untouched" in full.read_text(encoding="utf-8")


def test_include_empty_keeps_a_document_whose_spans_are_filtered_out(two_docs, tmp_path, capsys):
    out = tmp_path / "q.jsonl"
    assert run(capsys, "export", two_docs, "--format", "jsonl", "--out", out, "--labels", "QUOTE")[0] == 0
    assert out.read_text(encoding="utf-8") == ""  # no QUOTE anywhere: nothing to teach
    out2 = tmp_path / "q2.jsonl"
    assert run(capsys, "export", two_docs, "--format", "jsonl", "--out", out2, "--labels", "QUOTE",
               "--include-empty")[0] == 0
    records = [json.loads(l) for l in out2.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 2 and all(r["spans"] == [] for r in records)


def test_spacy_split_counts_only_exported_documents(two_docs, tmp_path, capsys):
    code, stdout, _ = run(capsys, "export", two_docs, "--format", "spacy", "--out", tmp_path / "sp",
                          "--dev-fraction", "0.5")
    assert code == 0 and "from 1 document(s)" in stdout
