"""add_documents carries links between the imported spans, in the same undo step."""

import pytest

from annotator.core import InvalidSpan, NewDocument, NewLink, NewSpan


def doc_with_links(links, text="Alpha said beta gamma."):
    spans = (NewSpan(0, 5, "QUOTE"), NewSpan(11, 15, "CLAIM"), NewSpan(16, 21, "FIGURE"))
    return NewDocument(text, title="t", spans=spans, links=tuple(links))


def test_links_are_created_between_the_right_spans_and_undone_with_the_import(project):
    result = project.add_documents([doc_with_links([NewLink(0, 1, "distorts", "n"), NewLink(2, 0, "supports")])])
    doc = result.added[0]
    text = project.document(doc).text
    by_id = {s.id: text[s.start:s.end] for s in project.spans(doc)}
    got = sorted((by_id[l.source_id], by_id[l.target_id], l.type, l.note) for l in project.links())
    assert got == [("Alpha", "beta", "distorts", "n"), ("gamma", "Alpha", "supports", "")]
    project.undo()
    assert project.links() == [] and project.documents() == []
    project.redo()
    assert len(project.links()) == 2


def test_unknown_link_type_follows_the_unknown_labels_policy(project):
    with pytest.raises(InvalidSpan, match="unknown link type"):
        project.add_documents([doc_with_links([NewLink(0, 1, "echoes")])])
    assert project.documents() == []
    r = project.add_documents([doc_with_links([NewLink(0, 1, "echoes")])], unknown_labels="skip")
    assert project.links() == [] and any("unknown link type" in s for s in r.skipped_spans)
    project.undo()
    project.add_documents([doc_with_links([NewLink(0, 1, "echoes")])], unknown_labels="create")
    assert [l.type for l in project.links()] == ["echoes"]


def test_link_to_a_skipped_span_is_reported_not_created(project):
    spans = (NewSpan(0, 5, "QUOTE"), NewSpan(11, 15, "NOPE"))
    r = project.add_documents([NewDocument("Alpha said beta.", spans=spans, links=(NewLink(0, 1, "supports"),))],
                              unknown_labels="skip")
    assert project.links() == []
    assert any("link 0->1" in s for s in r.skipped_spans)
