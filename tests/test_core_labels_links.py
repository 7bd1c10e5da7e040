"""Labels (add/rename/recolour/reorder/delete with refuse/delete/reassign), link types and links."""

import pytest

from annotator.core import DEFAULT_LABELS, DEFAULT_LINK_TYPES, InvalidSpan, LabelInUse, NewDocument, NotFound


@pytest.fixture
def docs(project):
    r = project.add_documents([NewDocument("Alpha beta gamma delta epsilon zeta eta theta.", title="A"),
                               NewDocument("Un deux trois quatre cinq six sept huit neuf.", title="B")])
    return r.added


def ids(change, kind):
    return change.ids(kind)


def test_default_labels_and_link_types(project):
    assert [(l.name, l.color, l.key, l.description) for l in project.labels()] == [tuple(x) for x in DEFAULT_LABELS]
    assert [l.position for l in project.labels()] == [0, 1, 2, 3]
    assert [t.name for t in project.link_types()] == [n for n, _ in DEFAULT_LINK_TYPES]


def test_add_rename_recolour_label(project, docs):
    a, _ = docs
    c = project.add_label("SOURCE", color="#abcdef", key="5", description="Who said it")
    new_id = ids(c, "label").pop()
    lab = project.label("SOURCE")
    assert (lab.id, lab.color, lab.key, lab.description, lab.position) == (new_id, "#abcdef", "5", "Who said it", 4)
    assert project.add_label("OTHER").ids("label")  # default colour from a palette
    assert project.label("OTHER").color.startswith("#")
    with pytest.raises(InvalidSpan):
        project.add_label("SOURCE")
    with pytest.raises(InvalidSpan):
        project.add_label("   ")
    sid = project.add_span(a, 0, 5, "CLAIM").ids("span").pop()
    c = project.update_label("CLAIM", new_name="ASSERTION", color="#000001", description="new guide")
    assert c.updated == {"label": {project.label("ASSERTION").id}}
    assert project.span(sid).label == "ASSERTION"  # spans follow the label by id
    assert [s.label for s in project.spans(labels=["ASSERTION"])] == ["ASSERTION"]
    with pytest.raises(NotFound):
        project.label("CLAIM")
    with pytest.raises(InvalidSpan):  # rename onto an existing name
        project.update_label("ASSERTION", new_name="QUOTE")
    project.undo()
    assert project.span(sid).label == "CLAIM" and project.label("CLAIM").color == DEFAULT_LABELS[1][1]


def test_reorder_labels(project):
    project.add_label("SOURCE")
    project.reorder_labels(["SOURCE", "FIGURE"])
    assert [l.name for l in project.labels()] == ["SOURCE", "FIGURE", "QUOTE", "CLAIM", "FRAMING"]
    assert [l.position for l in project.labels()] == [0, 1, 2, 3, 4]
    project.undo()
    assert [l.name for l in project.labels()] == ["QUOTE", "CLAIM", "FIGURE", "FRAMING", "SOURCE"]
    with pytest.raises(NotFound):
        project.reorder_labels(["NOPE"])


def test_delete_label_refuses_when_in_use(project, docs):
    a, _ = docs
    project.add_span(a, 0, 5, "CLAIM")
    project.add_span(a, 6, 10, "CLAIM", status="rejected")
    depth = len(project.stack.undo_stack)
    with pytest.raises(LabelInUse) as err:
        project.delete_label("CLAIM")
    assert err.value.count == 2 and "CLAIM" in str(err.value)
    assert project.label_usage("CLAIM") == 2
    assert len(project.spans()) == 2 and len(project.stack.undo_stack) == depth
    with pytest.raises(InvalidSpan):
        project.delete_label("CLAIM", spans="reassign")  # no target
    with pytest.raises(InvalidSpan):
        project.delete_label("CLAIM", spans="reassign", reassign_to="CLAIM")
    with pytest.raises(NotFound):
        project.delete_label("CLAIM", spans="reassign", reassign_to="NOPE")
    assert project.label("CLAIM")
    # an unused label goes without asking
    c = project.delete_label("FIGURE")
    assert c.removed["label"] and "FIGURE" not in [l.name for l in project.labels()]


def test_delete_label_with_its_spans_and_links(project, docs):
    a, b = docs
    s1 = project.add_span(a, 0, 5, "CLAIM").ids("span").pop()
    s2 = project.add_span(b, 0, 2, "QUOTE").ids("span").pop()
    s3 = project.add_span(a, 6, 10, "QUOTE").ids("span").pop()
    l1 = project.add_link(s2, s1).ids("link").pop()
    l2 = project.add_link(s2, s3).ids("link").pop()
    claim_id = project.label("CLAIM").id
    c = project.delete_label("CLAIM", spans="delete")
    assert c.removed["span"] == {s1} and c.removed["link"] == {l1}
    assert c.removed["label"] == {claim_id}
    assert {s.id for s in project.spans()} == {s2, s3}
    assert [l.id for l in project.links()] == [l2]
    assert c.doc_ids >= {a, b}
    project.undo()
    assert project.span(s1).label == "CLAIM" and {l.id for l in project.links()} == {l1, l2}


