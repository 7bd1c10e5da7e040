"""Undo/redo of every command: the full rows after undo equal the rows before, redo restores the same ids."""

import pytest

from annotator.core import NewDocument, NewSpan

TEXT_A = "The minister said \u201cwe will cut taxes\u201d on Monday. \U0001F600 Crowds cheered loudly.\nSecond line here."
TEXT_B = "Critics claim taxes will rise \U0001F1EB\U0001F1F7 instead, \u05e9\u05dc\u05d5\u05dd wrote one paper."
TEXT_C = "A third document\r\nwith CRLF and caf\u00e9 and \u4e2d\u6587\u5b57."

TABLES = ["documents", "doc_tokens", "labels", "spans", "link_types", "links", "settings"]


def snapshot(project):
    conn = project.backend.conn
    snap = {t: conn.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall() for t in TABLES}
    # the FTS index must always agree with the documents table
    conn.execute("INSERT INTO documents_fts(documents_fts) VALUES('integrity-check')")
    snap["fts"] = sorted(conn.execute("SELECT rowid FROM documents_fts WHERE documents_fts MATCH 'taxes'"))
    return snap


@pytest.fixture
def ctx(project):
    r = project.add_documents([NewDocument(TEXT_A, title="A", outlet="Daily", tokens=((0, 3), (4, 12))),
                               NewDocument(TEXT_B, title="B", outlet="Weekly")])
    a, b = r.added
    c = {"a": a, "b": b}
    c["s1"] = project.add_span(a, 0, 12, "CLAIM").ids("span").pop()
    c["s2"] = project.add_span(b, 0, 7, "CLAIM").ids("span").pop()
    c["s3"] = project.add_span(a, 18, 38, "QUOTE").ids("span").pop()
    c["sug"] = project.add_span(b, 8, 13, "FRAMING", status="suggested", origin="model", score=0.4).ids("span").pop()
    c["l1"] = project.add_link(c["s1"], c["s2"], "distorts", note="cross").ids("link").pop()
    c["l2"] = project.add_link(c["s3"], c["s1"], "supports").ids("link").pop()
    project.set_setting("k", {"v": 1})
    project.stack.clear()
    return c


COMMANDS = {
    "add_documents": lambda p, c: p.add_documents(
        [NewDocument(TEXT_C.replace("\r\n", "\n"), title="C", spans=(NewSpan(0, 7, "CLAIM"), NewSpan(2, 7, "NEWLABEL"))),
         NewDocument("One more text about taxes.", title="D", tokens=((0, 3), (4, 8)))],
        unknown_labels="create"),
    "remove_documents": lambda p, c: p.remove_documents([c["a"]]),
    "update_document": lambda p, c: p.update_document(c["a"], title="New title", meta={"x": [1, 2]}),
    "add_span": lambda p, c: p.add_span(c["a"], 4, 12, "FIGURE", note="n"),
    "add_spans": lambda p, c: p.add_spans(c["b"], [NewSpan(0, 3, "QUOTE"), NewSpan(1, 5, "QUOTE")]),
    "add_suggestions": lambda p, c: p.add_suggestions(
        {c["a"]: [NewSpan(0, 12, "CLAIM", status="suggested"), NewSpan(0, 3, "QUOTE", status="suggested", origin="rule")],
         c["b"]: [NewSpan(3, 9, "FIGURE", status="suggested", origin="model", score=0.9)]}),
    "remove_spans": lambda p, c: p.remove_spans([c["s1"], c["sug"]]),
    "relabel_span": lambda p, c: p.relabel_span(c["s1"], "FRAMING"),
    "resize_span": lambda p, c: p.resize_span(c["s3"], 17, 40),
    "set_note": lambda p, c: p.set_note(c["s2"], "a note \U0001F600"),
    "accept": lambda p, c: p.accept([c["sug"], c["s1"]]),
    "reject": lambda p, c: p.reject([c["sug"], c["s2"]]),
    "add_link": lambda p, c: p.add_link(c["s2"], c["s3"], "contradicts", note="x"),
    "remove_links": lambda p, c: p.remove_links([c["l1"], c["l2"]]),
    "update_link": lambda p, c: p.update_link(c["l1"], link_type="same-as", note="changed"),
    "add_label": lambda p, c: p.add_label("SOURCE", color="#123456", key="5", description="who"),
    "rename_label": lambda p, c: p.update_label("CLAIM", new_name="ASSERTION", color="#000000"),
    "reorder_labels": lambda p, c: p.reorder_labels(["FRAMING", "QUOTE"]),
    "delete_label_unused": lambda p, c: p.delete_label("FIGURE"),
    "delete_label_delete": lambda p, c: p.delete_label("CLAIM", spans="delete"),
    "delete_label_reassign": lambda p, c: p.delete_label("CLAIM", spans="reassign", reassign_to="QUOTE"),
    "add_link_type": lambda p, c: p.add_link_type("echoes", "q"),
    "update_link_type": lambda p, c: p.update_link_type("supports", new_name="backs", description="d"),
    "delete_link_type": lambda p, c: p.delete_link_type("distorts", delete_links=True),
}


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_undo_restores_rows_and_redo_reapplies(project, ctx, name):
    before = snapshot(project)
    change = COMMANDS[name](project, ctx)
    change = getattr(change, "change", change)  # add_documents returns a result holding the change
    assert not change.empty
    after = snapshot(project)
    assert after != before
    assert project.can_undo and not project.can_redo
    undo = project.undo()
    assert snapshot(project) == before
    assert undo.description.startswith("Undo ")
    # what undo reports is the inverse of what the command reported
    for kind in ("span", "link", "label", "document"):
        assert undo.added.get(kind, set()) == change.removed.get(kind, set()), kind
        assert undo.removed.get(kind, set()) == change.added.get(kind, set()), kind
    assert project.can_redo
    redo = project.redo()
    assert snapshot(project) == after
    assert redo.ids("span") == change.ids("span") and redo.ids("link") == change.ids("link")
    project.undo()
    assert snapshot(project) == before
    # caches (labels, lengths, tokens) follow undo
    assert [l.name for l in project.labels()] == [r[1] for r in sorted(before["labels"], key=lambda r: (r[5], r[0]))]


