"""View > Annotators: a dock listing the project's annotators with their span counts; a checkbox per
annotator shows or hides its layer in every pane (one, several or all); the project's own annotator is
marked "(you)"; double-click shows only that layer."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (QDockWidget, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton,
                               QVBoxLayout, QWidget)

from ...core.annotators import ADJUDICATED

NAME_ROLE = Qt.ItemDataRole.UserRole


def _swatch(color) -> QIcon:
    pm = QPixmap(12, 12)
    pm.fill(color)
    return QIcon(pm)


class AnnotatorsDock(QDockWidget):
    def __init__(self, window, state):
        super().__init__("Annotators", window)
        self.setObjectName("annotators_dock")
        self.window_ = window
        self.state = state
        self.you = QLabel()
        self.you.setWordWrap(True)
        self.list = QListWidget()
        self.list.itemChanged.connect(self._toggled)
        self.list.itemDoubleClicked.connect(lambda item: state.show_only([item.data(NAME_ROLE)]))
        self.list.setToolTip("Tick the annotators whose spans the panes show; double-click: only that one")
        all_btn = QPushButton("Show All")
        all_btn.clicked.connect(state.show_all)
        mine = QPushButton("Only Mine")
        mine.clicked.connect(lambda: state.show_only([state.own]))
        buttons = QHBoxLayout()
        buttons.addWidget(all_btn)
        buttons.addWidget(mine)
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addWidget(self.you)
        lay.addWidget(self.list, 1)
        lay.addLayout(buttons)
        self.setWidget(box)
        self._filling = False
        state.counted.connect(self.refresh)
        state.changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        state = self.state
        self._filling = True
        try:
            self.you.setText(f"You annotate as <b>{state.own}</b> (File ▸ Annotator Name…); new spans go into "
                             "your layer.")
            self.list.clear()
            for name in state.annotators():
                per = state.counts.get(name, {})
                accepted, suggested = per.get("accepted", 0), per.get("suggested", 0)
                tag = " (you)" if name == state.own else " (settled layer)" if name == ADJUDICATED else ""
                text = f"{name}{tag} · {accepted}"
                if suggested:
                    text += f" + {suggested} suggested"
                item = QListWidgetItem(_swatch(state.color(name)), text)
                item.setData(NAME_ROLE, name)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if state.is_shown(name) else Qt.CheckState.Unchecked)
                item.setToolTip(f"{name}: {accepted} accepted, {suggested} suggested, "
                                f"{per.get('rejected', 0)} rejected span(s)")
                if name == state.own:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.list.addItem(item)
        finally:
            self._filling = False

    def item(self, name: str) -> QListWidgetItem | None:
        for i in range(self.list.count()):
            if self.list.item(i).data(NAME_ROLE) == name:
                return self.list.item(i)
        return None

    def _toggled(self, item: QListWidgetItem) -> None:
        if not self._filling:
            self.state.set_shown(item.data(NAME_ROLE), item.checkState() == Qt.CheckState.Checked)
