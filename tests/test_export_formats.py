"""Each export format on a small multilingual project, parsed back and checked against the project."""

import csv
import json

import pytest
import spacy
from spacy.tokens import DocBin

from annotator.io.export import export
from annotator.io.export.spacy_docbin import dev_ids
from test_export_support import build_sample, parse_brat_ann, read_jsonl


@pytest.fixture
def sample(project):
    return project, build_sample(project)


def texts(project):
    return {d.id: project.document(d.id).text for d in project.documents()}


def spans_by_id(project, **kw):
    return {s.id: s for s in project.spans(**kw)}


# -- jsonl (Prodigy) ---------------------------------------------------------------------------

def test_jsonl_records(sample, tmp_path):
    project, (d0, d1, d2) = sample
    report = export(project, "jsonl", tmp_path / "out.jsonl", status="all")
    records = read_jsonl(tmp_path / "out.jsonl")
    docs = texts(project)
    expected = spans_by_id(project)
    assert [r["meta"]["doc_id"] for r in records] == [d0, d1, d2]
    seen = set()
    for r in records:
        doc = project.document(r["meta"]["doc_id"])
        assert r["text"] == docs[doc.id]
        assert {k: r["meta"][k] for k in ("title", "outlet", "author", "date", "url")} == {
            "title": doc.title, "outlet": doc.outlet, "author": doc.author, "date": doc.published, "url": doc.url}
        assert r["answer"] == "accept" and isinstance(r["_input_hash"], int) and isinstance(r["_task_hash"], int)
        tokens = r["tokens"]
        assert [t["id"] for t in tokens] == list(range(len(tokens)))
        for t in tokens:
            assert r["text"][t["start"]:t["end"]] == t["text"]
            assert t["ws"] == (r["text"][t["end"]:t["end"] + 1] == " ")  # no double spaces in the sample
        for s in r["spans"]:
            want = expected[s["id"]]
            assert (s["start"], s["end"], s["label"], s["status"], s["note"]) == (
                want.start, want.end, want.label, want.status, want.note)
            first, last = tokens[s["token_start"]], tokens[s["token_end"]]
            assert first["start"] <= s["start"] and last["end"] >= s["end"]  # enclosing tokens
            seen.add(s["id"])
    assert seen == set(expected)
    # the one span inside a CJK token keeps its offsets, gets enclosing tokens, and is reported
    assert report.misaligned == 1
    assert any("「税金を下げる」" in w for w in report.warnings)


def test_jsonl_relations_and_links_sidecar(sample, tmp_path):
    project, (d0, d1, d2) = sample
    export(project, "jsonl", tmp_path / "out.jsonl", status="all")
    r0 = read_jsonl(tmp_path / "out.jsonl")[0]
    by_id = {s["id"]: s for s in r0["spans"]}
    in_doc = [l for l in project.links(d0) if l.source_id in by_id and l.target_id in by_id]
    assert len(r0["relations"]) == len(in_doc) == 2
    for rel in r0["relations"]:
        link = next(l for l in in_doc if l.id == rel["id"])
        head, child = by_id[link.source_id], by_id[link.target_id]
        assert rel["label"] == link.type
        assert rel["head"] == head["token_end"] and rel["child"] == child["token_end"]  # Prodigy: last token
        assert rel["head_span"] == {k: head[k] for k in ("start", "end", "token_start", "token_end", "label")}
        assert rel["child_span"]["start"] == child["start"]
    sidecar = read_jsonl(tmp_path / "out.links.jsonl")
    assert {l["id"] for l in sidecar} == {l.id for l in project.links()}
    docs = texts(project)
    for line in sidecar:
        for end in ("source", "target"):
            e = line[end]
            assert docs[e["doc_id"]][e["start"]:e["end"]] == e["text"]
        assert line["same_document"] == (line["source"]["doc_id"] == line["target"]["doc_id"])
    assert sum(not l["same_document"] for l in sidecar) == 2


