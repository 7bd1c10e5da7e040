"""Labels dialog: every edit goes through the Project, is refused with a message when invalid, and is undoable."""

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QColorDialog, QMessageBox

from annotator.core.models import NewDocument
from annotator.ui.dialogs import labels as labels_mod
from annotator.ui.dialogs import linktypes as linktypes_mod
from annotator.ui.dialogs._table import insertion_to_final
from annotator.ui.dialogs.labels import COL_KEY, COL_NAME, COL_SPANS, LabelsDialog, check_key


@pytest.fixture
def warnings(monkeypatch):
    seen = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda parent, title, text, *a: seen.append(text)))
    return seen


@pytest.fixture
def doc(project):
    text = "The minister said 40 percent. Critics called it a lie. Nothing more."
    project.add_documents([NewDocument(text=text, title="t")])
    doc_id = project.documents()[0].id
    project.add_span(doc_id, 18, 28, "FIGURE")
    project.add_span(doc_id, 30, 53, "CLAIM")
    project.add_span(doc_id, 0, 28, "CLAIM")
    return doc_id


@pytest.fixture
def dialog(qtbot, project):
    d = LabelsDialog(project)
    qtbot.addWidget(d)
    return d


def table_names(panel):
    return [panel.table.item(r, COL_NAME).text() for r in range(panel.table.rowCount())]


def test_shows_labels_with_keys_and_counts(dialog, project, doc):
    panel = dialog.labels_panel
    assert table_names(panel) == ["QUOTE", "CLAIM", "FIGURE", "FRAMING"]
    row = table_names(panel).index("CLAIM")
    assert panel.table.item(row, COL_KEY).text() == "2"
    assert panel.table.item(row, COL_SPANS).text() == "2"  # refreshed on the span changes made by the fixture


def test_add_rename_undo(dialog, project, warnings):
    panel = dialog.labels_panel
    assert panel.add_label("SOURCE")
    assert project.label("SOURCE").key == "5"  # the next free digit
    assert table_names(panel)[-1] == "SOURCE"
    assert panel.rename_label("SOURCE", "ORIGIN")
    assert "ORIGIN" in table_names(panel) and "SOURCE" not in table_names(panel)
    assert not panel.rename_label("ORIGIN", "QUOTE")  # duplicate name refused with a message
    assert warnings and "QUOTE" in warnings[-1]
    project.undo()
    assert "SOURCE" in table_names(panel)
    project.undo()
    assert [l.name for l in project.labels()] == ["QUOTE", "CLAIM", "FIGURE", "FRAMING"]
    assert table_names(panel) == ["QUOTE", "CLAIM", "FIGURE", "FRAMING"]


def test_inline_rename_through_the_table(dialog, project, qtbot):
    panel = dialog.labels_panel
    row = table_names(panel).index("FRAMING")
    panel.table.item(row, COL_NAME).setText("SPIN")
    qtbot.waitUntil(lambda: "SPIN" in [l.name for l in project.labels()])
    assert "FRAMING" not in table_names(panel)


def test_recolour(dialog, project, monkeypatch):
    asked = []

    def fake(initial, parent, title):
        asked.append(initial.name())
        return QColor("#123456")

    monkeypatch.setattr(QColorDialog, "getColor", staticmethod(fake))
    assert dialog.labels_panel.recolour_label("QUOTE")
    assert asked == ["#e6a700"]
    assert project.label("QUOTE").color == "#123456"
    monkeypatch.setattr(QColorDialog, "getColor", staticmethod(lambda *a: QColor()))  # cancelled
    assert not dialog.labels_panel.recolour_label("QUOTE")
    project.undo()
    assert project.label("QUOTE").color == "#e6a700"
    assert dialog.labels_panel.table.item(0, 0).text() == "#e6a700"


def test_reorder_buttons_and_drop(dialog, project):
    panel = dialog.labels_panel
    assert panel.move_label("FRAMING", -1)
    assert [l.name for l in project.labels()] == ["QUOTE", "CLAIM", "FRAMING", "FIGURE"]
    assert panel.current_name() == "FRAMING"
    assert not panel.move_label("QUOTE", -1)  # already first
    assert panel.move_row(0, 3)  # what a drag of the first row below the last does
    assert table_names(panel) == ["CLAIM", "FRAMING", "FIGURE", "QUOTE"]
    project.undo()
    project.undo()
    assert table_names(panel) == ["QUOTE", "CLAIM", "FIGURE", "FRAMING"]


