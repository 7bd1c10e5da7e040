"""Project behaviour for spans: add/remove/relabel/resize, notes, status, suggestions, validation."""

import pytest

from annotator.core import Change, InvalidSpan, NewDocument, NewSpan, NotFound, ProjectError, Status
from annotator.store import open_project

TEXT_A = "The minister said \u201cwe will cut taxes by 5%\u201d on Monday. \U0001F600 Crowds cheered.\nA second line."
TEXT_B = "Reports claim taxes rise 3% \U0001F1EB\U0001F1F7 in France, \u05e9\u05dc\u05d5\u05dd says the headline."


@pytest.fixture
def docs(project):
    r = project.add_documents([NewDocument(TEXT_A, title="A", outlet="Daily"),
                               NewDocument(TEXT_B, title="B", outlet="Weekly")])
    return r.added


def only(ids):
    assert len(ids) == 1, ids
    return next(iter(ids))


def test_add_span_stores_offsets_label_and_text(project, docs):
    a, _ = docs
    start = TEXT_A.index("\u201c")
    end = TEXT_A.index("\u201d") + 1
    change = project.add_span(a, start, end, "QUOTE", note="direct quote")
    sid = only(change.added["span"])
    assert change.doc_ids == {a}
    s = project.span(sid)
    assert (s.doc_id, s.start, s.end, s.label, s.note, s.status, s.origin) == (
        a, start, end, "QUOTE", "direct quote", "accepted", "manual")
    assert project.document(a).text[s.start:s.end] == "\u201cwe will cut taxes by 5%\u201d"


def test_span_after_emoji_uses_code_points(project, docs):
    a, _ = docs
    start = TEXT_A.index("Crowds")
    sid = only(project.add_span(a, start, start + 6, "CLAIM").added["span"])
    s = project.span(sid)
    assert project.document(a).text[s.start:s.end] == "Crowds"


def test_duplicate_span_rejected_but_other_label_overlap_and_nesting_allowed(project, docs):
    a, _ = docs
    depth = len(project.stack.undo_stack)
    project.add_span(a, 4, 12, "CLAIM")
    with pytest.raises(InvalidSpan):
        project.add_span(a, 4, 12, "CLAIM")
    project.add_span(a, 4, 12, "FRAMING")  # same offsets, other label
    project.add_span(a, 8, 20, "CLAIM")  # overlapping
    project.add_span(a, 5, 10, "CLAIM")  # nested
    project.add_span(a, 0, 40, "CLAIM")  # enclosing
    assert len(project.spans(a)) == 5
    # the failed duplicate left no undo step behind
    assert len(project.stack.undo_stack) == depth + 5


@pytest.mark.parametrize("start,end", [(-1, 3), (3, 3), (5, 2), (0, len(TEXT_A) + 1), (len(TEXT_A), len(TEXT_A) + 2)])
def test_out_of_range_reversed_empty_spans_rejected(project, docs, start, end):
    a, _ = docs
    depth = len(project.stack.undo_stack)
    with pytest.raises(InvalidSpan):
        project.add_span(a, start, end, "CLAIM")
    assert project.spans(a) == []
    assert len(project.stack.undo_stack) == depth


def test_span_up_to_end_of_text_allowed(project, docs):
    a, _ = docs
    n = len(TEXT_A)
    sid = only(project.add_span(a, n - 4, n, "CLAIM").added["span"])
    assert project.document(a).text[project.span(sid).start:] == "ine."


def test_add_spans_rejects_whole_batch_if_one_is_bad(project, docs):
    a, _ = docs
    with pytest.raises(InvalidSpan):
        project.add_spans(a, [NewSpan(0, 3, "CLAIM"), NewSpan(5, 4, "CLAIM")])
    with pytest.raises(InvalidSpan):  # duplicate inside the batch hits the UNIQUE constraint
        project.add_spans(a, [NewSpan(0, 3, "CLAIM"), NewSpan(0, 3, "CLAIM")])
    assert project.spans(a) == []
    change = project.add_spans(a, [NewSpan(0, 3, "CLAIM"), NewSpan(4, 12, "QUOTE")])
    assert len(change.added["span"]) == 2
    assert project.stack.undo_text == "Add spans"


