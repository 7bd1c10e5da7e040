"""The sample corpus: seeds/*.txt with the metadata written in seeds/manifest.json."""

from __future__ import annotations

import json
from dataclasses import replace

from ..core.errors import InputError
from ..core.resources import seeds_dir
from .importer import ImportReport, Item, add_items, read_file

FIELDS = ("title", "outlet", "author", "published", "url")


def manifest() -> list[dict]:
    path = seeds_dir() / "manifest.json"
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(path, "no such file (the sample corpus is missing from this installation)") from None
    except (OSError, ValueError) as e:
        raise InputError(path, f"cannot read the sample manifest ({e})") from None
    if not isinstance(entries, list) or not all(isinstance(e, dict) and "file" in e for e in entries):
        raise InputError(path, 'the manifest must be a list of objects with a "file" key')
    return entries


def import_sample(project) -> ImportReport:
    """Import the five sample documents with their manifest metadata, in one undo step."""
    report = ImportReport()
    items = []
    for entry in manifest():
        path = seeds_dir() / entry["file"]
        try:
            (doc,) = read_file(path)
        except InputError as e:
            report.problems.append(str(e))
            continue
        fields = {k: str(entry.get(k) or "") for k in FIELDS}
        fields["title"] = fields["title"] or doc.title
        meta = {"sample": True, **({"date_note": entry["date_note"]} if entry.get("date_note") else {})}
        items.append(Item(str(path), replace(doc, source_file=entry["file"], meta=meta, **fields)))
    add_items(project, items, report, description="Import the sample corpus")
    return report
