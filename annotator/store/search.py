"""Full-text search: FTS5 finds and ranks documents, then hits are located as code-point offsets."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

_TERM = re.compile(r'"([^"]+)"|(\S+)')


@dataclass(frozen=True)
class SearchHit:
    doc_id: int
    title: str
    start: int  # code-point offsets of the hit in the document text
    end: int
    context: str  # a line of text around the hit
    context_start: int  # offset of context[0] in the document text


def parse_query(query: str) -> list[str]:
    """Terms and "quoted phrases" of a user query (FTS syntax characters are not special)."""
    terms = []
    for m in _TERM.finditer(query):
        term = (m.group(1) or m.group(2)).strip()
        term = re.sub(r'["*^():]', " ", term).strip()
        if term and term.upper() not in ("AND", "OR", "NOT", "NEAR"):
            terms.append(term)
    return terms


def _fts_query(terms: list[str]) -> str:
    """Every word of every term, ANDed. The index keeps no positions (detail=column, a faster import),
    so phrases are checked afterwards, when hits are located in the text."""
    words = [w for t in terms for w in re.findall(r"\w+", t)]
    return " ".join('"' + w + '"' for w in words)


def _pattern(term: str) -> re.Pattern:
    words = [re.escape(w) for w in re.findall(r"\w+", term)] or [re.escape(term)]
    return re.compile(r"(?<!\w)" + r"\W+".join(words) + r"(?!\w)", re.IGNORECASE)


def search(conn: sqlite3.Connection, query: str, limit: int = 200) -> list[SearchHit]:
    terms = parse_query(query)
    if not terms:
        return []
    fts = _fts_query(terms)
    if not fts:
        return []
    try:
        rows = conn.execute(
            "SELECT d.id, d.title, d.text FROM documents_fts f JOIN documents d ON d.id = f.rowid "
            "WHERE documents_fts MATCH ? ORDER BY f.rank LIMIT 500",
            (fts,),
        ).fetchall()
    except sqlite3.OperationalError as e:
        if "readonly" in str(e) or "unable to open" in str(e):  # not a query problem: say so
            raise
        return []
    patterns = [_pattern(t) for t in terms]
    hits: list[SearchHit] = []
    for doc_id, title, text in rows:
        found = sorted({m.span() for p in patterns for m in p.finditer(text)})
        for start, end in found:
            line_start = text.rfind("\n", 0, start) + 1
            line_end = text.find("\n", end)
            line_end = len(text) if line_end < 0 else line_end
            c0 = max(line_start, start - 60)
            c1 = min(line_end, end + 60)
            hits.append(SearchHit(doc_id, title, start, end, text[c0:c1], c0))
            if len(hits) >= limit:
                return hits
    return hits
