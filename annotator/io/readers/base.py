"""What a reader returns, and small helpers shared by readers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ...core.models import NewDocument

TITLE_MAX = 120


@dataclass
class ReadResult:
    docs: list[NewDocument] = field(default_factory=list)
    lines: list[int | None] = field(default_factory=list)  # JSONL line of each doc (None for other formats)
    notes: list[str] = field(default_factory=list)  # records deliberately not imported, and why

    def add(self, doc: NewDocument, line: int | None = None) -> None:
        self.docs.append(doc)
        self.lines.append(line)


_MARKDOWN_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+|\s+#+\s*$")
_MARKDOWN_EMPHASIS = re.compile(r"(?<![\w*_])(\*{1,3}|_{1,3})(?=\S)(.+?)(?<=\S)\1(?![\w*_])")
_MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


def title_from_text(text: str, path: Path | None = None) -> str:
    """The first non-empty line (trimmed, at most ~120 characters), else the file stem. In a Markdown file
    ("# Heading", "**Title**", "[a link](url)") the line's markup is not part of the title; the text keeps it as
    written."""
    markdown = path is not None and path.suffix.lower() in (".md", ".markdown")
    for line in text.split("\n"):
        if markdown:
            line = _MARKDOWN_HEADING.sub("", line).strip()
            line = _MARKDOWN_LINK.sub(r"\1", _MARKDOWN_EMPHASIS.sub(r"\2", line))
        line = " ".join(line.split())
        if line:
            if len(line) > TITLE_MAX:
                cut = line[:TITLE_MAX].rsplit(" ", 1)[0] or line[:TITLE_MAX]
                line = cut.rstrip(" ,;:-") + "…"
            return line
    return path.stem if path is not None else ""


# Separators a page puts between byline parts ("Jane Analyst · May 1 · 5 min read"); a dangling one at
# either end of a value is layout, not data.
SEPARATORS = "·•‧∙|¦–—"
_EDGES = re.compile(rf"^(?:[\s{SEPARATORS}]|-\s)+|(?:[\s{SEPARATORS}]|\s-)+$")
_SPLIT = re.compile(rf"\s*[{SEPARATORS}]\s*|\s+-\s+")
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_NOT_A_NAME = re.compile(
    rf"^(?:\d[\d\s./:-]*(?:am|pm|utc|gmt)?|{_MONTH}\s+\d{{1,2}}(?:,?\s+\d{{4}})?|\d{{1,2}}\s+{_MONTH}(?:\s+\d{{4}})?"
    r"|(?:updated|published|posted)\b.*|\d+\s*(?:min|minute|minutes)(?:\s+read)?|.*\bread\b.*"
    r"|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+.*\d.*|\d+\s+(?:hours?|days?|weeks?)\s+ago)$",
    re.IGNORECASE)
_BY = re.compile(r"^by\s+", re.IGNORECASE)


def clean(value) -> str:
    """A metadata value as a one-line string ('' for None), without separators dangling at its ends."""
    if value is None:
        return ""
    return _EDGES.sub("", " ".join(str(value).split()))


def clean_author(value) -> str:
    """An author from a byline: "By Jane Analyst · May 1, 2024 · 5 min read" -> "Jane Analyst".

    Parts between byline separators that are dates, times or reading times are dropped; names are kept
    (several joined by "; ", as trafilatura joins authors)."""
    text = _BY.sub("", clean(value))
    parts = [p for p in (_BY.sub("", x.strip()) for x in _SPLIT.split(text)) if p and not _NOT_A_NAME.match(p)]
    return "; ".join(parts)
