"""annotator merge: round trip loses nothing, idempotent, one undo step, bad sources refused with the target
byte-identical; adjudicate and export/train of one layer."""

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.models import NewDocument
from annotator.store import create_project, open_project
from annotator.store.merge import merge_project

OLD = Path(__file__).parent / "data" / "old_project_m001.annotator"
SHARED = "The minister said taxes will fall by 5% next year. 🇺🇦 Critics disagree strongly."
ONLY_A = "Alice's own document about budgets and figures, 12 million."
ONLY_B = "Bob's document: a retelling, with a quote \"we will cut\" and more."


def _source(path, who, texts, meta=None):
    p = create_project(path, annotator=who)
    ids = p.add_documents([NewDocument(text=t, title=f"{who} {i}", **(meta or {})) for i, t in enumerate(texts)]).added
    return p, ids


def _make_sources(tmp_path):
    a, (sa, oa) = _source(tmp_path / "alice.annotator", "alice", [SHARED, ONLY_A], {"outlet": "Radio"})
    x = a.add_span(sa, 0, 12, "CLAIM", note="who said it").ids("span").pop()
    y = a.add_span(sa, 37, 39, "FIGURE").ids("span").pop()
    a.add_span(oa, 48, 58, "FIGURE", status="suggested", origin="rule")
    a.add_link(x, y, "supports")
    a.close()
    b, (ob, sb) = _source(tmp_path / "bob.annotator", "bob", [ONLY_B, SHARED], {"outlet": "TV"})
    b.add_span(sb, 0, 12, "CLAIM", note="bob's note")
    z = b.add_span(sb, 37, 39, "FIGURE").ids("span").pop()
    q = b.add_span(ob, 42, 55, "QUOTE").ids("span").pop()
    b.add_link(q, z, "paraphrases")
    b.close()
    return tmp_path / "alice.annotator", tmp_path / "bob.annotator"


def _facts(path):
    """Every span and link of a project, by content (document text, offsets, label, annotator, note, status)."""
    p = open_project(path, readonly=True)
    try:
        text = {d.id: p.document(d.id).text for d in p.documents()}
        spans = {s.id: (text[s.doc_id], s.start, s.end, s.label, s.author, s.note, s.status) for s in p.spans()}
        links = {(spans[k.source_id], spans[k.target_id], k.type, k.author, k.note) for k in p.links()}
        return set(spans.values()), links, sorted(text.values())
    finally:
        p.close()


def test_merge_round_trip_loses_nothing_and_is_idempotent(tmp_path, capsys):
    src_a, src_b = _make_sources(tmp_path)
    target = tmp_path / "lead.annotator"
    create_project(target, annotator="lead").close()
    assert main(["merge", str(target), str(src_a), str(src_b)]) == 0
    out = capsys.readouterr().out
    assert "3 span(s) added (alice 3)" in out and "1 matched" in out
    assert "conflict: document" in out and "'Radio' here, 'TV' in the source" in out
    spans, links, texts = _facts(target)
    for src in (src_a, src_b):
        s_spans, s_links, s_texts = _facts(src)
        assert s_spans <= spans and s_links <= links and set(s_texts) <= set(texts)
    assert len(texts) == 3  # the shared document is matched by its text, not duplicated
    per = {}
    for s in spans:
        per[s[4]] = per.get(s[4], 0) + 1
    assert per == {"alice": 3, "bob": 3}
    data = target.read_bytes()
    assert main(["merge", str(target), str(src_b), str(src_a)]) == 0
    assert "0 span(s) added" in capsys.readouterr().out
    assert _facts(target) == (spans, links, texts)
    p = open_project(target)
    try:
        assert not merge_project(p, str(src_a)).changed
    finally:
        p.close()
    assert len(target.read_bytes()) == len(data)


