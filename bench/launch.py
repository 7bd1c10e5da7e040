"""Launch benchmark (not a test): how long until the app is usable, on the very first launch (no default project:
the sample project is built) and on a later one (it exists), beside a bare QMainWindow process.

    /work/venv/bin/python bench/launch.py [RUNS]      (default 5; runs interleaved: first, later, floor)

"Usable": the window is shown, the current pane holds a document and its view has painted. Each run uses a fresh
ANNOTATOR_HOME (so the first launch really is a first launch) and QT_QPA_PLATFORM=offscreen. Prints medians and
min-max spread. Goals (issue 13, item 18): first launch <= 1.5 s, later launches <= 1.0 s.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = textwrap.dedent("""
    import sys
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from annotator.ui import app as a
    orig = a.create_window
    def cw(p):
        w = orig(p)
        def ready():
            pane = w.current_pane()
            if pane is None or pane.view.doc_id is None:  # not usable yet
                QTimer.singleShot(5, ready)
                return
            pane.view.viewport().repaint()
            print("READY", len(w.project.documents()), "spacy" in sys.modules, flush=True)
            QApplication.quit()
        QTimer.singleShot(0, ready)
        return w
    a.create_window = cw
    sys.exit(a.run(None))
""")
FLOOR = textwrap.dedent("""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow
    app = QApplication([])
    w = QMainWindow(); w.resize(1400, 860); w.show()
    QTimer.singleShot(0, lambda: (print("READY", flush=True), app.quit()))
    app.exec()
""")


def run(code: str, home: str) -> tuple[float, list[str]]:
    env = dict(os.environ, ANNOTATOR_HOME=home, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    t = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300, cwd=ROOT)
    dt = time.perf_counter() - t
    if "READY" not in out.stdout:
        raise SystemExit(f"no READY line:\n{out.stdout}\n{out.stderr[-2000:]}")
    return dt, out.stdout.split()


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    first, later, floor = [], [], []
    info = []
    for _ in range(runs):
        home = tempfile.mkdtemp(prefix="annotator-bench-launch-")
        dt, words = run(CHILD, home)
        first.append(dt)
        info = words
        later.append(run(CHILD, home)[0])
        floor.append(run(FLOOR, home)[0])

    def fmt(xs: list[float]) -> str:
        return f"median {statistics.median(xs):.2f} s (min {min(xs):.2f}, max {max(xs):.2f})"

    print(f"first launch to a usable window  {fmt(first)}   goal <= 1.5 s   "
          f"(sample project built: {info[1]} documents; spaCy imported: {info[2]})")
    print(f"later launch to a usable window  {fmt(later)}   goal <= 1.0 s")
    print(f"floor: bare QMainWindow process  {fmt(floor)}   ({runs} runs each, interleaved)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
