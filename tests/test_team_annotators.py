"""Annotator names: stored in the project, recorded on every span and link, migration of old projects."""

import shutil
import sqlite3
from pathlib import Path

import pytest

from annotator.core.annotators import SETTING
from annotator.core.errors import AnnotatorError, InvalidSpan
from annotator.core.models import NewDocument, NewLink, NewSpan
from annotator.store import create_project, open_project

OLD = Path(__file__).parent / "data" / "old_project_m001.annotator"


def test_new_project_default_name_is_login_name(tmp_path, monkeypatch):
    monkeypatch.setattr("getpass.getuser", lambda: "jdoe")
    p = create_project(tmp_path / "a.annotator")
    try:
        assert p.annotator == "jdoe"
        assert p.setting(SETTING) == "jdoe"
    finally:
        p.close()


def test_named_project_records_annotator_on_spans_links_and_imports(tmp_path):
    p = create_project(tmp_path / "a.annotator", annotator="alice")
    try:
        r = p.add_documents([NewDocument(text="one two three four", spans=(NewSpan(0, 3, "CLAIM"), NewSpan(4, 7, "QUOTE")),
                                         links=(NewLink(0, 1, "same-as"),))])
        d = r.added[0]
        p.add_span(d, 8, 13, "FIGURE")
        a, b, c = sorted(p.spans(d), key=lambda s: s.start)
        assert {s.author for s in (a, b, c)} == {"alice"}
        p.add_link(c.id, a.id, "supports")
        assert sorted(l.author for l in p.links()) == ["alice", "alice"]
        assert p.links_for_span(c.id)[0].author == "alice"
        p.set_annotator("  bob ")
        assert p.annotator == "bob"
        # another annotator may mark exactly the same span (one layer each) ...
        p.add_span(d, 8, 13, "FIGURE")
        assert sorted(s.author for s in p.spans(d) if s.start == 8) == ["alice", "bob"]
        # ... but not twice in one layer
        with pytest.raises(InvalidSpan):
            p.add_span(d, 8, 13, "FIGURE")
    finally:
        p.close()
    again = open_project(tmp_path / "a.annotator")
    try:
        assert again.annotator == "bob"
    finally:
        again.close()


@pytest.mark.parametrize("bad", ["", "   ", "a,b", "adjudicated", "x" * 65, "tab\there"])
def test_unusable_annotator_names_refused(project, bad):
    with pytest.raises(AnnotatorError):
        project.set_annotator(bad)


def test_migration_of_an_old_project(tmp_path, monkeypatch):
    monkeypatch.setattr("getpass.getuser", lambda: "oldhand")
    path = tmp_path / "old.annotator"
    shutil.copy(OLD, path)
    before = sqlite3.connect(path)
    spans_before = before.execute('SELECT id, doc_id, start, "end", label_id, note, status FROM spans ORDER BY id').fetchall()
    links_before = before.execute("SELECT id, source_id, target_id, type_id, note FROM links ORDER BY id").fetchall()
    seq = dict(before.execute("SELECT name, seq FROM sqlite_sequence"))
    before.close()
    assert len(spans_before) == 6 and len(links_before) == 2

    # read-only (not migrated): still readable, and the file is not changed
    data = path.read_bytes()
    ro = open_project(path, readonly=True)
    assert len(ro.links()) == 2 and len(ro.spans()) == 6
    ro.close()
    assert path.read_bytes() == data

    p = open_project(path)
    try:
        assert p.annotator == "oldhand"
        conn = p.backend.conn
        assert conn.execute('SELECT id, doc_id, start, "end", label_id, note, status FROM spans ORDER BY id').fetchall() == spans_before
        assert conn.execute("SELECT id, source_id, target_id, type_id, note FROM links ORDER BY id").fetchall() == links_before
        assert {s.author for s in p.spans()} == {"oldhand"}
        assert {l.author for l in p.links()} == {"oldhand"}
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert dict(conn.execute("SELECT name, seq FROM sqlite_sequence"))["spans"] >= seq["spans"]
        # deleting a span still cascades to its links (the rebuilt table kept the references)
        linked = p.links()[0]
        p.remove_spans([linked.source_id])
        assert linked.id not in {l.id for l in p.links()}
        p.undo()
        assert linked.id in {l.id for l in p.links()}
        # the old unique key now includes the annotator
        s = p.spans()[0]
        p.set_annotator("newcomer")
        p.add_span(s.doc_id, s.start, s.end, s.label)
        assert sorted(x.author for x in p.spans(s.doc_id) if (x.start, x.end, x.label) == (s.start, s.end, s.label)) == ["newcomer", "oldhand"]
    finally:
        p.close()


def test_reassigning_a_label_keeps_another_annotators_span_at_the_same_place(tmp_path):
    p = create_project(tmp_path / "r.annotator", annotator="alice")
    try:
        d = p.add_documents([NewDocument(text="Some words to mark here.")]).added[0]
        p.add_span(d, 0, 4, "QUOTE")
        p.set_annotator("bob")
        p.add_span(d, 0, 4, "CLAIM")
        p.delete_label("QUOTE", spans="reassign", reassign_to="CLAIM")
        assert sorted((s.label, s.author) for s in p.spans()) == [("CLAIM", "alice"), ("CLAIM", "bob")]
    finally:
        p.close()