def test_jsonl_hashes_are_stable_and_content_based(sample, tmp_path):
    project, _ = sample
    export(project, "jsonl", tmp_path / "a.jsonl")
    export(project, "jsonl", tmp_path / "b.jsonl")
    a, b = read_jsonl(tmp_path / "a.jsonl"), read_jsonl(tmp_path / "b.jsonl")
    assert a == b
    export(project, "jsonl", tmp_path / "c.jsonl", labels=["QUOTE"])
    c = read_jsonl(tmp_path / "c.jsonl")
    assert [r["_input_hash"] for r in a] == [r["_input_hash"] for r in c]
    assert [r["_task_hash"] for r in a] != [r["_task_hash"] for r in c]
    assert len({r["_input_hash"] for r in a}) == 3


@pytest.mark.parametrize("split", ["paragraph", "sentence"])
def test_jsonl_split_rebases_offsets(sample, tmp_path, split):
    project, (d0, d1, d2) = sample
    report = export(project, "jsonl", tmp_path / "s.jsonl", split=split, status="all")
    records = read_jsonl(tmp_path / "s.jsonl")
    docs = texts(project)
    expected = spans_by_id(project)
    seen = []
    for r in records:
        m = r["meta"]
        doc = docs[m["doc_id"]]
        assert r["text"] == doc[m["offset"]:m["offset"] + len(r["text"])]
        assert r["text"] == r["text"].strip()
        for t in r["tokens"]:
            assert r["text"][t["start"]:t["end"]] == t["text"]
        for s in r["spans"]:
            want = expected[s["id"]]
            assert (s["start"] + m["offset"], s["end"] + m["offset"]) == (want.start, want.end)
            assert r["text"][s["start"]:s["end"]] == doc[want.start:want.end]
            seen.append(s["id"])
        for rel in r["relations"]:
            assert r["spans"][0] is not None and rel["head_span"]["end"] <= len(r["text"])
    assert sorted(seen) == sorted(expected)  # every span exactly once, none cut
    parts = {}
    for r in records:
        parts.setdefault(r["meta"]["doc_id"], []).append(r["meta"]["part"])
    assert all(p == list(range(len(p))) for p in parts.values())
    assert all(r["meta"]["parts"] == len(parts[r["meta"]["doc_id"]]) for r in records)
    assert report.info["records"] == len(records) > 3
    # the CLAIM crossing the blank line keeps its paragraphs together, with a warning
    assert any("crosses the " + split in w for w in report.warnings)
    crossing = next(r for r in records if any(s["note"].startswith("crosses") for s in r["spans"]))
    assert "\n\n" in crossing["text"]
    if split == "sentence":
        assert "Others agreed." in [r["text"] for r in records]
        line_doc = [r["text"] for r in records if r["meta"]["doc_id"] == d2]
        assert line_doc == ["Line one", "line two\nline three 🏳️‍🌈 end."]  # the QUOTE spans a line break


def test_split_sentence_without_spans_gives_sentences(project, tmp_path):
    from test_export_support import add_doc

    add_doc(project, "First one here. Second one here!  Third?\nNew paragraph", title="t")
    export(project, "jsonl", tmp_path / "s.jsonl", split="sentence", include_empty=True)
    got = [(r["text"], r["meta"]["offset"]) for r in read_jsonl(tmp_path / "s.jsonl")]
    assert got == [("First one here.", 0), ("Second one here!", 16), ("Third?", 34), ("New paragraph", 41)]


# -- spaCy --------------------------------------------------------------------------------------

def load_docbin(path):
    nlp = spacy.blank("en")
    return list(DocBin().from_disk(path).get_docs(nlp.vocab))


def test_spacy_docbin_loads_and_span_texts_match(sample, tmp_path):
    project, _ = sample
    report = export(project, "spacy", tmp_path / "sp", dev_fraction=0.34, seed=3)
    assert [p.name for p in report.files] == ["train.spacy", "dev.spacy"]
    docs = load_docbin(tmp_path / "sp" / "train.spacy") + load_docbin(tmp_path / "sp" / "dev.spacy")
    assert len(docs) == 3 and report.info["train"] == 2 and report.info["dev"] == 1
    expected = spans_by_id(project, statuses=["accepted"])
    originals = texts(project)
    got = {}
    for doc in docs:
        doc_id = doc.user_data["annotator"]["doc_id"]
        assert doc.text == originals[doc_id]
        for span in doc.spans["sc"]:
            want = expected[int(span.id_)]
            assert (span.start_char, span.end_char, span.label_) == (want.start, want.end, want.label)
            assert span.text == originals[doc_id][want.start:want.end]
            got[want.id] = span
    missing = set(expected) - set(got)
    assert len(missing) == report.skipped == 1  # inside a CJK token: cannot be a spaCy span
    (lost,) = missing
    assert any(f"span {lost} " in w for w in report.warnings)


