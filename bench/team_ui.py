"""Annotator layers in the panes: paint cost with two annotators' layers, vs the same view without layers.

    /work/venv/bin/python bench/team_ui.py [--mb 2] [--spans 20000] [--runs 5]

One document, two annotators (ana: the project's own; ben: half of ana's spans plus others), both shown.
- scroll: the median frame (scroll step + repaint) over 120 steps, the view with layers (marks before ben's spans,
  authors looked up per visible span) vs the same view with ``view.layers = None`` (the floor), interleaved.
- toggle: hiding ben's layer (the index rebuilt from the visible window, the rest paged in on idle) to the
  next paint, vs a plain repaint.
Offscreen; medians and min-max spread over the runs.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=2.0)
    ap.add_argument("--spans", type=int, default=20000)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    from ui import make_text  # bench/ui.py's text

    from PySide6.QtWidgets import QApplication

    from annotator.core.models import NewDocument, NewSpan
    from annotator.store import create_project
    from annotator.ui.mainwindow import MainWindow

    app = QApplication.instance() or QApplication([])
    text = make_text(args.mb)
    project = create_project(Path(tempfile.mkdtemp()) / "bench.annotator", annotator="ana")
    doc = project.add_documents([NewDocument(text=text, title="bench")]).added[0]
    rng = random.Random(2)
    labels = ["QUOTE", "CLAIM", "FIGURE", "FRAMING"]
    step = max(10, len(text) // args.spans)
    ana = [NewSpan(i, i + rng.randint(4, 30), rng.choice(labels)) for i in range(0, len(text) - 40, step)]
    ben = [NewSpan(s.start, s.end, s.label, author="ben") for s in ana[::2]]
    ben += [NewSpan(s.start + 2, s.end + 5, s.label, author="ben") for s in ana[1::4]]
    project.add_spans(doc, ana)
    project.add_spans(doc, ben)
    window = MainWindow(project)
    window.resize(1400, 900)
    window.show()
    pane = window.open_document(doc)
    view = pane.view
    view.finish_loading()
    app.processEvents()
    layers = view.layers
    assert window.team.layers.multi

    def frames(with_layers: bool, steps: int = 120) -> float:
        view.layers = layers if with_layers else None
        sb = view.verticalScrollBar()
        sb.setValue(0)
        app.processEvents()
        out = []
        for k in range(steps):
            t = time.perf_counter()
            sb.setValue(int(sb.maximum() * k / steps))
            view.viewport().repaint()
            out.append(time.perf_counter() - t)
        view.layers = layers
        return statistics.median(out)

    def toggle() -> tuple[float, float]:
        t = time.perf_counter()
        window.team.layers.set_shown("ben", False)
        view.viewport().repaint()
        hide = time.perf_counter() - t
        view.finish_loading()
        window.team.layers.set_shown("ben", True)
        view.finish_loading()
        t = time.perf_counter()
        view.viewport().repaint()
        return hide, time.perf_counter() - t

    frames(True, 20)  # warm the geometry cache
    res: dict[str, list[float]] = {"layers": [], "floor": [], "hide": [], "repaint": []}
    for _ in range(args.runs):
        res["layers"].append(frames(True))
        res["floor"].append(frames(False))
        h, r = toggle()
        res["hide"].append(h)
        res["repaint"].append(r)

    def fmt(v):
        return f"median {1000 * statistics.median(v):6.2f} ms (min {1000 * min(v):.2f}, max {1000 * max(v):.2f})"

    n = len(project.spans(doc))
    print(f"{len(text) / 1e6:.1f} MB, {n} spans (ana {len(ana)}, ben {len(ben)}), {args.runs} runs")
    print(f"scroll frame, both layers shown:      {fmt(res['layers'])}")
    print(f"  floor, same view without layers:    {fmt(res['floor'])}")
    print(f"hide ben's layer to the next paint:   {fmt(res['hide'])}")
    print(f"  floor, a repaint:                   {fmt(res['repaint'])}")
    window.close()
    project.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
