"""The hand-made trace evaluation set (tests/data/align_eval.jsonl) agrees with the seeds it was made from, and
with the snippets in align_eval_pairs.py it was written from."""

import importlib.util
import json
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def rows():
    return [json.loads(line) for line in (DATA / "align_eval.jsonl").read_text(encoding="utf-8").splitlines()]


def test_offsets_and_texts_match_the_seeds():
    data = rows()
    assert len(data) >= 100 and len({r["id"] for r in data}) == len(data)
    texts = {}
    for r in data:
        for name in (r["retelling_file"], r["source_file"]):
            texts.setdefault(name, (SEEDS / name).read_text(encoding="utf-8"))
        assert texts[r["retelling_file"]][r["start"]:r["end"]] == r["text"], r["id"]
        assert r["sources"], r["id"]
        for s in r["sources"]:
            assert texts[r["source_file"]][s["start"]:s["end"]] == s["text"], r["id"]
        assert r["relation"] in ("quotes", "paraphrases", "distorts")
        assert r["set"] in ("tuned", "heldout")
    sets = {r["set"]: r["retelling_file"] for r in data}
    # held out: another outlet's article, never the one tuned on
    assert {r["retelling_file"] for r in data if r["set"] == "heldout"} == {sets["heldout"]} != {sets["tuned"]}
    assert sum(r["relation"] == "distorts" for r in data if r["set"] == "heldout") >= 3


def test_jsonl_is_what_the_snippet_file_builds():
    spec = importlib.util.spec_from_file_location("align_eval_pairs", DATA / "align_eval_pairs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.build() == rows()
