"""What an export returns, and the errors it raises."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...core.errors import AnnotatorError

# Spans listed one by one in warnings before the rest are only counted.
MAX_LISTED = 50


class ExportError(AnnotatorError):
    """An export cannot run: bad option, or an output path that cannot be written."""


@dataclass
class ExportReport:
    files: list[Path] = field(default_factory=list)
    documents: int = 0  # documents written (records, for a split jsonl export, are in info["records"])
    spans: int = 0  # spans written
    warnings: list[str] = field(default_factory=list)
    misaligned: int = 0  # spans not on token boundaries (kept, or skipped where the format cannot hold them)
    skipped: int = 0  # spans the format could not hold at all (listed in warnings)
    info: dict[str, Any] = field(default_factory=dict)  # per-format figures, e.g. train/dev counts


class WarningList:
    """Collects per-item problems: lists the first few, counts all, then adds a summary line."""

    def __init__(self, what: str):
        self.what = what
        self.items: list[str] = []
        self.count = 0

    def add(self, message: str) -> None:
        self.count += 1
        if len(self.items) < MAX_LISTED:
            self.items.append(message)

    def flush(self, report: ExportReport) -> None:
        if not self.count:
            return
        report.warnings.extend(self.items)
        more = f" (first {MAX_LISTED} listed above)" if self.count > MAX_LISTED else ""
        report.warnings.append(f"{self.count} {self.what}{more}")
