"""The project schema, as ordered, recorded migrations (sqlite-utils ``Migrations``).

Never edit a migration that has shipped: add a new one at the end.
"""

from __future__ import annotations

import json

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from ..core.models import DEFAULT_LABELS, DEFAULT_LINK_TYPES, FIGURE_GUIDELINE, FIGURE_GUIDELINE_V1

MIGRATION_SET = "annotator"
migrations = Migrations(MIGRATION_SET)
# The link types m001 shipped with; later defaults are added by the migration that introduced them (so a new
# project and a migrated one end up the same).
_M001_LINK_TYPES = tuple(t for t in DEFAULT_LINK_TYPES if t[0] != "quotes")


@migrations(name="m001_initial")
def m001_initial(db: Database) -> None:
    for sql in _M001:
        db.execute(sql)
    db.conn.executemany(
        "INSERT INTO labels (name, color, key, description, position) VALUES (?, ?, ?, ?, ?)",
        [(n, c, k, d, i) for i, (n, c, k, d) in enumerate(DEFAULT_LABELS)],
    )
    db.conn.executemany(
        "INSERT INTO link_types (name, description, position) VALUES (?, ?, ?)",
        [(n, d, i) for i, (n, d) in enumerate(_M001_LINK_TYPES)],
    )
    for sql in _FTS:
        db.execute(sql)


_M001 = [
    """CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT)""",
    """CREATE TABLE documents (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        text TEXT NOT NULL,
        title TEXT NOT NULL DEFAULT '',
        outlet TEXT NOT NULL DEFAULT '',
        author TEXT NOT NULL DEFAULT '',
        published TEXT NOT NULL DEFAULT '',
        url TEXT NOT NULL DEFAULT '',
        source_file TEXT NOT NULL DEFAULT '',
        sha256 TEXT NOT NULL UNIQUE,
        lang TEXT NOT NULL DEFAULT 'en',
        meta TEXT NOT NULL DEFAULT '{}',
        created TEXT NOT NULL,
        updated TEXT NOT NULL
    )""",
    """CREATE TABLE doc_tokens (
        doc_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
        data BLOB NOT NULL
    )""",
    """CREATE TABLE labels (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL UNIQUE,
        color TEXT NOT NULL DEFAULT '#888888',
        key TEXT NOT NULL DEFAULT '',
        description TEXT NOT NULL DEFAULT '',
        position INTEGER NOT NULL DEFAULT 0
    )""",
    """CREATE TABLE spans (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        label_id INTEGER NOT NULL REFERENCES labels(id),
        note TEXT NOT NULL DEFAULT '',
        origin TEXT NOT NULL DEFAULT 'manual',
        status TEXT NOT NULL DEFAULT 'accepted',
        score REAL,
        author TEXT NOT NULL DEFAULT '',
        created TEXT NOT NULL,
        updated TEXT NOT NULL,
        CHECK (0 <= start AND start < "end"),
        UNIQUE (doc_id, start, "end", label_id)
    )""",
    """CREATE INDEX spans_label ON spans(label_id)""",
    """CREATE TABLE link_types (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL UNIQUE,
        description TEXT NOT NULL DEFAULT '',
        position INTEGER NOT NULL DEFAULT 0
    )""",
    """CREATE TABLE links (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        source_id INTEGER NOT NULL REFERENCES spans(id) ON DELETE CASCADE,
        target_id INTEGER NOT NULL REFERENCES spans(id) ON DELETE CASCADE,
        type_id INTEGER NOT NULL REFERENCES link_types(id) ON DELETE CASCADE,
        note TEXT NOT NULL DEFAULT '',
        created TEXT NOT NULL,
        CHECK (source_id != target_id)
    )""",
    """CREATE INDEX links_source ON links(source_id)""",
    """CREATE INDEX links_target ON links(target_id)""",
    """CREATE TABLE models (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL,
        path TEXT NOT NULL,
        created TEXT NOT NULL,
        labels TEXT NOT NULL DEFAULT '[]',
        metrics TEXT NOT NULL DEFAULT '{}',
        data TEXT NOT NULL DEFAULT '{}',
        active INTEGER NOT NULL DEFAULT 0
    )""",
    """CREATE TABLE pattern_files (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL UNIQUE,
        content TEXT NOT NULL,
        enabled INTEGER NOT NULL DEFAULT 1,
        created TEXT NOT NULL
    )""",
]


