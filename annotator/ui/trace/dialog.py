"""Extract > Trace to Source: choose the source document, the retellings and the units to trace."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QListWidget,
                               QListWidgetItem, QSpinBox)


@dataclass
class TraceOptions:
    source_id: int
    doc_ids: list[int] = field(default_factory=list)
    units: str = "spans"  # spans | sentences
    labels: list[str] | None = None
    top: int = 3


def _name(doc) -> str:
    title = doc.title or doc.source_file or f"Document {doc.id}"
    return f"{doc.outlet} · {title}" if doc.outlet and doc.outlet not in title else title


def _short(text: str, n: int = 90) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


class TraceDialog(QDialog):
    def __init__(self, window):
        super().__init__(window)
        self.setWindowTitle("Trace to Source")
        self.docs = list(window.project.documents())
        open_ids = window.open_doc_ids()
        default_source = open_ids[0] if open_ids else (self.docs[0].id if self.docs else None)
        self.source = QComboBox()
        self.source.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.source.setMinimumContentsLength(50)
        for d in self.docs:
            self.source.addItem(_short(_name(d)), d.id)
            self.source.setItemData(self.source.count() - 1, _name(d), Qt.ItemDataRole.ToolTipRole)
        if default_source is not None:
            self.source.setCurrentIndex(self.source.findData(default_source))
        self.targets = QListWidget()
        self.targets.setMinimumHeight(160)
        self._open_ids = open_ids
        self.source.currentIndexChanged.connect(self._fill_targets)
        self.units = QComboBox()
        self.units.addItem("Spans (annotated claims and quotes)", "spans")
        self.units.addItem("Sentences (retellings not annotated yet)", "sentences")
        self.project = window.project
        self.top = QSpinBox()
        self.top.setRange(1, 3)
        self.top.setValue(3)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Trace")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        form = QFormLayout(self)
        form.addRow("Source document", self.source)
        form.addRow("Retellings", self.targets)
        form.addRow("Trace", self.units)
        form.addRow("Candidates per unit", self.top)
        hint = QLabel("Suggested links appear dashed; review them with Enter, 1-3, R and X.")
        hint.setStyleSheet("color: gray")
        form.addRow(hint)
        form.addRow(buttons)
        self.targets.itemChanged.connect(lambda *_: self._update_ok())
        self._fill_targets()
        self._default_units()
        self.resize(720, self.sizeHint().height())

    def _fill_targets(self) -> None:
        source = self.source.currentData()
        open_others = [i for i in self._open_ids if i != source]
        self.targets.blockSignals(True)
        self.targets.clear()
        for d in self.docs:
            if d.id == source:
                continue
            item = QListWidgetItem(_short(_name(d)))
            item.setToolTip(_name(d))
            item.setData(Qt.ItemDataRole.UserRole, d.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = d.id in open_others if open_others else True
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.targets.addItem(item)
        self.targets.blockSignals(False)
        self._update_ok()

    def _default_units(self) -> None:
        """Spans when the chosen retellings have some, else sentences (a retelling not annotated yet)."""
        ids = self.checked_ids()
        has_spans = any(self.project.spans(d, statuses=("accepted", "suggested")) for d in ids)
        self.units.setCurrentIndex(0 if has_spans or not ids else 1)

    def _update_ok(self) -> None:
        self.ok.setEnabled(self.source.currentData() is not None and bool(self.checked_ids()))

    def checked_ids(self) -> list[int]:
        out = []
        for i in range(self.targets.count()):
            item = self.targets.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(item.data(Qt.ItemDataRole.UserRole))
        return out

    def options(self) -> TraceOptions:
        return TraceOptions(self.source.currentData(), self.checked_ids(), self.units.currentData(),
                            None, self.top.value())
