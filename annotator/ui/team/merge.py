"""File > Merge Projects…: bring other analysts' project files into the open project.

Every source is checked (missing, not a project, newer, damaged, the project itself) and read in a worker
thread, with progress and Cancel; a bad source stops the merge before anything is written, with the back
end's one-line message. Labels or link types the project lacks are asked about (create / skip / cancel).
Then each source is merged on the UI thread as one transaction and one undo step (annotator.store.merge),
and a report lists documents matched/added, spans per annotator, conflicts and anything skipped.
"""

from __future__ import annotations

import os
from functools import partial
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QApplication, QDialog, QDialogButtonBox, QFileDialog, QLabel, QMessageBox,
                               QProgressDialog, QTreeWidget, QTreeWidgetItem, QVBoxLayout)

from ...core.errors import AnnotatorError
from ...store.merge import MergeReport, _MergeCommand
from ...store.merge_source import check_source, read_source, used_names
from . import runner

FILTER = "annotator projects (*.annotator);;All files (*)"


def choose_sources(window) -> list[str]:
    here = os.path.dirname(window.project.path)  # colleagues' copies usually sit beside the project
    paths, _ = QFileDialog.getOpenFileNames(window, "Merge projects into this one", here, FILTER)
    return paths


def ask_unknown(window, missing: list[str]) -> str | None:
    """'create', 'skip' or None (cancel) for labels / link types the project does not have."""
    box = QMessageBox(window)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Merge projects")
    box.setText("The projects to merge use labels or link types this project does not have.")
    box.setInformativeText("\n".join(missing[:12]) + ("\n…" if len(missing) > 12 else ""))
    create = box.addButton("Create Them", QMessageBox.ButtonRole.AcceptRole)
    skip = box.addButton("Skip Those Spans", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(create)
    box.exec()
    clicked = box.clickedButton()
    return "create" if clicked is create else "skip" if clicked is skip else None


def read_sources(target: str, labels: set[str], types: set[str], sources: list[str], progress) -> list[tuple]:
    """Worker thread: [(SourceData, missing names)]; the first bad source raises its one-line error."""
    out = []
    n = len(sources)
    for i, src in enumerate(sources):
        progress(i, n, f"Checking {os.path.basename(src)}…")
        check_source(src, target)
    for i, src in enumerate(sources):
        progress(i, n, f"Reading {os.path.basename(src)} ({i + 1} of {n})…")
        used, used_types = used_names(src)
        missing = [f"{os.path.basename(src)}: label {k} ({c} span(s))" for k, c in used.items() if k not in labels]
        missing += [f"{os.path.basename(src)}: link type {k} ({c} link(s))" for k, c in used_types.items()
                    if k not in types]
        out.append((read_source(src), missing))
    progress(n, n, "Merging…")
    return out


def apply_source(project, data, policy: str) -> MergeReport:
    """One source into the project: one transaction, one undo step (what merge_project does after reading)."""
    report = MergeReport(data.path, data.annotator, source_spans=dict(data.annotators))
    if not data.named:
        report.notes.append(f"the source has no annotator name: its spans are attributed to {data.annotator!r}")
    command = _MergeCommand(project, data, policy, report)
    if not command.empty:
        report.change = project._run(command)
    return report


class Merger:
    """One merge from the window: choose, read (worker), ask, apply, report."""

    def __init__(self, window, paths: list[str] | None = None):
        self.window = window
        self.project = window.project
        self.paths = paths
        self.task: runner.Task | None = None
        self.reports: list[MergeReport] = []
        self.dialog: MergeReportDialog | None = None
        self.stopped: list[str] = []  # sources not merged because Stop was pressed

    def start(self) -> bool:
        if self.project.readonly:
            self.window.show_error(f"{self.project.path}: the project is open read-only; nothing can be merged into it")
            return False
        paths = self.paths if self.paths is not None else choose_sources(self.window)
        if not paths:
            return False
        self.paths = [os.fspath(p) for p in paths]
        target = self.project.path
        labels = {l.name for l in self.project.labels()}
        types = {t.name for t in self.project.link_types()}
        sources = list(self.paths)
        self.task = runner.run_task(lambda progress, cancel: read_sources(target, labels, types, sources, progress),
                                    parent=self.window, title="Merge projects", label="Checking the projects…",
                                    total=len(sources), on_done=self._read, on_failed=self._failed,
                                    on_cancelled=lambda: self.window.status_message("Merge cancelled: nothing was merged"),
                                    modality=Qt.WindowModality.ApplicationModal, owner=self.window)
        return True

    def _failed(self, error) -> None:
        self.window.show_error(error if isinstance(error, AnnotatorError) else error)

    def _read(self, loaded) -> None:
        missing = [m for _, ms in loaded for m in ms]
        policy = "error"
        if missing:
            answer = ask_unknown(self.window, missing)
            if answer is None:
                self.window.status_message("Merge cancelled: nothing was merged")
                return
            policy = answer
        # the writes: on the UI thread (one transaction and one undo step per source), between them the
        # progress shows and Stop ends the merge before the next source
        steps = QProgressDialog("Backing up the project…", "Stop", 0, len(loaded) + 1, self.window)
        steps.setWindowTitle("Merge projects")
        steps.setWindowModality(Qt.WindowModality.ApplicationModal)
        steps.setMinimumDuration(0)
        steps.setValue(0)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            QApplication.processEvents()
            if not self._backup():
                return
            for i, (data, _) in enumerate(loaded):
                steps.setValue(i + 1)
                steps.setLabelText(f"Merging {os.path.basename(data.path)} ({i + 1} of {len(loaded)})…")
                QApplication.processEvents()
                if steps.wasCanceled():
                    self.stopped = [d.path for d, _ in loaded[i:]]
                    break
                report = runner.mutate(self.window, partial(apply_source, self.project, data, policy))
                if report is None:
                    break
                self.reports.append(report)
        finally:
            QApplication.restoreOverrideCursor()
            steps.reset()
            steps.deleteLater()
        if not self.reports and self.stopped:
            self.window.status_message("Merge stopped: nothing was merged")
        if self.reports:
            added = sum(sum(r.spans_added.values()) for r in self.reports)
            self.window.status_message(f"Merged {len(self.reports)} project(s): {added} span(s) added")
            self.dialog = MergeReportDialog(self.reports, self.window, self.stopped)
            self.dialog.open()


    def _backup(self) -> bool:
        """A copy of the project before the batch change, as the command line makes; no backup, no merge."""
        from ...store.paths import backups_dir

        try:
            self.project.backup(backups_dir())
        except Exception as e:  # noqa: BLE001 - one line, nothing changed
            self.window.show_error(f"could not back up {self.project.path} before merging into it ({e}); "
                                   "nothing was merged")
            return False
        return True


def merge_projects(window, paths: list[str] | None = None) -> Merger:
    merger = Merger(window, paths)
    window._team_merger = merger  # kept alive until the next merge
    merger.start()
    return merger


def summary(reports: list[MergeReport]) -> str:
    added = sum(r.documents_added for r in reports)
    matched = sum(r.documents_matched for r in reports)
    spans: dict[str, int] = {}
    for r in reports:
        for a, n in r.spans_added.items():
            spans[a] = spans.get(a, 0) + n
    conflicts = sum(len(r.conflicts) for r in reports)
    skipped = sum(len(r.skipped) for r in reports)
    per = ", ".join(f"{escape(a)} {n}" for a, n in sorted(spans.items())) or "none"
    return (f"<b>{len(reports)} project(s) merged</b> (each one undo step).<br>"
            f"Documents: {added} added, {matched} matched.<br>Spans added per annotator: {per}.<br>"
            f"{conflicts} metadata conflict(s); {skipped} item(s) skipped.")


class MergeReportDialog(QDialog):
    def __init__(self, reports: list[MergeReport], parent=None, stopped: list[str] | None = None):
        super().__init__(parent)
        self.setWindowTitle("Merge report")
        self.resize(760, 480)
        text = summary(reports)
        if stopped:
            text += "<br><b>Stopped</b>: not merged: " + escape(", ".join(os.path.basename(p) for p in stopped))
        self.summary = QLabel(text)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setWordWrap(True)
        for r in reports:
            top = QTreeWidgetItem([os.path.basename(r.source) + f" (annotator {r.source_annotator})"])
            top.setToolTip(0, r.source)
            self.tree.addTopLevelItem(top)
            rows = [("Documents", [f"{r.documents_added} added, {r.documents_matched} matched"])]
            rows.append(("Spans added per annotator",
                         [f"{a}: {n}" for a, n in sorted(r.spans_added.items())] or ["none"]))
            rows.append(("Spans already present / updated", [f"{r.spans_present} / {r.spans_updated}"]))
            rows.append(("Links", [f"{sum(r.links_added.values())} added, {r.links_present} already present"]))
            created = [f"label {n}" for n in r.labels_created] + [f"link type {n}" for n in r.link_types_created]
            if created:
                rows.append(("Created", created))
            if r.conflicts:
                rows.append((f"Metadata conflicts ({len(r.conflicts)}; this project's value kept)",
                             [f"document {c.doc_id} ({c.title[:50]}): {c.field} is {c.target!r} here, {c.source!r} "
                              f"in the source" for c in r.conflicts]))
            if r.filled:
                rows.append(("Filled from the source", [f"document {d}: {f}" for d, f in r.filled]))
            if r.skipped:
                rows.append((f"Skipped ({len(r.skipped)})", r.skipped[:200]
                             + ([f"… and {len(r.skipped) - 200} more"] if len(r.skipped) > 200 else [])))
            if r.notes:
                rows.append(("Notes", r.notes))
            for head, lines in rows:
                item = QTreeWidgetItem([head if len(lines) > 1 or head.startswith(("Metadata", "Skipped"))
                                        else f"{head}: {lines[0]}"])
                top.addChild(item)
                if item.text(0) == head:
                    for line in lines:
                        item.addChild(QTreeWidgetItem([line]))
                    item.setExpanded(head.startswith(("Metadata", "Skipped", "Spans added")))
            top.setExpanded(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        lay = QVBoxLayout(self)
        lay.addWidget(self.summary)
        lay.addWidget(self.tree, 1)
        lay.addWidget(buttons)

    def lines(self) -> list[str]:
        out = []

        def walk(item, depth):
            out.append("  " * depth + item.text(0))
            for i in range(item.childCount()):
                walk(item.child(i), depth + 1)

        for i in range(self.tree.topLevelItemCount()):
            walk(self.tree.topLevelItem(i), 0)
        return out
