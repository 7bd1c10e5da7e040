"""The comparison of a source with its retellings: the matrix (``build_matrix``, shared with the app's view)
and its export as CSV, JSON or one self-contained HTML file (``export_compare``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..export.output import atomic_text, check_file_target
from ..export.report import ExportError
from .matrix import STATUS_CHOICES, Cell, Column, CompareError, Matrix, Row, build_matrix, default_layer, layers

FORMATS = ("csv", "html", "json")

__all__ = ["build_matrix", "export_compare", "Matrix", "Row", "Cell", "Column", "CompareError", "FORMATS",
           "STATUS_CHOICES", "CompareReport", "layers", "default_layer"]


@dataclass
class CompareReport:
    path: Path
    rows: int
    columns: int
    links: int
    layers: int = 1  # annotators with spans in the project


def export_compare(project, source_id: int, out, *, fmt: str = "csv", status: str = "accepted", labels=None,
                   force: bool = False, annotator: str | None = None) -> CompareReport:
    """Write the matrix to ``out`` (through a temporary name; an existing file only with ``force``)."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    path = check_target(project, out, force)
    matrix = build_matrix(project, source_id, status=status, labels=labels, annotator=annotator)
    newline = "" if fmt == "csv" else "\n"
    with atomic_text(path, newline=newline) as f:
        if fmt == "csv":
            from .tabular import write_csv

            write_csv(matrix, f)
        elif fmt == "json":
            from .tabular import write_json

            write_json(matrix, f)
        else:
            from .html import write_html

            write_html(matrix, f)
    links = sum(len(cells) for r in matrix.rows for cells in r.cells.values())
    return CompareReport(path, len(matrix.rows), len(matrix.columns), links, len(layers(project)))


def check_target(project, out, force: bool) -> Path:
    """The output file: its folder exists, it is none of the project's own files (the project, its -wal/-shm,
    journal, lock, backups) nor another SQLite database, and it exists only if ``force`` lets it be replaced."""
    from ...store.protect import protected_reason

    path = check_file_target(out)
    why = protected_reason(path, project.path)  # the store's guard: symlinks, hard links, case, backups, locks
    if why:
        raise ExportError(f"{path}: is one of the project's own files ({why}); choose another output file")
    if path.exists():
        if _is_sqlite(path):
            raise ExportError(f"{path}: is a database (perhaps a project); refusing to replace it")
        if not force:
            raise ExportError(f"{path}: already exists; pass --force to replace it")
    return path


def _is_sqlite(path: Path) -> bool:
    try:
        with open(path, "rb") as f:
            return f.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False
