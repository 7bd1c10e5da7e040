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
from .selection import LinkIndex, doc_meta, iter_docs, outside_warning, stable_hash
from .split import regions

_dumps = json.JSONEncoder(ensure_ascii=False, check_circular=False, separators=(", ", ": ")).encode


def links_path(out: Path) -> Path:
    return out.with_name(out.stem + ".links.jsonl")


def write(project, sel, out, *, split: str = "none", progress=None) -> ExportReport:
    out = check_file_target(out)
    sidecar = links_path(out)
    report = ExportReport()
    misaligned = WarningList("span(s) not on token boundaries: exported with the nearest enclosing tokens "
                             "(token_start/token_end), start/end unchanged")
    crossings = WarningList(f"{split} boundary(ies) not used because a span crosses them")
    link_index = LinkIndex(project)
    linked = {l.source_id for l in link_index.links} | {l.target_id for l in link_index.links}
    span_info: dict[int, dict] = {}
    exported: set[int] = set()
    records = 0
    with atomic_text(out) as f:
        for data in iter_docs(project, sel, progress):
            doc, text = data.doc, data.doc.text
            index = project.token_index(doc.id, text)
            starts, ends = index.starts, index.ends
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
                lines.append(_record(text, a, b, starts, ends, spans[k:j], link_index, meta, misaligned, doc.id))
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
                g.write(_dumps({"id": l.id, "type": l.type, "note": l.note,
                                "same_document": src["doc_id"] == dst["doc_id"], "source": src, "target": dst}) + "\n")
    report.files = [out, sidecar]
    misaligned.flush(report)
    crossings.flush(report)
    if outside:
        report.warnings.append(outside_warning(outside))
    report.misaligned = misaligned.count
    report.info.update(records=records, links=len(kept))
    return report


def _record(text, a, b, starts, ends, spans, link_index, meta, misaligned, doc_id) -> str:
    i0, i1 = bisect_left(starts, a), bisect_right(ends, b)
    ts, te = starts[i0:i1], ends[i0:i1]
    nxt = ts[1:] + [-1]
    # Tokens are most of a record: written straight to JSON (same output as json.dumps of the dicts,
    # about 2.5x faster than building and encoding a dict per token).
    tokens = ", ".join([f'{{"text": {_esc(text[s:e])}, "start": {s - a}, "end": {e - a}, "id": {n}, '
                        f'"ws": {"true" if text[e:e + 1] == " " and x != e else "false"}}}'
                        for n, (s, e, x) in enumerate(zip(ts, te, nxt))])
    out_spans = []
    by_id = {}
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
        d = {"start": s - a, "end": e - a, "token_start": k0, "token_end": k1, "label": sp.label,
             "id": sp.id, "note": sp.note, "status": sp.status}
        out_spans.append(d)
        by_id[sp.id] = d
    relations = []
    for l in link_index.within(by_id):
        h, c = by_id[l.source_id], by_id[l.target_id]
        relations.append({"head": h["token_end"], "child": c["token_end"], "head_span": _brief(h),
                          "child_span": _brief(c), "label": l.type, "id": l.id, "note": l.note})
    rtext = text[a:b]
    input_hash = stable_hash(rtext)
    key = ";".join(f"{d['start']},{d['end']},{d['label']}" for d in out_spans)
    rkey = ";".join(f"{r['head_span']['start']},{r['child_span']['start']},{r['label']}" for r in relations)
    task_hash = stable_hash(str(input_hash), key, rkey)
    return (f'{{"text": {_esc(rtext)}, "meta": {_dumps(meta)}, "_input_hash": {input_hash}, '
            f'"_task_hash": {task_hash}, "tokens": [{tokens}], "spans": {_dumps(out_spans)}, '
            f'"relations": {_dumps(relations)}, "answer": "accept"}}\n')


def _brief(d: dict) -> dict:
    return {"start": d["start"], "end": d["end"], "token_start": d["token_start"], "token_end": d["token_end"],
            "label": d["label"]}
