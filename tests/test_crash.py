"""Crash safety: SIGKILL a process in the middle of a stream of span writes; every acknowledged write survives."""

import os
import random
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.core import NewDocument
from annotator.store import create_project, open_project

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
       "ANNOTATOR_HOME": __import__("tempfile").mkdtemp(prefix="annotator-crash-home-")}  # never the user's locks

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")

# One span per transaction through the Project API; each id is printed only after add_span returned.
SINGLE = """
import sys
from annotator.store import open_project
path, doc, base = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
p = open_project(path)
print("ready", flush=True)
i = 0
while True:
    change = p.add_span(doc, base + i, base + i + 1 + i % 3, ("CLAIM", "QUOTE")[i % 2], note="n%d" % i)
    print(next(iter(change.added["span"])), flush=True)
    i += 1
"""

# Bulk writes: 400 spans per add_spans call (one transaction); a batch is all there or not at all.
BULK = """
import sys
from annotator.core import NewSpan
from annotator.store import open_project
path, doc, base = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
p = open_project(path)
print("ready", flush=True)
k = 0
while True:
    start = base + k * 400
    change = p.add_spans(doc, [NewSpan(start + j, start + j + 2, "FIGURE") for j in range(400)])
    print(",".join(map(str, sorted(change.added["span"]))), flush=True)
    k += 1
"""

DOC_LEN = 120_000


@pytest.fixture
def crash_project(tmp_path):
    path = tmp_path / "crash.annotator"
    p = create_project(path)
    doc = p.add_documents([NewDocument("abcdefghij " * (DOC_LEN // 11), title="long")]).added[0]
    p.close()
    return path, doc


def run_and_kill(script: str, path: Path, doc: int, base: int, acks_wanted: int) -> list[str]:
    child = subprocess.Popen([sys.executable, "-c", script, str(path), str(doc), str(base)], cwd=ROOT, env=ENV,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1)
    acks: list[str] = []
    try:
        first = child.stdout.readline().strip()
        assert first == "ready", first + child.stderr.read()
        while len(acks) < acks_wanted:
            line = child.stdout.readline()
            assert line, "child ended early: " + child.stderr.read()
            acks.append(line.strip())
        os.kill(child.pid, signal.SIGKILL)  # mid-stream: the child is still writing
        child.wait(timeout=30)
        # acknowledgements the child wrote before it died but we had not read yet are acknowledged too
        acks.extend(line.strip() for line in child.stdout.read().splitlines() if line.strip())
    finally:
        child.kill()
        child.wait(timeout=30)
        child.stdout.close()
        child.stderr.close()
    assert child.returncode == -signal.SIGKILL
    return acks


def check_file(path: Path) -> None:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        conn.close()


def test_sigkill_during_single_span_writes_keeps_every_acknowledged_span(crash_project):
    path, doc = crash_project
    rng = random.Random(1234)
    acked: set[int] = set()
    for round_ in range(4):
        acks = run_and_kill(SINGLE, path, doc, base=round_ * 20_000, acks_wanted=rng.randint(20, 250))
        acked |= {int(a) for a in acks}
        check_file(path)
        p = open_project(path)  # the lock of the killed process is gone; the WAL is recovered
        try:
            present = {s.id for s in p.spans(doc)}
            assert acked <= present, sorted(acked - present)[:10]
            assert len(present) - len(acked) <= round_ + 1  # at most one unacknowledged write per kill
            text = p.document(doc).text
            for s in p.spans(doc):
                assert 0 <= s.start < s.end <= len(text)
        finally:
            p.close()


def test_sigkill_during_bulk_writes_keeps_batches_whole(crash_project):
    path, doc = crash_project
    acked: set[int] = set()
    for round_ in range(2):
        acks = run_and_kill(BULK, path, doc, base=round_ * 50_000, acks_wanted=3 + round_ * 2)
        for line in acks:
            acked |= {int(x) for x in line.split(",")}
        check_file(path)
        p = open_project(path)
        try:
            present = {s.id for s in p.spans(doc)}
            assert acked <= present
            assert len(present) % 400 == 0  # a batch in flight when killed is absent, never half there
        finally:
            p.close()