def test_merge_is_one_undo_step_and_newer_edits_win(tmp_path):
    src_a, src_b = _make_sources(tmp_path)
    target = tmp_path / "lead.annotator"
    p = create_project(target, annotator="lead")
    try:
        report = merge_project(p, str(src_a))
        assert report.documents_added == 2 and report.spans_added == {"alice": 3} and report.links_added == {"alice": 1}
        p.undo()
        assert p.spans() == [] and p.documents() == []
        p.redo()
        assert len(p.spans()) == 3 and len(p.links()) == 1 and len(p.documents()) == 2
        # alice edits a note later in her own file: merging again brings the newer note
        a = open_project(src_a)
        s = [x for x in a.spans() if x.note == "who said it"][0]
        a.set_note(s.id, "edited later")
        a.close()
        report = merge_project(p, str(src_a))
        assert report.spans_updated == 1 and report.spans_added == {}
        assert "edited later" in {x.note for x in p.spans()}
    finally:
        p.close()


def test_merge_unknown_labels_policies(tmp_path, capsys):
    src = tmp_path / "s.annotator"
    s = create_project(src, annotator="carol")
    d = s.add_documents([NewDocument(text="Some words to mark here.")]).added[0]
    s.add_label("TONE")
    s.add_span(d, 0, 4, "TONE")
    s.add_span(d, 5, 10, "CLAIM")
    s.close()
    target = tmp_path / "t.annotator"
    create_project(target).close()
    before = target.read_bytes()
    assert main(["merge", str(target), str(src)]) == 1
    err = capsys.readouterr().err.strip()
    assert "TONE" in err and len(err.splitlines()) == 1
    assert target.read_bytes() == before
    assert main(["merge", str(target), str(src), "--unknown-labels", "skip"]) == 0
    assert "skipped: span 0-4 'TONE'" in capsys.readouterr().out
    assert main(["merge", str(target), str(src), "--unknown-labels", "create"]) == 0
    assert "created label TONE" in capsys.readouterr().out
    p = open_project(target, readonly=True)
    assert sorted(x.label for x in p.spans()) == ["CLAIM", "TONE"]
    p.close()


def _newer(path):
    c = sqlite3.connect(path)
    c.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('annotator', 'm999_future', 'x')")
    c.commit()
    c.close()


def _damaged(path):
    raw = bytearray(path.read_bytes())
    raw[4096 * 2:4096 * 4] = b"\xff" * 8192  # wreck two pages after the header page
    path.write_bytes(bytes(raw))