# Full-text index over title and text, kept in step by triggers. detail=column: no token positions
# (phrases are verified in Python when hits are located), which makes bulk imports ~25% cheaper.
_FTS = [
    """CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content='documents', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2', detail=column)""",
    """CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN
        INSERT INTO documents_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
    END""",
    """CREATE TRIGGER documents_ad AFTER DELETE ON documents BEGIN
        INSERT INTO documents_fts (documents_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
    END""",
    """CREATE TRIGGER documents_au AFTER UPDATE OF title, text ON documents BEGIN
        INSERT INTO documents_fts (documents_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
        INSERT INTO documents_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
    END""",
]


@migrations(name="m002_link_status")
def m002_link_status(db: Database) -> None:
    """Links get a review status (suggested links from the trace-to-source engine), a score and an origin;
    the ``quotes`` link type (in DEFAULT_LINK_TYPES since) is added unless the project has one."""
    db.execute("ALTER TABLE links ADD COLUMN status TEXT NOT NULL DEFAULT 'accepted' "
               "CHECK (status IN ('accepted', 'suggested', 'rejected'))")
    db.execute("ALTER TABLE links ADD COLUMN score REAL")
    db.execute("ALTER TABLE links ADD COLUMN origin TEXT NOT NULL DEFAULT 'manual'")
    db.execute("CREATE INDEX links_status ON links(status)")
    if db.execute("SELECT 1 FROM link_types WHERE name = 'quotes'").fetchone() is None:
        pos = db.execute("SELECT COALESCE(MAX(position), -1) + 1 FROM link_types").fetchone()[0]
        db.execute("INSERT INTO link_types (name, description, position) VALUES (?, ?, ?)",
                   ("quotes", dict(DEFAULT_LINK_TYPES)["quotes"], pos))


@migrations(name="m005_figure_guideline")
def m005_figure_guideline(db: Database) -> None:
    """The FIGURE label's guideline says what is and is not a figure (unless the project changed it)."""
    db.execute("UPDATE labels SET description = ? WHERE name = 'FIGURE' AND description = ?",
               [FIGURE_GUIDELINE, FIGURE_GUIDELINE_V1])


def known_migrations() -> list[str]:
    return [m.name for m in migrations._migrations]


@migrations(name="m004_span_counts")
def m004_span_counts(db: Database) -> None:
    """Span counts per (document, label, status, author), kept by triggers, so that label, document, status,
    outlet and annotator counts are read from a table of a few rows per document instead of aggregating
    every span."""
    for sql in _M004:
        db.execute(sql)


_M004 = [
    """CREATE TABLE IF NOT EXISTS span_counts (
        doc_id INTEGER NOT NULL,
        label_id INTEGER NOT NULL,
        status TEXT NOT NULL,
        author TEXT NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (doc_id, label_id, status, author)
    ) WITHOUT ROWID""",
    """DELETE FROM span_counts""",
    """INSERT INTO span_counts (doc_id, label_id, status, author, n)
        SELECT doc_id, label_id, status, COALESCE(author, ''), COUNT(*) FROM spans
        GROUP BY doc_id, label_id, status, COALESCE(author, '')""",
    """CREATE TRIGGER spans_count_ai AFTER INSERT ON spans BEGIN
        INSERT INTO span_counts (doc_id, label_id, status, author, n)
            VALUES (new.doc_id, new.label_id, new.status, COALESCE(new.author, ''), 1)
            ON CONFLICT (doc_id, label_id, status, author) DO UPDATE SET n = n + 1;
    END""",
    """CREATE TRIGGER spans_count_ad AFTER DELETE ON spans BEGIN
        UPDATE span_counts SET n = n - 1 WHERE doc_id = old.doc_id AND label_id = old.label_id
            AND status = old.status AND author = COALESCE(old.author, '');
        DELETE FROM span_counts WHERE doc_id = old.doc_id AND label_id = old.label_id
            AND status = old.status AND author = COALESCE(old.author, '') AND n <= 0;
    END""",
    """CREATE TRIGGER spans_count_au AFTER UPDATE OF doc_id, label_id, status, author ON spans
        WHEN old.doc_id IS NOT new.doc_id OR old.label_id IS NOT new.label_id OR old.status IS NOT new.status
            OR old.author IS NOT new.author
    BEGIN
        UPDATE span_counts SET n = n - 1 WHERE doc_id = old.doc_id AND label_id = old.label_id
            AND status = old.status AND author = COALESCE(old.author, '');
        DELETE FROM span_counts WHERE doc_id = old.doc_id AND label_id = old.label_id
            AND status = old.status AND author = COALESCE(old.author, '') AND n <= 0;
        INSERT INTO span_counts (doc_id, label_id, status, author, n)
            VALUES (new.doc_id, new.label_id, new.status, COALESCE(new.author, ''), 1)
            ON CONFLICT (doc_id, label_id, status, author) DO UPDATE SET n = n + 1;
    END""",
]


