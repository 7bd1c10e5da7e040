"""Project.span_index (windowed, keyset-paged compact rows), settings, models and pattern files."""

import pytest

from annotator.core import NewDocument, NewSpan, NotFound


@pytest.fixture
def doc(project):
    return project.add_documents([NewDocument("x" * 1000, title="long")]).added[0]


def test_span_index_window_paging_ids(project, doc):
    other = project.add_documents([NewDocument("y" * 50, title="other")]).added[0]
    spans = [NewSpan(s, s + w, lab, note="n" if s % 7 == 0 else "")
             for s in range(0, 900, 10) for w, lab in ((5, "CLAIM"), (25, "QUOTE"))]
    ids = sorted(project.add_spans(doc, spans).added["span"])
    oid = project.add_span(other, 0, 5, "CLAIM").ids("span").pop()
    claim, quote = project.label("CLAIM").id, project.label("QUOTE").id
    rows = project.span_index(doc)
    assert len(rows) == len(spans) and {r[0] for r in rows} == set(ids)
    assert rows == sorted(rows, key=lambda r: (r[1], r[2], r[3]))
    by_id = {s.id: s for s in project.spans(doc)}
    for rid, start, end, label_id, status, has_note in rows:
        s = by_id[rid]
        assert (start, end, label_id, status, bool(has_note)) == (s.start, s.end, s.label_id, s.status, bool(s.note))
    # window: exactly the spans intersecting [a, b)
    a, b = 103, 141
    win = project.span_index(doc, window=(a, b))
    assert {r[0] for r in win} == {s.id for s in by_id.values() if s.start < b and s.end > a}
    assert {r[3] for r in win} == {claim, quote}
    # keyset paging visits every row once, in order
    paged, after = [], None
    while True:
        page = project.span_index(doc, after=after, limit=37)
        if not page:
            break
        paged += page
        after = page[-1][1:4]
    assert paged == rows
    # ids: only those in this document
    some = ids[5:9]
    assert [r[0] for r in project.span_index(doc, ids=some + [oid])] == [r[0] for r in rows if r[0] in set(some)]
    project.reject(some)
    assert {r[4] for r in project.span_index(doc, ids=some)} == {"rejected"}


def test_settings_roundtrip_and_persist(project_path):
    from annotator.store import create_project, open_project

    p = create_project(project_path)
    assert p.setting("missing", 5) == 5
    p.set_setting("layout", {"panes": [1, 2], "name": "\u00e9\U0001F600"})
    p.close()
    p = open_project(project_path)
    try:
        assert p.setting("layout") == {"panes": [1, 2], "name": "\u00e9\U0001F600"}
    finally:
        p.close()


def test_models_register_activate_delete(project):
    a = project.register_model("m1", "/tmp/m1", ["CLAIM"], {"f": 0.5}, {"steps": 10})
    b = project.register_model("m2", "/tmp/m2", ["CLAIM", "QUOTE"], {"f": 0.6}, {})
    assert [m["id"] for m in project.models()] == [a, b]
    assert project.active_model()["id"] == b  # registering activates and deactivates the others
    assert project.models()[1]["labels"] == ["CLAIM", "QUOTE"] and project.models()[0]["metrics"] == {"f": 0.5}
    project.set_active_model(a)
    assert project.active_model()["name"] == "m1"
    project.set_active_model(None)
    assert project.active_model() is None
    project.delete_model(a)
    assert [m["id"] for m in project.models()] == [b]
    assert not project.can_undo  # models are not on the undo stack
    with pytest.raises(NotFound):
        project.delete_model(a)


def test_pattern_files(project):
    from annotator.core import InvalidSpan

    pid = project.add_pattern_file("money.jsonl", '{"label": "FIGURE", "pattern": "$"}\n')
    with pytest.raises(InvalidSpan):
        project.add_pattern_file("money.jsonl", "")
    project.update_pattern_file(pid, enabled=False, content="x")
    row = project.pattern_files()[0]
    assert (row["name"], row["content"], row["enabled"]) == ("money.jsonl", "x", 0)
    project.delete_pattern_file(pid)
    assert project.pattern_files() == []
