"""The sample corpus: five seed files imported with the metadata of seeds/manifest.json."""

import json
import re
import shutil

import pytest

from annotator.core import resources
from annotator.io.sample import import_sample, manifest

SEEDS = resources.seeds_dir()


def test_manifest_lists_every_seed_file_with_complete_metadata():
    entries = json.loads((SEEDS / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(e["file"] for e in entries) == sorted(p.name for p in SEEDS.glob("*.txt"))
    for e in entries:
        assert set(e) >= {"file", "title", "outlet", "author", "published", "url"}
        assert e["title"] and e["outlet"]
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", e["published"])


def test_import_sample_gives_five_documents_with_manifest_metadata(project):
    report = import_sample(project)
    assert report.ok and len(report.added) == 5
    by_file = {e["file"]: e for e in manifest()}
    for doc_id in report.added:
        doc = project.document(doc_id)
        e = by_file[doc.source_file]
        assert (doc.title, doc.outlet, doc.author, doc.published, doc.url) == (
            e["title"], e["outlet"], e["author"], e["published"], e["url"])
        assert doc.text == (SEEDS / doc.source_file).read_text(encoding="utf-8").replace("\r\n", "\n")
        assert doc.meta["sample"] is True
        assert project.tokens(doc_id)  # spaCy tokens stored at import
    assert {project.document(i).outlet for i in report.added} >= {"Global Research", "bne IntelliNews"}
    # one undo step; importing again only reports duplicates
    again = import_sample(project)
    assert again.added == [] and len(again.duplicates) == 5
    project.undo()
    assert project.documents() == []


def test_sample_with_a_missing_seed_reports_it(tmp_path, project, monkeypatch):
    copy = tmp_path / "seeds"
    shutil.copytree(SEEDS, copy)
    (copy / manifest()[0]["file"]).unlink()
    monkeypatch.setattr("annotator.io.sample.seeds_dir", lambda: copy)
    report = import_sample(project)
    assert len(report.added) == 4 and len(report.problems) == 1 and "no such file" in report.problems[0]


def test_missing_or_broken_manifest_is_a_clear_error(tmp_path, monkeypatch):
    from annotator.core.errors import InputError

    monkeypatch.setattr("annotator.io.sample.seeds_dir", lambda: tmp_path)
    with pytest.raises(InputError, match="sample corpus is missing"):
        manifest()
    (tmp_path / "manifest.json").write_text('{"file": "x"}', encoding="utf-8")
    with pytest.raises(InputError, match="must be a list"):
        manifest()


def test_shipped_sample_tokens_are_what_spacy_gives_today():
    """seeds/tokens.json must be current: if this fails, run `python -m annotator.io.sample`."""
    from annotator.core.resources import seeds_dir
    from annotator.io.importer import read_file
    from annotator.io.sample import manifest, shipped_tokens

    cached = shipped_tokens()
    assert cached, "seeds/tokens.json is missing or was made with another spaCy version"
    for entry in manifest():
        (doc,) = read_file(seeds_dir() / entry["file"])  # tokenized by spaCy now
        sha, lang, blob = cached[entry["file"]]
        assert (lang, blob) == (doc.lang, doc.tokens), entry["file"]


def test_first_sample_import_needs_no_spacy_and_matches_a_fresh_tokenization(tmp_path):
    import os
    import subprocess
    import sys

    from conftest import ROOT

    code = ("import sys\nfrom annotator.store import create_project\nfrom annotator.io.sample import import_sample\n"
            f"p = create_project({str(tmp_path / 's.annotator')!r})\nr = import_sample(p)\n"
            "print(len(r.added), r.problems, 'spacy' in sys.modules, 'fasttext' in sys.modules)\n")
    env = dict(os.environ, PYTHONPATH=str(ROOT), ANNOTATOR_HOME=str(tmp_path / "home"))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert out.stdout.split() == ["5", "[]", "False", "False"], out.stdout + out.stderr  # no spaCy, no language-id


def test_stale_shipped_tokens_are_ignored(project, monkeypatch):
    from annotator.core.text import unpack_tokens
    from annotator.io import sample
    from annotator.nlp.tokenize import token_blob

    monkeypatch.setattr(sample, "_spacy_version", lambda: "0.0.1")  # tokens.json made with another spaCy
    assert sample.shipped_tokens() == {}
    report = sample.import_sample(project)
    assert len(report.added) == 5
    for doc_id in report.added:
        doc = project.document(doc_id)
        assert [tuple(t) for t in project.tokens(doc_id)] == list(unpack_tokens(token_blob(doc.text, doc.lang)))
