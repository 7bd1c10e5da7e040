"""Core/store benchmarks, each beside a floor measured in the same run (not a test).

    /work/venv/bin/python bench/core.py [--quick] [--runs 5]

Every benchmark runs --runs times (>= 5), the measured run and its floor interleaved; the table shows the
median over the runs and [min-max] across them (a shared machine moves single runs by 2x).

a) import 1,000 documents of ~5 KB: spaCy tokens (token_blob) + Project.add_documents (sha256, duplicate
   check, token rows, FTS5 index by trigger, one transaction, undo record) vs the same work minus the app:
   sha256 of each text, spaCy blank tokenization packed as int32 pairs, and raw SQL inserting the
   documents and token rows into the same tables with the same FTS5 index and trigger. Goal <= 2x.
b) export 100k spans to jsonl via annotator.io.export vs json.dumps + write of the same records. Goal <= 1.5x.
c) 10k single-span adds through Project.add_span, each its own transaction, on disk: median and p95 ms.
   Goal p95 <= 2 ms. Measured with the store's own setting (synchronous=NORMAL) and, for comparison only,
   with synchronous=FULL set on the bench's connection; the floor is a raw one-row INSERT + COMMIT.
"""

from __future__ import annotations

import gc
import hashlib
import json
import random
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from annotator.core import NewDocument, NewSpan  # noqa: E402
from annotator.core.text import sha256_text  # noqa: E402
from annotator.store import create_project  # noqa: E402

QUICK = "--quick" in sys.argv
RUNS = max(5, int(sys.argv[sys.argv.index("--runs") + 1])) if "--runs" in sys.argv else 5
N_DOCS = 200 if QUICK else 1000
N_SPANS = 20_000 if QUICK else 100_000
N_ADDS = 1000 if QUICK else 10_000
OUTLETS = ["Daily Ledger", "Morning Post", "The Courier", "Evening Star", "Wire Service"]
rows_out: list[tuple] = []


def timed(fn, *args, **kwargs):
    gc.collect()
    t = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - t, result


def spread(values: list[float], fmt: str = "{:.3f}") -> str:
    """median [min-max]"""
    return f"{fmt.format(statistics.median(values))} [{fmt.format(min(values))}-{fmt.format(max(values))}]"


def report(name: str, values: list[float], floors: list[float], goal_ratio: float, unit: str = "s") -> None:
    ratios = [v / f for v, f in zip(values, floors)]
    ratio = statistics.median(ratios)
    rows_out.append((name, spread(values) + f" {unit}", spread(floors) + f" {unit}", spread(ratios, "{:.2f}") + "x",
                     f"<= {goal_ratio}x", "goal met" if ratio <= goal_ratio else "NOT met"))


def print_table() -> None:
    head = ("benchmark", "measured", "floor", "ratio", "goal", "")
    widths = [max(len(str(r[i])) for r in rows_out + [head]) for i in range(len(head))]
    line = lambda r: "  ".join(str(c).ljust(w) for c, w in zip(r, widths))  # noqa: E731
    print(line(head))
    print("  ".join("-" * w for w in widths))
    for r in rows_out:
        print(line(r))


# -- data ------------------------------------------------------------------------------------

def sentences() -> list[str]:
    out = []
    for f in sorted((ROOT / "seeds").glob("*.txt")):
        text = f.read_text(encoding="utf-8")
        out.extend(s.strip() for s in re.split(r"(?<=[.!?\u201d])\s+", text) if len(s.strip()) > 20)
    return out


def make_texts(n: int, size: int = 5000) -> list[str]:
    pool = sentences()
    texts = []
    for i in range(n):
        rng = random.Random(i)
        paras, para, length = [], [f"Report {i} from {OUTLETS[i % len(OUTLETS)]}."], 0
        while length < size:
            s = rng.choice(pool)
            para.append(s)
            length += len(s) + 1
            if len(para) >= rng.randint(3, 6):
                paras.append(" ".join(para))
                para = []
        if para:
            paras.append(" ".join(para))
        texts.append("\n\n".join(paras))
    return texts


# -- a) import -------------------------------------------------------------------------------

