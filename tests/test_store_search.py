"""Full-text search (code-point offsets, FTS syntax is not special), stats, documents, backups."""

import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core import InvalidSpan, NewDocument, NewSpan
from annotator.store import list_backups, make_backup, open_project

DOCS = [
    NewDocument("\U0001F600\U0001F1EB\U0001F1F7 Taxes rose. The MINISTER spoke about taxes (again).\n"
                "\u4e2d\u6587 taxes \u05e9\u05dc\u05d5\u05dd end.", title="Emoji first", outlet="Daily"),
    NewDocument("Nothing relevant here, only weather and sport. AND OR NOT near.", title="Other", outlet="Weekly"),
    NewDocument("Caf\u00e9 owners said \u201ctax cuts\u201d help. The minister's plan.", title="Third", outlet="Daily"),
]


@pytest.fixture
def ids(project):
    return project.add_documents(DOCS).added


def texts(project):
    return {d.id: project.document(d.id).text for d in project.documents()}


def test_search_offsets_are_code_points_after_emoji(project, ids):
    t = texts(project)
    hits = project.search("taxes")
    assert {h.doc_id for h in hits} == {ids[0]}
    assert len(hits) == 3
    for h in hits:
        assert t[h.doc_id][h.start:h.end].lower() == "taxes"
        assert t[h.doc_id][h.context_start:h.context_start + len(h.context)] == h.context
        assert h.start >= h.context_start and h.end <= h.context_start + len(h.context)
        assert "\n" not in h.context
        assert h.title == "Emoji first"
    assert hits[0].start == 4  # after a 1-code-point emoji, a 2-code-point flag and a space


def test_search_is_case_insensitive_and_finds_phrases(project, ids):
    t = texts(project)
    hits = project.search("Minister")
    assert {h.doc_id for h in hits} == {ids[0], ids[2]}
    assert {t[h.doc_id][h.start:h.end] for h in hits} == {"MINISTER", "minister"}
    hits = project.search('"tax cuts"')
    assert [(h.doc_id, t[h.doc_id][h.start:h.end]) for h in hits] == [(ids[2], "tax cuts")]
    assert project.search("nonexistentword") == []


@pytest.mark.parametrize("query", [
    "AND", "OR", "NOT", "NEAR", "taxes AND", "AND taxes", '"', '""', '"taxes', "taxes\"", "*", "tax*", "(taxes",
    "taxes)", "()", "^taxes", "title:taxes", "-taxes", "+", "NEAR(taxes minister)", "taxes OR", "'", "\\", "{}",
    "", "   ", "\u00e9", "\U0001F600",
])
def test_search_ignores_fts_syntax_without_raising(project, ids, query):
    hits = project.search(query)
    t = texts(project)
    for h in hits:
        assert 0 <= h.start < h.end <= len(t[h.doc_id])
    if query in ("taxes AND", "AND taxes", '"taxes', 'taxes"', "(taxes", "taxes)", "^taxes", "-taxes", "taxes OR"):
        # the operator words and characters are dropped and the word is still found
        assert {t[h.doc_id][h.start:h.end].lower() for h in hits} >= {"taxes"}


def test_search_operator_words_are_plain_words_in_phrases(project, ids):
    t = texts(project)
    hits = project.search('"AND OR NOT"')
    assert [t[h.doc_id][h.start:h.end] for h in hits] == ["AND OR NOT"]


def test_search_limit_and_after_undo(project, ids):
    assert len(project.search("taxes", limit=2)) == 2
    project.undo()  # the import
    assert project.search("taxes") == []


WORDS = st.sampled_from(["alpha", "Beta", "GAMMA", "delta", "\u00e9t\u00e9", "na\u00efve", "\u4e2d\u6587", "x1"])
FILLER = st.sampled_from([" ", "\n", " \U0001F600 ", "\U0001F1EB\U0001F1F7 ", ", ", " \u05e9\u05dc\u05d5\u05dd ", " - "])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(st.lists(st.tuples(WORDS, FILLER), min_size=1, max_size=30), WORDS)
def test_search_hits_match_query_property(tmp_path_factory, parts, word):
    from annotator.store import create_project

    p = create_project(tmp_path_factory.mktemp("s") / "p.annotator")
    try:
        text = "".join(w + f for w, f in parts)
        doc = p.add_documents([NewDocument(text)]).added[0]
        hits = p.search(word)
        expected = sum(1 for w, _ in parts if w.lower() == word.lower())
        assert len(hits) == expected
        for h in hits:
            assert h.doc_id == doc and text[h.start:h.end].lower() == word.lower()
    finally:
        p.close()


def test_documents_list_and_counts(project, ids):
    a, b, c = ids
    project.add_span(a, 4, 9, "CLAIM")
    project.add_span(a, 0, 1, "FIGURE")
    project.add_span(a, 10, 20, "CLAIM", status="suggested")  # not counted
    infos = project.documents()
    assert [d.id for d in infos] == [a, b, c]
    assert infos[0].counts == {"CLAIM": 1, "FIGURE": 1} and infos[1].counts == {}
    assert infos[0].length == len(project.document(a).text)
    assert infos[0].outlet == "Daily"