def test_unknown_label_unknown_status_unknown_doc(project, docs):
    a, _ = docs
    with pytest.raises(NotFound):
        project.add_span(a, 0, 3, "NOPE")
    with pytest.raises(InvalidSpan):
        project.add_span(a, 0, 3, "CLAIM", status="maybe")
    with pytest.raises(InvalidSpan):
        project.add_span(a, 0, 3, "CLAIM", origin="magic")
    with pytest.raises(NotFound):
        project.add_span(9999, 0, 3, "CLAIM")
    assert project.spans() == []


def test_remove_relabel_resize_note(project, docs):
    a, _ = docs
    sid = only(project.add_span(a, 4, 12, "CLAIM").added["span"])
    c = project.relabel_span(sid, "FRAMING")
    assert c.updated == {"span": {sid}} and c.doc_ids == {a}
    assert project.span(sid).label == "FRAMING"
    c = project.resize_span(sid, 0, 12)
    assert c.updated == {"span": {sid}}
    assert (project.span(sid).start, project.span(sid).end) == (0, 12)
    c = project.set_note(sid, "nuance \u00e9 \U0001F600")
    assert project.span(sid).note == "nuance \u00e9 \U0001F600" and c.updated == {"span": {sid}}
    c = project.remove_spans([sid])
    assert c.ids("span") == {sid} and c.ids("link") == set() and c.doc_ids == {a}
    with pytest.raises(NotFound):
        project.span(sid)


def test_resize_and_relabel_validate(project, docs):
    a, _ = docs
    depth = len(project.stack.undo_stack)
    sid = only(project.add_span(a, 4, 12, "CLAIM").added["span"])
    other = only(project.add_span(a, 0, 12, "CLAIM").added["span"])
    for start, end in [(5, 5), (9, 2), (-1, 4), (0, len(TEXT_A) + 1)]:
        with pytest.raises(InvalidSpan):
            project.resize_span(sid, start, end)
    with pytest.raises(InvalidSpan):  # would duplicate `other`
        project.resize_span(sid, 0, 12)
    project.add_span(a, 4, 12, "QUOTE")
    with pytest.raises(InvalidSpan):  # relabel into an existing (doc, start, end, label)
        project.relabel_span(sid, "QUOTE")
    s = project.span(sid)
    assert (s.start, s.end, s.label) == (4, 12, "CLAIM")
    assert project.span(other).start == 0
    with pytest.raises(NotFound):
        project.relabel_span(424242, "CLAIM")
    with pytest.raises(NotFound):
        project.set_note(424242, "x")
    with pytest.raises(NotFound):
        project.remove_spans([424242])
    assert len(project.stack.undo_stack) == depth + 3  # the three successful adds only


def test_bulk_accept_reject_is_one_step(project, docs):
    a, b = docs
    change = project.add_suggestions({a: [NewSpan(0, 3, "CLAIM", origin="rule", status="suggested"),
                                          NewSpan(4, 12, "QUOTE", origin="model", status="suggested", score=0.7)],
                                      b: [NewSpan(0, 7, "CLAIM", origin="rule", status="suggested")]})
    ids = sorted(change.added["span"])
    assert len(ids) == 3 and change.doc_ids == {a, b}
    depth = len(project.stack.undo_stack)
    c = project.accept(ids[:2])
    assert c.updated == {"span": set(ids[:2])} and c.doc_ids == {a}
    assert [project.span(i).status for i in ids] == ["accepted", "accepted", "suggested"]
    c = project.reject(ids)
    assert c.doc_ids == {a, b}
    assert {project.span(i).status for i in ids} == {"rejected"}
    assert len(project.stack.undo_stack) == depth + 2
    project.undo()
    assert [project.span(i).status for i in ids] == ["accepted", "accepted", "suggested"]
    project.undo()
    assert {project.span(i).status for i in ids} == {"suggested"}
    with pytest.raises(InvalidSpan):
        project.set_status(ids, "maybe")
    assert project.span(ids[1]).score == pytest.approx(0.7)


def test_spans_filters(project, docs):
    a, b = docs
    project.add_span(a, 0, 3, "CLAIM")
    project.add_span(a, 4, 12, "QUOTE", status="suggested")
    project.add_span(b, 0, 7, "CLAIM", status="rejected")
    assert len(project.spans()) == 3
    assert [s.label for s in project.spans(a)] == ["CLAIM", "QUOTE"]
    assert [s.doc_id for s in project.spans(statuses=["rejected"])] == [b]
    assert [s.start for s in project.spans(labels=["QUOTE"])] == [4]
    assert project.spans(labels=["NOPE"]) == []
    assert len(project.spans(statuses=Status.ALL, labels=["CLAIM", "QUOTE"])) == 3


