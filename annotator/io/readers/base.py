"""What a reader returns, and small helpers shared by readers."""

from __future__ import annotations

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


def title_from_text(text: str, path: Path | None = None) -> str:
    """The first non-empty line (trimmed, at most ~120 characters), else the file stem."""
    for line in text.split("\n"):
        line = " ".join(line.split())
        if line:
            if len(line) > TITLE_MAX:
                cut = line[:TITLE_MAX].rsplit(" ", 1)[0] or line[:TITLE_MAX]
                line = cut.rstrip(" ,;:-") + "…"
            return line
    return path.stem if path is not None else ""


def clean(value) -> str:
    """A metadata value as a one-line string ('' for None)."""
    if value is None:
        return ""
    return " ".join(str(value).split())
