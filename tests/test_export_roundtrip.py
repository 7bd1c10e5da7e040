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
        r["relations"] = [{k: v for k, v in x.items() if k != "id"} for x in r["relations"]]
        out.append(r)
    return out


def test_jsonl_export_import_export_is_identical(project, tmp_path):
    build_sample(project)
    for link in project.links():  # a record holds one document: cross-document links live in the sidecar only
        if project.span(link.source_id).doc_id != project.span(link.target_id).doc_id:
            project.remove_links([link.id])
    assert project.links(), "the sample needs an in-document link for this test to mean anything"
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
    assert without_ids(a) == without_ids(b)  # text, meta, tokens, spans, notes, relations, hashes, answer
    assert sum(len(r["relations"]) for r in b) == len(read_jsonl(tmp_path / "second.links.jsonl")) > 0


def test_relation_without_matching_spans_is_reported(project, tmp_path):
    import json

    path = tmp_path / "r.jsonl"
    record = {"text": "Alpha said beta.", "spans": [{"start": 0, "end": 5, "label": "QUOTE"}],
              "relations": [{"head_span": {"start": 0, "end": 5, "label": "QUOTE"},
                             "child_span": {"start": 11, "end": 15, "label": "CLAIM"}, "label": "supports"}]}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    report = import_paths(project, [path])
    assert report.ok
    assert project.links() == []
    assert any("relation 1" in n for n in report.skipped_records), report.skipped_records
