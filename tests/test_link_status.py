"""Links with a review status (m002_link_status), the quotes link type, and add_traces as one undo step."""

import sqlite3

import pytest

from annotator.core.errors import InvalidSpan
from annotator.core.models import NewDocument, NewSpan, NewTrace, SpanRef, Status
from annotator.store import open_project
from annotator.store import files as store_files
from annotator.store import schema
from annotator.store.schema import MIGRATION_SET


@pytest.fixture
def docs(project):
    r = project.add_documents([NewDocument("Source: the budget is five billion dollars. We will not need a base.",
                                           title="src"),
                               NewDocument("Retelling: a $5 billion budget, he said.", title="ret")])
    return r.added


def _only_m001(monkeypatch):
    old = schema.Migrations(MIGRATION_SET)
    old._migrations = [m for m in schema.migrations._migrations if m.name == "m001_initial"]
    monkeypatch.setattr(store_files, "migrations", old)
    monkeypatch.setattr(schema, "migrations", old)


def test_new_project_has_quotes_link_type_and_link_status(project):
    names = [t.name for t in project.link_types()]
    assert "quotes" in names and names.count("quotes") == 1
    cols = {r[1] for r in project.backend.conn.execute("PRAGMA table_info(links)")}
    assert {"status", "score", "origin"} <= cols


def test_existing_project_is_migrated_keeping_its_links(tmp_path, monkeypatch):
    path = tmp_path / "old.annotator"
    with monkeypatch.context() as m:
        _only_m001(m)
        p = store_files.create_project(path)
        a, b = p.add_documents([NewDocument("One two three four.", title="a"),
                                NewDocument("Five six seven eight.", title="b")]).added
        s1 = p.add_span(a, 0, 3, "CLAIM").ids("span").pop()
        s2 = p.add_span(b, 0, 4, "CLAIM").ids("span").pop()
        p.backend.conn.execute("INSERT INTO link_types (name, description, position) VALUES ('cites', '', 9)")
        p.backend.conn.execute("INSERT INTO links (source_id, target_id, type_id, note, created) "
                               "SELECT ?, ?, id, 'n', 'then' FROM link_types WHERE name = 'paraphrases'", (s1, s2))
        assert "quotes" not in [t.name for t in p.link_types()]
        p.close()
        # read-only (not migrated): links still read, as accepted
        ro = open_project(path, readonly=True)
        assert [(l.type, l.status, l.score) for l in ro.links()] == [("paraphrases", "accepted", None)]
        assert ro.link(ro.links()[0].id).status == "accepted"
        ro.close()
    p = open_project(path)
    try:
        applied = [r[0] for r in p.backend.conn.execute("SELECT name FROM _sqlite_migrations ORDER BY rowid")]
        assert applied[:2] == ["m001_initial", "m002_link_status"]
        (link,) = p.links()
        assert (link.type, link.status, link.note, link.origin) == ("paraphrases", "accepted", "n", "manual")
        types = [t.name for t in p.link_types()]
        assert types.count("quotes") == 1 and types[-1] == "quotes"  # after the user's own "cites"
        with pytest.raises(sqlite3.IntegrityError):
            p.backend.conn.execute("UPDATE links SET status = 'maybe'")
    finally:
        p.close()


def test_add_link_with_status_and_review_undo(project, docs):
    a, b = docs
    s1 = project.add_span(a, 8, 14, "CLAIM").ids("span").pop()
    s2 = project.add_span(b, 11, 27, "FIGURE").ids("span").pop()
    lid = project.add_link(s2, s1, "distorts", status="suggested", score=0.71, origin="align").ids("link").pop()
    link = project.link(lid)
    assert (link.status, link.score, link.origin, link.type) == ("suggested", 0.71, "align", "distorts")
    assert project.links(statuses=["accepted"]) == []
    change = project.accept_links([lid])
    assert lid in change.updated["link"] and change.doc_ids == {a, b}
    assert project.link(lid).status == "accepted"
    project.reject_links([lid])
    assert project.link(lid).status == "rejected"
    project.undo()
    assert project.link(lid).status == "accepted"
    project.undo()
    assert project.link(lid).status == "suggested"
    with pytest.raises(InvalidSpan):
        project.set_link_status([lid], "maybe")
    with pytest.raises(InvalidSpan):
        project.add_link(s2, s1, "distorts", status="maybe")
    project.update_link(lid, link_type="quotes", status="accepted")
    assert (project.link(lid).type, project.link(lid).status) == ("quotes", "accepted")


def test_add_traces_creates_spans_links_in_one_step_and_skips_linked_pairs(project, docs):
    a, b = docs
    ret = project.add_span(b, 11, 27, "FIGURE").ids("span").pop()
    before = len(project.stack.undo_stack)
    trace = NewTrace(SpanRef(id=ret), SpanRef(doc_id=a, span=NewSpan(8, 42, "FIGURE", origin="align",
                                                                     status="suggested")), "distorts", score=0.5)
    change = project.add_traces([trace, trace])  # the same trace twice: one span, one link
    assert len(project.stack.undo_stack) == before + 1
    (new_span,) = change.added["span"]
    (lid,) = change.added["link"]
    link = project.link(lid)
    assert (link.source_id, link.target_id, link.status, link.type) == (ret, new_span, "suggested", "distorts")
    assert project.span(new_span).status == "suggested" and project.span(new_span).origin == "align"
    assert project.add_traces([trace]).empty  # already linked: nothing added
    project.undo()
    assert project.links() == [] and [s.id for s in project.spans(a)] == []
    project.redo()
    assert [l.id for l in project.links()] == [lid] and [s.id for s in project.spans(a)] == [new_span]


def test_accepting_trace_replaces_suggestion_and_drops_its_orphan_span(project, docs):
    a, b = docs
    ret = project.add_span(b, 11, 27, "FIGURE").ids("span").pop()
    sug = NewTrace(SpanRef(id=ret), SpanRef(doc_id=a, span=NewSpan(8, 42, "FIGURE", origin="align",
                                                                   status="suggested")), "distorts")
    c = project.add_traces([sug])
    old_link, old_span = c.added["link"].pop(), c.added["span"].pop()
    acc = NewTrace(SpanRef(id=ret), SpanRef(doc_id=a, span=NewSpan(44, 67, "FIGURE", origin="align")),
                   "paraphrases", status=Status.ACCEPTED, replace=(old_link,))
    c2 = project.add_traces([acc])
    assert c2.removed["link"] == {old_link} and old_span in c2.removed["span"]
    (link,) = project.links()
    assert (link.status, link.type) == ("accepted", "paraphrases")
    assert [(s.start, s.end, s.status) for s in project.spans(a)] == [(44, 67, "accepted")]
    project.undo()
    assert [l.id for l in project.links()] == [old_link]
    assert [(s.id, s.status) for s in project.spans(a)] == [(old_span, "suggested")]


def test_accepting_the_suggested_passage_itself_accepts_its_span(project, docs):
    a, b = docs
    ret = project.add_span(b, 11, 27, "FIGURE").ids("span").pop()
    span = NewSpan(8, 42, "FIGURE", origin="align", status="suggested")
    c = project.add_traces([NewTrace(SpanRef(id=ret), SpanRef(doc_id=a, span=span), "distorts")])
    old_link, old_span = c.added["link"].pop(), c.added["span"].pop()
    project.add_traces([NewTrace(SpanRef(id=ret), SpanRef(doc_id=a, span=span), "distorts",
                                 status=Status.ACCEPTED, replace=(old_link,))])
    (link,) = project.links()
    assert link.target_id == old_span and link.status == "accepted"
    assert project.span(old_span).status == "accepted"