def test_undo_of_several_steps_then_redo_all(project, ctx):
    states = [snapshot(project)]
    for name in ("add_span", "relabel_span", "add_link", "remove_spans", "delete_label_reassign", "add_label"):
        COMMANDS[name](project, ctx)
        states.append(snapshot(project))
    for expected in reversed(states[:-1]):
        project.undo()
        assert snapshot(project) == expected
    assert project.undo() is None
    for expected in states[1:]:
        project.redo()
        assert snapshot(project) == expected
    assert project.redo() is None


def test_new_command_clears_redo(project, ctx):
    project.add_span(ctx["a"], 4, 12, "FIGURE")
    project.undo()
    assert project.can_redo and project.stack.redo_text == "Add FIGURE span"
    project.set_note(ctx["s1"], "x")
    assert not project.can_redo
    assert project.redo() is None
    assert project.stack.undo_text == "Edit note"


def test_failed_command_leaves_stack_and_rows(project, ctx):
    from annotator.core import InvalidSpan

    before = snapshot(project)
    project.add_span(ctx["a"], 4, 12, "FIGURE")
    project.undo()
    with pytest.raises(InvalidSpan):
        project.add_span(ctx["a"], 0, 12, "CLAIM")  # duplicate of s1
    assert project.can_redo  # a refused command does not clear redo
    assert not project.can_undo
    assert snapshot(project) == before
    project.redo()
    assert [s.label for s in project.spans(ctx["a"]) if s.start == 4] == ["FIGURE"]


def test_deleting_span_cascades_links_and_undo_restores_same_ids(project, ctx):
    links_before = project.links()
    assert {l.id for l in links_before} == {ctx["l1"], ctx["l2"]}
    change = project.remove_spans([ctx["s1"]])
    assert change.ids("span") == {ctx["s1"]}
    assert change.removed["link"] == {ctx["l1"], ctx["l2"]}
    assert change.doc_ids == {ctx["a"], ctx["b"]}  # the cross-document link's other end is refreshed too
    assert project.links() == []
    undo = project.undo()
    assert undo.added["span"] == {ctx["s1"]} and undo.added["link"] == {ctx["l1"], ctx["l2"]}
    assert undo.doc_ids == {ctx["a"], ctx["b"]}
    assert project.links() == links_before
    assert project.span(ctx["s1"]).start == 0
    project.redo()
    assert project.links() == []


def test_removing_document_cascades_and_undo_restores_tokens_and_search(project, ctx):
    tokens = project.tokens(ctx["a"])
    assert tokens[:2] == [(0, 3), (4, 12)]
    assert {h.doc_id for h in project.search("minister")} == {ctx["a"]}
    change = project.remove_documents([ctx["a"]])
    assert change.removed["document"] == {ctx["a"]}
    assert change.removed["span"] == {ctx["s1"], ctx["s3"]}
    assert change.removed["link"] == {ctx["l1"], ctx["l2"]}
    assert project.search("minister") == []
    assert [d.id for d in project.documents()] == [ctx["b"]]
    project.undo()
    assert project.tokens(ctx["a"]) == tokens
    assert {h.doc_id for h in project.search("minister")} == {ctx["a"]}
    assert project.document(ctx["a"]).text == TEXT_A


