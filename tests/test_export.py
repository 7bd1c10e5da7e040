"""Export API: options, filters, errors with clear one-line messages, progress, no partial files."""

import csv
import json
import os

import pytest

from annotator.core.errors import AnnotatorError
from annotator.io.export import FORMATS, ExportError, ExportReport, export
from test_export_support import build_sample, read_jsonl

FILE_FORMATS = ("jsonl", "doccano", "csv", "w3c")
DIR_FORMATS = ("spacy", "brat")


@pytest.fixture
def sample(project):
    return project, build_sample(project)


def out_for(tmp_path, fmt):
    return tmp_path / ("out" if fmt in DIR_FORMATS else f"out.{fmt}")


def test_every_format_is_reachable_from_the_cli_and_an_unknown_one_is_refused(sample, tmp_path, capsys):
    from annotator.cli import main

    project, _ = sample
    with pytest.raises(ExportError, match=r"unknown export format 'xml': use one of jsonl, spacy, doccano, brat"):
        export(project, "xml", tmp_path / "out.xml")
    assert not (tmp_path / "out.xml").exists()
    assert main(["export", str(project.path), "--format", "xml", "--out", str(tmp_path / "o.xml")]) == 2
    err = capsys.readouterr().err
    offered = err[err.index("choose from"):]
    assert all(f"'{fmt}'" in offered for fmt in FORMATS) and offered.count("'") == 2 * len(FORMATS)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_writes_and_reports(sample, tmp_path, fmt):
    project, _ = sample
    report = export(project, fmt, out_for(tmp_path, fmt))
    assert isinstance(report, ExportReport)
    assert report.documents == 3
    assert all(p.exists() for p in report.files)
    accepted = len(project.spans(statuses=["accepted"]))
    # spaCy cannot hold the one span inside a CJK token; it is counted, not silently lost
    assert report.spans + report.skipped == accepted
    assert not list(tmp_path.rglob("*.part"))


def test_status_filter_accepted_by_default_and_all(sample, tmp_path):
    project, _ = sample
    rows = lambda p: list(csv.DictReader(open(p, encoding="utf-8", newline="")))
    export(project, "csv", tmp_path / "a.csv")
    assert {r["status"] for r in rows(tmp_path / "a.csv")} == {"accepted"}
    report = export(project, "csv", tmp_path / "b.csv", status="all")
    got = rows(tmp_path / "b.csv")
    assert {r["status"] for r in got} == {"accepted", "suggested", "rejected"}
    assert report.spans == len(got) == len(project.spans())


def test_label_filter(sample, tmp_path):
    project, _ = sample
    report = export(project, "jsonl", tmp_path / "q.jsonl", labels=["QUOTE", "FIGURE"])
    labels = [s["label"] for r in read_jsonl(tmp_path / "q.jsonl") for s in r["spans"]]
    assert set(labels) == {"QUOTE", "FIGURE"}
    assert report.spans == len(labels) == len(project.spans(statuses=["accepted"], labels=["QUOTE", "FIGURE"]))
    # the comma-separated form the CLI passes works too
    export(project, "jsonl", tmp_path / "c.jsonl", labels="CLAIM")
    assert {s["label"] for r in read_jsonl(tmp_path / "c.jsonl") for s in r["spans"]} == {"CLAIM"}
    # an empty selection of labels exports the documents without spans
    report = export(project, "jsonl", tmp_path / "e.jsonl", labels=[], include_empty=True)
    assert (report.documents, report.spans) == (3, 0)


def test_links_with_a_filtered_end_are_reported(sample, tmp_path):
    project, _ = sample
    report = export(project, "jsonl", tmp_path / "q.jsonl", labels=["QUOTE"])
    assert any("link(s) left out" in w for w in report.warnings)


def test_doc_ids_subset(sample, tmp_path):
    project, (d0, d1, d2) = sample
    report = export(project, "doccano", tmp_path / "d.jsonl", doc_ids=[d2, d0])
    assert [r["id"] for r in read_jsonl(tmp_path / "d.jsonl")] == [d0, d2]
    assert report.documents == 2


