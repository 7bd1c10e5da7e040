"""Extractor-loop figures on the sample corpus (run: python bench/loop.py [--steps N]).

Builds a project from seeds/*.txt, accepts the default rules' QUOTE and FIGURE suggestions plus the
hand spans in tests/data/seed_spans.jsonl (all four labels, long quotes and claims), trains a model
from nothing, and prints: training wall time, model suggestion throughput on ~1 MB of text (beside
the blank tokenizer's throughput on the same text as a floor), per-label P/R/F on the held-out
documents, and how many long (>= 10 token) gold spans the model found.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def build_project(folder: Path):
    from annotator.io.sample import import_sample
    from annotator.nlp.fixtures import load_seed_spans
    from annotator.store import create_project

    project = create_project(folder / "bench.annotator")
    import_sample(project)
    load_seed_spans(project)
    return project


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, default=600)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-loop-"))
    os.environ.setdefault("ANNOTATOR_HOME", str(tmp / "home"))
    from annotator.nlp.model import load_model, predict
    from annotator.nlp.tokenize import make_doc
    from annotator.nlp.train import train

    t0 = time.perf_counter()
    project = build_project(tmp)
    stats = project.stats()
    print(f"corpus: {stats['documents']} documents, {stats['characters']:,} characters; accepted spans: "
          + ", ".join(f"{l} {v['accepted']}" for l, v in stats["by_label"].items())
          + f"  (setup {time.perf_counter() - t0:.1f} s)")

    t0 = time.perf_counter()
    info = train(project, max_steps=args.steps, seed=args.seed)
    wall = time.perf_counter() - t0
    print(f"training: {wall:.1f} s wall for {info.data['steps']} steps on {os.cpu_count()} cores "
          f"(goal: first model < 300 s); train docs {info.data['train_doc_ids']}, held-out {info.data['dev_doc_ids']}")

    nlp = load_model(info.path)
    base = "\n\n".join(project.document(d.id).text for d in project.documents())
    text = (base + "\n\n") * (1_000_000 // (len(base) + 2) + 1)
    text = text[:1_000_000]
    t0 = time.perf_counter()
    make_doc(text[:900_000])
    tok = time.perf_counter() - t0
    t0 = time.perf_counter()
    found = predict(nlp, text, 0.5)
    pred = time.perf_counter() - t0
    print(f"model suggestions on {len(text):,} chars: {pred:.1f} s = {len(text) / pred:,.0f} chars/s, "
          f"{len(found)} spans (floor: blank tokenizer alone {900_000 / tok:,.0f} chars/s)")

    m = info.metrics
    print(f"\nheld-out documents {m['doc_ids']} (threshold 0.5)")
    print(f"{'label':<9}{'P':>7}{'R':>7}{'F':>7}{'tokP':>7}{'tokR':>7}{'tokF':>7}{'gold':>6}{'pred':>6}  long gold found (exact / >=half)")
    for label, ex in m["exact"].items():
        ov, lg = m["overlap"][label], m["long"][label]
        print(f"{label:<9}{ex['p']:>7.3f}{ex['r']:>7.3f}{ex['f']:>7.3f}{ov['p']:>7.3f}{ov['r']:>7.3f}{ov['f']:>7.3f}"
              f"{ex['gold']:>6}{ex['pred']:>6}  {lg['exact']}/{lg['gold']} / {lg['half_overlap']}/{lg['gold']}")
    total = sum(v["gold"] for v in m["long"].values())
    print(f"long (>= 10 token) gold spans found: {sum(v['exact'] for v in m['long'].values())}/{total} exactly, "
          f"{sum(v['half_overlap'] for v in m['long'].values())}/{total} with >= half their tokens")
    project.close()


if __name__ == "__main__":
    main()