@pytest.mark.parametrize("kind", ["missing", "text", "folder", "newer", "damaged", "itself", "empty"])
def test_bad_sources_refused_with_one_line_and_target_unchanged(tmp_path, capsys, kind):
    src_a, _ = _make_sources(tmp_path)
    target = tmp_path / "lead.annotator"
    create_project(target, annotator="lead").close()
    bad = tmp_path / f"bad-{kind}.annotator"
    if kind == "text":
        bad.write_text("not a project\n")
    elif kind == "empty":
        bad.write_bytes(b"")
    elif kind == "folder":
        bad.mkdir()
    elif kind in ("newer", "damaged"):
        shutil.copy(src_a, bad)
        (_newer if kind == "newer" else _damaged)(bad)
    elif kind == "itself":
        bad = target
    before = target.read_bytes()
    listing = sorted(x.name for x in tmp_path.iterdir())
    # the good source first: nothing at all is merged when any source is bad
    assert main(["merge", str(target), str(src_a), str(bad)]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and str(bad) in err and "Traceback" not in err
    assert target.read_bytes() == before
    assert sorted(x.name for x in tmp_path.iterdir()) == listing


def test_merge_from_an_old_project_attributes_its_spans_to_its_file_name(tmp_path, capsys):
    src = tmp_path / "analyst-3.annotator"
    shutil.copy(OLD, src)
    target = tmp_path / "t.annotator"
    create_project(target, annotator="lead").close()
    assert main(["merge", str(target), str(src)]) == 0
    out = capsys.readouterr().out
    assert "attributed to 'analyst-3'" in out
    p = open_project(target, readonly=True)
    try:
        assert {s.author for s in p.spans()} == {"analyst-3"} and len(p.spans()) == 6
        assert {l.author for l in p.links()} == {"analyst-3"} and len(p.links()) == 2
    finally:
        p.close()
    assert (tmp_path / "analyst-3.annotator").read_bytes() == OLD.read_bytes()  # the source is only read


def test_adjudicate_and_export_one_layer(tmp_path, capsys):
    src_a, src_b = _make_sources(tmp_path)
    target = tmp_path / "lead.annotator"
    create_project(target, annotator="lead").close()
    assert main(["merge", str(target), str(src_a), str(src_b)]) == 0
    capsys.readouterr()
    assert main(["adjudicate", str(target), "--auto", "agreed"]) == 0
    assert "2 span(s) and 0 link(s) added" in capsys.readouterr().out  # CLAIM and FIGURE of the shared text
    assert main(["adjudicate", str(target), "--auto", "agreed"]) == 0
    assert "0 span(s) and 0 link(s) added, 2 span(s) already adjudicated" in capsys.readouterr().out
    out = tmp_path / "adj.jsonl"
    assert main(["export", str(target), "--format", "jsonl", "--out", str(out), "--annotator", "adjudicated"]) == 0
    lines = [json.loads(x) for x in out.read_text().splitlines()]
    spans = [(r["text"][s["start"]:s["end"]], s["label"]) for r in lines for s in r.get("spans", [])]
    assert sorted(spans) == [("5%", "FIGURE"), ("The minister", "CLAIM")]
    capsys.readouterr()
    assert main(["export", str(target), "--format", "csv", "--out", str(tmp_path / "x.csv"), "--annotator", "nobody"]) == 1
    assert "nobody" in capsys.readouterr().err
    assert not (tmp_path / "x.csv").exists()
    assert main(["train", str(target), "--annotator", "nobody"]) == 1


def test_init_annotator_flag(tmp_path, capsys):
    assert main(["init", str(tmp_path / "n.annotator"), "--annotator", "Dana K"]) == 0
    assert "annotator Dana K" in capsys.readouterr().out
    p = open_project(tmp_path / "n.annotator", readonly=True)
    assert p.annotator == "Dana K"
    p.close()


def test_adjudication_api_settles_places_with_undo(tmp_path):
    from annotator.io import adjudicate as adj

    p = create_project(tmp_path / "a.annotator", annotator="alice")
    try:
        d = p.add_documents([NewDocument(text="Alpha beta gamma delta. Epsilon zeta eta theta.")]).added[0]
        p.add_span(d, 0, 10, "CLAIM")
        p.add_span(d, 24, 31, "QUOTE")
        p.set_annotator("bob")
        p.add_span(d, 0, 10, "CLAIM")
        p.add_span(d, 24, 36, "QUOTE")
        places = adj.items(p, d)
        assert [(x.start, x.end, x.agreed) for x in places] == [(0, 10, True), (24, 36, False)]
        adj.take_agreed(p, d)
        layer = lambda: sorted((s.start, s.end, s.label) for s in p.spans(d) if s.author == "adjudicated")  # noqa: E731
        assert layer() == [(0, 10, "CLAIM")]
        place = adj.items(p, d)[1]
        adj.settle(p, place, ["alice"])
        assert layer() == [(0, 10, "CLAIM"), (24, 31, "QUOTE")]
        place = adj.items(p, d)[1]
        assert place.settled
        adj.settle(p, place, ["bob"])  # replaces alice's version: one step
        assert layer() == [(0, 10, "CLAIM"), (24, 36, "QUOTE")]
        p.undo()
        assert layer() == [(0, 10, "CLAIM"), (24, 31, "QUOTE")]
        adj.settle(p, adj.items(p, d)[1], ["alice", "bob"])
        assert layer() == [(0, 10, "CLAIM"), (24, 31, "QUOTE"), (24, 36, "QUOTE")]
        adj.settle(p, adj.items(p, d)[1], [])
        assert layer() == [(0, 10, "CLAIM")]
        p.undo()
        p.undo()
        p.undo()
        p.undo()
        assert layer() == []
    finally:
        p.close()


def test_auto_adjudication_agreed_and_majority_with_links(tmp_path):
    from annotator.io.adjudicate import auto_adjudicate

    p = create_project(tmp_path / "m.annotator", annotator="a")
    try:
        d = p.add_documents([NewDocument(text="Alpha beta gamma delta. Epsilon zeta eta theta.")]).added[0]
        for who in ("a", "b", "c"):
            p.set_annotator(who)
            y = p.add_span(d, 0, 5, "CLAIM", note=f"note by {who}").ids("span").pop()
            if who in ("a", "b"):
                x = p.add_span(d, 6, 10, "QUOTE").ids("span").pop()
                p.add_link(x, y, "supports")
            if who == "a":
                p.add_span(d, 11, 16, "FIGURE")
        layer = lambda: sorted((s.start, s.end, s.label) for s in p.spans(d) if s.author == "adjudicated")  # noqa: E731
        r = auto_adjudicate(p, "agreed")
        assert (r.spans_added, r.links_added) == (1, 0) and layer() == [(0, 5, "CLAIM")]
        assert [s.note for s in p.spans(d) if s.author == "adjudicated"] == ["note by a"]
        r = auto_adjudicate(p, "majority")
        assert (r.spans_added, r.links_added) == (1, 1) and layer() == [(0, 5, "CLAIM"), (6, 10, "QUOTE")]
        assert [l.author for l in p.links() if l.author == "adjudicated"] == ["adjudicated"]
        r = auto_adjudicate(p, "majority")
        assert (r.spans_added, r.links_added) == (0, 0)
        r = auto_adjudicate(p, "agreed", annotators=["a", "b"])  # a and b agree on QUOTE and the link too
        assert (r.spans_added, r.links_added) == (0, 0)
        with pytest.raises(Exception, match="zed"):
            auto_adjudicate(p, "agreed", annotators=["a", "zed"])
    finally:
        p.close()


@pytest.mark.parametrize("fmt", ["jsonl", "spacy", "doccano", "brat", "csv", "w3c"])
def test_export_of_one_layer_in_every_format(tmp_path, capsys, fmt):
    src_a, src_b = _make_sources(tmp_path)
    target = tmp_path / "lead.annotator"
    create_project(target, annotator="lead").close()
    assert main(["merge", str(target), str(src_a), str(src_b)]) == 0
    capsys.readouterr()
    out = tmp_path / ("out" if fmt in ("spacy", "brat") else f"out.{fmt}")
    assert main(["export", str(target), "--format", fmt, "--out", str(out), "--status", "all", "--annotator", "bob"]) == 0
    assert "exported 3 span(s)" in capsys.readouterr().out  # bob's 3, not alice's 3 as well
    out2 = tmp_path / ("all" if fmt in ("spacy", "brat") else f"all.{fmt}")
    assert main(["export", str(target), "--format", fmt, "--out", str(out2), "--status", "all"]) == 0
    assert "exported 6 span(s)" in capsys.readouterr().out  # the default stays: every layer


def test_span_authors_per_document(tmp_path):
    src_a, src_b = _make_sources(tmp_path)
    p = open_project(src_a, readonly=True)
    try:
        d = p.documents()[0].id
        assert set(p.span_authors(d).values()) == {"alice"} and set(p.span_authors(d)) == {s.id for s in p.spans(d)}
    finally:
        p.close()


def test_export_of_one_layer_leaves_out_documents_without_its_spans(tmp_path, capsys):
    src_a, src_b = _make_sources(tmp_path)
    target = tmp_path / "lead.annotator"
    create_project(target, annotator="lead").close()
    assert main(["merge", str(target), str(src_a), str(src_b)]) == 0
    capsys.readouterr()
    out = tmp_path / "a.jsonl"
    assert main(["export", str(target), "--format", "jsonl", "--out", str(out), "--status", "all", "--annotator", "alice"]) == 0
    texts = sorted(json.loads(x)["text"] for x in out.read_text().splitlines())
    assert texts == sorted([SHARED, ONLY_A])  # bob's own document has none of alice's spans


def test_merge_backs_up_the_target_first(tmp_path, capsys, _isolated_home):
    src_a, _ = _make_sources(tmp_path)
    target = tmp_path / "lead.annotator"
    create_project(target, annotator="lead").close()
    assert main(["merge", str(target), str(src_a)]) == 0
    err = capsys.readouterr().err
    backup = Path(err.split("backup: ")[1].strip())
    assert backup.exists() and not any(str(backup).startswith(str(tmp_path / x)) for x in ("lead",))
    p = open_project(backup, readonly=True)
    try:
        assert p.spans() == [] and p.documents() == []  # the state before the merge
    finally:
        p.close()
