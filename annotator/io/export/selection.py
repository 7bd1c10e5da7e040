"""Shared by every exporter: option checks, the documents and spans to export, links between them.

One span query per document, tokens from the stored token index, links in one query.
"""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from ...core.models import Document, Link, Span, Status
from .report import ExportError

Progress = Callable[[int, int, str], object]
STATUS_CHOICES = ("accepted", "all")
SPLIT_CHOICES = ("none", "paragraph", "sentence")


@dataclass(frozen=True)
class Selection:
    doc_ids: tuple[int, ...]
    statuses: tuple[str, ...] | None  # None = every status
    labels: tuple[str, ...] | None  # None = every label
    status: str  # "accepted" or "all" as asked
    left_out_empty: int = 0  # documents left out because none of their spans is exported
    include_empty: bool = False

    @property
    def all_statuses(self) -> bool:
        return self.statuses is None


@dataclass
class DocData:
    doc: Document
    spans: list[Span]

    @property
    def id(self) -> int:
        return self.doc.id


def select(project, *, labels=None, status: str = "accepted", doc_ids=None, include_empty: bool = False) -> Selection:
    """What to export. Documents with none of the selected spans are left out (and counted) unless
    ``include_empty``: an exported document without spans tells a model "nothing here"."""
    if status not in STATUS_CHOICES:
        raise ExportError(f"unknown status filter {status!r}: use one of {', '.join(STATUS_CHOICES)}")
    statuses = (Status.ACCEPTED,) if status == "accepted" else None
    names = None
    if labels is not None:
        if isinstance(labels, str):
            labels = [x for x in labels.split(",")]
        names = tuple(dict.fromkeys(n.strip() for n in labels if n.strip()))
        known = {l.name for l in project.labels()}
        unknown = [n for n in names if n not in known]
        if unknown:
            raise ExportError(f"unknown label(s) {', '.join(unknown)}: the project has {', '.join(sorted(known)) or 'none'}")
    every = [d.id for d in project.documents()]
    if doc_ids is None:
        ids = tuple(every)
    else:
        have = set(every)
        wanted = sorted(set(int(i) for i in doc_ids))
        missing = [i for i in wanted if i not in have]
        if missing:
            raise ExportError(f"no document with id {', '.join(map(str, missing))} in the project")
        ids = tuple(wanted)
    left_out = 0
    if not include_empty:
        label_ids = None
        if names is not None:
            by_name = {l.name: l.id for l in project.labels()}
            label_ids = tuple(by_name[n] for n in names)
        counts = project.doc_span_counts(statuses, label_ids)
        kept = tuple(i for i in ids if counts.get(i))
        left_out, ids = len(ids) - len(kept), kept
    return Selection(ids, statuses, names, status, left_out, include_empty)


def iter_docs(project, sel: Selection, progress: Progress | None = None) -> Iterator[DocData]:
    """Each selected document with its selected spans (sorted by start, longest first)."""
    total = len(sel.doc_ids)
    if progress:
        progress(0, total, "")
    for n, doc_id in enumerate(sel.doc_ids, 1):
        doc = project.document(doc_id)
        spans = project.spans(doc_id, sel.statuses, sel.labels)
        yield DocData(doc, spans)
        if progress:
            progress(n, total, doc.title or f"document {doc_id}")


def doc_tokens(project, doc_id: int, text: str) -> tuple[list[int], list[int]]:
    """(starts, ends) of the document's stored spaCy tokens, read straight from the packed row
    (no per-token objects, and nothing kept in the project's token cache); the project's token
    index (a rough fallback tokenizer) when none are stored."""
    blob = project.stored_tokens(doc_id)
    if blob:
        flat = array("i")
        flat.frombytes(blob)
        starts, ends = flat[0::2].tolist(), flat[1::2].tolist()
        if all(map(int.__lt__, starts, ends)):
            return starts, ends
    index = project.token_index(doc_id, text)
    return index.starts, index.ends


def check_split(fmt: str, split: str) -> None:
    if split not in SPLIT_CHOICES:
        raise ExportError(f"unknown split {split!r}: use one of {', '.join(SPLIT_CHOICES)}")
    if split != "none" and fmt != "jsonl":
        raise ExportError(f"--split {split} works only with the jsonl format, not {fmt}")


def doc_meta(doc: Document) -> dict:
    return {"doc_id": doc.id, "title": doc.title, "outlet": doc.outlet, "author": doc.author,
            "date": doc.published, "url": doc.url, "lang": doc.lang}


class LinkIndex:
    """The project's links of the exported statuses, found by their source span. Like spans: an "accepted"
    export has accepted links only; "all" has every link, each with its status."""

    def __init__(self, project, statuses: tuple[str, ...] | None = None):
        self.links: list[Link] = project.links(statuses=statuses)
        self.by_source: dict[int, list[Link]] = {}
        for link in self.links:
            self.by_source.setdefault(link.source_id, []).append(link)

    def within(self, span_ids: Iterable[int]) -> list[Link]:
        """Links whose two ends are both among ``span_ids`` (e.g. the spans of one document)."""
        ids = set(span_ids)
        out = [l for s in ids for l in self.by_source.get(s, ()) if l.target_id in ids]
        out.sort(key=lambda l: l.id)
        return out

    def split(self, exported: set[int]) -> tuple[list[Link], int]:
        """(links with both ends exported, number of links with an end outside the export)."""
        kept = [l for l in self.links if l.source_id in exported and l.target_id in exported]
        return kept, len(self.links) - len(kept)


def outside_warning(n: int) -> str:
    return (f"{n} link(s) left out because one of their spans is not in this export "
            "(filtered by label, status, document or annotator)")


def stable_hash(*parts: str) -> int:
    """A signed 32-bit hash that is the same in every run (Prodigy-style _input_hash/_task_hash)."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).digest()
    return int.from_bytes(digest[:4], "big", signed=True)