def test_spacy_status_all_keeps_statuses(sample, tmp_path):
    project, _ = sample
    export(project, "spacy", tmp_path / "sp", status="all", dev_fraction=0)
    assert load_docbin(tmp_path / "sp" / "dev.spacy") == []
    statuses = {}
    for doc in load_docbin(tmp_path / "sp" / "train.spacy"):
        statuses.update(doc.user_data["annotator"]["status"])
    assert statuses == {str(s.id): s.status for s in project.spans()}


def test_dev_split_is_by_document_and_deterministic():
    ids = list(range(1, 51))
    a, b = dev_ids(ids, 0.2, seed=7), dev_ids(list(reversed(ids)), 0.2, seed=7)
    assert a == b and len(a) == 10
    assert dev_ids(ids, 0.2, seed=8) != a
    assert len(dev_ids([1, 2], 0.01, seed=0)) == 1  # at least one dev document
    assert len(dev_ids([1, 2], 0.99, seed=0)) == 1  # and at least one train document
    assert dev_ids([1], 0.5, seed=0) in (set(), {1})
    assert dev_ids(ids, 0, seed=0) == set()


def test_spacy_export_split_per_seed(sample, tmp_path):
    project, ids = sample

    def dev_docs(seed, name):
        export(project, "spacy", tmp_path / name, dev_fraction=0.34, seed=seed)
        return sorted(d.user_data["annotator"]["doc_id"] for d in load_docbin(tmp_path / name / "dev.spacy"))

    first = dev_docs(1, "a")
    assert first == dev_docs(1, "b")
    assert sorted(dev_ids(ids, 0.34, 1)) == first
    assert len({tuple(dev_docs(s, f"s{s}")) for s in range(6)}) > 1


# -- brat ---------------------------------------------------------------------------------------

def test_brat_standoff_read_back_independently(sample, tmp_path):
    project, (d0, d1, d2) = sample
    report = export(project, "brat", tmp_path / "br", status="all")
    out = tmp_path / "br"
    conf = (out / "annotation.conf").read_text(encoding="utf-8")
    for section in ("[entities]", "[relations]", "[events]", "[attributes]"):
        assert section in conf
    assert all(l.name in conf.split("[relations]")[0] for l in project.labels())
    assert "supports\tArg1:<ENTITY>, Arg2:<ENTITY>" in conf
    expected = spans_by_id(project)
    anns = sorted(out.glob("*.ann"))
    assert [p.name.split("_")[0] for p in anns] == [f"{d:03d}" for d in (d0, d1, d2)]
    total = 0
    for ann in anns:
        txt = ann.with_suffix(".txt").read_bytes().decode("utf-8")
        doc_id = int(ann.name.split("_")[0])
        assert txt == project.document(doc_id).text
        entities, relations, notes, attributes = parse_brat_ann(ann.read_text(encoding="utf-8"))
        wanted = sorted((s.start, s.end, s.label, s.note, s.status) for s in expected.values() if s.doc_id == doc_id)
        got = []
        for tid, (label, frags, text) in entities.items():
            assert text == " ".join(txt[a:b] for a, b in frags)
            assert all("\n" not in txt[a:b] for a, b in frags)
            start, end = frags[0][0], frags[-1][1]
            assert [p for p in txt[start:end].split("\n") if p] == [txt[a:b] for a, b in frags]
            got.append((start, end, label, notes.get(tid, ""), attributes[tid][1]))
        wanted = [(s, e, lab, note.replace("\n", " "), st) for s, e, lab, note, st in wanted]
        assert sorted(got) == wanted
        total += len(entities)
        for typ, a1, a2 in relations.values():
            assert a1 in entities and a2 in entities
        if doc_id == d0:
            assert sorted(r[0] for r in relations.values()) == ["distorts", "supports"]
            assert "same number" in notes.values()
    assert total == report.spans == len(expected)
    assert any("between documents are not in brat" in w for w in report.warnings)


