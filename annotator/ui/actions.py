"""Menus, toolbar (labels with keys and counts) and shortcuts of the main window."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor, QIcon, QKeySequence, QPixmap
from PySide6.QtWidgets import QLabel, QToolBar

from .colors import is_dark, label_color


def _focus_search(window) -> None:
    window.docs.show()
    window.docs.raise_()
    window.docs.search.setFocus(Qt.ShortcutFocusReason)
    window.docs.search.selectAll()


def _act(window, menu, text, slot, shortcut=None, *, context=None, tip=""):
    act = QAction(text, window)
    if shortcut:
        act.setShortcuts(shortcut if isinstance(shortcut, list) else [QKeySequence(shortcut)])
    if context is not None:
        act.setShortcutContext(context)
    if tip:
        act.setStatusTip(tip)
        act.setToolTip(tip)
    act.triggered.connect(lambda *_: slot())
    if menu is not None:
        menu.addAction(act)
    # pane-only keys (Tab, Enter, X, Delete) live on the panes' splitter so docks keep their keys
    owner = window.splitter if context == Qt.ShortcutContext.WidgetWithChildrenShortcut else window
    owner.addAction(act)
    return act


def build(window) -> dict:
    from . import projectfiles as files
    from .importing import choose_and_import

    acts: dict = {}
    mb = window.menuBar()
    pane_keys = Qt.ShortcutContext.WidgetWithChildrenShortcut
    f = mb.addMenu("&File")
    acts["new"] = _act(window, f, "&New Project…", partial(files.new_project, window), QKeySequence.StandardKey.New)
    acts["open"] = _act(window, f, "&Open Project…", partial(files.open_project_dialog, window),
                        QKeySequence.StandardKey.Open)
    window.recent_menu = f.addMenu("Open &Recent")
    window.recent_menu.aboutToShow.connect(partial(files.fill_recent_menu, window))
    f.addSeparator()
    acts["import"] = _act(window, f, "&Import Documents…", partial(choose_and_import, window), "Ctrl+I")
    acts["export"] = _act(window, f, "&Export…", partial(open_dialog, window, "export", "ExportDialog"), "Ctrl+E")
    acts["restore"] = _act(window, f, "Restore from &Backup…", lambda: _dialogs("backups").restore_from_backup(window))
    f.addSeparator()
    acts["labels"] = _act(window, f, "&Labels…", partial(open_dialog, window, "labels", "LabelsDialog"),
                          "Ctrl+Shift+L")
    acts["doc_details"] = _act(window, f, "Document &Details…", partial(document_details, window),
                               tip="Title, outlet, author, date, URL and language of the current pane's document")
    f.addSeparator()
    acts["quit"] = _act(window, f, "&Quit", window.close, QKeySequence.StandardKey.Quit)

    e = mb.addMenu("&Edit")
    acts["undo"] = _act(window, e, "&Undo", partial(undo, window), QKeySequence.StandardKey.Undo)
    acts["redo"] = _act(window, e, "&Redo", partial(redo, window), [QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    e.addSeparator()
    acts["delete"] = _act(window, e, "&Delete Span", window.delete_selected,
                          [QKeySequence(Qt.Key.Key_Delete), QKeySequence(Qt.Key.Key_Backspace)], context=pane_keys)
    acts["accept"] = _act(window, e, "&Accept Suggestion", window.accept_selected,
                          [QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)], context=pane_keys,
                          tip="Accept the selected suggestion, then select the next suggestion in the pane")
    acts["reject"] = _act(window, e, "Re&ject Suggestion", window.reject_selected, "X", context=pane_keys,
                          tip="Reject the selected suggestion, then select the next suggestion in the pane")
    acts["next"] = _act(window, e, "&Next Span", partial(window.move_selection, False), "Tab", context=pane_keys)
    acts["prev"] = _act(window, e, "&Previous Span", partial(window.move_selection, True), "Shift+Tab",
                        context=pane_keys)
    acts["link"] = _act(window, e, "&Link to…", window.start_link, "Ctrl+L",
                        tip="Link the selected span to another span: then click the other span")
    acts["clear"] = _act(window, e, "Clear Selection", window.clear_selection, "Esc")
    e.addSeparator()
    snap = _act(window, e, "&Snap to Tokens", lambda: None, "Ctrl+Shift+T", tip="Labelled spans grow to whole tokens (hold Alt for raw characters)")
    snap.setCheckable(True)
    snap.setChecked(True)
    snap.toggled.connect(lambda on: setattr(window, "snap_to_tokens", on))
    acts["snap"] = snap

    v = mb.addMenu("&View")
    acts["add_pane"] = _act(window, v, "&Add Pane", lambda: window.add_pane(), "Ctrl+Shift+N")
    acts["close_pane"] = _act(window, v, "&Close Pane", lambda: window.close_pane(), "Ctrl+W")
    acts["compare"] = _act(window, v, "Com&pare Selected Documents", lambda: window.compare(), "Ctrl+Shift+C")
    v.addSeparator()
    acts["zoom_in"] = _act(window, v, "Zoom &In", partial(zoom, window, 1),
                           [QKeySequence.StandardKey.ZoomIn, QKeySequence("Ctrl+=")])
    acts["zoom_out"] = _act(window, v, "Zoom &Out", partial(zoom, window, -1), QKeySequence.StandardKey.ZoomOut)
    acts["zoom_reset"] = _act(window, v, "&Reset Zoom", partial(zoom, window, 0), "Ctrl+0")
    v.addSeparator()
    rej = _act(window, v, "Show Re&jected Suggestions", lambda: None, "Ctrl+Shift+J")
    rej.setCheckable(True)
    rej.toggled.connect(lambda on: _show_rejected(window, on))
    acts["show_rejected"] = rej
    v.addSeparator()
    acts["find"] = _act(window, v, "&Search All Documents…", partial(_focus_search, window),
                        QKeySequence.StandardKey.Find)
    for dock, key in ((window.docs, "Ctrl+Shift+D"), (window.inspector, "Ctrl+Shift+I")):
        toggle = dock.toggleViewAction()
        toggle.setShortcut(QKeySequence(key))
        v.addAction(toggle)
        window.addAction(toggle)
    window.view_menu = v

    tb = QToolBar("Labels", window)
    tb.setObjectName("labels_toolbar")
    tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, tb)
    caption = QLabel(" Label (accepted spans): ")  # the counts are accepted spans, not suggestions
    caption.setToolTip("Click a label (or press its key) to label the selection; the number is how many accepted "
                       "spans the project has with that label (suggestions and rejected spans are not counted)")
    tb.addWidget(caption)
    window.label_toolbar = tb
    window.label_actions = []
    window.acts = acts
    rebuild_label_actions(window)
    refresh(window)
    return acts


def _swatch(color: str, dark: bool) -> QIcon:
    pm = QPixmap(14, 14)
    pm.fill(label_color(color, dark))
    return QIcon(pm)


def rebuild_label_actions(window) -> None:
    tb = window.label_toolbar
    for act in window.label_actions:
        tb.removeAction(act)
        window.removeAction(act)
        act.deleteLater()
    window.label_actions = []
    dark = is_dark(window.palette())
    for label in window.project.labels():
        act = QAction(_swatch(label.color, dark), label.name, window)
        keys = []
        if label.key:
            keys = [QKeySequence(label.key), QKeySequence("Alt+" + label.key)]
        act.setShortcuts(keys)
        act.setData(label.name)
        tip = f"{label.name} ({label.key})" if label.key else label.name
        act.setToolTip(tip + (f": {label.description}" if label.description else ""))
        act.triggered.connect(lambda *_, n=label.name: window.apply_label(n))
        if window.project.readonly:  # still fires, to say why nothing is labelled (Editing.apply_label)
            act.setToolTip(act.toolTip() + " (the project is open read-only)")
        tb.addAction(act)
        window.addAction(act)
        window.label_actions.append(act)
    update_label_counts(window)


def update_label_counts(window, counts=None) -> None:
    if not getattr(window, "label_actions", None):
        return
    counts = counts or window.project.counts()
    by_label = counts.get("by_label", {})
    for act in window.label_actions:
        name = act.data()
        label = next((l for l in window.project.labels() if l.name == name), None)
        n = by_label.get(name, {}).get("accepted", 0)
        key = f"{label.key} " if label is not None and label.key else ""
        act.setText(f"{key}{name} · {n}")
        suggested = by_label.get(name, {}).get("suggested", 0)
        act.setToolTip(f"{name}" + (f" ({label.key})" if key else "") + f": {n} accepted span{'s' * (n != 1)}"
                       + (f" ({suggested} suggested, not counted)" if suggested else "")
                       + (f"\n{label.description}" if label is not None and label.description else ""))


class ActionState:
    """What action enablement depends on, read once per refresh."""

    def __init__(self, window):
        pane = window.current_pane()
        self.has_doc = pane is not None and pane.doc_id is not None
        self.item = pane.view.selected_item() if self.has_doc else None
        self.status = getattr(self.item, "status", None)
        self.writable = not window.project.readonly
        self.panes = len(window.panes())
        self.max_panes = window.MAX_PANES
        self.can_undo = window.project.can_undo
        self.can_redo = window.project.can_redo


# The one place where action enablement is declared: action key -> rule over the ActionState.
ENABLED = {
    "import": lambda s: s.writable,
    "labels": lambda s: s.writable,
    "undo": lambda s: s.writable and s.can_undo,
    "redo": lambda s: s.writable and s.can_redo,
    "delete": lambda s: s.writable and s.item is not None,
    "accept": lambda s: s.writable and s.item is not None and s.status != "accepted",
    "reject": lambda s: s.writable and s.item is not None and s.status != "rejected",
    "link": lambda s: s.writable and s.item is not None,
    "next": lambda s: s.has_doc,
    "prev": lambda s: s.has_doc,
    "close_pane": lambda s: s.panes > 1 or s.has_doc,
    "add_pane": lambda s: s.panes < s.max_panes,
    # the Extract menu (annotator.ui.loop registers its actions in window.acts under these keys)
    "extract_rules": lambda s: s.writable,
    "extract_model": lambda s: s.writable,
    "extract_accept_above": lambda s: s.writable,
    "extract_train": lambda s: s.writable,
    "extract_next": lambda s: s.has_doc,
    "extract_previous": lambda s: s.has_doc,
}


def refresh(window) -> None:
    """Undo/redo texts and the enablement of every declared action (after each op, change or selection)."""
    acts = getattr(window, "acts", None)
    if not acts:
        return
    stack = window.project.stack
    acts["undo"].setText(f"&Undo {stack.undo_text}" if stack.undo_text else "&Undo")
    acts["redo"].setText(f"&Redo {stack.redo_text}" if stack.redo_text else "&Redo")
    state = ActionState(window)
    for key, rule in ENABLED.items():
        if key in acts:
            acts[key].setEnabled(bool(rule(state)))


def undo(window) -> None:
    reveal_change(window, window.ops.run(window.project.undo))


def redo(window) -> None:
    reveal_change(window, window.ops.run(window.project.redo))


def reveal_change(window, change) -> None:
    """Undo and Redo select the span they brought back or changed (as an editor puts its cursor at the
    change), scrolled into view if needed: the next key (Enter, X, a label) then acts on that span, not on the
    one the selection had moved on to (review moves it to the next suggestion). Trace review follows its own
    units on Undo."""
    trace = getattr(window, "trace", None)
    if change is None or (trace is not None and trace.review.active):
        return
    ids = change.added.get("span", set()) | change.updated.get("span", set())
    if not ids:
        return
    rows = window.project.span_rows(ids)
    current = window.current_pane()
    for pane in ([current] if current is not None else []) + [p for p in window.panes() if p is not current]:
        mine = [r for r in rows if r["doc_id"] == pane.doc_id]
        if mine:
            first = min(mine, key=lambda r: (r["start"], r["id"]))
            _blocks, a, b = pane.view.visible_range()
            pane.view.select_span(first["id"], scroll=not (a <= first["start"] < b))
            return


def zoom(window, steps: int) -> None:
    """Zoom every pane by ``steps`` (0: back to the default size)."""
    for pane in window.panes():
        if steps == 0:
            pane.view.reset_zoom()
        else:
            pane.view.zoom(steps)


def _show_rejected(window, on: bool) -> None:
    for pane in window.panes():
        pane.view.show_rejected = on
        pane.view.viewport().update()


def _dialogs(module: str):
    import importlib

    return importlib.import_module(f"annotator.ui.dialogs.{module}")


def document_details(window, doc_id: int | None = None) -> None:
    """Document Details for ``doc_id`` (default: the current pane's document)."""
    from .dialogs.docinfo import DocumentInfoDialog

    if doc_id is None:
        pane = window.current_pane()
        doc_id = pane.doc_id if pane is not None else None
    if doc_id is None:
        window.status_message("Open a document in a pane first")
        return
    DocumentInfoDialog(window.project, doc_id, window).exec()


def open_dialog(window, module: str, cls: str) -> None:
    import importlib

    try:
        mod = importlib.import_module(f"annotator.ui.dialogs.{module}")
        dialog_cls = getattr(mod, cls)
    except (ImportError, AttributeError):
        window.show_error(f"The {module} dialog is not available in this build")
        return
    dialog = dialog_cls(window.project, window)
    dialog.exec()
