"""Merging projects: every document of a source project into an open project, with its spans, notes and
links, each keeping its annotator. Qt-free; the CLI (`annotator merge`) and File > Merge Projects use it.

    merge_project(project, source, unknown_labels="error") -> MergeReport   one transaction, one undo step
    preflight(labels, link_types, source, unknown_labels, target=None)   checks only, no writes

A document already in the project (same text) is matched, not duplicated; differing metadata is reported
(the project's value is kept; an empty field is filled from the source). A span is the same span when its
document, offsets, label and annotator are equal; if the source's copy was edited later (note, status,
score), the newer one wins. Links are the same when both ends, the type and the annotator are equal.
Merging the same source twice adds nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from operator import itemgetter

from ..core.changes import Change
from ..core.commands import Command, Composite, Insert, Update, rows_bytes
from ..core.errors import AnnotatorError
from ..core.limits import check_label_cap
from ..core.project_docs import now
from .backend import TABLES
from .merge_source import SourceData, check_source, read_source, used_names

POLICIES = ("error", "create", "skip")
META_FIELDS = ("title", "outlet", "author", "published", "url", "lang")
SPAN_EDIT_FIELDS = ("note", "status", "score", "origin")


@dataclass
class MetadataConflict:
    doc_id: int
    title: str
    field: str
    target: str
    source: str


@dataclass
class MergeReport:
    source: str
    source_annotator: str = ""
    documents_added: int = 0
    documents_matched: int = 0
    spans_added: dict[str, int] = field(default_factory=dict)  # per annotator
    spans_present: int = 0  # already in the project (nothing to do)
    spans_updated: int = 0  # same span, edited later in the source
    links_added: dict[str, int] = field(default_factory=dict)
    links_present: int = 0
    labels_created: list[str] = field(default_factory=list)
    link_types_created: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # by --unknown-labels skip
    conflicts: list[MetadataConflict] = field(default_factory=list)
    filled: list[tuple[int, str]] = field(default_factory=list)  # (doc id, field) filled from the source
    source_spans: dict[str, int] = field(default_factory=dict)  # spans per annotator in the source
    notes: list[str] = field(default_factory=list)
    change: Change = field(default_factory=Change)

    @property
    def changed(self) -> bool:
        return not self.change.empty

    def lines(self, limit: int = 20) -> list[str]:
        """A readable report, one line per fact (at most ``limit`` skipped items listed; all are in ``skipped``)."""
        n_spans = sum(self.spans_added.values())
        per = ", ".join(f"{a} {n}" for a, n in sorted(self.spans_added.items()))
        out = [f"{self.source}: {self.documents_added} document(s) added, {self.documents_matched} matched; "
               f"{n_spans} span(s) added" + (f" ({per})" if per else "")
               + f", {self.spans_present} already present, {self.spans_updated} updated; "
               f"{sum(self.links_added.values())} link(s) added, {self.links_present} already present"]
        out += self.notes
        out += [f"created label {n}" for n in self.labels_created]
        out += [f"created link type {n}" for n in self.link_types_created]
        out += [f"filled {f} of document {d} from the source" for d, f in self.filled]
        out += [f"conflict: document {c.doc_id} ({c.title[:40]}): {c.field} is {c.target!r} here, {c.source!r} in "
                f"the source (kept {c.target!r})" for c in self.conflicts]
        out += [f"skipped: {s}" for s in self.skipped[:limit]]
        if len(self.skipped) > limit:
            out.append(f"skipped: ... and {len(self.skipped) - limit} more")
        return out

    def to_dict(self) -> dict:
        return {"source": self.source, "source_annotator": self.source_annotator,
                "documents_added": self.documents_added, "documents_matched": self.documents_matched,
                "spans_added": dict(self.spans_added), "spans_present": self.spans_present,
                "spans_updated": self.spans_updated, "links_added": dict(self.links_added),
                "links_present": self.links_present, "labels_created": self.labels_created,
                "link_types_created": self.link_types_created, "skipped": self.skipped,
                "conflicts": [c.__dict__ for c in self.conflicts], "filled": [list(x) for x in self.filled],
                "source_spans": dict(self.source_spans)}


def preflight(labels, link_types, source: str, unknown_labels: str = "error", target: str | None = None) -> None:
    """Refuse (AnnotatorError, one line) a source that cannot be merged into a project with these label and
    link type names (``target``: its path, to name it and to refuse merging it into itself), without writing."""
    if unknown_labels not in POLICIES:
        raise AnnotatorError(f"unknown --unknown-labels policy {unknown_labels!r}: use one of {', '.join(POLICIES)}")
    check_source(source, target)
    if unknown_labels != "error":
        return
    used, types = used_names(source)
    missing = [f"label {n!r} ({c} span(s))" for n, c in used.items() if n not in set(labels)]
    missing += [f"link type {n!r} ({c} link(s))" for n, c in types.items() if n not in set(link_types)]
    if missing:
        raise AnnotatorError(f"{source}: {', '.join(missing)} not in {target or 'the project'}; "
                             "use --unknown-labels create or skip; nothing was merged")


def merge_project(project, source: str, unknown_labels: str = "error") -> MergeReport:
    """Merge one source into the open ``project`` in one transaction (one undo step)."""
    preflight([l.name for l in project.labels()], [t.name for t in project.link_types()], source, unknown_labels,
              project.path)
    project._check_writable()
    data = read_source(source)
    report = MergeReport(source, data.annotator, source_spans=dict(data.annotators))
    if not data.named:
        report.notes.append(f"the source has no annotator name: its spans are attributed to {data.annotator!r}")
    command = _MergeCommand(project, data, unknown_labels, report)
    if command.empty:
        return report
    report.change = project._run(command)
    return report


def _cols(kind: str, row: dict) -> dict:
    """A row limited to the target table's columns (a newer or older source may have others)."""
    return {c: row[c] for c in TABLES[kind][1] if c in row}


