"""Reading a project to merge from: checked first (missing, not a project, newer schema, damaged), then read
whole, read-only, without leaving -wal/-shm files next to it. Older projects (before annotator layers)
are read as they are: their spans and links are attributed to the source's annotator name."""

from __future__ import annotations

import json
import os
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..core.annotators import SETTING
from ..core.errors import ProjectError
from ..core.text import sha256_text
from .files import _connect, inspect


@dataclass
class SourceData:
    path: str
    annotator: str  # the source project's annotator name (its file name if it never had one)
    named: bool  # False: the source had no annotator name, ``annotator`` is its file name
    labels: dict[int, dict]  # id -> row
    link_types: dict[int, dict]
    documents: list[dict]  # rows, with "sha256" recomputed from the text
    tokens: dict[int, bytes]  # source doc id -> packed tokens
    span_cols: list[str]  # the source's span columns (every one it has)
    spans: list[tuple]  # span rows as tuples in ``span_cols`` order (50k of them: no dict per row)
    links: list[dict]
    annotators: dict[str, int] = field(default_factory=dict)  # spans per annotator


def _connect_ro(path: str) -> sqlite3.Connection:
    conn = _connect(path, readonly=True, immutable=not Path(path + "-wal").exists())
    conn.row_factory = sqlite3.Row
    return conn


def check_source(path: str, target: str | None = None) -> list[str]:
    """One-line ProjectError if ``path`` cannot be merged; the applied migrations otherwise."""
    path = os.fspath(path)
    if target is not None and Path(path).exists() and Path(target).exists() and os.path.samefile(path, target):
        raise ProjectError(f"{path}: is the project being merged into; choose another file")
    applied = inspect(path)
    try:
        conn = _connect_ro(path)
        try:
            result = [r[0] for r in conn.execute("PRAGMA quick_check(3)")]
        finally:
            conn.close()
    except sqlite3.DatabaseError as e:
        raise ProjectError(f"{path}: the project file is damaged ({e}); nothing was merged") from None
    if result != ["ok"]:
        raise ProjectError(f"{path}: the project file is damaged ({result[0]}); nothing was merged")
    return applied


def names_in(path: str) -> tuple[set[str], set[str]]:
    """(label names, link type names) of a project file, read without writing anything next to it."""
    inspect(path)
    conn = _connect_ro(path)
    try:
        return ({r[0] for r in conn.execute("SELECT name FROM labels")},
                {r[0] for r in conn.execute("SELECT name FROM link_types")})
    except sqlite3.DatabaseError as e:
        raise ProjectError(f"{path}: cannot be read ({e})") from None
    finally:
        conn.close()


def used_names(path: str) -> tuple[dict[str, int], dict[str, int]]:
    """(label name -> spans using it, link type name -> links using it) in a checked source."""
    conn = _connect_ro(path)
    try:
        labels = dict(conn.execute("SELECT l.name, COUNT(*) FROM spans s JOIN labels l ON l.id = s.label_id "
                                   "GROUP BY l.name").fetchall())
        types = dict(conn.execute("SELECT t.name, COUNT(*) FROM links k JOIN link_types t ON t.id = k.type_id "
                                  "GROUP BY t.name").fetchall())
    except sqlite3.DatabaseError as e:
        raise ProjectError(f"{path}: cannot be read ({e}); nothing was merged") from None
    finally:
        conn.close()
    return labels, types


def read_source(path: str) -> SourceData:
    """Everything a merge needs from a checked source, in memory (ProjectError if it cannot be read)."""
    path = os.fspath(path)
    conn = _connect_ro(path)
    try:
        row = conn.execute("SELECT value FROM settings WHERE key = ?", (SETTING,)).fetchone()
        name = json.loads(row[0]) if row else ""
        named = bool(name)
        name = name or Path(path).stem

        def rows(sql: str) -> list[dict]:
            return [dict(r) for r in conn.execute(sql)]

        labels = {r["id"]: r for r in rows("SELECT * FROM labels")}
        types = {r["id"]: r for r in rows("SELECT * FROM link_types")}
        docs = rows("SELECT * FROM documents ORDER BY id")
        for d in docs:
            d["sha256"] = sha256_text(d["text"])
        tokens = dict(conn.execute("SELECT doc_id, data FROM doc_tokens").fetchall())
        cur = conn.cursor()
        cur.row_factory = None
        cur.execute("SELECT * FROM spans ORDER BY id")
        span_cols = [c[0] for c in cur.description]
        spans = cur.fetchall()
        links = rows("SELECT * FROM links ORDER BY id")
    except (sqlite3.DatabaseError, json.JSONDecodeError, TypeError) as e:
        raise ProjectError(f"{path}: cannot be read ({e}); nothing was merged") from None
    finally:
        conn.close()
    a = span_cols.index("author")
    if any(not s[a] for s in spans):  # spans made before annotator names (or by an old import)
        spans = [s if s[a] else s[:a] + (name,) + s[a + 1:] for s in spans]
    counts = dict(Counter(s[a] for s in spans))
    for k in links:
        k["author"] = k.get("author") or name
    return SourceData(path, name, named, labels, types, docs, tokens, span_cols, spans, links, counts)