def test_delete_label_reassign_moves_spans_and_resolves_clashes(project, docs):
    a, b = docs
    moved = project.add_span(a, 0, 5, "CLAIM", note="keep me").ids("span").pop()
    clash = project.add_span(a, 6, 10, "CLAIM").ids("span").pop()
    kept = project.add_span(a, 6, 10, "QUOTE").ids("span").pop()  # same offsets as `clash`
    other = project.add_span(b, 0, 2, "CLAIM", status="suggested").ids("span").pop()
    link = project.add_link(clash, other).ids("link").pop()
    c = project.delete_label("CLAIM", spans="reassign", reassign_to="QUOTE")
    assert c.removed["span"] == {clash} and c.removed["link"] == {link}
    assert c.updated["span"] == {moved, other}
    spans = {s.id: s for s in project.spans()}
    assert set(spans) == {moved, kept, other}
    assert {s.label for s in spans.values()} == {"QUOTE"}
    assert spans[moved].note == "keep me" and spans[other].status == "suggested"
    assert "CLAIM" not in [l.name for l in project.labels()]
    project.undo()
    assert project.span(clash).label == "CLAIM" and project.span(moved).label == "CLAIM"
    assert [l.id for l in project.links()] == [link]


def test_links_same_doc_and_cross_doc(project, docs):
    a, b = docs
    s1 = project.add_span(a, 0, 5, "CLAIM").ids("span").pop()
    s2 = project.add_span(a, 6, 10, "QUOTE").ids("span").pop()
    s3 = project.add_span(b, 0, 2, "QUOTE").ids("span").pop()
    same = project.add_link(s1, s2, "supports", note="same doc")
    assert same.doc_ids == {a}
    cross = project.add_link(s3, s1, "paraphrases")
    assert cross.doc_ids == {a, b}
    l_same, l_cross = same.ids("link").pop(), cross.ids("link").pop()
    links = {l.id: l for l in project.links()}
    assert (links[l_same].source_id, links[l_same].target_id, links[l_same].type, links[l_same].note) == (
        s1, s2, "supports", "same doc")
    assert (links[l_cross].source_id, links[l_cross].target_id, links[l_cross].type) == (s3, s1, "paraphrases")
    assert {l.id for l in project.links(a)} == {l_same, l_cross}
    assert {l.id for l in project.links(b)} == {l_cross}
    assert {l.id for l in project.links_for_span(s2)} == {l_same}
    project.update_link(l_cross, link_type="distorts", note="changed")
    l = next(x for x in project.links() if x.id == l_cross)
    assert (l.type, l.note) == ("distorts", "changed")
    with pytest.raises(InvalidSpan):
        project.add_link(s1, s1)
    with pytest.raises(NotFound):
        project.add_link(s1, 999999)
    with pytest.raises(NotFound):
        project.add_link(s1, s3, "no-such-type")
    with pytest.raises(NotFound):
        project.update_link(999999, note="x")
    c = project.remove_links([l_same])
    assert c.removed["link"] == {l_same} and c.doc_ids == {a}
    assert [x.id for x in project.links()] == [l_cross]


def test_link_types_add_rename_delete(project, docs):
    a, b = docs
    s1 = project.add_span(a, 0, 5, "CLAIM").ids("span").pop()
    s2 = project.add_span(b, 0, 2, "QUOTE").ids("span").pop()
    project.add_link_type("echoes", "The source echoes the target.")
    assert project.link_type("echoes").position == len(DEFAULT_LINK_TYPES)
    with pytest.raises(InvalidSpan):
        project.add_link_type("echoes")
    lid = project.add_link(s1, s2, "echoes").ids("link").pop()
    project.update_link_type("echoes", new_name="cites", description="d")
    assert project.links()[0].type == "cites" and project.link_type("cites").description == "d"
    with pytest.raises(InvalidSpan):
        project.update_link_type("cites", new_name="supports")
    with pytest.raises(LabelInUse):
        project.delete_link_type("cites")
    c = project.delete_link_type("cites", delete_links=True)
    assert c.removed["link"] == {lid} and c.removed["link_type"]
    assert project.links() == [] and "cites" not in [t.name for t in project.link_types()]
    project.undo()
    assert [l.id for l in project.links()] == [lid] and project.links()[0].type == "cites"