class _MergeCommand(Composite):
    """Labels, link types, documents (with tokens), spans, links, updates: planned up front from reads,
    inserted in order on the first run (later rows need earlier ids), replayed exactly on redo."""

    def __init__(self, project, data: SourceData, policy: str, report: MergeReport):
        super().__init__([], f"Merge {data.path}")
        self.project, self.data, self.policy, self.report = project, data, policy, report
        self.done = False
        self._plan()

    @property
    def empty(self) -> bool:
        return not (self.new_labels or self.new_types or self.new_docs or self.span_rows or self.span_updates
                    or self.link_plan or self.doc_updates)

    # -- planning (reads only) -------------------------------------------------------
    def _plan(self) -> None:
        p, d, r = self.project, self.data, self.report
        stamp = now()
        label_ids = {l.name: l.id for l in p.labels()}
        type_ids = {t.name: t.id for t in p.link_types()}
        self.new_labels: list[dict] = []
        self.new_types: list[dict] = []
        i_label = d.span_cols.index("label_id")
        used_labels = {s[i_label] for s in d.spans}
        used_types = {k["type_id"] for k in d.links}
        base = max((l.position for l in p.labels()), default=-1) + 1
        for lid, row in d.labels.items():
            if row["name"] not in label_ids and self.policy == "create" and lid in used_labels:
                self.new_labels.append(dict(_cols("label", row), id=None, position=base + len(self.new_labels)))
                r.labels_created.append(row["name"])
        base = max((t.position for t in p.link_types()), default=-1) + 1
        for tid, row in d.link_types.items():
            if row["name"] not in type_ids and self.policy == "create" and tid in used_types:
                self.new_types.append(dict(_cols("link_type", row), id=None, position=base + len(self.new_types)))
                r.link_types_created.append(row["name"])
        check_label_cap(len(label_ids), len(self.new_labels))
        check_label_cap(len(type_ids), len(self.new_types), "link type")
        matched = p.backend.doc_ids_by_sha([x["sha256"] for x in d.documents])
        self.doc_map: dict[int, int | None] = {}  # source doc id -> target id (None: added, filled in later)
        self.new_docs: list[tuple[int, dict]] = []
        self.doc_updates: dict[int, dict] = {}
        targets = {row["id"]: row for row in p.backend.fetch_rows("document", sorted(set(matched.values())))}
        for doc in d.documents:
            tid = matched.get(doc["sha256"])
            if tid is None:
                row = _cols("document", doc)
                row.update(id=None, meta=doc.get("meta") or "{}", created=stamp, updated=stamp)
                self.new_docs.append((doc["id"], row))
                continue
            self.doc_map[doc["id"]] = tid
            r.documents_matched += 1
            self._compare(targets[tid], doc)
        # spans: keyed by (target doc, start, end, label, annotator); only the source's annotators can collide
        sc = {c: i for i, c in enumerate(d.span_cols)}
        self.span_insert_cols = [c for c in TABLES["span"][1] if c != "id" and c in sc]
        pick = itemgetter(*[sc[c] for c in self.span_insert_cols])
        i_id, i_doc, i_start, i_end, i_label, i_author = (sc[c] for c in ("id", "doc_id", "start", "end", "label_id",
                                                                              "author"))
        existing = _existing_spans(p.backend, set(d.annotators))
        self.span_rows: list[tuple[int, list]] = []  # (source span id, values; doc_id/label_id still the source's)
        self.span_map: dict[int, int] = {}  # source span id -> target span id (for spans already present)
        self.span_updates: dict[int, dict] = {}
        names = {lid: row["name"] for lid, row in d.labels.items()}
        edit_cols = [(f, sc[f]) for f in SPAN_EDIT_FIELDS if f in sc]
        i_updated = sc.get("updated")
        added = r.spans_added
        for s in d.spans:
            name = names.get(s[i_label], "?")
            tlabel = label_ids.get(name)
            if tlabel is None and name not in r.labels_created:
                r.skipped.append(f"span {s[i_start]}-{s[i_end]} {name!r} by {s[i_author]} in source document "
                                 f"{s[i_doc]}: unknown label")
                continue
            tdoc = self.doc_map.get(s[i_doc])
            have = existing.get((tdoc, s[i_start], s[i_end], tlabel, s[i_author])) if tdoc else None
            if have is not None:
                self.span_map[s[i_id]] = have["id"]
                r.spans_present += 1
                edits = {f: s[i] for f, i in edit_cols if s[i] != have[f]}
                if edits and i_updated is not None and (s[i_updated] or "") > (have["updated"] or ""):
                    edits["updated"] = s[i_updated]
                    self.span_updates[have["id"]] = edits
                continue
            self.span_rows.append((s[i_id], list(pick(s))))
            added[s[i_author]] = added.get(s[i_author], 0) + 1
        r.spans_updated = len(self.span_updates)
        self.existing_links = {(k["source_id"], k["target_id"], k["type_id"], k.get("author") or "")
                               for k in p.backend.link_rows_for_spans(sorted(set(self.span_map.values())))}
        tnames = {tid: row["name"] for tid, row in d.link_types.items()}
        kept = self.span_map.keys() | {sid for sid, _ in self.span_rows}
        self.link_plan = []
        for k in d.links:
            name = tnames.get(k["type_id"], "?")
            if k["source_id"] not in kept or k["target_id"] not in kept:
                r.skipped.append(f"link {k['id']} ({name}) by {k['author']}: one of its spans was skipped")
            elif name not in type_ids and name not in r.link_types_created:
                r.skipped.append(f"link {k['id']} ({name}) by {k['author']}: unknown link type")
            elif (self.span_map.get(k["source_id"]), self.span_map.get(k["target_id"]), type_ids.get(name),
                  k["author"]) in self.existing_links:
                r.links_present += 1
            else:
                self.link_plan.append((k, name))

    def _compare(self, target: dict, source: dict) -> None:
        fills = {}
        for f in META_FIELDS:
            a, b = target.get(f) or "", source.get(f) or ""
            if a == b or not b:
                continue
            if not a:
                fills[f] = b
                self.report.filled.append((target["id"], f))
            else:
                self.report.conflicts.append(MetadataConflict(target["id"], target["title"], f, a, b))
        tm = target.get("meta") or {}
        sm = source.get("meta") or "{}"
        sm = json.loads(sm) if isinstance(sm, str) else sm
        if sm and sm != tm:
            merged = dict(sm, **tm)
            for key in sorted(set(tm) & set(sm)):
                if tm[key] != sm[key]:
                    self.report.conflicts.append(MetadataConflict(target["id"], target["title"], f"meta.{key}",
                                                                  str(tm[key]), str(sm[key])))
            if merged != tm:
                fills["meta"] = merged
                self.report.filled.append((target["id"], "meta"))
        if fills:
            self.doc_updates[target["id"]] = fills

    # -- writing ---------------------------------------------------------------------
    def do(self, backend) -> Change:
        if self.done:
            return super().do(backend)  # redo: the recorded sub-commands, same ids
        self.done = True
        change = Change(self.description)

        def run(cmd: Command) -> None:
            self.commands.append(cmd)
            change.merge(cmd.do(backend))

        if self.new_labels:
            run(Insert("label", self.new_labels))
        if self.new_types:
            run(Insert("link_type", self.new_types))
        if self.new_docs:
            docs = Insert("document", [row for _, row in self.new_docs])
            run(docs)
            for (sid, _), tid in zip(self.new_docs, docs.ids):
                self.doc_map[sid] = tid
            added = {sid for sid, _ in self.new_docs}
            tokens = [dict(doc_id=self.doc_map[sid], data=blob) for sid, blob in self.data.tokens.items()
                      if sid in added]
            if tokens:
                run(_Tokens(tokens))
        if self.doc_updates:
            run(Update("document", self.doc_updates))
        labels = {l.name: l.id for l in backend.labels()}
        label_map = {lid: labels.get(row["name"]) for lid, row in self.data.labels.items()}
        span_doc: dict[int, int] = {}
        if self.span_rows:
            cols = self.span_insert_cols
            i_doc, i_label = cols.index("doc_id"), cols.index("label_id")
            doc_map = self.doc_map
            values = []
            for _, vals in self.span_rows:
                vals[i_doc] = doc_map[vals[i_doc]]
                vals[i_label] = label_map[vals[i_label]]
                values.append(vals)
            spans = _BulkInsert("span", cols, values, [v[i_doc] for v in values])
            run(spans)
            for (sid, vals), tid in zip(self.span_rows, spans.ids):
                self.span_map[sid] = tid
                span_doc[tid] = vals[i_doc]
        if self.span_updates:
            run(Update("span", self.span_updates))
        types = {t.name: t.id for t in backend.link_types()}
        link_cols = [c for c in TABLES["link"][1] if c != "id" and (c in self.data.links[0] if self.data.links else False)]
        values, link_docs = [], []
        for k, name in self.link_plan:
            row = dict(k, source_id=self.span_map[k["source_id"]], target_id=self.span_map[k["target_id"]],
                       type_id=types[name])
            key = (row["source_id"], row["target_id"], row["type_id"], row["author"])
            if key in self.existing_links:
                self.report.links_present += 1
                continue
            self.existing_links.add(key)
            values.append([row[c] for c in link_cols])
            link_docs += [span_doc.get(row["source_id"]), span_doc.get(row["target_id"])]
            self.report.links_added[row["author"]] = self.report.links_added.get(row["author"], 0) + 1
        if values:
            run(_BulkInsert("link", link_cols, values, [x for x in link_docs if x is not None]))
        self.report.documents_added = len(self.new_docs)
        return change


