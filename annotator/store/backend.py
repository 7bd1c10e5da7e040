"""SqliteBackend: the core ``Backend`` port over one SQLite file (sqlite-utils)."""

from __future__ import annotations

import json
import os
import sqlite3
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from ..core.errors import InvalidSpan, ProjectError
from ..core.models import Document, DocumentInfo, Label, Link, LinkType, Span
from ..core.text import unpack_tokens
from .backup import make_backup
from .lock import ProjectLock
from .damage import damaged, fresh_quick_check, is_damage, quick_check
from .search import search as fts_search

TABLES = {
    "document": ("documents", ("id", "text", "title", "outlet", "author", "published", "url", "source_file",
                               "sha256", "lang", "meta", "created", "updated")),
    "span": ("spans", ("id", "doc_id", "start", "end", "label_id", "note", "origin", "status", "score",
                       "author", "created", "updated")),
    "link": ("links", ("id", "source_id", "target_id", "type_id", "note", "created", "author", "status", "score",
                       "origin")),
    "label": ("labels", ("id", "name", "color", "key", "description", "position")),
    "link_type": ("link_types", ("id", "name", "description", "position")),
    "model": ("models", ("id", "name", "path", "created", "labels", "metrics", "data", "active")),
    "pattern_file": ("pattern_files", ("id", "name", "content", "enabled", "created")),
}
JSON_COLUMNS = {"meta", "labels", "metrics", "data"}
# Columns added by later migrations, with the value rows of a not-yet-migrated project (opened read-only) have.
ADDED_COLUMNS = {("links", "status"): "accepted", ("links", "score"): None, ("links", "origin"): "manual",
                 ("links", "author"): ""}


def _q(col: str) -> str:
    return f'"{col}"'


# Project files this process has open through SQLite, by (device, inode): a plain open() and close() of such a
# file anywhere in the process would release every POSIX lock SQLite holds on it (the shared lock that tells
# other processes a connection is open), and another process could then checkpoint and delete the -wal under
# us. Code that reads a file's bytes itself (store.files.inspect) asks here first.
_OPEN_HERE: dict[tuple[int, int], int] = {}


