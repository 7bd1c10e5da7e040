"""Annotated JSONL: Prodigy (``spans``, ``meta``, ``answer``) and doccano (``label`` triples or ``entities``).

Our own jsonl export is Prodigy-shaped (meta: doc_id, title, outlet, author, date, url; spans with id and
note), so export -> import -> export round-trips. Offsets refer to the text as written in the file and
are moved with it when newlines are normalised.
"""

from __future__ import annotations

import json
from pathlib import Path

from ...core.errors import InputError
from ...core.limits import MAX_TEXT_CHARS
from ...core.models import NewDocument, NewLink, NewSpan, Origin, Status
from .base import ReadResult, clean, clean_author, title_from_text
from .decode import decode_raw
from .limits import check_text
from .remap import normalize_with_map

# Keys that are annotation machinery, not document metadata (doccano puts metadata at the top level).
_MACHINERY = {"text", "spans", "tokens", "meta", "label", "labels", "entities", "relations", "answer", "id",
              "_input_hash", "_task_hash", "_view_id", "_session_id", "_timestamp", "_annotator_id",
              "label_meta", "accept", "options", "html", "audio", "image"}
_FIELDS = {"title": "title", "outlet": "outlet", "author": "author", "date": "published",
           "published": "published", "url": "url", "lang": "lang"}
SKIP_ANSWERS = ("reject", "ignore")


def read(path: Path, data: bytes, max_chars: int = MAX_TEXT_CHARS) -> ReadResult:
    content = decode_raw(path, data)
    if content.startswith("\ufeff"):
        content = content[1:]
    result = ReadResult()
    records = 0
    for number, line in enumerate(content.split("\n"), start=1):  # not splitlines(): U+2028 may sit in a string
        if not line.strip():
            continue
        records += 1
        try:
            record = json.loads(line)
        except json.JSONDecodeError as e:
            raise InputError(path, f"not valid JSON: {e.msg} (column {e.colno})", number) from None
        if "\\ud" in line.lower():  # a \uXXXX escape may encode half of a surrogate pair
            _check_surrogates(path, number, record)
        _record(path, number, record, result, max_chars)
    if not records:
        raise InputError(path, "empty file")
    return result


def _record(path: Path, line: int, record, result: ReadResult, max_chars: int = MAX_TEXT_CHARS) -> None:
    def fail(message: str):
        raise InputError(path, message, line)

    if not isinstance(record, dict):
        fail(f"each line must be a JSON object, not {type(record).__name__}")
    if isinstance(record.get("label"), str) and "start" in record and "end" in record and "spans" not in record:
        fail('this line is one span (start, end, label), not a document: each line needs a document\'s "text" '
             'with its "spans" (Prodigy) or "label": [[start, end, label], ...] (doccano); the sample corpus\'s '
             'seed spans load with `annotator seed-spans PROJECT`')
    raw = record.get("text")
    if not isinstance(raw, str):
        fail('missing "text" (a string)')
    check_text(path, len(raw), max_chars, line)
    answer = record.get("answer")
    if answer in SKIP_ANSWERS:
        result.notes.append(f"{path.name}:{line}: record not imported (answer is {answer!r})")
        return
    text, move = normalize_with_map(raw)
    if not text.strip():
        fail('"text" is empty')
    spans = []
    by_key: dict[tuple, int] = {}  # (raw start, raw end, label) -> index in spans
    for n, (start, end, label, note, status) in enumerate(_raw_spans(record, fail), start=1):
        what = f"span {n} ({start}-{end} {label})"
        raw_start, raw_end = start, end
        if not (0 <= start < end <= len(raw)):
            kind = "reversed" if start > end else "empty" if start == end else "out of range"
            fail(f"{what} is {kind} (the text has {len(raw)} characters)")
        if move is not None:
            start, end = move(start), move(end)
            if start >= end:
                fail(f"{what} covers only characters removed in normalisation")
        by_key[(raw_start, raw_end, label)] = len(spans)
        spans.append(NewSpan(start, end, label, note=note, origin=Origin.IMPORT, status=status))
    meta_in = record.get("meta") if isinstance(record.get("meta"), dict) else {}
    fields, extra = _metadata(record, meta_in)
    links = _relations(record, by_key, path, line, result)
    lang = fields.pop("lang", "") or ""  # none given: detected from the text
    doc = NewDocument(text=text, title=fields.pop("title", "") or title_from_text(text, path), lang=lang,
                      source_file=f"{path.name}:{line}", meta=extra, spans=tuple(spans), links=tuple(links),
                      **fields)
    result.add(doc, line)


