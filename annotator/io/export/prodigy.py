"""jsonl export in Prodigy's span format, one record per document (or per paragraph/sentence).

Record: text, meta, _input_hash, _task_hash, tokens [{text,start,end,id,ws}], spans
[{start,end,token_start,token_end (inclusive),label,id,note,status}], relations, answer.
Relations follow Prodigy: head/child are the index of the LAST token of the head (source) and
child (target) span, with head_span/child_span carrying both token indices.
Every link, across documents too, also goes to the sidecar ``<stem>.links.jsonl``.
"""

from __future__ import annotations

import json
from bisect import bisect_left, bisect_right
from json.encoder import encode_basestring as _esc  # the C escaper json uses with ensure_ascii=False
from pathlib import Path

from .output import atomic_text, check_file_target
from .report import ExportReport, WarningList
from .selection import LinkIndex, doc_meta, doc_tokens, iter_docs, outside_warning, stable_hash
from .split import regions

_SPAN = ('{"start": %d, "end": %d, "token_start": %d, "token_end": %d, "label": %s, "id": %d, "note": %s, '
         '"status": %s}')
_TOKEN = '{"text": %s, "start": %d, "end": %d, "id": %d, "ws": %s}'
_dumps = json.JSONEncoder(ensure_ascii=False, check_circular=False, separators=(", ", ": ")).encode


def links_path(out: Path) -> Path:
    return out.with_name(out.stem + ".links.jsonl")


def targets(project, sel, out: Path) -> list[Path]:
    return [out, links_path(out)]


def write(project, sel, out, *, split: str = "none", progress=None) -> ExportReport:
    out = check_file_target(out)
    sidecar = links_path(out)
    report = ExportReport()
    misaligned = WarningList("span(s) not on token boundaries: exported with the nearest enclosing tokens "
                             "(token_start/token_end), start/end unchanged")
    crossings = WarningList(f"{split} boundary(ies) not used because a span crosses them")
    link_index = LinkIndex(project, sel.statuses)
    linked = {l.source_id for l in link_index.links} | {l.target_id for l in link_index.links}
    span_info: dict[int, dict] = {}
    exported: set[int] = set()
    records = 0
    with atomic_text(out) as f:
        for data in iter_docs(project, sel, progress):
            doc, text = data.doc, data.doc.text
            starts, ends = doc_tokens(project, doc.id, text)
            meta = doc_meta(doc)
            if split == "none":
                parts = [(0, len(text))]
            else:
                crossed: list[int] = []
                parts = regions(text, data.spans, split, doc.lang, crossed)
                for g in crossed:
                    crossings.add(f"document {doc.id}: a span crosses the {split} boundary at offset {g}; "
                                  f"the text on both sides is one record")
            spans = data.spans
            k = 0
            lines = []
            for part, (a, b) in enumerate(parts):
                j = k
                while j < len(spans) and spans[j].start < b:
                    j += 1
                if split != "none":
                    meta = dict(doc_meta(doc), offset=a, part=part, parts=len(parts))
                lines.append(_record(text, a, b, starts, ends, spans[k:j], link_index, meta, misaligned, doc.id,
                                     sel.all_statuses))
                k = j
            records += len(parts)
            f.write("".join(lines))
            for s in spans:
                exported.add(s.id)
                if s.id in linked:
                    span_info[s.id] = {"span_id": s.id, "doc_id": doc.id, "start": s.start, "end": s.end,
                                       "label": s.label, "status": s.status, "text": text[s.start:s.end]}
            report.documents += 1
            report.spans += len(spans)
        # the sidecar is complete before the main file takes its final name
        kept, outside = link_index.split(exported)
        with atomic_text(sidecar) as g:
            for l in kept:
                src, dst = span_info[l.source_id], span_info[l.target_id]
                record = {"id": l.id, "type": l.type, "note": l.note,
                          "same_document": src["doc_id"] == dst["doc_id"], "source": src, "target": dst}
                if sel.all_statuses:
                    record.update(status=l.status, score=l.score, origin=l.origin)
                g.write(_dumps(record) + "\n")
    report.files = [out, sidecar]
    misaligned.flush(report)
    crossings.flush(report)
    if outside:
        report.warnings.append(outside_warning(outside))
    report.misaligned = misaligned.count
    report.info.update(records=records, links=len(kept))
    return report


def _record(text, a, b, starts, ends, spans, link_index, meta, misaligned, doc_id, all_statuses=False) -> str:
    i0, i1 = bisect_left(starts, a), bisect_right(ends, b)
    ts, te = starts[i0:i1], ends[i0:i1]
    nxt = list(ts[1:]) + [-1]
    # Tokens are most of a record: written straight to JSON (the same text json.dumps gives for the
    # dicts, about twice as fast as json.dumps alone).
    ws = ["true" if text[e:e + 1] == " " and x != e else "false" for e, x in zip(te, nxt)]
    texts = map(_esc, [text[s:e] for s, e in zip(ts, te)])
    rs, re_ = (ts, te) if a == 0 else ([s - a for s in ts], [e - a for e in te])
    tokens = ", ".join(map(_TOKEN.__mod__, zip(texts, rs, re_, range(len(ts)), ws)))
    rows = []  # (start, end, token_start, token_end, label, id, note, status), rebased
    ntok = len(ts)
    for sp in spans:
        s, e = sp.start, sp.end
        k0, k1 = bisect_left(ts, s), bisect_left(te, e)
        if not (k0 < ntok and ts[k0] == s and k1 < ntok and te[k1] == e):
            k0, k1 = bisect_right(te, s), bisect_left(ts, e) - 1  # nearest enclosing tokens
            if k0 > k1:  # only whitespace between tokens: point at the next token
                k0 = k1 = min(k0, ntok - 1)
            misaligned.add(f"document {doc_id}: span {sp.id} {sp.label} {s}-{e} {text[s:e]!r} is not on token "
                           f"boundaries; tokens {k0}-{k1} given")
        rows.append((s - a, e - a, k0, k1, sp.label, sp.id, sp.note, sp.status))
    by_id = {r[5]: r for r in rows}
    relations = []
    for l in link_index.within(by_id):
        h, c = by_id[l.source_id], by_id[l.target_id]
        relations.append({"head": h[3], "child": c[3], "head_span": _brief(h), "child_span": _brief(c),
                          "label": l.type, "id": l.id, "note": l.note,
                          **({"status": l.status} if all_statuses else {})})
    spans_json = ", ".join([_SPAN % (r[0], r[1], r[2], r[3], _esc(r[4]), r[5], _esc(r[6]), _esc(r[7])) for r in rows])
    rtext = text[a:b]
    input_hash = stable_hash(rtext)
    key = ";".join([f"{r[0]},{r[1]},{r[4]}" for r in rows])
    rkey = ";".join(f"{r['head_span']['start']},{r['child_span']['start']},{r['label']}" for r in relations)
    task_hash = stable_hash(str(input_hash), key, rkey)
    return (f'{{"text": {_esc(rtext)}, "meta": {_dumps(meta)}, "_input_hash": {input_hash}, '
            f'"_task_hash": {task_hash}, "tokens": [{tokens}], "spans": [{spans_json}], '
            f'"relations": {_dumps(relations)}, "answer": "accept"}}\n')


def _brief(r: tuple) -> dict:
    return {"start": r[0], "end": r[1], "token_start": r[2], "token_end": r[3], "label": r[4]}