def _file_key(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def open_in_this_process(path: str) -> bool:
    """Whether this process has ``path`` (any name of it) open through SQLite."""
    key = _file_key(path)
    return key is not None and _OPEN_HERE.get(key, 0) > 0


class SqliteBackend:
    def __init__(self, db: Database, path: str, readonly: bool = False, lock: ProjectLock | None = None):
        self.db = db
        self._key = _file_key(path)
        if self._key is not None:
            _OPEN_HERE[self._key] = _OPEN_HERE.get(self._key, 0) + 1
        self.conn: sqlite3.Connection = db.conn
        self.path = path
        self.readonly = readonly
        self.lock = lock  # the instance lock held while the project is open for writing (released by close)
        self._checked = False  # quick_check passed this session
        self.damage: str | None = None  # set once the file is known to be damaged: writes are refused
        self._tables: dict[str, tuple[str, tuple[str, ...]]] = {}
        self._columns: dict[str, set[str]] = {}
        self._summary_view()

    def _summary_view(self) -> None:
        """A project opened read-only is not migrated: if it predates the span_counts summary table
        (migration m004), a temporary view with the same columns stands in for it (same results; it
        aggregates the spans when read, which only such old read-only projects pay for)."""
        try:
            if self.conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'span_counts'").fetchone():
                return
            self.conn.execute("CREATE TEMP VIEW IF NOT EXISTS span_counts AS SELECT doc_id, label_id, status, "
                              "COALESCE(author, '') AS author, COUNT(*) AS n FROM spans "
                              "GROUP BY doc_id, label_id, status, COALESCE(author, '')")
        except sqlite3.Error:  # not a project at all: its reads fail later with a clear message
            pass

    # -- integrity ----------------------------------------------------------------
    def check_integrity(self, again: bool = False) -> None:
        """Once per session (before the first write or backup; ``again``: check anew, e.g. before a
        backup): raise DamagedProject if the file fails SQLite's quick_check; after a damage error
        every later call raises again."""
        if self.damage is None and (again or not self._checked):
            self.damage = quick_check(self.conn) if not again else self._fresh_check()
            self._checked = self.damage is None
        if self.damage is not None:
            raise damaged(self.path, self.damage)

    def _fresh_check(self) -> str | None:
        """quick_check through a new connection: this one's page cache may hide damage done since."""
        return fresh_quick_check(self.path)

    def damaged_error(self, e: BaseException) -> ProjectError | None:
        """The one-line DamagedProject for an SQLite error that says the file is damaged (else None)."""
        if not is_damage(e):
            return None
        self.damage = str(e)
        return damaged(self.path, e)

    # -- columns of older files -------------------------------------------------------
    def table(self, kind: str) -> tuple[str, tuple[str, ...]]:
        """(table, columns) of a row kind, limited to the columns this file has: a project from an older
        version opened read-only (not migrated) lacks the newer columns."""
        got = self._tables.get(kind)
        if got is None:
            table, cols = TABLES[kind]
            have = {r[1] for r in self.conn.execute(f"PRAGMA table_info({table})")}
            got = self._tables[kind] = (table, tuple(c for c in cols if c in have) if have else cols)
        return got

    def has_column(self, kind: str, column: str) -> bool:
        return column in self.table(kind)[1]

    def _has(self, table: str, col: str) -> bool:
        """Whether the file's table has this column (a project opened read-only is not migrated)."""
        if table not in self._columns:
            self._columns[table] = {r[1] for r in self.conn.execute(f"PRAGMA table_info({table})")}
        return col in self._columns[table]

    def _select(self, table: str, cols, alias: str = "") -> str:
        """SELECT list for ``cols``: a column missing from an older file reads as its default value."""
        out = []
        for c in cols:
            if (table, c) in ADDED_COLUMNS and not self._has(table, c):
                default = ADDED_COLUMNS[(table, c)]
                out.append("NULL" if default is None else f"'{default}'")
            else:
                out.append(f"{alias}{_q(c)}")
        return ", ".join(out)

    # -- transactions -------------------------------------------------------------
    @contextmanager
    def transaction(self):
        if self.readonly:
            raise ProjectError(f"{self.path}: the project is open read-only")
        self.check_integrity()
        try:
            with self.db.atomic():
                yield
        except sqlite3.IntegrityError as e:
            msg = str(e)
            if "UNIQUE" in msg and "spans" in msg:
                raise InvalidSpan("that span already exists (same document, offsets and label)") from None
            if "UNIQUE" in msg and "labels.name" in msg:
                raise InvalidSpan("a label with that name already exists") from None
            raise ProjectError(f"{self.path}: {msg}") from None
        except sqlite3.OperationalError as e:
            raise (self.damaged_error(e) or _operational(self.path, e)) from None
        except sqlite3.DatabaseError as e:
            bad = self.damaged_error(e)
            if bad is None:
                raise
            raise bad from None

    # -- generic rows -------------------------------------------------------------
    def insert_rows(self, kind: str, rows: list[dict]) -> list[int]:
        table, cols = self.table(kind)
        if not rows:
            return []
        with_id = all(r.get("id") is not None for r in rows)
        use = cols if with_id else cols[1:]
        # columns no row mentions take the table's default (e.g. a link's status from older callers)
        use = tuple(c for c in use if any(c in r for r in rows))
        sql = f"INSERT INTO {table} ({', '.join(map(_q, use))}) VALUES ({', '.join('?' * len(use))})"
        values = [tuple(_dump(c, r.get(c)) for c in use) for r in rows]
        if with_id:
            self.conn.executemany(sql, values)
            return [r["id"] for r in rows]
        ids = []
        cur = self.conn.cursor()
        if len(rows) == 1:
            cur.execute(sql, values[0])
            return [int(cur.lastrowid or 0)]
        # executemany + contiguous rowids: read back the ids we just inserted
        before = self.conn.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}").fetchone()[0]
        cur.executemany(sql, values)
        ids = [r[0] for r in self.conn.execute(f"SELECT id FROM {table} WHERE id > ? ORDER BY id", (before,))]
        if len(ids) != len(rows):  # pragma: no cover - defensive
            raise ProjectError(f"{self.path}: inserted {len(ids)} rows for {len(rows)}")
        return ids

    def delete_rows(self, kind: str, ids: list[int]) -> None:
        table, _ = self.table(kind)
        self.conn.executemany(f"DELETE FROM {table} WHERE id = ?", [(i,) for i in ids])

    def update_rows(self, kind: str, changes: dict[int, dict]) -> None:
        table, cols = self.table(kind)
        groups: dict[tuple, list] = {}
        for i, fields in changes.items():
            if not fields:
                continue
            key = tuple(sorted(fields))
            bad = set(key) - set(cols)
            if bad:
                raise ValueError(f"unknown column(s) {bad} for {kind}")
            groups.setdefault(key, []).append(tuple(_dump(c, fields[c]) for c in key) + (i,))
        for key, values in groups.items():
            sets = ", ".join(f"{_q(c)} = ?" for c in key)
            self.conn.executemany(f"UPDATE {table} SET {sets} WHERE id = ?", values)

    def fetch_rows(self, kind: str, ids: list[int]) -> list[dict]:
        table, cols = self.table(kind)
        out: list[dict] = []
        for chunk in _chunks(ids, 900):
            sql = f"SELECT {self._select(table, cols)} FROM {table} WHERE id IN ({', '.join('?' * len(chunk))})"
            out.extend(_row(cols, r) for r in self.conn.execute(sql, chunk))
        return out

    def all_rows(self, kind: str) -> list[dict]:
        """Every row of a kind, by id (used for the small models and pattern_files tables)."""
        table, cols = TABLES[kind]
        sql = f"SELECT {self._select(table, cols)} FROM {table} ORDER BY id"
        return [_row(cols, r) for r in self.conn.execute(sql)]

    def _rows_where(self, kind: str, where: str, ids: list[int]) -> list[dict]:
        table, cols = self.table(kind)
        out: list[dict] = []
        for chunk in _chunks(ids, 450):
            marks = ", ".join("?" * len(chunk))
            sql = f"SELECT {self._select(table, cols)} FROM {table} WHERE " + where.format(marks=marks)
            params = chunk * where.count("{marks}")
            out.extend(_row(cols, r) for r in self.conn.execute(sql, params))
        return list({r["id"]: r for r in out}.values())

    def span_rows_for_docs(self, doc_ids):
        return self._rows_where("span", "doc_id IN ({marks})", list(doc_ids))

    def span_rows_for_labels(self, label_ids):
        return self._rows_where("span", "label_id IN ({marks})", list(label_ids))

    def link_rows_for_spans(self, span_ids):
        return self._rows_where("link", "source_id IN ({marks}) OR target_id IN ({marks})", list(span_ids))

    def link_rows_for_types(self, type_ids):
        return self._rows_where("link", "type_id IN ({marks})", list(type_ids))

    def token_rows(self, doc_ids):
        out = []
        for chunk in _chunks(list(doc_ids), 900):
            sql = f"SELECT doc_id, data FROM doc_tokens WHERE doc_id IN ({', '.join('?' * len(chunk))})"
            out.extend({"doc_id": d, "data": b} for d, b in self.conn.execute(sql, chunk))
        return out

    def insert_token_rows(self, rows):
        self.conn.executemany("INSERT OR REPLACE INTO doc_tokens (doc_id, data) VALUES (?, ?)",
                              [(r["doc_id"], r["data"]) for r in rows])

    def existing_span_keys(self, doc_id):
        return {tuple(r) for r in self.conn.execute('SELECT start, "end", label_id FROM spans WHERE doc_id = ?', (doc_id,))}

    def span_index(self, doc_id, window=None, after=None, limit=None, ids=None):
        """Compact span rows for views: (id, start, end, label_id, status, has_note), ordered by
        (start, end, label_id). window=(a, b): only spans intersecting [a, b); after=(start, end, label_id):
        keyset paging; ids: only these spans."""
        sql = 'SELECT id, start, "end", label_id, status, note != \'\' FROM spans WHERE doc_id = ?'
        params: list = [doc_id]
        if window is not None:
            sql += ' AND start < ? AND "end" > ?'
            params += [window[1], window[0]]
        if after is not None:
            sql += ' AND (start, "end", label_id) > (?, ?, ?)'
            params += list(after)
        if ids is not None:
            out = []
            for chunk in _chunks(list(ids), 900):
                q = sql + f" AND id IN ({', '.join('?' * len(chunk))})"
                out.extend(self.conn.execute(q, params + list(chunk)))
            return sorted(out, key=lambda r: (r[1], r[2], r[3]))
        sql += ' ORDER BY start, "end", label_id'
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return self.conn.execute(sql, params).fetchall()

    # -- reads --------------------------------------------------------------------
    def doc_infos(self) -> list[tuple]:
        """(id, title, outlet, author, published, url, source_file, characters) of every document, by id."""
        return self.conn.execute(
            "SELECT id, title, outlet, author, published, url, source_file, length(text) FROM documents ORDER BY id"
        ).fetchall()

    def span_counts(self, doc_ids=None, status=None, author: str | None = None) -> list[tuple]:
        """(doc_id, label_id, n) per document and label (of spans with ``status``, by ``author``), or (doc_id,
        label_id, status, n) with status None; read from the summary the triggers keep (a few rows per document)."""
        cols = "doc_id, label_id" if status is not None else "doc_id, label_id, status"
        where, params = ["n > 0"], []
        if author is not None:
            where.append("author = ?")
            params.append(author)
        if status is not None:
            where.append("status = ?")
            params.append(status)
        if doc_ids is not None:
            doc_ids = list(doc_ids)
            where.append(f"doc_id IN ({', '.join('?' * len(doc_ids))})")
            params.extend(doc_ids)
        return self.conn.execute(f"SELECT {cols}, SUM(n) FROM span_counts WHERE {' AND '.join(where)} "
                                 f"GROUP BY {cols}", params).fetchall()

    def label_status_counts(self) -> list[tuple]:
        """(label_id, status, n) over the whole project, from the summary table."""
        return self.conn.execute(
            "SELECT label_id, status, SUM(n) FROM span_counts GROUP BY label_id, status HAVING SUM(n) > 0").fetchall()

    def link_total(self) -> int:
        return self.conn.execute("SELECT COUNT(*) FROM links").fetchone()[0]

    def documents(self) -> list[DocumentInfo]:
        names = {l.id: l.name for l in self.labels()}
        counts: dict[int, dict[str, int]] = {}
        for doc_id, label_id, n in self.span_counts(status="accepted"):
            counts.setdefault(doc_id, {})[names.get(label_id, "?")] = n
        return [DocumentInfo(*r, counts=counts.get(r[0], {})) for r in self.doc_infos()]  # type: ignore[misc]

    def document(self, doc_id: int) -> Document | None:
        rows = self.fetch_rows("document", [doc_id])
        if not rows:
            return None
        r = rows[0]
        return Document(r["id"], r["text"], r["title"], r["outlet"], r["author"], r["published"], r["url"],
                        r["source_file"], r["sha256"], r["lang"], r["meta"], r["created"], r["updated"])

    def doc_lengths(self) -> dict[int, int]:
        return dict(self.conn.execute("SELECT id, length(text) FROM documents"))

    def doc_ids_by_sha(self, shas: list[str]) -> dict[str, int]:
        out: dict[str, int] = {}
        for chunk in _chunks(shas, 900):
            sql = f"SELECT sha256, id FROM documents WHERE sha256 IN ({', '.join('?' * len(chunk))})"
            out.update(self.conn.execute(sql, chunk))
        return out

    def doc_id_by_sha(self, sha: str):
        row = self.conn.execute("SELECT id FROM documents WHERE sha256 = ?", (sha,)).fetchone()
        return row[0] if row else None

    def token_blob(self, doc_id: int) -> bytes | None:
        row = self.conn.execute("SELECT data FROM doc_tokens WHERE doc_id = ?", (doc_id,)).fetchone()
        return row[0] if row else None

    def token_blob_pieces(self, doc_id: int, size: int = 1 << 20):
        """The stored token boundaries as an iterator of pieces of ``size`` bytes (a multiple of 8: whole
        (start, end) pairs), read by incremental blob I/O, the blob opened again for each piece (nothing stays
        open between pieces, whatever the caller writes meanwhile); one piece where the driver has no blobopen
        (Python < 3.11). None when the document has no stored tokens."""
        row = self.conn.execute("SELECT rowid, length(data) FROM doc_tokens WHERE doc_id = ?", (doc_id,)).fetchone()
        if row is None:
            return None
        rowid, length = row
        size -= size % 8
        if not hasattr(self.conn, "blobopen") or length is None or length <= size:
            return iter([self.token_blob(doc_id) or b""])
        return self._pieces(rowid, length, size)

    def _pieces(self, rowid: int, length: int, size: int):
        blobopen = getattr(self.conn, "blobopen")  # Python >= 3.11 (checked by the caller)
        for offset in range(0, length, size):
            with blobopen("doc_tokens", "data", rowid, readonly=True) as blob:
                blob.seek(offset)
                yield blob.read(size)

    def tokens(self, doc_id: int):
        row = self.conn.execute("SELECT data FROM doc_tokens WHERE doc_id = ?", (doc_id,)).fetchone()
        return unpack_tokens(row[0]) if row else None

    def doc_span_counts(self, statuses, label_ids, author: str | None = None) -> dict[int, int]:
        """Spans per document (documents without any left out), filtered like ``spans`` (and by annotator)."""
        where, params = [], []
        if author is not None:
            where.append("author = ?")
            params.append(author)
        if statuses is not None:
            where.append(f"status IN ({', '.join('?' * len(statuses))})")
            params.extend(statuses)
        if label_ids is not None:
            where.append(f"label_id IN ({', '.join('?' * len(label_ids))})")
            params.extend(label_ids)
        sql = "SELECT doc_id, COUNT(*) FROM spans" + (" WHERE " + " AND ".join(where) if where else "")
        return dict(self.conn.execute(sql + " GROUP BY doc_id", params))

    def spans(self, doc_id, statuses, label_ids) -> list[Span]:
        where, params = [], []
        if doc_id is not None:
            where.append("s.doc_id = ?")
            params.append(doc_id)
        if statuses is not None:
            where.append(f"s.status IN ({', '.join('?' * len(statuses))})")
            params.extend(statuses)
        if label_ids is not None:
            where.append(f"s.label_id IN ({', '.join('?' * len(label_ids))})")
            params.extend(label_ids)
        sql = ('SELECT s.id, s.doc_id, s.start, s."end", s.label_id, l.name, s.note, s.origin, s.status, s.score, '
               "s.author, s.created, s.updated FROM spans s JOIN labels l ON l.id = s.label_id")
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += ' ORDER BY s.doc_id, s.start, s."end" DESC, l.position'
        return [Span(*r) for r in self.conn.execute(sql, params)]

    def span_authors(self, doc_id: int) -> dict[int, str]:
        return dict(self.conn.execute("SELECT id, author FROM spans WHERE doc_id = ?", (doc_id,)))

    def span_counts_by_author(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        # from the summary table the triggers keep (m004_span_counts), not a pass over every span
        for author, status, n in self.conn.execute(
                "SELECT author, status, SUM(n) FROM span_counts WHERE n > 0 GROUP BY author, status"):
            out.setdefault(author or "", {})[status] = n
        return out

    def span_tuples(self, statuses=None) -> list[tuple]:
        """Every span as a plain tuple (id, doc_id, start, end, label name, author, status): for whole-project
        passes over 100k spans (agreement, adjudication) without an object per span."""
        sql = 'SELECT s.id, s.doc_id, s.start, s."end", l.name, s.author, s.status FROM spans s JOIN labels l ON l.id = s.label_id'
        params: tuple = ()
        if statuses is not None:
            sql += f" WHERE s.status IN ({', '.join('?' * len(statuses))})"
            params = tuple(statuses)
        return self.conn.execute(sql, params).fetchall()

    def links(self, doc_id) -> list[Link]:
        extra = self._select("links", ("author", "status", "score", "origin"), "k.")
        sql = ("SELECT k.id, k.source_id, k.target_id, k.type_id, t.name, k.note, k.created, " + extra +
               " FROM links k JOIN link_types t ON t.id = k.type_id")
        params: tuple = ()
        if doc_id is not None:
            # walk the (few) links and look their spans up by id, rather than listing a long document's spans
            sql += (" JOIN spans s1 ON s1.id = k.source_id JOIN spans s2 ON s2.id = k.target_id"
                    " WHERE s1.doc_id = ? OR s2.doc_id = ?")
            params = (doc_id, doc_id)
        return [Link(*r) for r in self.conn.execute(sql + " ORDER BY k.id", params)]

    def trace_pairs(self, doc_id: int, statuses, author: str | None = None) -> list[tuple]:
        """Links between a span of ``doc_id`` (the passage) and a span of another document, with a status in
        ``statuses``, either direction, in one query of plain tuples (the comparison matrix reads 10,000 of
        them): (link id, type name, status, score, passage span id, start, end, label id, other span id, doc
        id, start, end, label id), ordered by passage offsets, then other document, offsets and link id.
        ``author``: only links whose other end (the retelling's span) is in that annotator's layer."""
        extra = self._select("links", ("status", "score"), "k.")
        status_col = extra.split(", ")[0]
        marks = ", ".join("?" * len(statuses))
        ends = "p.id, p.start, p.\"end\", p.label_id, o.id, o.doc_id, o.start, o.\"end\", o.label_id"
        half = (f"SELECT k.id, t.name, {extra}, {ends} FROM spans p JOIN links k ON k.{{0}} = p.id"
                f" JOIN spans o ON o.id = k.{{1}} JOIN link_types t ON t.id = k.type_id"
                f" WHERE p.doc_id = ? AND o.doc_id != ? AND {status_col} IN ({marks})"
                + (" AND o.author = ?" if author is not None else ""))
        sql = (half.format("source_id", "target_id") + " UNION ALL " + half.format("target_id", "source_id")
               + " ORDER BY 6, 7, 10, 11, 12, 1")
        params = (doc_id, doc_id, *statuses) + ((author,) if author is not None else ())
        return self.conn.execute(sql, params * 2).fetchall()

    def labels(self) -> list[Label]:
        return [Label(*r) for r in self.conn.execute(
            "SELECT id, name, color, key, description, position FROM labels ORDER BY position, id")]

    def link_types(self) -> list[LinkType]:
        return [LinkType(*r) for r in self.conn.execute(
            "SELECT id, name, description, position FROM link_types ORDER BY position, id")]

    def search(self, query: str, limit: int):
        return fts_search(self.conn, query, limit)

    def stats(self) -> dict:
        """Project figures (as ``Project.stats``); span figures from the summary table."""
        q = self.conn.execute
        names = {l.id: l.name for l in self.labels()}
        by_label = {n: {"accepted": 0, "suggested": 0, "rejected": 0} for n in names.values()}
        by_status = {s: 0 for s in ("accepted", "suggested", "rejected")}
        for label_id, status, n in self.label_status_counts():
            by_label.setdefault(names.get(label_id, "?"), {})[status] = n
            by_status[status] = by_status.get(status, 0) + n
        infos = self.doc_infos()
        accepted: dict[int, int] = {}
        for doc_id, _label, n in self.span_counts(status="accepted"):
            accepted[doc_id] = accepted.get(doc_id, 0) + n
        by_outlet: dict[str, dict] = {}
        for r in sorted(infos, key=lambda r: r[2]):
            row = by_outlet.setdefault(r[2] or "(none)", {"documents": 0, "spans": 0})
            row["documents"] += 1
            row["spans"] += accepted.get(r[0], 0)
        return {
            "documents": len(infos),
            "characters": sum(r[7] for r in infos),
            "spans": sum(by_status.values()),
            "links": self.link_total(),
            "by_label": by_label,
            "by_outlet": by_outlet,
            "by_status": by_status,
        }

    def get_setting(self, key, default=None):
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else default

    def set_setting(self, key, value):
        self.conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", (key, json.dumps(value)))

    def backup(self, root: str | os.PathLike | None = None) -> Path:
        """A consistent copy of the open project (SQLite's online backup) in its backups folder (under ``root``)."""
        return make_backup(self.conn, self.path, root)

    def close(self) -> None:
        try:
            self.conn.close()
        except sqlite3.Error:
            pass
        finally:
            if self._key is not None and _OPEN_HERE.get(self._key, 0) > 0:
                _OPEN_HERE[self._key] -= 1
                self._key = None
            if self.lock is not None:
                self.lock.release()
                self.lock = None


def _dump(col, value):
    if col == "author" and value is None:  # rows built without an annotator (older callers)
        return ""
    if col in JSON_COLUMNS and not isinstance(value, str):
        return json.dumps(value if value is not None else {}, ensure_ascii=False)
    return value


def _row(cols, values) -> dict:
    row = dict(zip(cols, values))
    for c in JSON_COLUMNS & row.keys():
        if isinstance(row[c], str):
            row[c] = json.loads(row[c])
    return row


def _chunks(seq, n):
    seq = list(seq)
    for i in range(0, len(seq), n):
        yield seq[i:i + n]
    if not seq:
        return


def _operational(path: str, e: sqlite3.OperationalError) -> ProjectError:
    msg = str(e)
    if "locked" in msg or "busy" in msg:
        return ProjectError(f"{path}: the project is locked by another program; close it and try again")
    if "readonly" in msg:
        return ProjectError(f"{path}: the project file is read-only")
    if "disk" in msg and "full" in msg:
        return ProjectError(f"{path}: the disk is full; nothing was saved")
    return ProjectError(f"{path}: {msg}")
