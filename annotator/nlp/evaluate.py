"""Scoring predicted spans against accepted spans: per-label P/R/F, exact match and token overlap,
plus how many long (>= 10 token) gold spans were found."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..core.models import Status

LONG_TOKENS = 10

Key = tuple[int, int, int, str]  # doc_id, start, end, label


def prf(tp: int, n_pred: int, n_gold: int) -> dict:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f": round(f, 4), "tp": tp, "pred": n_pred, "gold": n_gold}


def score(gold: Iterable[Key], pred: Iterable[Key], token_index_of, labels: Sequence[str]) -> dict:
    """``exact``: a prediction counts if doc, offsets and label all match a gold span.
    ``overlap``: token level: each token inside a span of a label is one unit per label; tp is
    the tokens inside both a gold and a predicted span of that label.
    ``long``: per label, gold spans of >= LONG_TOKENS tokens, and how many were predicted exactly
    or overlapped by >= half their tokens by a prediction of the same label.
    ``token_index_of(doc_id)`` gives a TokenIndex (starts/ends lists)."""
    gold, pred = set(gold), set(pred)
    out: dict = {"exact": {}, "overlap": {}, "long": {}}
    for label in labels:
        g = {k for k in gold if k[3] == label}
        p = {k for k in pred if k[3] == label}
        out["exact"][label] = prf(len(g & p), len(p), len(g))
        gt, pt = _tokens(g, token_index_of), _tokens(p, token_index_of)
        out["overlap"][label] = prf(len(gt & pt), len(pt), len(gt))
        long_gold = [k for k in g if _n_tokens(k, token_index_of) >= LONG_TOKENS]
        found_exact = sum(1 for k in long_gold if k in p)
        found_half = sum(1 for k in long_gold if 2 * len(_tokens([k], token_index_of) & pt) >= _n_tokens(k, token_index_of))
        out["long"][label] = {"gold": len(long_gold), "exact": found_exact, "half_overlap": found_half}
    return out


def _token_ids(key: Key, token_index_of) -> range:
    from bisect import bisect_left, bisect_right

    index = token_index_of(key[0])
    first = bisect_right(index.ends, key[1])  # first token ending after start
    last = bisect_left(index.starts, key[2])  # tokens starting before end
    return range(first, last)


def _n_tokens(key: Key, token_index_of) -> int:
    return len(_token_ids(key, token_index_of))


def _tokens(keys: Iterable[Key], token_index_of) -> set[tuple[int, int, str]]:
    out = set()
    for k in keys:
        out.update((k[0], t, k[3]) for t in _token_ids(k, token_index_of))
    return out


def model_predictions(project, nlp, doc_ids: Sequence[int], threshold: float = 0.5, progress=None) -> dict:
    """doc_id -> [(start, end, label, score)] snapped to the document's tokens (best score per key)."""
    from .model import predict

    out: dict[int, list] = {}
    for n, doc_id in enumerate(doc_ids):
        doc = project.document(doc_id)
        if progress:
            progress(n, len(doc_ids), doc.title)
        best: dict[tuple[int, int, str], float] = {}
        for s, e, label, sc in predict(nlp, doc.text, threshold):
            se = project.snap(doc_id, doc.text, s, e)
            if se is not None:
                key = (se[0], se[1], label)
                best[key] = max(sc, best.get(key, 0.0))
        out[doc_id] = [(s, e, label, sc) for (s, e, label), sc in sorted(best.items())]
    if progress:
        progress(len(doc_ids), len(doc_ids), "")
    return out


def evaluate_nlp(project, nlp, doc_ids: Sequence[int], labels: Sequence[str], threshold: float = 0.5) -> dict:
    preds = model_predictions(project, nlp, doc_ids, threshold)
    pred = {(d, s, e, l) for d, items in preds.items() for s, e, l, _ in items}
    gold = {(s.doc_id, s.start, s.end, s.label) for d in doc_ids
            for s in project.spans(d, [Status.ACCEPTED], labels)}
    result = score(gold, pred, project.token_index, labels)
    result["doc_ids"] = list(doc_ids)
    result["threshold"] = threshold
    return result


def evaluate(project, model_dir=None, doc_ids: Sequence[int] | None = None, threshold: float = 0.5) -> dict:
    """Per-label P/R/F of a model (default: the active one) against the accepted spans of
    ``doc_ids`` (default: every document with accepted spans of the model's labels)."""
    from .model import load_model, model_labels, read_json, resolve_model_dir

    path = resolve_model_dir(project, model_dir)
    nlp = load_model(path)
    labels = model_labels(nlp)
    if doc_ids is None:
        doc_ids = sorted({s.doc_id for s in project.spans(statuses=[Status.ACCEPTED], labels=labels)})
    result = evaluate_nlp(project, nlp, list(doc_ids), labels, threshold)
    trained_on = set(read_json(path, "data.json").get("train_doc_ids", []))
    result["training_docs_included"] = sorted(trained_on & set(doc_ids))
    return result

