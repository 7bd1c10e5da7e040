"""Menus: Undo/Redo texts and enabled states, span actions enabled by the selection, shortcuts shown,
and the Help menu's dialogs."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from ui_helpers import add_docs, make_window, press, select_text

TEXT = "The minister said 32 detainees were released on Friday, calling it a historic step."


@pytest.fixture
def win(qtbot, project):
    add_docs(project, TEXT, "Another story.")
    project.stack.undo_stack.clear()  # start like a fresh session: nothing to undo
    w = make_window(qtbot, project)
    w.open_document(project.documents()[0].id)
    w.current_pane().view.finish_loading()
    return w


def plain(action) -> str:
    return action.text().replace("&", "")


def test_undo_redo_text_and_enabled_state(qtbot, win, project):
    undo, redo = win.acts["undo"], win.acts["redo"]
    assert not undo.isEnabled() and plain(undo) == "Undo"
    assert not redo.isEnabled() and plain(redo) == "Redo"
    view = win.current_pane().view
    select_text(view, "32 detainees")
    press(qtbot, view, "1")
    assert undo.isEnabled() and plain(undo) == "Undo Add QUOTE span"
    undo.trigger()
    assert project.spans() == []
    assert not undo.isEnabled() and plain(undo) == "Undo"
    assert redo.isEnabled() and plain(redo) == "Redo Add QUOTE span"
    redo.trigger()
    assert len(project.spans()) == 1 and not redo.isEnabled()


def test_span_actions_follow_the_selection(qtbot, win, project):
    acts = win.acts
    span_keys = ("delete", "accept", "reject", "link")
    assert not any(acts[k].isEnabled() for k in span_keys)
    assert acts["next"].isEnabled()
    view = win.current_pane().view
    select_text(view, "32 detainees")
    press(qtbot, view, "3")
    (span,) = project.spans()
    assert view.selected_id == span.id
    assert acts["delete"].isEnabled() and acts["link"].isEnabled() and acts["reject"].isEnabled()
    assert not acts["accept"].isEnabled()  # already accepted
    acts["reject"].trigger()
    assert project.span(span.id).status == "rejected"
    view.select_span(None)
    assert not any(acts[k].isEnabled() for k in span_keys)


def test_every_menu_action_that_acts_on_panes_has_a_shortcut(win):
    for key in ("undo", "redo", "delete", "accept", "reject", "next", "prev", "link", "clear", "snap", "add_pane",
                "close_pane", "compare", "zoom_in", "zoom_out", "zoom_reset", "show_rejected", "labels",
                "import", "export", "shortcuts"):
        assert win.acts[key].shortcut().toString(), key
    menus = [a.text().replace("&", "") for a in win.menuBar().actions()]
    assert menus[-1] == "Help"


def _run_modal(qtbot, trigger):
    """Trigger an action that opens a modal dialog; return the dialog's text/table, then close it."""
    seen = {}

    def grab():
        dialog = QApplication.activeModalWidget()
        seen["dialog"] = dialog
        if dialog is not None:
            seen["title"] = dialog.windowTitle()
            table = getattr(dialog, "table", None)
            if table is not None:
                seen["rows"] = [tuple(table.item(r, c).text() for c in range(3)) for r in range(table.rowCount())]
            label = getattr(dialog, "label", None)
            if label is not None:
                seen["text"] = label.text()
            dialog.reject()

    QTimer.singleShot(50, grab)
    trigger()
    return seen


def test_help_keyboard_shortcuts_dialog_lists_menu_and_label_keys(qtbot, win):
    seen = _run_modal(qtbot, win.acts["shortcuts"].trigger)
    assert seen.get("dialog") is not None and "Keyboard shortcuts" in seen["title"]
    rows = seen["rows"]
    assert ("Edit", "Undo", "Ctrl+Z") in rows
    assert any(r[1] == "Link to…" and r[2] == "Ctrl+L" for r in rows)
    assert any(r[0] == "Labels" and r[1] == "Label as QUOTE" and r[2] == "1" for r in rows)


def test_help_about_shows_version_project_and_folders(qtbot, win):
    from annotator import __version__
    from annotator.store.paths import backups_dir, data_dir

    seen = _run_modal(qtbot, win.acts["about"].trigger)
    text = seen["text"]
    assert seen["title"] == "About annotator"
    assert __version__ in text and win.project.path in text
    assert str(data_dir()) in text and str(backups_dir()) in text


def test_keyboard_shortcuts_name_undo_plainly_and_show_every_action_in_full(qtbot, win, project):
    """Found in a real window at 1366x768: after an edit the list read "Undo Reject 1 span(s)" (the Edit menu's
    text of the moment) and long actions were cut ("Label the selection without ...") with no way to read them."""
    from annotator.ui.help import ShortcutsDialog, shortcut_rows

    project.add_span(project.documents()[0].id, 0, 3, "CLAIM")
    assert win.acts["undo"].text().replace("&", "") != "Undo"  # the menu names the step ...
    rows = shortcut_rows(win)
    assert ("Edit", "Undo", "Ctrl+Z") in rows  # ... the shortcuts list names the key's action
    assert not any(r[1].startswith(("Undo ", "Redo ")) for r in rows)
    dialog = ShortcutsDialog(win)
    qtbot.addWidget(dialog)
    table = dialog.table
    for r in range(table.rowCount()):
        item = table.item(r, 1)
        assert item.toolTip() == item.text()  # the full text one hover away when the column is narrow
    fm = table.fontMetrics()
    needed = sum(max(fm.horizontalAdvance(table.item(r, c).text()) for r in range(table.rowCount())) + 24
                 for c in range(3))
    screen = dialog.screen().availableGeometry().width()
    assert dialog.width() >= min(needed, int(screen * 0.9)) - 1
    assert dialog.width() <= screen


def test_no_two_entries_of_a_menu_share_a_keyboard_letter(qtbot, project):
    """Found in a real window: Extract had Train Extractor and Trace to Source both on T (and Previous Suggestion
    and Patterns both on P): Alt+X, T only highlighted one of them."""
    import re

    from ui_helpers import make_window

    w = make_window(qtbot, project)
    clashes = []
    menus = [a.menu() for a in w.menuBar().actions() if a.menu() is not None]
    while menus:
        menu = menus.pop()
        letters = {}
        for act in menu.actions():
            if act.menu() is not None:
                menus.append(act.menu())
            m = re.search(r"&([^&])", act.text())
            if m and act.isVisible():
                key = m.group(1).lower()
                if key in letters:
                    clashes.append((menu.title(), letters[key], act.text()))
                letters[key] = act.text()
    assert clashes == []