def test_add_suggestions_skips_existing_in_any_status(project, docs):
    a, b = docs
    acc = only(project.add_span(a, 0, 3, "CLAIM").added["span"])
    rej = only(project.add_span(a, 4, 12, "CLAIM").added["span"])
    project.reject([rej])
    sug = only(project.add_span(b, 0, 7, "QUOTE", status="suggested").added["span"])
    before = {s.id: s for s in project.spans()}
    depth = len(project.stack.undo_stack)
    proposals = {a: [NewSpan(0, 3, "CLAIM", origin="model", status="suggested"),   # accepted exists
                     NewSpan(4, 12, "CLAIM", origin="model", status="suggested"),  # rejected exists
                     NewSpan(4, 12, "QUOTE", origin="model", status="suggested"),  # new: other label
                     NewSpan(4, 12, "QUOTE", origin="model", status="suggested")],  # repeated in batch
                 b: [NewSpan(0, 7, "QUOTE", origin="rule", status="suggested"),    # suggested exists
                     NewSpan(8, 13, "CLAIM", origin="rule", status="suggested")]}   # new
    change = project.add_suggestions(proposals)
    assert len(project.stack.undo_stack) == depth + 1
    new = change.added["span"]
    assert len(new) == 2 and change.doc_ids == {a, b}
    got = sorted((project.span(i).doc_id, project.span(i).start, project.span(i).label) for i in new)
    assert got == sorted([(a, 4, "QUOTE"), (b, 8, "CLAIM")])
    # the existing spans are untouched (a rejected span is never revived)
    after = {s.id: s for s in project.spans()}
    for i in (acc, rej, sug):
        assert after[i] == before[i]
    # re-suggesting the same again adds nothing and makes no undo step
    again = project.add_suggestions(proposals)
    assert again.empty and len(project.stack.undo_stack) == depth + 1
    project.undo()
    assert {s.id: s for s in project.spans()} == before


def test_read_only_project_refuses_every_write(project_path):
    from annotator.store import create_project

    p = create_project(project_path)
    doc = p.add_documents([NewDocument(TEXT_A)]).added[0]
    sid = only(p.add_span(doc, 0, 3, "CLAIM").added["span"])
    p.close()
    ro = open_project(project_path, readonly=True)
    try:
        assert ro.readonly
        assert ro.spans(doc)[0].id == sid  # reads work
        attempts = [
            lambda: ro.add_span(doc, 4, 8, "CLAIM"),
            lambda: ro.add_spans(doc, [NewSpan(4, 8, "CLAIM")]),
            lambda: ro.add_suggestions({doc: [NewSpan(4, 8, "CLAIM", status="suggested")]}),
            lambda: ro.remove_spans([sid]),
            lambda: ro.relabel_span(sid, "QUOTE"),
            lambda: ro.resize_span(sid, 0, 5),
            lambda: ro.set_note(sid, "x"),
            lambda: ro.accept([sid]),
            lambda: ro.add_documents([NewDocument("another text")]),
            lambda: ro.add_label("NEW"),
            lambda: ro.delete_label("FIGURE"),
            lambda: ro.set_setting("k", 1),
            lambda: ro.remove_documents([doc]),
        ]
        for attempt in attempts:
            with pytest.raises(ProjectError):
                attempt()
        assert ro.undo() is None  # nothing to undo in this session
        assert [(s.id, s.start, s.end, s.label) for s in ro.spans()] == [(sid, 0, 3, "CLAIM")]
    finally:
        ro.close()


def test_change_helpers():
    c = Change("x")
    assert c.empty
    c.note("span", "added", [1, 2], [7])
    c.note("link", "removed", [3])
    assert c.touches("span") and c.touches("link") and not c.touches("label")
    assert c.ids("span") == {1, 2} and c.doc_ids == {7}
    inv = c.inverted()
    assert inv.removed == {"span": {1, 2}} and inv.added == {"link": {3}}
    merged = Change().merge(c).merge(inv)
    assert merged.ids("span") == {1, 2} and merged.ids("link") == {3}