# -- doccano, csv, w3c --------------------------------------------------------------------------

def test_doccano(sample, tmp_path):
    project, _ = sample
    export(project, "doccano", tmp_path / "d.jsonl", status="all")
    expected = spans_by_id(project)
    docs = texts(project)
    n = 0
    for r in read_jsonl(tmp_path / "d.jsonl"):
        assert r["text"] == docs[r["id"]] and r["meta"]["doc_id"] == r["id"]
        assert len(r["label"]) == len(r["label_meta"])
        for (start, end, label), m in zip(r["label"], r["label_meta"]):
            s = expected[m["id"]]
            assert (start, end, label, m["status"], m["note"]) == (s.start, s.end, s.label, s.status, s.note)
            n += 1
    assert n == len(expected)


def test_csv(sample, tmp_path):
    project, _ = sample
    export(project, "csv", tmp_path / "s.csv", status="all")
    with open(tmp_path / "s.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == ["doc_id", "title", "outlet", "author", "date", "url", "span_id", "start", "end",
                             "label", "status", "origin", "score", "note", "text"]
    docs = texts(project)
    expected = spans_by_id(project)
    assert len(rows) == len(expected)
    for row in rows:
        s = expected[int(row["span_id"])]
        doc = project.document(s.doc_id)
        assert row["text"] == docs[s.doc_id][s.start:s.end]
        assert (int(row["start"]), int(row["end"]), row["label"], row["status"], row["origin"], row["note"]) == (
            s.start, s.end, s.label, s.status, s.origin, s.note)
        assert (row["title"], row["outlet"], row["date"], row["url"]) == (doc.title, doc.outlet, doc.published, doc.url)


def test_w3c_web_annotations(sample, tmp_path):
    project, (d0, d1, d2) = sample
    report = export(project, "w3c", tmp_path / "w.jsonld")
    data = json.loads((tmp_path / "w.jsonld").read_text(encoding="utf-8"))
    assert data["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert data["type"] == "AnnotationCollection"
    items = data["first"]["items"]
    assert data["total"] == len(items)
    expected = spans_by_id(project, statuses=["accepted"])
    docs = texts(project)
    sources = {project.document(d).url or f"urn:annotator:doc:{d}": d for d in (d0, d1, d2)}
    tagged = [a for a in items if a["motivation"] == "tagging"]
    assert len(tagged) == len(expected) == report.spans
    for a in tagged:
        s = expected[int(a["id"].rsplit(":", 1)[1])]
        text = docs[sources[a["target"]["source"]]]
        quote, pos = a["target"]["selector"]
        assert quote["type"] == "TextQuoteSelector" and pos["type"] == "TextPositionSelector"
        assert (pos["start"], pos["end"]) == (s.start, s.end)
        assert quote["exact"] == text[pos["start"]:pos["end"]]
        assert quote["prefix"] == text[max(0, s.start - 32):s.start] and len(quote["prefix"]) <= 32
        assert quote["suffix"] == text[s.end:s.end + 32]
        assert text.count(quote["prefix"] + quote["exact"] + quote["suffix"]) == 1
        bodies = {b["purpose"]: b["value"] for b in a["body"]}
        assert bodies["tagging"] == s.label and bodies.get("commenting", "") == s.note
    assert sources["https://example.org/a"] == d0
    linking = [a for a in items if a["motivation"] == "linking"]
    ids = {a["id"] for a in tagged}
    assert linking and all(set(a["target"]) <= ids for a in linking)
    assert {a["body"][0]["value"] for a in linking} == {"supports", "paraphrases", "contradicts"}  # distorts has a suggested end


def test_brat_warns_about_other_files_in_the_folder(sample, tmp_path):
    project, (d0, d1, d2) = sample
    assert not any("other .ann" in w for w in export(project, "brat", tmp_path / "br").warnings)
    report = export(project, "brat", tmp_path / "br", doc_ids=[d0], force=True)
    assert any("2 other .ann file(s)" in w for w in report.warnings)
    assert len(list((tmp_path / "br").glob("*.ann"))) == 3