@pytest.mark.parametrize("kwargs, words", [
    (dict(fmt="xml"), "unknown export format 'xml'"),
    (dict(fmt="csv", split="sentence"), "only with the jsonl format"),
    (dict(fmt="jsonl", split="words"), "unknown split 'words'"),
    (dict(fmt="jsonl", status="maybe"), "unknown status filter 'maybe'"),
    (dict(fmt="jsonl", labels=["NOPE"]), "unknown label(s) NOPE"),
    (dict(fmt="jsonl", doc_ids=[999]), "no document with id 999"),
    (dict(fmt="spacy", dev_fraction=1.5), "dev fraction"),
])
def test_bad_options(sample, tmp_path, kwargs, words):
    project, _ = sample
    fmt = kwargs.pop("fmt")
    with pytest.raises(ExportError) as e:
        export(project, fmt, tmp_path / "x", **kwargs)
    assert words in str(e.value) and "\n" not in str(e.value)
    assert isinstance(e.value, AnnotatorError)
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize("fmt", FILE_FORMATS)
def test_missing_parent_folder(sample, tmp_path, fmt):
    project, _ = sample
    out = tmp_path / "nope" / "out.txt"
    with pytest.raises(ExportError, match="does not exist") as e:
        export(project, fmt, out)
    assert str(out) in str(e.value)
    assert not (tmp_path / "nope").exists()


@pytest.mark.parametrize("fmt", FILE_FORMATS)
def test_file_target_that_is_a_folder(sample, tmp_path, fmt):
    project, _ = sample
    with pytest.raises(ExportError, match="is a folder") as e:
        export(project, fmt, tmp_path)
    assert str(tmp_path) in str(e.value)


@pytest.mark.parametrize("fmt", DIR_FORMATS)
def test_folder_target_that_is_a_file(sample, tmp_path, fmt):
    project, _ = sample
    f = tmp_path / "file"
    f.write_text("x")
    with pytest.raises(ExportError, match="is a file") as e:
        export(project, fmt, f)
    assert str(f) in str(e.value)


@pytest.mark.parametrize("fmt", FORMATS)
def test_unwritable_target(sample, tmp_path, fmt):
    """/proc refuses new files even for root; a read-only folder is checked too when not root."""
    project, _ = sample
    out = "/proc/annotator-export-test" + ("" if fmt in DIR_FORMATS else ".out")
    with pytest.raises(ExportError) as e:
        export(project, fmt, out)
    assert out in str(e.value) and "\n" not in str(e.value)
    if os.geteuid() != 0:
        ro = tmp_path / "ro"
        ro.mkdir()
        ro.chmod(0o500)
        try:
            with pytest.raises(ExportError, match="cannot"):
                export(project, fmt, ro / ("sub" if fmt in DIR_FORMATS else "out.x"))
        finally:
            ro.chmod(0o700)


def test_progress_is_called_per_document(sample, tmp_path):
    project, _ = sample
    calls = []
    export(project, "jsonl", tmp_path / "p.jsonl", progress=lambda done, total, what: calls.append((done, total, what)))
    assert calls[0][:2] == (0, 3)
    assert [c[0] for c in calls[1:]] == [1, 2, 3]
    assert calls[-1][2] == "Lines"


@pytest.mark.parametrize("fmt", FILE_FORMATS)
def test_cancel_from_progress_leaves_no_file(sample, tmp_path, fmt):
    project, _ = sample
    (tmp_path / "o").mkdir()
    out = tmp_path / "o" / "out.x"
    out.write_text("previous export")

    def cancel(done, total, what):
        if done == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        export(project, fmt, out, progress=cancel, force=True)
    assert out.read_text() == "previous export"
    assert [p.name for p in out.parent.iterdir()] == ["out.x"]


def test_empty_project_exports_nothing_but_valid_files(project, tmp_path):
    for fmt in FORMATS:
        report = export(project, fmt, out_for(tmp_path, fmt))
        assert report.documents == 0 and report.spans == 0
        assert all(p.exists() for p in report.files)
    assert json.loads((tmp_path / "out.w3c").read_text(encoding="utf-8"))["first"]["items"] == []
    assert (tmp_path / "out.jsonl").read_text() == ""


def test_read_only_project_can_be_exported(project_path, tmp_path):
    from annotator.store import create_project, open_project

    p = create_project(project_path)
    build_sample(p)
    p.close()
    ro = open_project(project_path, readonly=True)
    try:
        for fmt in FORMATS:
            report = export(ro, fmt, out_for(tmp_path, fmt), status="all")
            assert report.spans + report.skipped == len(ro.spans()) == 10
    finally:
        ro.close()