def test_undo_add_documents_then_same_text_can_be_added_again(project, ctx):
    r = project.add_documents([NewDocument("Fresh text.", title="F")])
    assert r.added and not r.duplicates
    dup = project.add_documents([NewDocument("Fresh text.", title="F2")])
    assert dup.added == [] and dup.duplicates == [("F2", r.added[0])]
    project.undo()
    again = project.add_documents([NewDocument("Fresh text.", title="F3")])
    assert again.added and not again.duplicates


def test_listeners_see_every_change_including_undo(project, ctx):
    seen = []
    project.subscribe(seen.append)
    project.add_span(ctx["a"], 4, 12, "FIGURE")
    project.undo()
    project.redo()
    assert [c.description.split()[0] for c in seen] == ["Add", "Undo", "Redo"]
    assert [bool(c.added.get("span")) for c in seen] == [True, False, True]
    project.unsubscribe(seen.append)
    project.set_note(ctx["s1"], "x")
    assert len(seen) == 3


def test_link_changes_report_both_documents(project, ctx):
    c = project.add_link(ctx["s2"], ctx["s3"])
    lid = c.ids("link").pop()
    assert c.doc_ids == {ctx["a"], ctx["b"]}
    assert project.update_link(lid, note="n").doc_ids == {ctx["a"], ctx["b"]}
    assert project.remove_links([lid]).doc_ids == {ctx["a"], ctx["b"]}
    assert project.undo().doc_ids == {ctx["a"], ctx["b"]}
    project.undo()  # update_link
    assert project.undo().doc_ids == {ctx["a"], ctx["b"]}  # undo of add_link removes it


# -- bounded undo, merged note edits -------------------------------------------------------------

def test_an_imported_document_costs_the_undo_stack_bytes_not_its_text(project):
    text = ("Officials said the plan would cut taxes. " * 50_000)[:2_000_000]
    spans = (NewSpan(0, 9, "CLAIM"), NewSpan(14, 18, "QUOTE"))
    before = snapshot(project)
    r = project.add_documents([NewDocument(text, title="big", tokens=((0, 9), (10, 14)), spans=spans)])
    after = snapshot(project)
    assert project.stack.nbytes < 2_000  # ids only, not 2 MB of text
    project.undo()
    assert snapshot(project) == before
    assert project.stack.nbytes > 2_000_000  # read back for redo while it sits on the redo stack
    project.redo()
    assert snapshot(project) == after and project.document(r.added[0]).text == text
    assert project.stack.nbytes < 2_000
    project.undo()
    assert snapshot(project) == before


def test_undo_is_bounded_by_memory_and_by_steps(project):
    from annotator.core.commands import CommandStack

    docs = project.add_documents([NewDocument(f"{i} " + "x" * 100_000, title=str(i)) for i in range(5)]).added
    project.stack = CommandStack(max_steps=100, max_bytes=250_000)
    for d in docs:  # each removal keeps its 100 kB text for undo
        project.remove_documents([d])
    assert len(project.stack.undo_stack) == 2 and project.stack.nbytes <= 250_000
    project.undo(), project.undo()
    assert not project.can_undo and len(project.documents()) == 2
    project.stack = CommandStack(max_steps=3)
    (doc,) = project.add_documents([NewDocument("short text here", title="s")]).added
    for i in range(6):
        project.add_span(doc, i, i + 1, "CLAIM")
    assert len(project.stack.undo_stack) == 3
    big = CommandStack(max_bytes=10)
    project.stack = big
    project.remove_documents([doc])  # one step over the budget is still undoable
    assert project.can_undo
    project.undo()
    assert project.document(doc).text == "short text here"


def test_consecutive_note_edits_of_one_span_are_one_undo_step(project, ctx):
    s1, s2 = ctx["s1"], ctx["s2"]
    for text in ("W", "We", "We will"):
        project.set_note(s1, text)
    assert len(project.stack.undo_stack) == 1 and project.stack.undo_text == "Edit note"
    project.set_note(s2, "other")  # another span: a new step
    project.set_note(s1, "We will see")  # and back: a new step again
    assert len(project.stack.undo_stack) == 3
    project.undo()
    assert project.span(s1).note == "We will"
    project.undo()
    assert project.span(s2).note == ""
    project.undo()
    assert project.span(s1).note == "" and not project.can_undo
    project.redo()
    assert project.span(s1).note == "We will"
    project.set_note(s1, "fresh")  # after an undo or redo a note edit is a step of its own
    project.undo()
    assert project.span(s1).note == "We will"
