"""Adjudication: settling the annotators' layers into the ``adjudicated`` layer (Qt-free; `annotator
adjudicate` and View > Adjudicate). Every write is one undoable command on the project.

    items(project, doc_id, annotators=None) -> list[Item]      agreed and disagreed places of one document
    take(project, span_ids) -> Change                          copy these spans (any layer) into adjudicated,
                                                               with the links between taken/adjudicated spans
    settle(project, item, annotators) -> Change                the place becomes exactly these annotators'
                                                               versions (A's, B's, both; [] = none), one step
    take_none(project, item) -> Change                         remove adjudicated spans equal to any version
    take_agreed(project, doc_id, annotators=None) -> Change    every agreed place of a document at once
    auto_adjudicate(project, "agreed"|"majority", annotators=None) -> AutoReport   whole project, idempotent
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..core.annotators import ADJUDICATED
from ..core.changes import Change
from ..core.commands import Composite, Delete, Insert
from ..core.errors import AnnotatorError
from ..core.models import Origin, Status
from ..core.project_docs import now

Key = tuple[int, int, int, str]  # doc, start, end, label


@dataclass
class Item:
    """A place in a document where the annotators' spans overlap (or one annotator has a span alone).
    ``versions``: annotator -> [(span id, start, end, label)] (an annotator with nothing there is absent).
    ``agreed``: every annotator has exactly the same single span. ``settled``: the adjudicated layer has a
    span overlapping the place. ``adjudicated``: those spans."""
    doc_id: int
    start: int
    end: int
    versions: dict[str, list[tuple[int, int, int, str]]]
    agreed: bool
    settled: bool
    adjudicated: list[tuple[int, int, int, str]] = field(default_factory=list)

    @property
    def span_ids(self) -> list[int]:
        return [v[0] for vs in self.versions.values() for v in vs]


def default_annotators(project) -> list[str]:
    return sorted({s[5] for s in project.span_tuples([Status.ACCEPTED])} - {ADJUDICATED})


def items(project, doc_id: int, annotators=None) -> list[Item]:
    names = list(annotators) if annotators else default_annotators(project)
    spans = [s for s in project.spans(doc_id, [Status.ACCEPTED]) if s.author in names or s.author == ADJUDICATED]
    spans.sort(key=lambda s: (s.start, -s.end))
    groups: list[list] = []
    end = -1
    for s in spans:  # clusters of overlapping spans (any layer, any label)
        if groups and s.start < end:
            groups[-1].append(s)
            end = max(end, s.end)
        else:
            groups.append([s])
            end = s.end
    out = []
    for g in groups:
        versions: dict[str, list] = {}
        adjudicated = []
        for s in g:
            v = (s.id, s.start, s.end, s.label)
            (adjudicated if s.author == ADJUDICATED else versions.setdefault(s.author, [])).append(v)
        if not versions:
            continue
        keys = {tuple(v[1:] for v in vs) for vs in versions.values()}
        agreed = len(versions) == len(names) and len(keys) == 1 and all(len(vs) == 1 for vs in versions.values())
        out.append(Item(doc_id, min(s.start for s in g), max(s.end for s in g), versions, agreed, bool(adjudicated),
                        adjudicated))
    return out


def _key(s) -> Key:
    return (s.doc_id, s.start, s.end, s.label)


def take(project, span_ids, description: str = "Adjudicate: take span(s)") -> Change:
    """Copy spans into the adjudicated layer (those already there are skipped), with every link between two
    spans whose copies are then in the adjudicated layer. One undo step."""
    spans = [project.span(i) for i in span_ids]
    return _add(project, [_key(s) for s in spans], {_key(s): s.note for s in spans}, None, description)


def take_agreed(project, doc_id: int, annotators=None) -> Change:
    agreed = [it for it in items(project, doc_id, annotators) if it.agreed and not it.settled]
    ids = [next(iter(it.versions.values()))[0][0] for it in agreed]
    return take(project, ids, f"Adjudicate: take {len(ids)} agreed span(s)") if ids else Change()


def take_none(project, item: Item) -> Change:
    """Settle a place as "none of them": remove adjudicated spans equal to any annotator's version there."""
    versions = {(item.doc_id,) + v[1:] for vs in item.versions.values() for v in vs}
    ids = [a[0] for a in item.adjudicated if (item.doc_id,) + a[1:] in versions]
    if not ids:
        return Change()
    return project.remove_spans(ids)


def settle(project, item: Item, annotators) -> Change:
    """Make the adjudicated layer at ``item`` hold exactly the versions of ``annotators`` (one of them: take
    A's; several: both; none: nothing): adjudicated spans there that are not among them are removed, the
    missing ones are copied in (with links, as ``take``). One undo step."""
    chosen = [v for a in annotators for v in item.versions.get(a, [])]
    keys = [(item.doc_id, v[1], v[2], v[3]) for v in chosen]
    drop = [a[0] for a in item.adjudicated if (item.doc_id, a[1], a[2], a[3]) not in set(keys)]
    who = ", ".join(annotators) or "none"
    command = _build(project, keys, {}, None, f"Adjudicate: take {who}", skip=set(drop))
    if not drop:
        return project._run(command) if command is not None else Change()
    parts = [Delete("span", drop)] + ([command] if command is not None else [])
    return project._run(Composite(parts, f"Adjudicate: take {who}"))


def _layer_keys(project, doc_ids=None) -> dict[Key, int]:
    return {s[1:5]: s[0] for s in project.span_tuples() if s[5] == ADJUDICATED and (doc_ids is None or s[1] in doc_ids)}


def _add(project, keys: list[Key], notes: dict, link_keys, description: str) -> Change:
    command = _build(project, keys, notes, link_keys, description)
    return project._run(command) if command is not None else Change()


