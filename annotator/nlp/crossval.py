"""Document-level k-fold cross-validation of the span model: honest figures with their spread.

The documents holding accepted spans are shuffled (seeded) and dealt into ``k`` folds; each fold is
held out once while a model trains from nothing on the others (nothing is registered; every work
folder is removed). Per label: P/R/F of every fold, their mean, min, max and standard deviation,
the gold spans the held-out folds held in all, and whether that is too few to trust.
"""

from __future__ import annotations

import random
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field

from ..core.errors import AnnotatorError
from ..core.models import Status

TRUST_GOLD = 30  # held-out gold spans of a label, over all folds, below which its figures are not trusted
TRUST_PER_FOLD = 3  # ... or fewer than this in some fold


@dataclass
class FoldResult:
    fold: int
    dev_ids: list[int]
    train_ids: list[int]
    metrics: dict  # as evaluate_nlp: exact / overlap / long per label
    seconds: float


@dataclass
class CrossValidation:
    k: int
    labels: list[str]
    folds: list[FoldResult] = field(default_factory=list)
    options: dict = field(default_factory=dict)
    max_steps: int = 0

    def summary(self, kind: str = "exact") -> dict:
        """label -> {p, r, f: {mean, min, max, sd}, gold, trusted, why}"""
        out = {}
        for label in self.labels:
            rows = [f.metrics[kind][label] for f in self.folds if label in f.metrics[kind]]
            entry: dict = {}
            for key in ("p", "r", "f"):
                values = [r[key] for r in rows]
                entry[key] = {"mean": round(statistics.fmean(values), 4), "min": min(values), "max": max(values),
                              "sd": round(statistics.pstdev(values), 4), "folds": values}
            gold = [r["gold"] for r in rows]
            entry["gold"] = sum(gold)
            entry["trusted"] = sum(gold) >= TRUST_GOLD and min(gold) >= TRUST_PER_FOLD
            entry["why"] = "" if entry["trusted"] else (
                f"only {sum(gold)} held-out gold spans in all (trust needs {TRUST_GOLD}, "
                f"and >= {TRUST_PER_FOLD} in every fold; fewest in a fold: {min(gold)})")
            out[label] = entry
        return out

    def to_dict(self) -> dict:
        return {"k": self.k, "labels": self.labels, "max_steps": self.max_steps, "options": self.options,
                "exact": self.summary("exact"), "overlap": self.summary("overlap"),
                "folds": [{"fold": f.fold, "dev_ids": f.dev_ids, "train_ids": f.train_ids,
                           "seconds": round(f.seconds, 1),
                           "exact": {l: {k: v[k] for k in ("p", "r", "f", "gold", "pred")}
                                     for l, v in f.metrics["exact"].items()}} for f in self.folds]}


def make_folds(doc_ids: list[int], k: int, seed: int = 0) -> list[list[int]]:
    """``k`` folds of documents, as even as possible (shuffled with ``seed``)."""
    ids = sorted(set(doc_ids))
    if k < 2:
        raise AnnotatorError(f"cross-validation needs at least 2 folds, not {k}")
    if k > len(ids):
        raise AnnotatorError(f"{k} folds need at least {k} documents with accepted spans; the project has "
                             f"{len(ids)} (use --folds {len(ids)} or fewer)")
    random.Random(seed).shuffle(ids)
    return [sorted(ids[i::k]) for i in range(k)]


def cross_validate(project, k: int, labels: list[str] | None = None, max_steps: int = 600, seed: int = 0,
                   options: dict | None = None, progress: Callable[[int, int, object], None] | None = None,
                   cancel=None) -> CrossValidation:
    """Train and measure ``k`` models, each with one fold held out. ``progress(fold, k, TrainProgress)``."""
    import time

    from .data import plan
    from .train import train_model

    dataset = plan(project, labels, seed)  # checks there is enough data, picks the labels
    docs = sorted({s.doc_id for s in project.spans(statuses=[Status.ACCEPTED], labels=dataset.labels)})
    result = CrossValidation(k, dataset.labels, options=dict(options or {}), max_steps=max_steps)
    for i, dev in enumerate(make_folds(docs, k, seed)):
        started = time.perf_counter()

        def fold_progress(p, i=i):
            if progress:
                progress(i, k, p)

        pending = train_model(project, None, dataset.labels, max_steps, seed, fold_progress, cancel,
                              dev_ids=dev, options=options)
        try:
            result.folds.append(FoldResult(i, pending.data["dev_doc_ids"], pending.data["train_doc_ids"],
                                           pending.metrics, time.perf_counter() - started))
        finally:
            pending.discard()
    return result


def format_table(cv: CrossValidation, kind: str = "exact") -> str:
    """Per label: mean P/R/F over the folds, F's min-max, held-out gold spans, and a trust note."""
    lines = [f"{cv.k}-fold cross-validation ({kind} match), {cv.max_steps} steps per fold"
             + (f", options {cv.options}" if cv.options else ""),
             f"{'label':<10} {'P':>6} {'R':>6} {'F':>6}   {'F min-max':<13} {'F sd':>5} {'gold':>5}"]
    for label, e in cv.summary(kind).items():
        lines.append(f"{label:<10} {e['p']['mean']:>6.3f} {e['r']['mean']:>6.3f} {e['f']['mean']:>6.3f}   "
                     f"{e['f']['min']:.3f}-{e['f']['max']:.3f}   {e['f']['sd']:>5.3f} {e['gold']:>5}"
                     + ("" if e["trusted"] else "   too few to trust: " + e["why"]))
    return "\n".join(lines)
