"""Documents dock: the list (title, outlet, date, counts per label) with a filter, and full-text search."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDockWidget, QHBoxLayout, QLabel, QLineEdit,
                               QMenu, QSplitter, QTreeWidget, QVBoxLayout, QWidget)

from .search_results import SearchResults
from .docs_list import DOC_ROLE, FIRST_COUNT_COLUMN, DocDelegate, DocItem, tooltip

DOCK_MIN_WIDTH = 220  # room for a title and the four count chips; the dock never shrinks below it


class DocsDock(QDockWidget):
    def __init__(self, window):
        super().__init__("Documents", window)
        self.setObjectName("documents_dock")
        self.window_ = window
        self.project = window.project
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter by title, outlet, date…")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.apply_filter)
        self.tree = QTreeWidget()
        self.tree.setRootIsDecorated(False)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSortingEnabled(True)
        self.tree.setHeaderHidden(True)  # one painted column; the sort box replaces header clicks
        self.tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tree.setUniformRowHeights(True)
        self.delegate = DocDelegate(self.tree)
        self.tree.setItemDelegateForColumn(0, self.delegate)
        self.sort = QComboBox()
        self.sort.setToolTip("Sort the documents")
        self.sort.activated.connect(lambda _i: self.apply_sort())
        self.tree.itemActivated.connect(self._open_item)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.tree.setToolTip("Double-click or Enter opens in the current pane; select several and Compare (Ctrl+Shift+C)")
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search all documents…")
        self.search.setClearButtonEnabled(True)
        self.search.returnPressed.connect(self.run_search)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(300)
        self._search_timer.timeout.connect(self.run_search)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.hits = SearchResults()  # grouped under their document, one line of context each
        self.hits.hitActivated.connect(self._open_hit)
        self.hit_count = QLabel("")
        top = QWidget()
        tl = QVBoxLayout(top)
        tl.setContentsMargins(4, 4, 4, 4)
        row = QHBoxLayout()
        row.addWidget(self.filter, 1)
        row.addWidget(self.sort)
        tl.addLayout(row)
        tl.addWidget(self.tree)
        bottom = QWidget()
        bl = QVBoxLayout(bottom)
        bl.setContentsMargins(4, 4, 4, 4)
        bl.addWidget(self.search)
        bl.addWidget(self.hit_count)
        bl.addWidget(self.hits)
        split = QSplitter(Qt.Orientation.Vertical)
        split.setChildrenCollapsible(False)
        split.addWidget(top)
        split.addWidget(bottom)
        split.setStretchFactor(0, 1)
        self.split, self.bottom = split, bottom
        split.setMinimumWidth(DOCK_MIN_WIDTH)
        self.setWidget(split)
        self.show_hits(False)
        self._refresh_timer = QTimer(self)  # coalesces a burst of span edits: one update per changed row
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(100)
        self._refresh_timer.timeout.connect(self.update_rows)
        self._dirty: set[int] = set()
        self.refresh()

    def refresh(self) -> None:
        labels = self.project.labels()
        names = [l.name for l in labels]
        self.delegate.labels = [(l.name, l.color) for l in labels]
        self._fill_sort_box(names)
        selected = set(self.selected_doc_ids())
        self.tree.setSortingEnabled(False)
        self.tree.clear()
        self.tree.setHeaderLabels(["Title", "Outlet", "Date"] + names)
        for info in self.project.documents():
            cols = [info.title or info.source_file or f"Document {info.id}", info.outlet, info.published]
            counts = [info.counts.get(n, 0) for n in names]
            item = DocItem(cols + [str(c) for c in counts])
            item.setData(0, DOC_ROLE, info.id)
            item.setToolTip(0, tooltip(cols[0], info.outlet, info.published, list(zip(names, counts))))
            self.tree.addTopLevelItem(item)
            if info.id in selected:
                item.setSelected(True)
        for i in range(1, self.tree.columnCount()):
            self.tree.setColumnHidden(i, True)
        self.apply_sort()
        self.apply_filter(self.filter.text())

    SORTS = (("Title A–Z", 0, Qt.SortOrder.AscendingOrder), ("Outlet", 1, Qt.SortOrder.AscendingOrder),
             ("Newest first", 2, Qt.SortOrder.DescendingOrder), ("Oldest first", 2, Qt.SortOrder.AscendingOrder))

    def _fill_sort_box(self, names: list[str]) -> None:
        current = self.sort.currentText()
        self.sort.clear()
        for text, col, order in self.SORTS:
            self.sort.addItem(text, (col, order))
        for i, name in enumerate(names):
            self.sort.addItem(f"Most {name}", (FIRST_COUNT_COLUMN + i, Qt.SortOrder.DescendingOrder))
        self.sort.setCurrentIndex(max(0, self.sort.findText(current)))

    def apply_sort(self) -> None:
        col, order = self.sort.currentData() or (0, Qt.SortOrder.AscendingOrder)
        self.tree.setSortingEnabled(True)
        self.tree.sortItems(col, order)

    def apply_filter(self, text: str) -> None:
        words = text.lower().split()
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            hay = " ".join(item.text(c) for c in range(3)).lower()
            item.setHidden(not all(w in hay for w in words))

    def selected_doc_ids(self) -> list[int]:
        return [it.data(0, DOC_ROLE) for it in self.tree.selectedItems()]

    def on_change(self, change) -> None:
        if change.touches("document") or change.touches("label"):
            self._dirty.clear()
            self.refresh()
        elif change.touches("span"):
            self._dirty |= change.doc_ids
            self._refresh_timer.start()

    def update_rows(self, doc_ids=None) -> None:
        """Refresh the counts of the rows of ``doc_ids`` (default: those changed since the last update) from
        the project's span counts; the other rows are left alone."""
        ids = set(doc_ids) if doc_ids is not None else self._dirty
        self._dirty = set()
        if not ids:
            return
        names = [name for name, _color in self.delegate.labels]
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            doc_id = item.data(0, DOC_ROLE)
            if doc_id not in ids:
                continue
            counts = self.project.doc_counts(doc_id)
            values = [counts.get(n, 0) for n in names]
            for k, c in enumerate(values):
                item.setText(FIRST_COUNT_COLUMN + k, str(c))
            title, outlet, date = (item.text(c) for c in range(3))
            item.setToolTip(0, tooltip(title, outlet, date, list(zip(names, values))))

    def _open_item(self, item) -> None:
        self.window_.open_document(item.data(0, DOC_ROLE))

    def context_menu_for(self, item) -> QMenu:
        from .actions import document_details

        doc_id = item.data(0, DOC_ROLE)
        menu = QMenu(self)
        menu.addAction("Open in Current Pane", lambda: self._open_item(item))
        menu.addAction("Document Details…", lambda: document_details(self.window_, doc_id))
        return menu

    def _context_menu(self, pos) -> None:
        item = self.tree.itemAt(pos)
        if item is not None:
            self.context_menu_for(item).exec(self.tree.viewport().mapToGlobal(pos))

    # -- search -----------------------------------------------------------------------
    def run_search(self) -> None:
        self._search_timer.stop()
        query = self.search.text().strip()
        self.hits.clear()
        if not query:
            self.hit_count.setText("")
            self.show_hits(False)
            return
        hits = self.project.search(query)
        n, docs = self.hits.show_hits(hits)
        self.hit_count.setText(f"{n} match{'es' if n != 1 else ''} in {docs} document{'s' if docs != 1 else ''}"
                               if hits else "No matches")
        self.hit_count.setVisible(True)
        self.show_hits(bool(hits))

    def show_hits(self, visible: bool) -> None:
        """The results list takes room only when there are results; otherwise just the search box
        (and "No matches" after an empty search) sit under the documents list."""
        self.hits.setVisible(visible)
        if not self.hit_count.text():
            self.hit_count.setVisible(False)
        if visible:
            self.bottom.setMaximumHeight(16777215)
            total = sum(self.split.sizes()) or 600
            self.split.setSizes([total * 55 // 100, total - total * 55 // 100])
        else:
            self.bottom.setMaximumHeight(self.bottom.layout().sizeHint().height())

    def _open_hit(self, doc_id: int, start: int, end: int) -> None:
        pane = self.window_.open_document(doc_id)
        pane.view.scroll_to(start, end, select_text=True)
        pane.view.setFocus()
