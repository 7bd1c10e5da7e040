"""Helpers shared by the export tests (no tests here): a small multilingual project, parsers."""

from __future__ import annotations

import json

import spacy

from annotator.core.models import NewDocument, NewSpan
from annotator.core.text import normalize_text

_NLP = spacy.blank("en")

# Emoji with skin tone, a flag, CJK, RTL (Hebrew, Arabic), combining marks, CRLF-origin text.
TEXTS = [
    'The minister said "we will cut taxes by 5% 👍🏽" on Monday.\r\n\r\nCritics 🇫🇷 called it a '
    "stunt. Others agreed.",
    "東京の知事は「税金を下げる」と述べた。\n\nשלום עולם, قال الوزير. Cafe\u0301 na\u0308ive déjà vu.",
    "Line one\r\nline two\rline three 🏳️‍🌈 end.",
]


def tokens(text: str):
    return tuple((t.idx, t.idx + len(t.text)) for t in _NLP.make_doc(text))


def find(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


def add_doc(project, raw: str, spans=(), **fields) -> int:
    text = normalize_text(raw)
    doc = NewDocument(text=text, tokens=tokens(text), spans=tuple(spans), **fields)
    result = project.add_documents([doc])
    assert result.added, result
    return result.added[0]


def build_sample(project):
    """Three documents, spans in every status and label, notes, links in and across documents."""
    t0, t1, t2 = (normalize_text(t) for t in TEXTS)
    d0 = add_doc(project, t0, [
        NewSpan(*find(t0, '"we will cut taxes by 5% 👍🏽"'), "QUOTE", note="direct quote"),
        NewSpan(*find(t0, "5%"), "FIGURE"),
        NewSpan(*find(t0, "Critics 🇫🇷 called it a stunt"), "FRAMING", status="suggested", origin="rule"),
        NewSpan(*find(t0, "Others agreed"), "CLAIM", status="rejected"),
        NewSpan(*find(t0, "taxes by 5% 👍🏽\" on Monday.\n\nCritics"), "CLAIM", note="crosses\nthe paragraph"),
    ], title="Taxes 🇫🇷", outlet="Daily", author="A. Writer", published="2024-05-01", url="https://example.org/a")
    d1 = add_doc(project, t1, [
        NewSpan(*find(t1, "「税金を下げる」"), "QUOTE"),
        NewSpan(*find(t1, "قال الوزير"), "CLAIM", note="ملاحظة"),
        NewSpan(*find(t1, "Cafe\u0301 na\u0308ive"), "FRAMING"),
    ], title="東京", outlet="Asahi")
    d2 = add_doc(project, t2, [NewSpan(*find(t2, "two\nline"), "QUOTE"), NewSpan(*find(t2, "🏳️‍🌈"), "FIGURE")],
                 title="Lines")
    s0 = {(s.label, s.status): s for s in project.spans(d0)}
    s1 = {s.label: s for s in project.spans(d1)}
    s2 = {s.label: s for s in project.spans(d2)}
    project.add_link(s0["QUOTE", "accepted"].id, s0["FIGURE", "accepted"].id, "supports", note="same number")
    project.add_link(s0["QUOTE", "accepted"].id, s1["QUOTE"].id, "paraphrases")
    project.add_link(s0["FRAMING", "suggested"].id, s0["CLAIM", "accepted"].id, "distorts")
    project.add_link(s1["CLAIM"].id, s2["QUOTE"].id, "contradicts")
    return d0, d1, d2


def read_jsonl(path):
    with open(path, encoding="utf-8", newline="") as f:
        return [json.loads(line) for line in f.read().split("\n") if line]


def parse_brat_ann(ann: str):
    """Independent, minimal brat standoff reader: {T id: (type, [(start, end)], text)} plus the other lines."""
    entities, relations, notes, attributes = {}, {}, {}, {}
    for line in ann.split("\n"):
        if not line:
            continue
        ident, rest = line.split("\t", 1)
        kind = ident[0]
        if kind == "T":
            head, text = rest.split("\t", 1)
            typ, locs = head.split(" ", 1)
            frags = [tuple(int(x) for x in part.split(" ")) for part in locs.split(";")]
            entities[ident] = (typ, frags, text)
        elif kind == "R":
            typ, a1, a2 = rest.strip().split(" ")
            assert a1.startswith("Arg1:") and a2.startswith("Arg2:")
            relations[ident] = (typ, a1[5:], a2[5:])
        elif kind == "#":
            head, note = rest.split("\t", 1)
            _, target = head.split(" ")
            notes[target] = note
        elif kind == "A":
            name, target, value = rest.split(" ")
            attributes[target] = (name, value)
        else:
            raise AssertionError(f"unexpected brat line {line!r}")
    return entities, relations, notes, attributes