def bench_import(tmp: Path, texts: list[str]):
    from annotator.nlp.tokenize import blank, token_blob

    nlp = blank("en")
    for t in texts:  # warm the vocabulary once, so neither side pays for first-seen words
        nlp.make_doc(t)

    parts: dict[str, float] = {}

    def real(name):
        project = create_project(tmp / f"{name}.annotator")
        t = time.perf_counter()
        docs = [NewDocument(text, title=f"Doc {i}", outlet=OUTLETS[i % len(OUTLETS)], source_file=f"doc{i}.txt",
                            tokens=token_blob(text)) for i, text in enumerate(texts)]
        parts["tokenize"] = time.perf_counter() - t
        t = time.perf_counter()
        result = project.add_documents(docs)
        parts["add_documents"] = time.perf_counter() - t
        assert len(result.added) == len(texts), result.duplicates[:3]
        return project

    from annotator.store.schema import _FTS, _M001

    import numpy as np
    from spacy.attrs import IDX, LENGTH

    stamp = "2024-01-01T00:00:00.000+00:00"
    schema = [sql for sql in _M001 if "documents (" in sql or "doc_tokens (" in sql] + list(_FTS)

    def floor(name):
        t = time.perf_counter()
        shas = [hashlib.sha256(text.encode("utf-8")).hexdigest() for text in texts]
        blobs = []
        for text in texts:
            pairs = nlp.make_doc(text).to_array([IDX, LENGTH]).astype(np.int32)
            pairs[:, 1] += pairs[:, 0]
            blobs.append(pairs.tobytes())
        parts["floor sha256 + tokens"] = time.perf_counter() - t
        t = time.perf_counter()
        conn = sqlite3.connect(tmp / f"{name}.db", isolation_level=None)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        for sql in schema:  # the project's documents and doc_tokens tables, FTS5 index and its triggers
            conn.execute(sql)
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO documents (text, title, outlet, source_file, sha256, created, updated) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?)",
                         [(text, f"Doc {i}", OUTLETS[i % len(OUTLETS)], f"doc{i}.txt", shas[i], stamp, stamp)
                          for i, text in enumerate(texts)])
        conn.executemany("INSERT INTO doc_tokens (doc_id, data) VALUES (?, ?)",
                         [(i + 1, blob) for i, blob in enumerate(blobs)])
        conn.execute("COMMIT")
        conn.close()
        parts["floor SQL + FTS"] = time.perf_counter() - t

    times, floors = [], []
    project = None
    all_parts: dict[str, list[float]] = {}
    for run in range(RUNS):
        floors.append(timed(floor, f"floor{run}")[0])
        if project is not None:
            project.close()
        t, project = timed(real, f"import{run}")
        times.append(t)
        for k, v in parts.items():
            all_parts.setdefault(k, []).append(v)
    report(f"a) import {len(texts)} docs (~5 KB)", times, floors, 2.0)
    print(f"   a) parts (median of {RUNS}): " + ", ".join(f"{k} {statistics.median(v):.2f} s" for k, v in all_parts.items()))
    return project


# -- b) export -------------------------------------------------------------------------------

def add_export_spans(project, n_spans: int) -> int:
    labels = ["QUOTE", "CLAIM", "FIGURE", "FRAMING"]
    docs = project.documents()
    per_doc = n_spans // len(docs)
    total = 0
    for d in docs:
        toks = [t for t in project.tokens(d.id)]
        text = project.document(d.id).text
        toks = [t for t in toks if not text[t[0]:t[1]].isspace()]
        rng = random.Random(d.id)
        seen, spans = set(), []
        while len(spans) < per_doc:
            i = rng.randrange(len(toks))
            j = min(len(toks) - 1, i + rng.randint(0, 8))
            key = (toks[i][0], toks[j][1], rng.choice(labels))
            if key not in seen:
                seen.add(key)
                spans.append(NewSpan(key[0], key[1], key[2], note="n" if rng.random() < 0.1 else ""))
        project.add_spans(d.id, spans)
        total += len(spans)
    project.stack.clear()
    return total


