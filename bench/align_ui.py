"""Trace UI speed, offscreen, each figure beside a floor measured in the same run (interleaved).

  python bench/align_ui.py [--docs 20] [--rows 500] [--runs 7]

- View > Comparison opens (matrix built from the project, model set, window shown, first paint processed)
  for a source with ``rows`` linked passages and ``docs`` retellings:
    sparse: ``rows`` links in all (each passage retold by one outlet, round robin)
    dense:  every outlet links every passage (``rows`` x ``docs`` links)
  floor: a bare QTableView over an empty model with the same rows and columns, shown and painted.
- Side by side with links: one frame repainting both panes with their markers and connectors vs one frame
  repainting the same panes alone (the visible part only, in both).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def build(path: Path, docs: int, rows: int, dense: bool):
    from annotator.core.models import NewDocument, NewSpan, NewTrace, SpanRef, Status
    from annotator.store import create_project

    project = create_project(path)
    sentences = [f"Passage {i}: the minister said {i * 3} ports and {i % 17} ships were ready." for i in range(rows)]
    source = "\n".join(sentences) + "\n"
    retell = [" ".join(f"Outlet {d} wrote that {i * 3} ports were ready ({i})." for i in range(rows))
              for d in range(docs)]
    ids = project.add_documents([NewDocument(source, title="Transcript")]
                                + [NewDocument(t, title=f"Story {d}", outlet=f"Outlet {d}") for d, t in enumerate(retell)]).added
    src, rets = ids[0], ids[1:]
    starts, pos = [], 0
    for s in sentences:
        starts.append((pos, pos + len(s)))
        pos += len(s) + 1
    traces = []
    relations = ("quotes", "paraphrases", "distorts")
    for d, doc in enumerate(rets):
        text = retell[d]
        cursor = 0
        for i in range(rows):
            piece = f"Outlet {d} wrote that {i * 3} ports were ready ({i})."
            a = text.index(piece, cursor)
            cursor = a + len(piece)
            if not dense and i % docs != d:
                continue
            s0, s1 = starts[i]
            traces.append(NewTrace(SpanRef(doc_id=doc, span=NewSpan(a, a + len(piece), "CLAIM")),
                                   SpanRef(doc_id=src, span=NewSpan(s0, s1, "CLAIM")),
                                   relations[(i + d) % 3], Status.ACCEPTED))
    project.add_traces(traces)
    return project, src, rets


def med(xs):
    return f"median {statistics.median(xs):7.1f} ms (min {min(xs):.1f}, max {max(xs):.1f})"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=20)
    ap.add_argument("--rows", type=int, default=500)
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()

    from PySide6.QtCore import QAbstractTableModel, QModelIndex
    from PySide6.QtWidgets import QApplication, QTableView

    app = QApplication.instance() or QApplication([])
    from annotator.ui.mainwindow import MainWindow

    class Empty(QAbstractTableModel):
        def __init__(self, r, c):
            super().__init__()
            self.r, self.c = r, c

        def rowCount(self, parent=QModelIndex()):
            return self.r

        def columnCount(self, parent=QModelIndex()):
            return self.c

        def data(self, index, role=0):
            return None

    tmp = Path(tempfile.mkdtemp())
    for name, dense in (("sparse", False), ("dense", True)):
        t0 = time.perf_counter()
        project, src, rets = build(tmp / f"{name}.annotator", args.docs, args.rows, dense)
        n_links = len(project.links())
        print(f"\n{name}: {args.docs} retellings, {args.rows} source passages, {n_links} links "
              f"(built in {time.perf_counter() - t0:.1f} s)")
        window = MainWindow(project)
        window.resize(1400, 900)
        window.show()
        app.processEvents()
        from annotator.io.compare import build_matrix

        opened, floor, engine, engine_cpu, opened_cpu = [], [], [], [], []
        for _ in range(args.runs):
            t, c = time.perf_counter(), time.process_time()
            build_matrix(project, src)  # the engine's part of opening the window
            engine.append((time.perf_counter() - t) * 1000)
            engine_cpu.append((time.process_time() - c) * 1000)
            # floor: a bare table with the same shape
            t = time.perf_counter()
            view = QTableView()
            model = Empty(args.rows, args.docs + 2)
            view.setModel(model)
            view.resize(1200, 700)
            view.show()
            app.processEvents()
            floor.append((time.perf_counter() - t) * 1000)
            view.close()
            view.deleteLater()
            app.processEvents()
            # measured: View > Comparison
            t, c = time.perf_counter(), time.process_time()
            win = window.trace.open_comparison(src)
            app.processEvents()
            opened.append((time.perf_counter() - t) * 1000)
            opened_cpu.append((time.process_time() - c) * 1000)
            rows = win.model.rowCount()
            win.close()
            app.processEvents()
        assert rows == args.rows, rows
        print(f"  Comparison opens:      {med(opened)}")
        print(f"  floor (bare table):    {med(floor)}")
        print(f"  of which build_matrix: {med(engine)}")
        print(f"  CPU time (process_time; load from other processes does not count):")
        print(f"    Comparison opens:    {med(opened_cpu)}")
        print(f"    build_matrix:        {med(engine_cpu)}")

        # side by side: repaint both panes (markers + connectors) vs without the link layer
        window.compare([src, rets[0]])
        for p in window.panes():
            p.view.finish_loading()
        app.processEvents()
        with_l, without = [], []
        layer = window.trace.layer
        for _ in range(args.runs):
            # one frame: everything marked dirty, then painted together (as a scroll step does)
            t = time.perf_counter()
            for p in window.panes():
                p.view.viewport().update()
            layer.repaint()
            app.processEvents()
            with_l.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            for p in window.panes():
                p.view.viewport().update()
            app.processEvents()
            without.append((time.perf_counter() - t) * 1000)
        print(f"  panes + links paint:   {med(with_l)}")
        print(f"  floor (panes only):    {med(without)}")
        window.close()
        project.close()


if __name__ == "__main__":
    main()