def test_drop_position_arithmetic():
    assert insertion_to_final(0, 4) == 3  # first row dropped after the last of four
    assert insertion_to_final(3, 0) == 0
    assert insertion_to_final(1, 2) == 1  # dropped just below itself: no move
    assert insertion_to_final(2, 1) == 1


def test_key_rules(dialog, project, warnings):
    panel = dialog.labels_panel
    assert not panel.set_key("QUOTE", "2")  # CLAIM has 2
    assert "CLAIM" in warnings[-1]
    assert project.label("QUOTE").key == "1"
    assert not panel.set_key("QUOTE", "ab")
    assert "single character" in warnings[-1]
    assert panel.set_key("QUOTE", "q")
    assert project.label("QUOTE").key == "q"
    assert check_key(project.labels(), "CLAIM", "Q") is not None  # case-insensitive clash
    assert panel.set_key("QUOTE", "")  # clearing is allowed
    assert project.label("QUOTE").key == ""
    project.undo()
    assert project.label("QUOTE").key == "q"


def test_inline_key_conflict_is_refused_and_table_restored(dialog, project, qtbot, warnings):
    panel = dialog.labels_panel
    row = table_names(panel).index("FIGURE")
    panel.table.item(row, COL_KEY).setText("1")
    qtbot.waitUntil(lambda: len(warnings) == 1)
    assert project.label("FIGURE").key == "3"
    assert panel.table.item(row, COL_KEY).text() == "3"


def test_description_committed_once(dialog, project):
    panel = dialog.labels_panel
    panel.table.select_id("CLAIM")
    panel.description.setPlainText("Check it.\nSecond line.")
    depth = len(project.stack.undo_stack)
    panel.table.select_id("QUOTE")  # leaving the label commits its guideline
    assert project.label("CLAIM").description == "Check it.\nSecond line."
    assert len(project.stack.undo_stack) == depth + 1
    assert panel.description.toPlainText() == project.label("QUOTE").description
    panel.description.setPlainText("Quoted words.")
    dialog.close()  # closing commits too
    assert project.label("QUOTE").description == "Quoted words."


def test_delete_unused_label(dialog, project, doc):
    assert dialog.labels_panel.delete_label("FRAMING")
    assert "FRAMING" not in table_names(dialog.labels_panel)
    project.undo()
    assert project.label("FRAMING").key == "4"


def test_delete_in_use_cancel(dialog, project, doc, monkeypatch):
    monkeypatch.setattr(labels_mod, "ask_delete_choice", lambda *a: None)
    assert not dialog.labels_panel.delete_label("CLAIM")
    assert project.label_usage("CLAIM") == 2


def test_delete_in_use_deletes_spans(dialog, project, doc, monkeypatch):
    asked = []
    monkeypatch.setattr(labels_mod, "ask_delete_choice",
                        lambda parent, name, count, others: asked.append((name, count, others)) or ("delete", None))
    assert dialog.labels_panel.delete_label("CLAIM")
    assert asked == [("CLAIM", 2, ["QUOTE", "FIGURE", "FRAMING"])]
    assert [s.label for s in project.spans(doc)] == ["FIGURE"]
    project.undo()
    assert sorted(s.label for s in project.spans(doc)) == ["CLAIM", "CLAIM", "FIGURE"]
    assert "CLAIM" in table_names(dialog.labels_panel)


def test_delete_in_use_reassigns(dialog, project, doc, monkeypatch):
    monkeypatch.setattr(labels_mod, "ask_delete_choice", lambda *a: ("reassign", "QUOTE"))
    assert dialog.labels_panel.delete_label("CLAIM")
    assert sorted(s.label for s in project.spans(doc)) == ["FIGURE", "QUOTE", "QUOTE"]
    row = table_names(dialog.labels_panel).index("QUOTE")
    assert dialog.labels_panel.table.item(row, COL_SPANS).text() == "2"
    project.undo()
    assert sorted(s.label for s in project.spans(doc)) == ["CLAIM", "CLAIM", "FIGURE"]