def bench_export(tmp: Path, project, n_spans: int) -> None:
    try:
        from annotator.io.export import export
    except ImportError as e:  # pragma: no cover - written concurrently by another helper
        print(f"b) export: skipped ({e})")
        return
    total = add_export_spans(project, n_spans)
    out = tmp / "export.jsonl"
    export(project, "jsonl", out, force=True)
    with open(out, encoding="utf-8") as f:
        records = [json.loads(line) for line in f]
    assert sum(len(r["spans"]) for r in records) == total, "export lost spans"

    def floor():
        with open(tmp / "floor.jsonl", "w", encoding="utf-8") as f:
            for r in records:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")

    times, floors = [], []
    for run in range(RUNS):
        floors.append(timed(floor)[0])
        times.append(timed(export, project, "jsonl", out, force=True)[0])
    report(f"b) export {total // 1000}k spans to jsonl", times, floors, 1.5)


# -- c) single adds --------------------------------------------------------------------------

def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def single_adds(tmp: Path, name: str, n: int, synchronous: str | None) -> tuple[list[float], str]:
    project = create_project(tmp / f"{name}.annotator")
    text = "word " * (n // 2 + 10)
    doc = project.add_documents([NewDocument(text, title="adds")]).added[0]
    if synchronous:
        project.backend.conn.execute(f"PRAGMA synchronous = {synchronous}")
    mode = project.backend.conn.execute("PRAGMA synchronous").fetchone()[0]
    times = []
    labels = ("CLAIM", "QUOTE")
    for i in range(n):
        t = time.perf_counter()
        project.add_span(doc, i // 2, i // 2 + 3, labels[i % 2])
        times.append((time.perf_counter() - t) * 1000)
    assert len(project.spans(doc)) == n
    project.close()
    return times, {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}[mode]


def raw_adds(tmp: Path, name: str, n: int, synchronous: str) -> list[float]:
    conn = sqlite3.connect(tmp / f"{name}.db", isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute(f"PRAGMA synchronous = {synchronous}")
    conn.execute('CREATE TABLE spans (id INTEGER PRIMARY KEY, doc_id, start, "end", label_id, created)')
    times = []
    for i in range(n):
        t = time.perf_counter()
        conn.execute("BEGIN")
        conn.execute('INSERT INTO spans (doc_id, start, "end", label_id, created) VALUES (1, ?, ?, ?, ?)',
                     (i // 2, i // 2 + 3, i % 2, "2024-01-01"))
        conn.execute("COMMIT")
        times.append((time.perf_counter() - t) * 1000)
    conn.close()
    return times


def bench_adds(tmp: Path, n: int) -> None:
    gc.collect()
    for sync in (None, "FULL"):
        meds, p95s, fmeds, fp95s, mode = [], [], [], [], ""
        for run in range(RUNS):
            times, mode = single_adds(tmp, f"adds_{sync}_{run}", n, sync)
            floor = raw_adds(tmp, f"raw_{mode}_{run}", n, mode)
            meds.append(statistics.median(times))
            p95s.append(percentile(times, 0.95))
            fmeds.append(statistics.median(floor))
            fp95s.append(percentile(floor, 0.95))
        tag = "store setting" if sync is None else "comparison only"
        ratios = [a / b for a, b in zip(p95s, fp95s)]
        rows_out.append((f"c) {n} add_span, synchronous={mode} ({tag})",
                         f"median {spread(meds, '{:.2f}')} / p95 {spread(p95s, '{:.2f}')} ms",
                         f"median {spread(fmeds, '{:.2f}')} / p95 {spread(fp95s, '{:.2f}')} ms",
                         f"{spread(ratios, '{:.1f}')}x p95", "p95 <= 2 ms",
                         "goal met" if statistics.median(p95s) <= 2.0 else "NOT met"))


def main() -> None:
    print(f"annotator core bench: {N_DOCS} docs, {N_SPANS} export spans, {N_ADDS} single adds"
          f"{' (quick)' if QUICK else ''}; sqlite {sqlite3.sqlite_version}; {RUNS} interleaved runs of each, "
          f"median [min-max] across runs\n")
    with tempfile.TemporaryDirectory(prefix="annotator-bench-", dir=None) as d:
        tmp = Path(d)
        texts = make_texts(N_DOCS)
        print(f"generated {len(texts)} documents, {sum(map(len, texts)) / len(texts):.0f} characters on average")
        project = bench_import(tmp, texts)
        bench_export(tmp, project, N_SPANS)
        project.close()
        bench_adds(tmp, N_ADDS)
    print()
    print_table()


if __name__ == "__main__":
    main()
