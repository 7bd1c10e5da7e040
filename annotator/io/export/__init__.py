"""Exports of a project's documents and annotations.

    export(project, fmt, out, *, labels=None, status="accepted", dev_fraction=0.2, seed=0,
           split="none", doc_ids=None, progress=None) -> ExportReport

``out`` is a file for jsonl/doccano/csv/w3c (its folder must exist) and a folder for
spacy/brat (created if missing). ``status``: "accepted" (default) or "all" (every status,
rejected included; each exported span carries its status so a consumer can filter).
``progress(done, total, what)`` is called per document; if it raises, the export stops and
leaves no half-written file. Errors are ExportError (an AnnotatorError) with one-line messages.
"""

from __future__ import annotations

from importlib import import_module

from .output import guard, protecting
from .report import ExportError, ExportReport
from .selection import check_split, select

FORMATS = ("jsonl", "spacy", "doccano", "brat", "csv", "w3c")
_MODULES = {"jsonl": "prodigy", "spacy": "spacy_docbin", "doccano": "doccano", "brat": "brat",
            "csv": "csv_table", "w3c": "w3c"}
EXTENSIONS = {"jsonl": ".jsonl", "spacy": "", "doccano": ".jsonl", "brat": "", "csv": ".csv", "w3c": ".jsonld"}

__all__ = ["FORMATS", "EXTENSIONS", "export", "ExportReport", "ExportError"]


def export(project, fmt: str, out, *, labels=None, status: str = "accepted", dev_fraction: float = 0.2,
           seed: int = 0, split: str = "none", doc_ids=None, progress=None) -> ExportReport:
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    check_split(fmt, split)
    with protecting(project.path):  # no file of the project, its backups or lock can be an output
        guard(out)
        sel = select(project, labels=labels, status=status, doc_ids=doc_ids)
        module = import_module(f"{__name__}.{_MODULES[fmt]}")
        if fmt == "jsonl":
            return module.write(project, sel, out, split=split, progress=progress)
        if fmt == "spacy":
            return module.write(project, sel, out, dev_fraction=dev_fraction, seed=seed, progress=progress)
        return module.write(project, sel, out, progress=progress)
