"""Import files and folders into a project: parse everything first, then one add_documents call.

A file with any problem contributes nothing; the good files of a batch go into the project in one
transaction (one undo step). Problems, duplicates and anything else not imported are reported.
A document over ``max_chars`` characters (20 million by default) is a problem, found before a huge
file is read where its size alone shows it (see readers/limits.py). ``progress(done, total, what)`` is
called per file; ``cancel()`` is asked between files and documents: when it returns True the import
stops with ImportCancelled and nothing is saved.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..core.errors import AnnotatorError, InputError
from ..core.limits import MAX_TEXT_CHARS
from ..core.models import NewDocument
from ..core.text import sha256_text
from ..nlp.language import detect_language, tokenizer_note
from ..nlp.tokenize import token_blob
from .readers import SUPPORTED, ReadResult, reader_for
from .readers.limits import check_file_size, max_file_bytes

Progress = Callable[[int, int, str], None]
Cancel = Callable[[], bool]


class ImportCancelled(AnnotatorError):
    def __init__(self):
        super().__init__("import cancelled; nothing was imported")


POLICIES = ("error", "create", "skip")


@dataclass
class ImportReport:
    added: list[int] = field(default_factory=list)  # new document ids
    duplicates: list[str] = field(default_factory=list)  # "file: same text as document N (title)"
    problems: list[str] = field(default_factory=list)  # "file[:line]: reason"; such files imported nothing
    skipped_spans: list[str] = field(default_factory=list)
    created_labels: list[str] = field(default_factory=list)
    skipped_files: list[str] = field(default_factory=list)  # inside folders: hidden files, unsupported types
    skipped_records: list[str] = field(default_factory=list)  # JSONL lines answered reject/ignore, relations
    notes: list[str] = field(default_factory=list)  # e.g. a language tokenized by a fallback

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class Item:
    where: str  # the file, or file:line for JSONL records
    doc: NewDocument


def read_file(path, *, outlet: str | None = None, lang: str | None = None,
              max_chars: int = MAX_TEXT_CHARS) -> list[NewDocument]:
    """One file to tokenized NewDocuments (a .jsonl gives many). Raises InputError.
    ``lang`` sets every document's language; otherwise the file's own (JSONL "lang") or the detected one."""
    return _read(Path(path), outlet, lang, max_chars).docs


def _read(path: Path, outlet: str | None, lang: str | None = None, max_chars: int = MAX_TEXT_CHARS,
          cancel: Cancel | None = None, tokenize: bool = True) -> ReadResult:
    if not path.exists():
        raise InputError(path, "no such file")
    if path.is_dir():
        raise InputError(path, "is a folder, not a file")
    reader = reader_for(path)
    if reader is None:
        kind = f"'{path.suffix}'" if path.suffix else "(no extension)"
        raise InputError(path, f"unknown file type {kind}: supported are {', '.join(SUPPORTED)}")
    try:
        with open(path, "rb") as f:
            check_file_size(path, os.fstat(f.fileno()).st_size, max_chars)  # before reading a huge file
            cap = max_file_bytes(path, max_chars)
            data = f.read(cap + 1)  # a file that grows, or a pipe, is still read only up to the bound
            check_file_size(path, len(data), max_chars)
    except OSError as e:
        raise InputError(path, f"cannot read the file ({e.strerror or e})") from None
    try:
        result = reader(path, data, max_chars)
    except InputError:
        raise
    except Exception as e:  # a library failing on odd input must not reach the user as a traceback
        raise InputError(path, f"could not read the file ({type(e).__name__}: {e})") from None
    for doc in result.docs:
        _check_encodable(path, doc)
    del data
    changes = {"outlet": outlet} if outlet else {}
    docs = []
    for d in result.docs:
        if cancel is not None and cancel():
            raise ImportCancelled()
        code = lang or d.lang or detect_language(d.text)
        docs.append(replace(d, lang=code, tokens=token_blob(d.text, code) if tokenize else d.tokens, **changes))
    result.docs = docs
    return result


def _check_encodable(path: Path, doc: NewDocument) -> None:
    """Lone surrogates (from broken PDFs or escapes) cannot be stored: refuse them with a clear reason."""
    for name in ("text", "title", "outlet", "author", "published", "url"):
        try:
            getattr(doc, name).encode("utf-8")
        except UnicodeEncodeError as e:
            raise InputError(path, f"the {name} holds an invalid character (unpaired surrogate at {e.start})") from None


def import_paths(project, paths: Iterable, *, outlet: str | None = None, unknown_labels: str = "error",
                 progress: Progress | None = None, lang: str | None = None, cancel: Cancel | None = None,
                 max_chars: int = MAX_TEXT_CHARS) -> ImportReport:
    """Import files and folders (recursively). See the module docstring for the rules."""
    if unknown_labels not in POLICIES:
        raise ValueError(f"unknown_labels must be one of {POLICIES}, not {unknown_labels!r}")
    report = ImportReport()
    files = collect(paths, report)
    known = {label.name for label in project.labels()}
    items: list[Item] = []
    for done, path in enumerate(files):
        if cancel is not None and cancel():
            raise ImportCancelled()
        if progress:
            progress(done, len(files), str(path))
        try:
            result = _read(path, outlet, lang, max_chars, cancel)
        except InputError as e:
            report.problems.append(str(e))
            continue
        report.skipped_records.extend(result.notes)
        file_items = [Item(f"{path}:{line}" if line else str(path), doc) for doc, line in zip(result.docs, result.lines)]
        problems = check_offsets(file_items) or check_labels(file_items, known, unknown_labels, report)
        if problems:
            report.problems.extend(problems)
        else:
            items.extend(file_items)
    if cancel is not None and cancel():
        raise ImportCancelled()
    if progress:
        progress(len(files), len(files), "saving")
    add_items(project, items, report, unknown_labels)
    for code in sorted({item.doc.lang for item in items}):
        note = tokenizer_note(code)
        if note:
            report.notes.append(note)
    return report


def collect(paths: Iterable, report: ImportReport) -> list[Path]:
    """Files to read, in order: named files as given, folders walked recursively (sorted)."""
    files: list[Path] = []
    seen: set[Path] = set()

    def add(p: Path) -> None:
        key = p.resolve()
        if key not in seen:
            seen.add(key)
            files.append(p)

    for raw in paths:
        path = Path(raw)
        if not path.is_dir():
            add(path)  # missing or unsupported: _read reports it as a problem
            continue
        for folder, dirs, names in os.walk(path):
            hidden = sorted(d for d in dirs if d.startswith("."))
            report.skipped_files.extend(f"{Path(folder) / d}{os.sep} (hidden folder)" for d in hidden)
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(names):
                p = Path(folder) / name
                if name.startswith("."):
                    report.skipped_files.append(f"{p} (hidden file)")
                elif reader_for(p) is None:
                    report.skipped_files.append(f"{p} (unsupported type {p.suffix or 'without extension'})")
                else:
                    add(p)
    return files


def check_offsets(items: list[Item]) -> list[str]:
    """Every span inside its document's text (each reader checks its own input; this keeps a reader's slip
    a problem naming the file and line instead of an error that stops the whole import)."""
    for item in items:
        n = len(item.doc.text)
        for s in item.doc.spans:
            if not (0 <= s.start < s.end <= n):
                return [f"{item.where}: span {s.start}-{s.end} {s.label!r} does not fit the document's {n} characters"]
    return []


def check_labels(items: list[Item], known: set[str], policy: str, report: ImportReport) -> list[str]:
    """Apply the unknown-label policy to one file's items (in place). Returns problems ("error" policy)."""
    problems: dict[str, str] = {}
    for item in items:
        unknown = [s for s in item.doc.spans if s.label not in known]
        if not unknown or policy == "create":
            continue
        if policy == "skip":
            report.skipped_spans.extend(f"{item.where}: span {s.start}-{s.end} {s.label!r}: unknown label"
                                        for s in unknown)
            item.doc = replace(item.doc, spans=tuple(s for s in item.doc.spans if s.label in known))
            continue
        for s in unknown:
            problems.setdefault(s.label, f"{item.where}: unknown label {s.label!r} (the project has "
                                         f"{', '.join(sorted(known)) or 'no labels'}; use --unknown-labels "
                                         "create to add it or --unknown-labels skip to leave such spans out)")
    return list(problems.values())


def add_items(project, items: list[Item], report: ImportReport, unknown_labels: str = "error",
              description: str = "") -> None:
    """Skip duplicates (of the project or of the batch), then add the rest in one add_documents call."""
    batch: dict[str, str] = {}
    docs: list[NewDocument] = []
    for item in items:
        sha = sha256_text(item.doc.text)
        existing = project.backend.doc_id_by_sha(sha)
        if existing is not None:
            title = project.document(existing).title
            report.duplicates.append(f"{item.where}: same text as document {existing} ({title})")
        elif sha in batch:
            report.duplicates.append(f"{item.where}: same text as {batch[sha]}")
        else:
            batch[sha] = item.where
            docs.append(item.doc)
    if not docs:
        return
    result = project.add_documents(docs, unknown_labels="create" if unknown_labels == "create" else "error",
                                   description=description or f"Import {len(docs)} document(s)")
    report.added.extend(result.added)
    report.duplicates.extend(f"{where}: same text as document {doc_id}" for where, doc_id in result.duplicates)
    report.skipped_spans.extend(result.skipped_spans)
    report.created_labels.extend(result.created_labels)
