"""Round trip: export jsonl, import it into a new project, export again: identical apart from ids."""

from annotator.io.export import export
from annotator.io.importer import import_paths
from annotator.store import create_project
from test_export_support import build_sample, read_jsonl


def without_ids(records):
    out = []
    for r in records:
        r = dict(r, meta={k: v for k, v in r["meta"].items() if k != "doc_id"})
        r["spans"] = [{k: v for k, v in s.items() if k != "id"} for s in r["spans"]]
        out.append(r)
    return out


def test_jsonl_export_import_export_is_identical(project, tmp_path):
    build_sample(project)
    for link in project.links():  # links are not read back from JSONL by the importer (see below)
        project.remove_links([link.id])
    first = tmp_path / "first.jsonl"
    export(project, "jsonl", first)
    again = create_project(tmp_path / "again.annotator")
    try:
        report = import_paths(again, [first])
        assert report.ok, report.problems
        assert len(report.added) == 3
        second = tmp_path / "second.jsonl"
        export(again, "jsonl", second)
    finally:
        again.close()
    a, b = read_jsonl(first), read_jsonl(second)
    assert sum(len(r["spans"]) for r in a) == 8
    assert without_ids(a) == without_ids(b)  # text, meta, tokens, spans, notes, hashes, answer
    assert read_jsonl(tmp_path / "second.links.jsonl") == []


def test_relations_in_our_jsonl_are_reported_by_the_importer(project, tmp_path):
    """Links survive in the sidecar; the importer says it did not read the relations (nothing silent)."""
    build_sample(project)
    export(project, "jsonl", tmp_path / "x.jsonl")
    again = create_project(tmp_path / "again.annotator")
    try:
        report = import_paths(again, [tmp_path / "x.jsonl"])
    finally:
        again.close()
    assert report.ok
    assert any("relation" in n for n in report.skipped_records), report.skipped_records
