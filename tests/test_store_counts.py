"""Span counts per document, label and status: kept by the store on every write (migration
m004_span_counts), checked against counts made independently from the spans themselves."""

from __future__ import annotations

import hashlib
import sqlite3
from collections import Counter

import pytest
from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from annotator.core import NewDocument, NewSpan
from annotator.store import open_project
from annotator.store.schema import MIGRATION_SET, m001_initial

TEXT = "One two three four five six seven eight nine ten eleven twelve thirteen fourteen. " * 4


def truth(project) -> Counter:
    """(doc_id, label name, status) -> n, counted from the spans one by one."""
    return Counter((s.doc_id, s.label, s.status) for s in project.spans())


def check(project) -> None:
    want = truth(project)
    names = {l.id: l.name for l in project.labels()}
    got = Counter({(d, names[l], s): n for d, l, s, n in project.backend.conn.execute(
        "SELECT doc_id, label_id, status, SUM(n) FROM span_counts WHERE n > 0 GROUP BY doc_id, label_id, status")})
    assert got == want
    by_author: dict[str, Counter] = {}
    for s in project.spans():
        by_author.setdefault(s.author or "", Counter())[s.status] += 1
    assert {a: dict(c) for a, c in by_author.items()} == project.span_counts_by_author()
    # no stale zero rows left behind by deletes, relabels or status changes
    assert project.backend.conn.execute("SELECT COUNT(*) FROM span_counts WHERE n <= 0").fetchone()[0] == 0
    docs = project.documents()
    assert {d.id for d in docs} == {d for d, _, _ in want} | {d.id for d in docs}
    for d in docs:
        accepted = {lab: n for (doc, lab, st), n in want.items() if doc == d.id and st == "accepted"}
        assert d.counts == accepted
        assert project.doc_counts(d.id) == accepted
        assert project.document_info(d.id).counts == accepted
        assert project.doc_counts(d.id, "suggested") == {lab: n for (doc, lab, st), n in want.items()
                                                         if doc == d.id and st == "suggested"}
    counts = project.counts()
    assert counts["spans"] == sum(want.values()) == len(project.spans())
    for st in ("accepted", "suggested", "rejected"):
        assert counts["by_status"][st] == sum(n for (_, _, s), n in want.items() if s == st)
    for label in project.labels():
        for st in ("accepted", "suggested", "rejected"):
            assert counts["by_label"][label.name][st] == sum(n for (_, lab, s), n in want.items()
                                                             if lab == label.name and s == st)
    assert counts["links"] == len(project.links())
    assert counts["documents"] == len(docs)
    stats = project.stats()
    assert stats["characters"] == sum(len(project.document(d.id).text) for d in docs)
    outlets = Counter()
    for d in docs:
        outlets[d.outlet or "(none)"] += sum(d.counts.values())
    assert {k: v["spans"] for k, v in stats["by_outlet"].items()} == dict(outlets)


def test_counts_follow_every_kind_of_write(project):
    a, b = project.add_documents([NewDocument(TEXT, title="A", outlet="Ledger"),
                                  NewDocument(TEXT + " more", title="B", outlet="")]).added
    check(project)
    project.add_spans(a, [NewSpan(0, 3, "QUOTE"), NewSpan(4, 7, "QUOTE"), NewSpan(8, 13, "CLAIM", status="suggested"),
                          NewSpan(14, 18, "FIGURE", status="rejected")])
    project.add_span(b, 0, 3, "FRAMING")
    project.author = "second annotator"  # a second layer: counts per annotator too
    project.add_span(b, 0, 3, "FRAMING", status="suggested")
    project.add_span(a, 20, 25, "QUOTE")
    check(project)
    assert set(project.span_counts_by_author()) >= {"second annotator"}
    q = [s for s in project.spans(a) if s.label == "QUOTE"]
    project.relabel_span(q[0].id, "CLAIM")
    check(project)
    project.set_note(q[1].id, "a note only: counts unchanged")
    project.resize_span(q[1].id, 4, 9)
    check(project)
    sug = next(s for s in project.spans(a) if s.status == "suggested")
    project.accept([sug.id])
    check(project)
    project.set_status([q[1].id], "rejected")
    check(project)
    project.add_link(q[0].id, project.spans(b)[0].id)
    check(project)
    project.remove_spans([q[0].id])  # and its link
    check(project)
    project.add_suggestions({b: [NewSpan(4, 7, "QUOTE", status="suggested"), NewSpan(0, 3, "FRAMING")]})
    check(project)
    project.remove_documents([a])
    check(project)
    assert project.backend.conn.execute("SELECT COUNT(*) FROM span_counts WHERE doc_id = ?", (a,)).fetchone()[0] == 0
    while project.can_undo:
        project.undo()
        check(project)
    while project.can_redo:
        project.redo()
        check(project)