@migrations(name="m003_annotators", transactional=False)
def m003_annotators(db: Database) -> None:
    """Annotator layers: the project's annotator name in settings, ``links.author``, old spans and links
    attributed to that name, and one span per (document, offsets, label) *per annotator* (the spans table
    is rebuilt for its UNIQUE constraint, keeping any columns, indexes and triggers other migrations added).

    Not in sqlite-utils' transaction: foreign keys must be off while spans is rebuilt (dropping the old
    table would otherwise cascade to links), and that pragma is a no-op inside a transaction. Each step
    checks whether it was done, so a run interrupted before its record is written can run again."""
    from ..core.annotators import SETTING, default_annotator

    conn = db.conn
    conn.execute("PRAGMA foreign_keys = OFF")
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            row = conn.execute("SELECT value FROM settings WHERE key = ?", (SETTING,)).fetchone()
            name = json.loads(row[0]) if row else default_annotator()
            if not row:
                conn.execute("INSERT INTO settings (key, value) VALUES (?, ?)", (SETTING, json.dumps(name)))
            if "author" not in {r[1] for r in conn.execute("PRAGMA table_info(links)")}:
                conn.execute("ALTER TABLE links ADD COLUMN author TEXT NOT NULL DEFAULT ''")
            conn.execute("UPDATE links SET author = ? WHERE author = ''", (name,))
            conn.execute("UPDATE spans SET author = ? WHERE author = ''", (name,))
            _rebuild_spans_unique(conn)
            bad = conn.execute("PRAGMA foreign_key_check").fetchall()
            if bad:  # pragma: no cover - defensive: never commit a broken project
                raise RuntimeError(f"m003_annotators: {len(bad)} dangling reference(s) after rebuilding spans")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    finally:
        conn.execute("PRAGMA foreign_keys = ON")


_OLD_UNIQUE = 'UNIQUE (doc_id, start, "end", label_id)'
_NEW_UNIQUE = 'UNIQUE (doc_id, start, "end", label_id, author)'


def _rebuild_spans_unique(conn) -> None:
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'spans'").fetchone()[0]
    if _NEW_UNIQUE in sql:
        return
    if _OLD_UNIQUE not in sql:  # pragma: no cover - a schema we did not write
        raise RuntimeError("m003_annotators: unexpected spans table definition")
    extras = [r[0] for r in conn.execute(
        "SELECT sql FROM sqlite_master WHERE tbl_name = 'spans' AND type IN ('index', 'trigger') AND sql IS NOT NULL")]
    seq = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'spans'").fetchone()
    new_sql = sql.replace(_OLD_UNIQUE, _NEW_UNIQUE).replace("CREATE TABLE spans", "CREATE TABLE spans_m003", 1)
    conn.execute(new_sql)
    conn.execute("INSERT INTO spans_m003 SELECT * FROM spans")
    conn.execute("DROP TABLE spans")
    conn.execute("ALTER TABLE spans_m003 RENAME TO spans")
    for extra in extras:
        conn.execute(extra)
    if seq:
        conn.execute("UPDATE sqlite_sequence SET seq = MAX(seq, ?) WHERE name = 'spans'", (seq[0],))

