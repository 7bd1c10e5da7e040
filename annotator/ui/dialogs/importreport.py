"""What an import did: a summary line and an expandable list of details, problems first and clearly marked."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QPushButton, QStyle, QTreeWidget,
                               QTreeWidgetItem, QVBoxLayout)

# (field of ImportReport, heading, expanded by default)
SECTIONS = (
    ("problems", "Problems: these files were not imported", True),
    ("duplicates", "Duplicates skipped (the same text is already in the project)", False),
    ("skipped_spans", "Spans skipped", False),
    ("created_labels", "Labels created", False),
    ("skipped_files", "Files skipped", False),
    ("skipped_records", "Records skipped", False),
    ("notes", "Notes", True),
)


def _items(report, name: str) -> list[str]:
    value = getattr(report, name, None) or []
    return [str(v) for v in value] if not isinstance(value, (int, str)) else [str(value)]


def _count(value) -> int:
    return value if isinstance(value, int) else len(value or [])


def summary(report) -> str:
    added = _count(getattr(report, "added", []))
    parts = [f"Imported {added} document{'s' if added != 1 else ''}."]
    problems = len(_items(report, "problems"))
    if problems:
        parts.append(f"{problems} problem{'s' if problems != 1 else ''}: the files concerned were not imported.")
    for name, words in (("duplicates", "duplicate(s) skipped"), ("skipped_spans", "span(s) skipped"),
                        ("created_labels", "label(s) created"), ("skipped_files", "file(s) skipped"),
                        ("skipped_records", "record(s) skipped")):
        n = len(_items(report, name))
        if n:
            parts.append(f"{n} {words}.")
    return " ".join(parts)


class ImportReportDialog(QDialog):
    def __init__(self, report, parent=None):
        super().__init__(parent)
        self.report = report
        ok = getattr(report, "ok", not _items(report, "problems"))
        self.setWindowTitle("Import finished" if ok else "Import finished with problems")
        self.resize(640, 420)
        style = self.style()
        icon = QLabel()
        kind = QStyle.StandardPixmap.SP_MessageBoxInformation if ok else QStyle.StandardPixmap.SP_MessageBoxCritical
        icon.setPixmap(style.standardIcon(kind).pixmap(32, 32))
        self.summary = QLabel(summary(report))
        self.summary.setWordWrap(True)
        head = QHBoxLayout()
        head.addWidget(icon)
        head.addWidget(self.summary, 1)
        self.details = QTreeWidget()
        self.details.setHeaderHidden(True)
        error_icon = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical)
        for name, heading, expanded in SECTIONS:
            items = _items(report, name)
            if not items:
                continue
            section = QTreeWidgetItem(self.details, [f"{heading} ({len(items)})"])
            if name == "problems":
                section.setIcon(0, error_icon)
            for text in items:
                child = QTreeWidgetItem(section, [text])
                child.setToolTip(0, text)
                if name == "problems":
                    child.setIcon(0, error_icon)
            section.setExpanded(expanded)
        self.toggle = QPushButton()
        self.toggle.setCheckable(True)
        self.toggle.toggled.connect(self._show_details)
        self.toggle.setEnabled(self.details.topLevelItemCount() > 0)
        copy = QPushButton("Copy")
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.as_text()))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.addButton(self.toggle, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)
        self.toggle.setChecked(not ok)  # problems: details open at once
        self._show_details(not ok)

    def _show_details(self, shown: bool) -> None:
        self.details.setVisible(shown)
        self.toggle.setText("Hide details" if shown else "Show details")

    def section_texts(self) -> dict[str, list[str]]:
        out = {}
        for i in range(self.details.topLevelItemCount()):
            section = self.details.topLevelItem(i)
            out[section.text(0)] = [section.child(j).text(0) for j in range(section.childCount())]
        return out

    def as_text(self) -> str:
        lines = [self.summary.text()]
        for heading, items in self.section_texts().items():
            lines.append("")
            lines.append(heading)
            lines.extend(f"  {t}" for t in items)
        return "\n".join(lines)


def show_import_report(parent, report) -> None:
    dialog = ImportReportDialog(report, parent)
    try:
        dialog.exec()
    finally:
        dialog.deleteLater()