def _relations(record: dict, by_key: dict, path: Path, line: int, result: ReadResult) -> list[NewLink]:
    """Prodigy relations whose head_span and child_span are among the record's spans, as links."""
    relations = record.get("relations")
    if not isinstance(relations, list):
        return []
    links = []
    for n, rel in enumerate(relations, start=1):
        ends = []
        if isinstance(rel, dict):
            for key in ("head_span", "child_span"):
                sp = rel.get(key)
                if isinstance(sp, dict):
                    ends.append(by_key.get((sp.get("start"), sp.get("end"), sp.get("label"))))
        kind = rel.get("label") if isinstance(rel, dict) else None
        if len(ends) != 2 or None in ends or not isinstance(kind, str) or not kind:
            result.notes.append(f"{path.name}:{line}: relation {n} not imported "
                                "(it needs a label and head_span/child_span matching spans of the record)")
            continue
        note = rel.get("note") if isinstance(rel.get("note"), str) else ""
        status = rel.get("status") if rel.get("status") in Status.ALL else Status.ACCEPTED
        links.append(NewLink(ends[0], ends[1], kind, note, status))
    return links


def _raw_spans(record: dict, fail):
    """(start, end, label, note, status) of every span in Prodigy or doccano form, types checked.

    Status is accepted unless the span says otherwise (our own ``--status all`` exports do).
    """
    found = []
    if "spans" in record and record["spans"] is not None:
        items = record["spans"]
        if not isinstance(items, list):
            fail('"spans" must be a list')
        for item in items:
            if not isinstance(item, dict):
                fail('each item of "spans" must be an object with start, end and label')
            found.append((item.get("start"), item.get("end"), item.get("label"), item.get("note"), item.get("status")))
    if "entities" in record and record["entities"] is not None:
        items = record["entities"]
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            fail('"entities" must be a list of objects with start_offset, end_offset and label')
        for item in items:
            found.append((item.get("start_offset", item.get("start")), item.get("end_offset", item.get("end")),
                          item.get("label"), item.get("note"), item.get("status")))
    for key in ("label", "labels"):
        items = record.get(key)
        if items is None or _categories(items):
            continue
        if not isinstance(items, list) or not all(isinstance(i, (list, tuple)) and len(i) == 3 for i in items):
            fail(f'"{key}" must be a list of [start, end, label] triples')
        extra = record.get("label_meta") if key == "label" else None  # our doccano export: id, status, note
        if not (isinstance(extra, list) and len(extra) == len(items) and all(isinstance(x, dict) for x in extra)):
            extra = [{}] * len(items)
        found.extend((s, e, lab, x.get("note"), x.get("status")) for (s, e, lab), x in zip(items, extra))
    for start, end, label, note, status in found:
        if not (_is_int(start) and _is_int(end)):
            fail(f"span offsets must be whole numbers, not {start!r} and {end!r}")
        if not isinstance(label, str) or not label.strip():
            fail(f"span {start}-{end} has no label")
        if note is not None and not isinstance(note, str):
            fail(f"span {start}-{end}: note must be a string")
        if status is not None and status not in Status.ALL:
            fail(f"span {start}-{end}: unknown status {status!r} (use one of {', '.join(Status.ALL)})")
        yield start, end, label.strip(), note or "", status or Status.ACCEPTED


def _categories(items) -> bool:
    """doccano text-classification labels (a list of strings) are kept as document metadata."""
    return isinstance(items, list) and bool(items) and all(isinstance(i, str) for i in items)


def _check_surrogates(path: Path, line: int, record) -> None:
    try:
        json.dumps(record, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as e:
        bad = e.object[e.start:e.end]
        raise InputError(path, f"unpaired surrogate escape \\u{ord(bad[0]):04x} (not a character; fix the "
                               "exporting tool or replace it)", line) from None


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _metadata(record: dict, meta_in: dict) -> tuple[dict, dict]:
    fields: dict[str, str] = {}
    extra: dict = {}
    top = {k: v for k, v in record.items() if k not in _MACHINERY}  # doccano: metadata at the top level
    for source in (top, meta_in):  # meta wins over top-level keys
        for key, value in source.items():
            if key in _FIELDS:
                if value not in (None, ""):
                    fields[_FIELDS[key]] = clean_author(value) if _FIELDS[key] == "author" else clean(value)
            elif key != "doc_id" and value not in (None, "", [], {}):  # ids belong to the exporting project
                extra[key] = value
    for key in ("label", "labels"):
        if _categories(record.get(key)):
            extra["categories"] = list(record[key])
    return fields, extra
