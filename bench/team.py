"""Team benchmarks (issue 8), each beside a floor measured in the same run, interleaved (not a test).

    /work/venv/bin/python bench/team.py [--quick] [--runs N] [--agreement-only]

(--agreement-only: one untimed merge builds the project, then only b) is measured.)

a) merge: two source projects (alice, bob), each with 1,000 documents (the same texts: a team annotating one
   corpus) and 50k spans (+ 5k links), merged into an empty project with annotator.store.merge (two
   transactions, one per source; the second matches every document). Floor: reading the same rows from the
   sources and copying them with executemany, one transaction per source, into an empty project of the
   same schema (FTS triggers included), remapping ids. Goal <= 2x.
b) agreement: compute_agreement on the merged project (2 annotators x 50k spans, every measure, per label,
   per document, disagreements, links). Floor: reading the spans (SELECT of their rows). Goal <= 1 s.
"""

from __future__ import annotations

import gc
import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from annotator.core import NewDocument, NewSpan  # noqa: E402
from annotator.core.models import NewLink  # noqa: E402
from annotator.core.text import pack_tokens, rough_tokens  # noqa: E402
from annotator.io.agreement import compute_agreement  # noqa: E402
from annotator.store import create_project, open_project  # noqa: E402
from annotator.store.merge import merge_project  # noqa: E402

QUICK = "--quick" in sys.argv
RUNS = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 5
AGREEMENT_ONLY = "--agreement-only" in sys.argv
N_DOCS = 200 if QUICK else 1000
SPANS_PER_DOC = 50
LINKS_PER_DOC = 5
LABELS = ["QUOTE", "CLAIM", "FIGURE", "FRAMING"]
WORDS = ("minister budget said taxes will fall percent year critics report figure million growth policy "
         "interview claim source outlet retelling analysts quote official statement according data").split()


def make_texts(rng: random.Random) -> list[str]:
    out = []
    for i in range(N_DOCS):
        words = [rng.choice(WORDS) for _ in range(420)]
        out.append(f"Document {i}. " + " ".join(words) + ".")
    return out


def make_source(path: Path, who: str, texts: list[str], base: list[list[tuple]], rng: random.Random, agree: float):
    docs = []
    for text, spans0 in zip(texts, base):
        toks = rough_tokens(text)
        spans, keys = [], set()
        for s, e, label in spans0:
            if rng.random() > agree:  # disagree: shift the end by a token, or change the label
                if rng.random() < 0.5:
                    e = min(len(text), e + 4)
                else:
                    label = rng.choice(LABELS)
            if (s, e, label) not in keys:
                keys.add((s, e, label))
                spans.append(NewSpan(s, e, label, author=who))
        links = tuple(NewLink(k, k + 1, "supports") for k in range(0, min(len(spans) - 1, 2 * LINKS_PER_DOC), 2))
        docs.append(NewDocument(text=text, title=text[:20], tokens=pack_tokens(toks), spans=tuple(spans), links=links))
    p = create_project(path, annotator=who)
    p.add_documents(docs)
    p.close()


def base_spans(texts: list[str], rng: random.Random) -> list[list[tuple]]:
    out = []
    for text in texts:
        toks = rough_tokens(text)
        chosen = sorted(rng.sample(range(len(toks) - 4), SPANS_PER_DOC))
        out.append([(toks[i][0], toks[i + rng.randrange(0, 3)][1], rng.choice(LABELS)) for i in chosen])
    return out


def run_merge(empty: Path, target: Path, sources: list[Path]) -> float:
    shutil.copy(empty, target)
    p = open_project(target)
    gc.collect()
    t = time.perf_counter()
    for s in sources:
        merge_project(p, str(s))
    elapsed = time.perf_counter() - t
    p.close()
    return elapsed


