"""Property: random Unicode documents and random spans survive every export format.

Documents mix astral characters, emoji with modifiers, flags, combining marks, RTL and CJK
text, CRLF/CR input and odd controls. Spans are random character ranges (kept as they are by
the formats that can hold any range) plus token-aligned ones; each output is parsed back and
every span's text must equal text[start:end] of the stored document.
"""

import csv
import json
import tempfile
from pathlib import Path

import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.tokens import DocBin

from annotator.core.models import NewDocument, NewSpan
from annotator.core.text import normalize_text
from annotator.io.export import export
from annotator.io.export.brat import fragments
from annotator.store import create_project
from test_export_support import parse_brat_ann, read_jsonl, tokens

PIECES = ["\r\n", "\n", "\r", " ", "  ", "\t", "👋🏽", "🇫🇷", "🏳️‍🌈", "e\u0301", "a\u0308\u0323", "東京は", "「引用」",
          "שלום", "مرحبا", "\u200f", "\u2028", ".", "?", '"', "'s", "5%", "U.S.", "x" * 5, "\x0c", "\x1c", "\ufeff"]
LABELS = ("QUOTE", "CLAIM", "FIGURE", "FRAMING")
STATUSES = ("accepted", "suggested", "rejected")

unicode_text = st.lists(
    st.one_of(st.sampled_from(PIECES), st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=6)),
    min_size=1, max_size=40).map("".join)


@st.composite
def documents(draw):
    text = normalize_text(draw(unicode_text))
    if not text.strip():
        text = text + "x"
    toks = [t for t in tokens(text)]
    n = len(text)
    keys = set()
    spans = []
    for _ in range(draw(st.integers(0, 8))):
        if toks and draw(st.booleans()):
            i = draw(st.integers(0, len(toks) - 1))
            j = draw(st.integers(i, min(len(toks) - 1, i + 4)))
            a, b = toks[i][0], toks[j][1]
        else:
            a = draw(st.integers(0, n - 1))
            b = draw(st.integers(a + 1, n))
        label = draw(st.sampled_from(LABELS))
        if (a, b, label) in keys:
            continue
        keys.add((a, b, label))
        spans.append(NewSpan(a, b, label, note=draw(st.sampled_from(["", "n\nb", "ملاحظة"])),
                             status=draw(st.sampled_from(STATUSES))))
    return text, spans


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(documents(), min_size=1, max_size=3, unique_by=lambda d: d[0]))
def test_random_documents_survive_every_format(docs):
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        project = create_project(tmp / "p.annotator")
        try:
            result = project.add_documents([NewDocument(t, title=f"d{i}", tokens=tokens(t)) for i, (t, _) in enumerate(docs)])
            for doc_id, (_, spans) in zip(result.added, docs):
                if spans:
                    project.add_spans(doc_id, spans)
            check_all(project, tmp)
        finally:
            project.close()


def check_all(project, tmp: Path):
    texts = {d.id: project.document(d.id).text for d in project.documents()}
    spans = {s.id: s for s in project.spans()}
    want = {i: texts[s.doc_id][s.start:s.end] for i, s in spans.items()}

    # jsonl, whole documents and split records
    for split in ("none", "paragraph", "sentence"):
        out = tmp / f"{split}.jsonl"
        export(project, "jsonl", out, status="all", split=split)
        got = {}
        for line in out.read_text(encoding="utf-8").split("\n")[:-1]:  # tokens are written by hand: valid JSON
            assert json.dumps(json.loads(line), ensure_ascii=False) == line
        for r in read_jsonl(out):
            offset = r["meta"].get("offset", 0)
            doc = texts[r["meta"]["doc_id"]]
            assert r["text"] == doc[offset:offset + len(r["text"])]
            toks = r["tokens"]
            for t in toks:
                assert r["text"][t["start"]:t["end"]] == t["text"]
            for s in r["spans"]:
                assert s["start"] + offset == spans[s["id"]].start and s["label"] == spans[s["id"]].label
                got[s["id"]] = r["text"][s["start"]:s["end"]]
                if toks:
                    assert 0 <= s["token_start"] <= s["token_end"] < len(toks)
        assert got == want, split

    # doccano
    export(project, "doccano", tmp / "d.jsonl", status="all")
    got = {}
    for r in read_jsonl(tmp / "d.jsonl"):
        for (a, b, _), m in zip(r["label"], r["label_meta"]):
            got[m["id"]] = r["text"][a:b]
    assert got == want

    # csv
    export(project, "csv", tmp / "s.csv", status="all")
    with open(tmp / "s.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    # cells a spreadsheet would run as a formula carry a leading quote (CSV injection)
    guarded = {i: "'" + t if t[:1] and t[0] in "=+-@\t\r" else t for i, t in want.items()}
    assert {int(r["span_id"]): r["text"] for r in rows} == guarded
    assert all(guarded[int(r["span_id"])] == r["text"] for r in rows)

    # w3c
    export(project, "w3c", tmp / "w.jsonld", status="all")
    items = json.loads((tmp / "w.jsonld").read_text(encoding="utf-8"))["first"]["items"]
    got = {}
    for a in items:
        if a["motivation"] == "tagging":
            quote, pos = a["target"]["selector"]
            doc = texts[int(a["target"]["source"].rsplit(":", 1)[1])]
            assert doc[pos["start"]:pos["end"]] == quote["exact"]
            assert doc[:pos["start"]].endswith(quote["prefix"]) and doc[pos["end"]:].startswith(quote["suffix"])
            got[int(a["id"].rsplit(":", 1)[1])] = quote["exact"]
    assert got == want

    # brat: fragments split at line breaks; a span of only line breaks cannot be written
    report = export(project, "brat", tmp / "brat", status="all")
    writable = {i for i, t in want.items() if t.strip("\n")}
    assert report.skipped == len(want) - len(writable)
    n = 0
    for ann in sorted((tmp / "brat").glob("*.ann")):
        txt = ann.with_suffix(".txt").read_bytes().decode("utf-8")
        assert txt == texts[int(ann.name.split("_")[0])]
        entities, _, _, _ = parse_brat_ann(ann.read_text(encoding="utf-8"))
        for _, frags, text in entities.values():
            assert text == " ".join(txt[a:b] for a, b in frags)
            pieces = [p for p in txt[frags[0][0]:frags[-1][1]].split("\n") if p]
            assert pieces == [txt[a:b] for a, b in frags]
        n += len(entities)
    assert n == len(writable)
    assert sorted(fragments("a\n\nb", 0, 4)) == [(0, 1), (3, 4)]

    # spaCy: token-aligned spans are in the DocBin with the same text; the others are counted
    report = export(project, "spacy", tmp / "sp", status="all", dev_fraction=0.5, seed=1)
    nlp = spacy.blank("en")
    got = {}
    for name in ("train.spacy", "dev.spacy"):
        for doc in DocBin().from_disk(tmp / "sp" / name).get_docs(nlp.vocab):
            assert doc.text == texts[doc.user_data["annotator"]["doc_id"]]
            for span in doc.spans["sc"]:
                got[int(span.id_)] = span.text
    aligned = {}
    for i, s in spans.items():
        if nlp.make_doc(texts[s.doc_id]).char_span(s.start, s.end) is not None:
            aligned[i] = want[i]
    assert got == aligned
    assert report.skipped == len(want) - len(aligned)