def _old_project(path) -> None:
    """A project file as the first release wrote it: only m001_initial applied, spans added by raw SQL."""
    old = Migrations(MIGRATION_SET)
    old(name="m001_initial")(m001_initial)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    old.apply(Database(conn))
    stamp = "2024-01-01T00:00:00.000+00:00"
    for i, outlet in enumerate(("Ledger", "Post")):
        text = TEXT + str(i)
        conn.execute("INSERT INTO documents (text, title, outlet, sha256, created, updated) VALUES (?, ?, ?, ?, ?, ?)",
                     (text, f"Doc {i}", outlet, hashlib.sha256(text.encode()).hexdigest(), stamp, stamp))
    rows = [(1, 0, 3, 1, "accepted"), (1, 4, 7, 1, "accepted"), (1, 8, 13, 2, "suggested"), (2, 0, 3, 1, "accepted"),
            (2, 4, 7, 3, "rejected"), (2, 8, 13, 4, "accepted")]
    conn.executemany('INSERT INTO spans (doc_id, start, "end", label_id, status, created, updated) '
                     "VALUES (?, ?, ?, ?, ?, ?, ?)", [r + (stamp, stamp) for r in rows])
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def test_old_project_is_counted_read_only_without_a_change_to_the_file(tmp_path):
    path = tmp_path / "old.annotator"
    _old_project(path)
    before = path.read_bytes()
    p = open_project(path, readonly=True)
    try:
        assert [d.counts for d in p.documents()] == [{"QUOTE": 2}, {"QUOTE": 1, "FRAMING": 1}]
        check(p)
    finally:
        p.close()
    assert path.read_bytes() == before


def test_old_project_gets_the_summary_table_when_opened_for_writing(tmp_path):
    path = tmp_path / "old.annotator"
    _old_project(path)
    p = open_project(path)
    try:
        applied = [r[0] for r in p.backend.conn.execute("SELECT name FROM _sqlite_migrations ORDER BY rowid")]
        assert applied[0] == "m001_initial" and "m004_span_counts" in applied
        assert p.backend.conn.execute(
            "SELECT type FROM sqlite_master WHERE name = 'span_counts'").fetchone()[0] == "table"
        assert p.counts()["by_label"]["QUOTE"] == {"accepted": 3, "suggested": 0, "rejected": 0}
        check(p)
        p.add_span(1, 14, 18, "FIGURE")
        p.remove_spans([1])
        check(p)
    finally:
        p.close()


@pytest.mark.parametrize("statement", ["COUNT(*) FROM spans", "GROUP BY"])
def test_reading_counts_does_not_aggregate_the_spans(project, statement):
    (a,) = project.add_documents([NewDocument(TEXT, title="A")]).added
    project.add_spans(a, [NewSpan(0, 3, "QUOTE"), NewSpan(4, 7, "CLAIM")])
    seen: list[str] = []
    project.backend.conn.set_trace_callback(seen.append)
    project.counts(), project.documents(), project.doc_counts(a), project.document_info(a)
    project.backend.conn.set_trace_callback(None)
    assert seen and not [s for s in seen if statement in s and " spans" in s]
