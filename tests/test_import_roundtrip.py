"""Our own exports read back: jsonl (Prodigy) and doccano export -> import -> export are identical apart from ids."""

import json

import pytest

from annotator.core.models import NewDocument, NewSpan, Status
from annotator.io.importer import import_paths
from annotator.store import create_project

TEXTS = [
    ("Aliyev said: “We are allies.” 🇦🇿 Trade grew 12%.\n\nKiselev asked about NATO.", "First", "Outlet A"),
    ("中文 text with עברית and العربية; e\u0301 combining, 𝔘 astral.\nSecond line.", "Second", "Outlet B"),
]


@pytest.fixture
def source(project):
    from annotator.nlp.tokenize import token_offsets

    docs = [NewDocument(t, title=title, outlet=o, author="Au", published="2024-12-19", url=f"https://x.example/{n}",
                        tokens=token_offsets(t))  # as documents imported by the app are
            for n, (t, title, o) in enumerate(TEXTS)]
    ids = project.add_documents(docs).added
    t0 = TEXTS[0][0]
    q = t0.index("“"), t0.index("”") + 1
    project.add_spans(ids[0], [NewSpan(*q, "QUOTE", note="the key line"),
                               NewSpan(t0.index("12%"), t0.index("12%") + 3, "FIGURE"),
                               NewSpan(0, t0.index(":"), "CLAIM", note="overlap", status=Status.SUGGESTED)])
    t1 = TEXTS[1][0]
    project.add_spans(ids[1], [NewSpan(t1.index("עברית"), t1.index("עברית") + 5, "FRAMING", note="rtl"),
                               NewSpan(t1.index("𝔘"), t1.index("𝔘") + 1, "QUOTE")])
    return project


def _strip_ids(line: str, fmt: str) -> dict:
    r = json.loads(line)
    if fmt == "jsonl":
        r["meta"].pop("doc_id")
        for s in r["spans"]:
            s.pop("id")
    else:
        r.pop("id")
        r["meta"].pop("doc_id")
        for m in r["label_meta"]:
            m.pop("id")
    return r


@pytest.mark.parametrize("fmt", ["jsonl", "doccano"])
@pytest.mark.parametrize("status", ["accepted", "all"])
def test_export_import_export_round_trips(tmp_path, source, fmt, status):
    from annotator.io.export import export

    first = tmp_path / f"first.{fmt}.jsonl"
    export(source, fmt, first, status=status)
    target = create_project(tmp_path / "copy.annotator")
    try:
        report = import_paths(target, [first])
        assert report.ok and len(report.added) == len(TEXTS), report
        assert report.skipped_spans == [] and report.skipped_records == []
        second = tmp_path / f"second.{fmt}.jsonl"
        export(target, fmt, second, status=status)
        for d in target.documents():
            assert d.source_file.startswith(first.name + ":")
    finally:
        target.close()
    a = [_strip_ids(l, fmt) for l in first.read_text(encoding="utf-8").splitlines()]
    b = [_strip_ids(l, fmt) for l in second.read_text(encoding="utf-8").splitlines()]
    assert a == b
    n_spans = sum(len(r["spans"] if fmt == "jsonl" else r["label"]) for r in a)
    assert n_spans == (5 if status == "all" else 4)
