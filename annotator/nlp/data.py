"""Training data from a project: accepted spans -> spaCy Docs (paragraph-sized), a document-level
train/dev split, and the checks that say how much more data is needed."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field

from ..core.errors import AnnotatorError
from ..core.models import Status
from .model import CANDIDATES_KEY, SPANS_KEY
from .paragraphs import paragraphs
from .tokenize import make_doc

MIN_DOCS = 2  # documents with accepted spans
MIN_SPANS = 10  # accepted spans per label
TRAIN_CHUNK = 3_000  # characters per training example


class NotEnoughData(AnnotatorError):
    pass


@dataclass
class Dataset:
    labels: list[str]
    train_ids: list[int]
    dev_ids: list[int]
    counts: dict[str, int]  # accepted spans per label (all documents used)
    skipped_labels: dict[str, int] = field(default_factory=dict)  # label -> spans, too few to train
    dropped_spans: int = 0  # spans crossing a paragraph-chunk boundary


def plan(project, labels: list[str] | None = None, seed: int = 0, dev_fraction: float = 0.25,
         dev_ids: list[int] | None = None) -> Dataset:
    """Choose labels and split documents (``dev_ids``: these documents are held out, the others
    with spans train). Raises NotEnoughData saying what is missing."""
    known = [l.name for l in project.labels()]
    if labels:
        unknown = [l for l in labels if l not in known]
        if unknown:
            raise AnnotatorError(f"no label named {', '.join(map(repr, unknown))} in the project")
    spans = project.spans(statuses=[Status.ACCEPTED], labels=labels or None)
    counts = Counter(s.label for s in spans)
    wanted = labels or [l for l in known if counts[l] > 0]
    short = {l: counts[l] for l in wanted if counts[l] < MIN_SPANS}
    if labels and short:
        raise NotEnoughData("too little data to train: " + "; ".join(
            f"{l} has {n} accepted span(s), needs {MIN_SPANS} ({MIN_SPANS - n} more)" for l, n in short.items()))
    use = [l for l in wanted if l not in short]
    if not use:
        have = ", ".join(f"{l} {n}" for l, n in short.items()) or "none"
        raise NotEnoughData(f"too little data to train: each label needs at least {MIN_SPANS} accepted spans "
                            f"(accepted so far: {have}); accept more suggestions or mark spans by hand")
    docs = sorted({s.doc_id for s in spans if s.label in use})
    if len(docs) < MIN_DOCS:
        raise NotEnoughData(f"too little data to train: accepted spans are in {len(docs)} document(s); "
                            f"at least {MIN_DOCS} are needed (one is held out to measure the model), "
                            f"so accept spans in {MIN_DOCS - len(docs)} more document(s)")
    if dev_ids is not None:
        dev = sorted(set(dev_ids))
        train = [d for d in docs if d not in set(dev)]
        if not train or not dev:
            raise NotEnoughData("a fold needs documents with accepted spans both to train on and to hold out")
        return Dataset(use, train, dev, {l: counts[l] for l in use}, short)
    rng = random.Random(seed)
    shuffled = docs[:]
    rng.shuffle(shuffled)
    n_dev = max(1, round(len(docs) * dev_fraction))
    dev, train = sorted(shuffled[:n_dev]), sorted(shuffled[n_dev:])
    return Dataset(use, train, dev, {l: counts[l] for l in use}, short)


def make_docs(project, doc_ids: list[int], labels: list[str], dataset: Dataset | None = None,
              chunk: int = TRAIN_CHUNK) -> list:
    """One spaCy Doc per paragraph chunk, gold spans under ``sc`` (labelled) and ``candidates``."""
    out = []
    for doc_id in doc_ids:
        document = project.document(doc_id)
        gold = sorted((s.start, s.end, s.label) for s in project.spans(doc_id, [Status.ACCEPTED], labels))
        for offset, text in paragraphs(document.text, max_chars=chunk):
            doc = make_doc(text, document.lang)
            end_of_chunk = offset + len(text)
            spans = []
            for s, e, label in gold:
                if s >= offset and e <= end_of_chunk:
                    span = doc.char_span(s - offset, e - offset, label=label, alignment_mode="expand")
                    if span is not None:
                        spans.append(span)
                elif offset <= s < end_of_chunk and dataset is not None:
                    dataset.dropped_spans += 1
            doc.spans[SPANS_KEY] = spans
            doc.spans[CANDIDATES_KEY] = [doc[s.start:s.end] for s in spans]
            out.append(doc)
    return out