def test_stats(project, ids):
    a, b, c = ids
    project.add_span(a, 4, 9, "CLAIM")
    project.add_span(b, 0, 7, "CLAIM", status="suggested")
    project.add_span(c, 0, 4, "QUOTE", status="rejected")
    s1 = project.spans(a)[0].id
    s2 = project.spans(b)[0].id
    project.add_link(s1, s2)
    st_ = project.stats()
    assert st_["documents"] == 3 and st_["spans"] == 3 and st_["links"] == 1
    assert st_["characters"] == sum(len(project.document(i).text) for i in ids)
    assert st_["by_status"] == {"accepted": 1, "suggested": 1, "rejected": 1}
    assert st_["by_label"]["CLAIM"] == {"accepted": 1, "suggested": 1, "rejected": 0}
    assert st_["by_label"]["QUOTE"]["rejected"] == 1 and st_["by_label"]["FRAMING"]["accepted"] == 0
    assert st_["by_outlet"] == {"Daily": {"documents": 2, "spans": 1}, "Weekly": {"documents": 1, "spans": 0}}


def test_add_documents_normalises_and_reports_duplicates(project):
    r = project.add_documents([NewDocument("Line one\r\nline two\u2028three", title="crlf"),
                               NewDocument("Line one\nline two\nthree", title="same after normalising"),
                               NewDocument("\ufeffBOM text", title="bom")])
    assert len(r.added) == 2 and r.duplicates == [("same after normalising", -1)]
    assert project.document(r.added[0]).text == "Line one\nline two\nthree"
    assert project.document(r.added[1]).text == "BOM text"
    again = project.add_documents([NewDocument("BOM text", title="again")])
    assert again.added == [] and again.duplicates == [("again", r.added[1])]
    for bad in ("", "   \n\t"):
        with pytest.raises(InvalidSpan):
            project.add_documents([NewDocument(bad, title="empty")])
    assert len(project.documents()) == 2


def test_add_documents_with_spans_and_unknown_labels(project):
    doc = NewDocument("Alpha beta gamma.", title="x", spans=(NewSpan(0, 5, "CLAIM"), NewSpan(6, 10, "NEW")))
    with pytest.raises(InvalidSpan, match="unknown label"):
        project.add_documents([doc])
    r = project.add_documents([doc], unknown_labels="skip")
    assert len(r.skipped_spans) == 1 and "NEW" in r.skipped_spans[0]
    assert [(s.start, s.label, s.origin) for s in project.spans(r.added[0])] == [(0, "CLAIM", "manual")]
    project.undo()
    r = project.add_documents([doc], unknown_labels="create")
    assert r.created_labels == ["NEW"]
    assert [s.label for s in project.spans(r.added[0])] == ["CLAIM", "NEW"]
    project.undo()
    assert "NEW" not in [l.name for l in project.labels()] and project.documents() == []
    bad = NewDocument("Short.", spans=(NewSpan(2, 40, "CLAIM"),))
    with pytest.raises(InvalidSpan, match="out of range"):
        project.add_documents([NewDocument("Fine text.", title="ok"), bad])
    assert project.documents() == []  # nothing of a failed batch is imported


def test_backup_is_an_openable_copy_and_rolls(project, ids, tmp_path):
    project.add_span(ids[0], 4, 9, "CLAIM")
    root = tmp_path / "backups"
    made = [make_backup(project.backend.conn, project.path, root, keep=3) for _ in range(5)]
    kept = list_backups(project.path, root)
    assert kept == made[-3:]
    assert all(not m.exists() for m in made[:2])
    copy = open_project(kept[-1], readonly=True)
    try:
        assert len(copy.documents()) == 3
        assert [(s.start, s.end, s.label) for s in copy.spans()] == [(4, 9, "CLAIM")]
        assert copy.backend.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        copy.close()
    # the backup is a snapshot: later edits do not reach it
    project.add_span(ids[0], 0, 1, "FIGURE")
    conn = sqlite3.connect(kept[-1])
    assert conn.execute("SELECT COUNT(*) FROM spans").fetchone()[0] == 1
    conn.close()


@pytest.fixture(scope="module")
def syntax_project(tmp_path_factory):
    from annotator.store import create_project

    p = create_project(tmp_path_factory.mktemp("syntax") / "p.annotator")
    p.add_documents([NewDocument("Taxes AND \"quotes\" (paren) * star NEAR or NOT \U0001F600 caf\u00e9 \u4e2d\u6587 "
                                 "x:y -z ^w {b} [c] back\\slash it's", title="t")])
    yield p
    p.close()


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=20),
                 st.text(alphabet=st.sampled_from(list('"*()^:-+ ANDORNEATtaxes\u00e9{}[]\\\'.,')), max_size=15)))
def test_search_never_raises_and_hits_are_in_range(syntax_project, query):
    text = syntax_project.document(1).text
    for h in syntax_project.search(query):
        assert 0 <= h.start < h.end <= len(text)
        assert text[h.context_start:h.context_start + len(h.context)] == h.context