def run_floor(empty: Path, target: Path, sources: list[Path]) -> float:
    shutil.copy(empty, target)
    conn = sqlite3.connect(target, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    gc.collect()
    t = time.perf_counter()
    known: dict[str, int] = {}
    for s in sources:
        src = sqlite3.connect(f"file:{s}?mode=ro", uri=True)
        docs = src.execute("SELECT id, text, title, outlet, author, published, url, source_file, sha256, lang, meta, "
                           "created, updated FROM documents").fetchall()
        tokens = src.execute("SELECT doc_id, data FROM doc_tokens").fetchall()
        spans = src.execute('SELECT id, doc_id, start, "end", label_id, note, origin, status, score, author, created, '
                            "updated FROM spans").fetchall()
        links = src.execute("SELECT source_id, target_id, type_id, note, created, author FROM links").fetchall()
        src.close()
        conn.execute("BEGIN")
        top = conn.execute("SELECT COALESCE(MAX(id), 0) FROM documents").fetchone()[0]
        doc_map, new_docs = {}, []
        for d in docs:
            if d[8] in known:
                doc_map[d[0]] = known[d[8]]
            else:
                top += 1
                doc_map[d[0]] = known[d[8]] = top
                new_docs.append((top,) + d[1:])
        conn.executemany("INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", new_docs)
        conn.executemany("INSERT OR IGNORE INTO doc_tokens VALUES (?, ?)", [(doc_map[d], b) for d, b in tokens])
        first = conn.execute("SELECT COALESCE(MAX(id), 0) FROM spans").fetchone()[0] + 1
        span_map = {r[0]: first + i for i, r in enumerate(spans)}
        conn.executemany('INSERT INTO spans (id, doc_id, start, "end", label_id, note, origin, status, score, author, '
                         "created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         [(span_map[r[0]], doc_map[r[1]]) + r[2:] for r in spans])
        conn.executemany("INSERT INTO links (source_id, target_id, type_id, note, created, author) VALUES (?, ?, ?, ?, ?, ?)",
                         [(span_map[r[0]], span_map[r[1]]) + r[2:] for r in links])
        conn.execute("COMMIT")
    elapsed = time.perf_counter() - t
    conn.close()
    return elapsed


CPU: dict[str, list[float]] = {}


def run_agreement(path: Path, details: bool) -> float:
    p = open_project(path, readonly=True)
    gc.collect()
    t, c = time.perf_counter(), time.process_time()
    compute_agreement(p, details=details)
    elapsed = time.perf_counter() - t
    CPU.setdefault(f"agreement{details}", []).append(time.process_time() - c)
    p.close()
    return elapsed


def run_read(path: Path) -> float:
    p = open_project(path, readonly=True)
    gc.collect()
    t, c = time.perf_counter(), time.process_time()
    p.backend.conn.execute('SELECT id, doc_id, start, "end", label_id, status, author FROM spans').fetchall()
    elapsed = time.perf_counter() - t
    CPU.setdefault("read", []).append(time.process_time() - c)
    p.close()
    return elapsed


def summary(xs: list[float]) -> str:
    return f"median {statistics.median(xs):.3f} s (min {min(xs):.3f}, max {max(xs):.3f})"


def main() -> None:
    rng = random.Random(8)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        texts = make_texts(rng)
        base = base_spans(texts, rng)
        sources = [tmp / "alice.annotator", tmp / "bob.annotator"]
        make_source(sources[0], "alice", texts, base, random.Random(1), 1.0)
        make_source(sources[1], "bob", texts, base, random.Random(2), 0.7)
        empty = tmp / "empty.annotator"
        create_project(empty, annotator="lead").close()
        n_spans = [sqlite3.connect(s).execute("SELECT COUNT(*) FROM spans").fetchone()[0] for s in sources]
        print(f"{N_DOCS} documents and {n_spans} spans per source; {RUNS} interleaved runs")
        merged, floor = [], []
        for _ in range(1 if AGREEMENT_ONLY else RUNS):
            merged.append(run_merge(empty, tmp / "merged.annotator", sources))
            floor.append(run_floor(empty, tmp / "floor.annotator", sources))
        p = open_project(tmp / "merged.annotator", readonly=True)
        check = {a: n for a, n in p.backend.conn.execute("SELECT author, COUNT(*) FROM spans GROUP BY author")}
        p.close()
        print(f"merged project: spans per annotator {check}")
        if not AGREEMENT_ONLY:
            ratio = statistics.median(merged) / statistics.median(floor)
            print(f"a) merge     {summary(merged)}")
            print(f"   floor     {summary(floor)}")
            print(f"   ratio {ratio:.2f}x (goal <= 2x: {'met' if ratio <= 2 else 'NOT met'})")
        agree, full, read = [], [], []
        for _ in range(RUNS):
            agree.append(run_agreement(tmp / "merged.annotator", False))
            read.append(run_read(tmp / "merged.annotator"))
            full.append(run_agreement(tmp / "merged.annotator", True))
        med, med_full = statistics.median(agree), statistics.median(full)
        print(f"b) agreement {summary(agree)} (scores, as the command line)")
        print(f"   + details {summary(full)} (with per-document scores and disagreements, as the window)")
        print(f"   floor     {summary(read)} (reading the spans)")
        print(f"   {med / statistics.median(read):.1f}x / {med_full / statistics.median(read):.1f}x the floor; "
              f"goal <= 1 s: {'met' if med <= 1 else 'NOT met'} / {'met' if med_full <= 1 else 'NOT met'}")
        print("   CPU time (process_time; less moved by other jobs on a shared machine): "
              f"agreement {summary(CPU['agreementFalse'])}, + details {summary(CPU['agreementTrue'])}, "
              f"floor {summary(CPU['read'])}")
        print(f"   load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
