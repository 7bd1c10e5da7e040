"""The sample corpus: seeds/*.txt with the metadata written in seeds/manifest.json."""

from __future__ import annotations

import base64
import json
import zlib
from dataclasses import replace
from importlib import metadata

from ..core.errors import InputError
from ..core.resources import seeds_dir
from ..core.text import sha256_text
from .importer import ImportReport, Item, _read, add_items

FIELDS = ("title", "outlet", "author", "published", "url")
# The sample's spaCy token boundaries, computed once and shipped (seeds/tokens.json): a first launch
# then builds the sample project without importing spaCy (~2 s on an idle laptop, far more on a busy one).
# Used only when the spaCy version, the text and its language all match; otherwise tokenized as usual.
TOKENS_FILE = "tokens.json"


def _spacy_version() -> str:
    try:
        return metadata.version("spacy")
    except metadata.PackageNotFoundError:
        return ""


def shipped_tokens() -> dict:
    """{file: (sha256 of the text, lang, token blob)} when seeds/tokens.json was made with this spaCy."""
    try:
        data = json.loads((seeds_dir() / TOKENS_FILE).read_text(encoding="utf-8"))
        if data.get("spacy") != _spacy_version() or not data.get("spacy"):
            return {}
        return {name: (e["sha256"], e["lang"], zlib.decompress(base64.b64decode(e["tokens"])))
                for name, e in data["files"].items()}
    except (OSError, ValueError, KeyError, TypeError, zlib.error):
        return {}


def write_shipped_tokens() -> str:
    """Write seeds/tokens.json for the installed spaCy (run after changing the seeds or upgrading spaCy)."""
    from ..nlp.tokenize import token_blob

    files = {}
    for entry in manifest():
        (doc,) = _read(seeds_dir() / entry["file"], None, tokenize=False).docs
        blob = token_blob(doc.text, doc.lang)
        files[entry["file"]] = {"sha256": sha256_text(doc.text), "lang": doc.lang,
                                "tokens": base64.b64encode(zlib.compress(blob, 9)).decode("ascii")}
    path = seeds_dir() / TOKENS_FILE
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps({"spacy": _spacy_version(), "files": files}, indent=1) + "\n", encoding="utf-8")
    tmp.replace(path)
    return str(path)


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
    cached = shipped_tokens()
    for entry in manifest():
        path = seeds_dir() / entry["file"]
        hit = cached.get(entry["file"])
        try:  # the shipped language too: no language-id model to load on a first launch
            (doc,) = _read(path, None, lang=hit[1] if hit else None, tokenize=False).docs
        except InputError as e:
            report.problems.append(str(e))
            continue
        if hit and hit[0] == sha256_text(doc.text):
            doc = replace(doc, tokens=hit[2])
        else:
            from ..nlp.tokenize import token_blob

            doc = replace(doc, tokens=token_blob(doc.text, doc.lang))
        fields = {k: str(entry.get(k) or "") for k in FIELDS}
        fields["title"] = fields["title"] or doc.title
        meta = {"sample": True, **({"date_note": entry["date_note"]} if entry.get("date_note") else {})}
        items.append(Item(str(path), replace(doc, source_file=entry["file"], meta=meta, **fields)))
    add_items(project, items, report, description="Import the sample corpus")
    return report


if __name__ == "__main__":  # python -m annotator.io.sample: refresh seeds/tokens.json
    print(f"wrote {write_shipped_tokens()}")