def _existing_spans(backend, authors: set[str]) -> dict[tuple, dict]:
    """The project's spans by the given annotators, keyed by (doc, start, end, label id, annotator)."""
    out: dict[tuple, dict] = {}
    cols = ("id", "doc_id", "start", "end", "label_id", "author") + SPAN_EDIT_FIELDS + ("updated",)
    names = list(authors)
    for i in range(0, len(names), 500):
        chunk = names[i:i + 500]
        sql = (f"SELECT {', '.join(chr(34) + c + chr(34) for c in cols)} FROM spans "
               f"WHERE author IN ({', '.join('?' * len(chunk))})")
        for row in backend.conn.execute(sql, chunk):
            r = dict(zip(cols, row))
            out[(r["doc_id"], r["start"], r["end"], r["label_id"], r["author"])] = r
    return out


class _BulkInsert(Command):
    """Insert many rows given as value lists (no dict per row), with ids chosen up front above every id the
    table has used (AUTOINCREMENT's sequence included), so that redo restores the same ids."""

    def __init__(self, kind: str, cols: list[str], values: list[list], doc_ids: list[int]):
        self.kind, self.cols, self.values, self.doc_ids = kind, cols, values, doc_ids
        self.ids: list[int] = []

    def do(self, backend) -> Change:
        table = TABLES[self.kind][0]
        if not self.ids:
            top = backend.conn.execute(
                f"SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = ?), 0), "
                f"COALESCE((SELECT MAX(id) FROM {table}), 0))", (table,)).fetchone()[0]
            self.ids = list(range(top + 1, top + 1 + len(self.values)))
        names = ", ".join(f'"{c}"' for c in ("id", *self.cols))
        backend.conn.executemany(f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * (len(self.cols) + 1))})",
                                 [(i, *v) for i, v in zip(self.ids, self.values)])
        change = Change()
        change.note(self.kind, "added", self.ids, self.doc_ids)
        return change

    def size(self) -> int:  # what undo/redo keeps (bounds the undo stack)
        return rows_bytes(dict(enumerate(v)) for v in self.values)

    def undo(self, backend) -> Change:
        table = TABLES[self.kind][0]
        backend.conn.executemany(f"DELETE FROM {table} WHERE id = ?", [(i,) for i in self.ids])
        change = Change()
        change.note(self.kind, "removed", self.ids, self.doc_ids)
        return change


class _Tokens(Command):
    """Token rows of added documents (removed with their documents on undo, by the cascade)."""

    def __init__(self, rows):
        self.rows = rows

    def size(self) -> int:
        return rows_bytes(self.rows)

    def do(self, backend) -> Change:
        backend.insert_token_rows(self.rows)
        return Change()

    def undo(self, backend) -> Change:
        return Change()