def _build(project, keys: list[Key], notes: dict, link_keys, description: str, skip=frozenset()):
    """A command inserting spans ``keys`` into adjudicated (skipping present ones) and links between
    adjudicated spans: ``link_keys`` (source key, target key, type), or (None) every link of any layer whose two
    end spans' keys are both adjudicated once the spans are in; None if there is nothing to do. ``skip``:
    adjudicated span ids about to be removed (not counted as present)."""
    docs = {k[0] for k in keys}
    present = {k: i for k, i in _layer_keys(project, docs if link_keys is None else None).items() if i not in skip}
    labels = {l.name: l.id for l in project.labels()}
    stamp = now()
    rows, seen = [], set()
    for k in keys:
        if k in present or k in seen:
            continue
        seen.add(k)
        rows.append(dict(id=None, doc_id=k[0], start=k[1], end=k[2], label_id=labels[k[3]], note=notes.get(k, ""),
                         origin=Origin.MANUAL, status=Status.ACCEPTED, score=None, author=ADJUDICATED,
                         created=stamp, updated=stamp))
    command = _SpansThenLinks(rows, present, link_keys, project, description)
    if not rows and not command.plan_links({}):
        return None
    return command


class _SpansThenLinks(Composite):
    def __init__(self, rows, present, link_keys, project, description):
        super().__init__([], description)
        self.rows, self.present, self.link_keys, self.project = rows, present, link_keys, project
        self.done = False
        self.added_links = 0

    def plan_links(self, new: dict[Key, int]) -> list[dict]:
        ids = {**self.present, **new}
        docs = {k[0] for k in ids}
        spans = {s[0]: s[1:5] for s in self.project.span_tuples() if s[1] in docs}  # id -> key
        types = {t.name: t.id for t in self.project.link_types()}
        have = set()
        wanted = set()
        for link in self.project.links():
            s, t = spans.get(link.source_id), spans.get(link.target_id)
            if s is None or t is None:
                continue
            key = (s, t, link.type)
            if link.author == ADJUDICATED:
                have.add(key)
            elif self.link_keys is None or key in self.link_keys:
                wanted.add(key)
        rows = []
        for a, b, kind in sorted(wanted - have):
            if a in ids and b in ids and ids[a] != ids[b]:
                rows.append(dict(id=None, source_id=ids[a], target_id=ids[b], type_id=types[kind], note="",
                                 created=now(), author=ADJUDICATED))
        return rows

    def do(self, backend) -> Change:
        if self.done:
            return super().do(backend)
        self.done = True
        change = Change(self.description)
        new = {}
        if self.rows:
            cmd = Insert("span", self.rows)
            self.commands.append(cmd)
            change.merge(cmd.do(backend))
            for r in cmd.rows:
                new[(r["doc_id"], r["start"], r["end"], self.project.label_by_id(r["label_id"]).name)] = r["id"]
        links = self.plan_links(new)
        if links:
            cmd = Insert("link", links)
            self.commands.append(cmd)
            change.merge(cmd.do(backend))
        self.added_links = len(links)
        return change


@dataclass
class AutoReport:
    mode: str
    annotators: list[str]
    spans_added: int = 0
    links_added: int = 0
    spans_present: int = 0
    change: Change = field(default_factory=Change)

    def line(self) -> str:
        return (f"adjudicated ({self.mode} of {', '.join(self.annotators)}): {self.spans_added} span(s) and "
                f"{self.links_added} link(s) added, {self.spans_present} span(s) already adjudicated")


def auto_adjudicate(project, mode: str, annotators=None) -> AutoReport:
    if mode not in ("agreed", "majority"):
        raise AnnotatorError(f"unknown mode {mode!r}: use agreed or majority")
    names = list(annotators) if annotators else default_annotators(project)
    present = set(default_annotators(project))
    missing = [a for a in names if a not in present]
    if missing:
        raise AnnotatorError(f"no accepted spans by {', '.join(missing)} in {project.path}")
    if ADJUDICATED in names or len(names) < 2:
        raise AnnotatorError("adjudication needs at least two annotators (not counting adjudicated); "
                             f"{project.path} has {', '.join(sorted(present)) or 'none'}")
    need = len(names) if mode == "agreed" else len(names) // 2 + 1
    votes: dict[Key, set] = {}
    by_id = {}
    for s in project.span_tuples([Status.ACCEPTED]):
        if s[5] in names:
            by_id[s[0]] = s[1:5]
            votes.setdefault(s[1:5], set()).add(s[5])
    keys = sorted(k for k, who in votes.items() if len(who) >= need)
    notes = _notes(project, keys)
    link_votes: dict[tuple, set] = {}
    for link in project.links():
        s, t = by_id.get(link.source_id), by_id.get(link.target_id)
        if link.author in names and s is not None and t is not None:
            link_votes.setdefault((s, t, link.type), set()).add(link.author)
    link_keys = {k for k, who in link_votes.items() if len(who) >= need}
    report = AutoReport(mode, names)
    existing = _layer_keys(project)
    report.spans_present = sum(1 for k in keys if k in existing)
    change = _add(project, keys, notes, link_keys, f"Adjudicate automatically ({mode})")
    report.change = change
    report.spans_added = len(change.added.get("span", ()))
    report.links_added = len(change.added.get("link", ()))
    return report


def _notes(project, keys: list[Key]) -> dict[Key, str]:
    """The first non-empty note among the annotators' copies of each span (read per document)."""
    wanted = set(keys)
    out: dict[Key, str] = {}
    for doc in sorted({k[0] for k in keys}):
        for s in project.spans(doc):
            k = _key(s)
            if k in wanted and s.note and k not in out and s.author != ADJUDICATED:
                out[k] = s.note
    return out
