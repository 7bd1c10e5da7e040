"""Exports of a project's documents and annotations.

    export(project, fmt, out, *, labels=None, status="accepted", dev_fraction=0.2, seed=0,
           split="none", doc_ids=None, include_empty=False, force=False, progress=None) -> ExportReport

``out`` is a file for jsonl/doccano/csv/w3c (its folder must exist) and a folder for
spacy/brat (created if missing). ``status``: "accepted" (default) or "all" (every status,
rejected included; each exported span carries its status so a consumer can filter).
Documents with none of the exported spans are left out (counted in ``report.info["left_out_empty"]``)
unless ``include_empty``. A file the export would write that already exists (the jsonl links sidecar
and the files inside a spacy/brat folder included) is refused before anything is written unless
``force``; ``existing_outputs`` lists them so a dialog can ask first.
``progress(done, total, what)`` is called per document; if it raises, the export stops and
leaves no half-written file. Errors are ExportError (an AnnotatorError) with one-line messages.
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

from .output import existing, guard, protecting, refuse_existing
from .report import ExportError, ExportReport
from .selection import check_split, select

FORMATS = ("jsonl", "spacy", "doccano", "brat", "csv", "w3c")
_MODULES = {"jsonl": "prodigy", "spacy": "spacy_docbin", "doccano": "doccano", "brat": "brat",
            "csv": "csv_table", "w3c": "w3c"}
EXTENSIONS = {"jsonl": ".jsonl", "spacy": "", "doccano": ".jsonl", "brat": "", "csv": ".csv", "w3c": ".jsonld"}

__all__ = ["FORMATS", "EXTENSIONS", "export", "existing_outputs", "ExportReport", "ExportError"]


def _module(fmt: str):
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    return import_module(f"{__name__}.{_MODULES[fmt]}")


def existing_outputs(project, fmt: str, out, *, labels=None, status: str = "accepted", doc_ids=None,
                     include_empty: bool = False, **_ignored) -> list[Path]:
    """Files this export would write that exist already (what a dialog asks about before replacing)."""
    sel = select(project, labels=labels, status=status, doc_ids=doc_ids, include_empty=include_empty)
    return existing(_module(fmt).targets(project, sel, Path(out)))


def export(project, fmt: str, out, *, labels=None, status: str = "accepted", dev_fraction: float = 0.2,
           seed: int = 0, split: str = "none", doc_ids=None, include_empty: bool = False, force: bool = False,
           progress=None) -> ExportReport:
    module = _module(fmt)
    check_split(fmt, split)
    with protecting(project.path):  # no file of the project, its backups or lock can be an output
        guard(out)
        sel = select(project, labels=labels, status=status, doc_ids=doc_ids, include_empty=include_empty)
        targets = list(module.targets(project, sel, Path(out)))
        for target in targets:  # every file it would write, checked before anything is written
            guard(target)
        refuse_existing(targets, force)
        if fmt == "jsonl":
            report = module.write(project, sel, out, split=split, progress=progress)
        elif fmt == "spacy":
            report = module.write(project, sel, out, dev_fraction=dev_fraction, seed=seed, progress=progress)
        else:
            report = module.write(project, sel, out, progress=progress)
    if sel.left_out_empty:
        report.info["left_out_empty"] = sel.left_out_empty
    return report