def test_delete_choice_box_buttons(qtbot, monkeypatch):
    """The real question box: clicking 'Reassign' then picking a label returns that choice."""
    from PySide6.QtWidgets import QInputDialog

    def click(box_self):
        for b in box_self.buttons():
            if b.text().startswith("Reassign"):
                b.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", click)
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(lambda p, t, l, items, *a: (items[1], True)))
    assert labels_mod.ask_delete_choice(None, "CLAIM", 3, ["QUOTE", "FIGURE"]) == ("reassign", "FIGURE")


def test_undo_button(dialog, project):
    dialog.labels_panel.add_label("X")
    assert dialog.undo_button.isEnabled()
    dialog.undo_button.click()
    assert "X" not in [l.name for l in project.labels()]


def test_unsubscribes_on_close(qtbot, project):
    d = LabelsDialog(project)
    qtbot.addWidget(d)
    assert d._listener in project._listeners
    d.close()
    assert d._listener not in project._listeners


def test_link_types_tab(dialog, project, doc, monkeypatch, warnings):
    panel = dialog.link_types_panel
    assert panel.add_type("echoes", "Repeats the wording")
    assert project.link_type("echoes").description == "Repeats the wording"
    assert not panel.add_type("echoes")
    assert panel.rename_type("echoes", "repeats")
    assert panel.set_description("repeats", "Same words.")
    assert project.link_type("repeats").description == "Same words."
    s1, s2 = [s.id for s in project.spans(doc)][:2]
    project.add_link(s1, s2, "supports")
    row = panel.names().index("supports")
    assert panel.table.item(row, 1).text() == "1"
    monkeypatch.setattr(linktypes_mod, "ask_delete_links", lambda *a: False)
    assert not panel.delete_type("supports")
    assert len(project.links()) == 1
    monkeypatch.setattr(linktypes_mod, "ask_delete_links", lambda *a: True)
    assert panel.delete_type("supports")
    assert project.links() == [] and "supports" not in panel.names()
    project.undo()
    assert [l.type for l in project.links()] == ["supports"]
    assert panel.delete_type("repeats")  # unused: no question
    assert "repeats" not in [t.name for t in project.link_types()]


def test_read_only_project_disables_edits(qtbot, tmp_path, warnings):
    from annotator.store import create_project, open_project

    path = tmp_path / "ro.annotator"
    create_project(path).close()
    ro = open_project(path, readonly=True)
    try:
        d = LabelsDialog(ro)
        qtbot.addWidget(d)
        panel = d.labels_panel
        assert not any(b.isEnabled() for b in panel.findChildren(type(d.undo_button)) if b.text() != "Close")
        assert panel.description.isReadOnly()
        assert not panel.set_key("QUOTE", "q")  # refused by the project, shown as a message
        assert warnings and "read-only" in warnings[-1]
        assert ro.label("QUOTE").key == "1"
    finally:
        ro.close()


def test_a_key_the_window_answers_to_cannot_become_a_label_key(dialog, project, warnings, qtbot):
    """Found in a real window: CLAIM given the key x took X from Reject Suggestion (pressing X on a suggestion
    then did nothing). Every single-key shortcut of the main window is reserved, whatever its case."""
    from PySide6.QtGui import QKeySequence

    from annotator.ui.dialogs.labels import RESERVED_KEYS
    from ui_helpers import make_window

    panel = dialog.labels_panel
    for key in ("x", "X"):
        assert not panel.set_key("CLAIM", key)
        assert "Reject Suggestion" in warnings[-1] and project.label("CLAIM").key == "2"
    w = make_window(qtbot, project)
    single = set()
    for act in w.findChildren(type(w.acts["reject"])):
        for seq in act.shortcuts():
            text = seq.toString(QKeySequence.SequenceFormat.PortableText)
            if len(text) == 1 and text.isalpha():
                single.add(text.lower())
    assert single and single <= set(RESERVED_KEYS)  # every single-letter shortcut is reserved
