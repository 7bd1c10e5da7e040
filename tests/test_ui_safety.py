"""In the app: the Export dialog refuses the project's own files and says why; File > Restore from
Backup; a damaged project gets a dialog with a Restore button; read-only folders open read-only."""

from __future__ import annotations

import os

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox

from annotator.store import create_project, open_project
from annotator.store import files as store_files
from annotator.store.backup import list_backups, make_backup
from ui_helpers import add_docs, make_window
from cli_helpers import digest


@pytest.fixture
def boxes(monkeypatch):
    """Record message boxes; click the button whose text contains ``state['click']``."""
    seen = []
    state = {"click": None}

    def fake_exec(self):
        seen.append(self.text())
        for b in self.buttons():
            if state["click"] and state["click"] in b.text():
                b.click()
                return 0
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda p, t, text, *a: seen.append(text)))
    monkeypatch.setattr(QApplication, "exec", lambda *a: 0)
    seen_state = type("Seen", (list,), {})(seen)
    seen_state.state = state
    seen_state.log = seen
    return seen_state


def _project_with_backups(path, n=2):
    p = create_project(path)
    add_docs(p, "First document about taxes.", "Second one.")
    for i in range(n):
        p.add_span(p.documents()[0].id, i, i + 3, "CLAIM")
        make_backup(p.backend.conn, str(path))
    return p


def test_export_dialog_refuses_the_project_file_and_says_why(qtbot, tmp_path, boxes):
    from annotator.ui.dialogs.export import ExportDialog

    path = tmp_path / "p.annotator"
    p = _project_with_backups(path)
    try:
        dialog = ExportDialog(p)
        qtbot.addWidget(dialog)
        dialog.set_format("jsonl")
        before = digest(path)
        os.symlink(path, tmp_path / "alias.jsonl")
        for out in (path, tmp_path / "alias.jsonl", str(path) + "-wal", list_backups(str(path))[0]):
            dialog.path_edit.setText(str(out))
            assert not dialog.start_export()
            assert dialog.worker is None
            assert "refusing to write there" in dialog.status.text() and str(path) in dialog.status.text()
            assert "refusing to write there" in boxes.log[-1]
        assert digest(path) == before
        p.add_span(p.documents()[1].id, 0, 6, "QUOTE")  # later edits still land in the project
    finally:
        p.close()
    assert len(open_project(path, readonly=True).spans()) == 3


def test_restore_from_backup_menu_opens_the_restored_copy(qtbot, tmp_path, boxes, monkeypatch):
    from annotator.ui import projectfiles
    from annotator.ui.dialogs import backups as backups_mod

    path = tmp_path / "p.annotator"
    p = _project_with_backups(path)
    w = make_window(qtbot, p)
    assert "Restore from &Backup…" in [a.text() for a in w.menuBar().actions()[0].menu().actions()]
    out = tmp_path / "restored.annotator"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(out), "")))

    def choose_older(self):
        assert [i.number for i in self.infos] == [1, 2] and self.table.rowCount() == 2
        self.table.selectRow(1)  # the older backup: one span
        self.restore_selected()
        return QDialog.DialogCode.Accepted if self.restored else QDialog.DialogCode.Rejected

    monkeypatch.setattr(backups_mod.RestoreDialog, "exec", choose_older)
    opened = []
    monkeypatch.setattr(projectfiles, "switch_project", lambda window, project: opened.append(project))
    w.acts["restore"].trigger()
    assert len(opened) == 1 and opened[0].path == str(out)
    try:
        assert len(opened[0].spans()) == 1 and not opened[0].readonly
    finally:
        opened[0].close()
    assert len(p.spans()) == 2  # the open project is untouched


def test_restore_dialog_refuses_the_project_itself(qtbot, tmp_path, boxes):
    from annotator.ui.dialogs.backups import RestoreDialog

    path = tmp_path / "p.annotator"
    p = _project_with_backups(path)
    try:
        before = digest(path)
        dialog = RestoreDialog(str(path))
        qtbot.addWidget(dialog)
        assert dialog.restore_selected(str(path)) is None
        assert "refusing to write there" in dialog.status.text()
        assert digest(path) == before
    finally:
        p.close()


def test_damaged_project_dialog_with_restore_button(qtbot, tmp_path, boxes, monkeypatch):
    from annotator.ui import app
    from annotator.ui.dialogs import backups as backups_mod

    path = tmp_path / "p.annotator"
    _project_with_backups(path).close()
    size = os.path.getsize(path)
    with open(path, "r+b") as f:
        for page in range(2, size // 4096):
            f.seek(page * 4096)
            f.write(os.urandom(4096))
    before = digest(path)
    out = tmp_path / "p-restored.annotator"

    def restore_newest(self):
        self.restore_selected(str(out))
        return QDialog.DialogCode.Accepted if self.restored else QDialog.DialogCode.Rejected

    monkeypatch.setattr(backups_mod.RestoreDialog, "exec", restore_newest)
    assert app.open_with_dialogs(str(path)) is None  # Close
    assert "damaged" in boxes.log[-1] and str(path) in boxes.log[-1]
    boxes.state["click"] = "Restore from Backup"
    project = app.open_with_dialogs(str(path))
    try:
        assert project is not None and project.path == str(out) and len(project.spans()) == 2
    finally:
        project.close()
    assert digest(path) == before


def test_damage_found_while_working_shows_the_dialog_and_refuses_writes(qtbot, tmp_path, boxes, monkeypatch):
    from annotator.store import backup as backup_mod

    path = tmp_path / "p.annotator"
    _project_with_backups(path).close()
    p = open_project(path)
    w = make_window(qtbot, p)
    p.add_span(p.documents()[1].id, 0, 3, "QUOTE")  # the session's first write: checked, fine
    monkeypatch.setattr(backup_mod, "BATCH_INTERVAL", 0)
    size = os.path.getsize(path)
    with open(path, "r+b") as f:
        for page in range(2, size // 4096):
            f.seek(page * 4096)
            f.write(os.urandom(4096))
    w.make_backup()  # the periodic backup checks the file first
    assert any("damaged" in t for t in boxes.log), boxes.log
    assert len(list_backups(str(path))) == 2  # the damaged file was not backed up
    from annotator.store import DamagedProject

    with pytest.raises(DamagedProject):
        p.add_span(p.documents()[1].id, 3, 6, "CLAIM")


def test_read_only_folder_opens_read_only(qtbot, tmp_path, boxes, monkeypatch):
    from annotator.ui import app

    folder = tmp_path / "shared"
    folder.mkdir()
    path = folder / "p.annotator"
    p = create_project(path)
    add_docs(p, "Some text.")
    p.close()
    real_access = os.access
    monkeypatch.setattr(store_files.os, "access", lambda f, m, *a, **k: False if os.fspath(f) in (
        str(path), str(folder)) and m & os.W_OK else real_access(f, m, *a, **k))
    project = app.open_with_dialogs(str(path), readonly=True)  # annotator open --read-only
    assert project is not None and project.readonly and len(project.documents()) == 1
    w = make_window(qtbot, project)
    assert "read-only" in w.windowTitle()
    project.close()
    boxes.state["click"] = "read-only"
    project = app.open_with_dialogs(str(path))  # asked, then opened read-only
    assert "read-only" in boxes.log[-1]
    assert project is not None and project.readonly
    project.close()
    assert sorted(os.listdir(folder)) == ["p.annotator"]


def test_export_dialog_on_a_damaged_file_names_the_backup(qtbot, tmp_path, boxes, monkeypatch):
    from annotator.ui.dialogs import export as export_mod
    from annotator.ui.dialogs.export import ExportDialog

    path = tmp_path / "p.annotator"
    _project_with_backups(path).close()
    import sqlite3

    conn = sqlite3.connect(path)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'spans'").fetchone()[0]
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with open(path, "r+b") as f:  # the spans table's page: the file opens, reading spans fails
        f.seek((root - 1) * page_size)
        f.write(os.urandom(page_size))
    shown = []
    monkeypatch.setattr(export_mod, "show_error", lambda parent, exc, *a: shown.append(exc))
    p = open_project(path, readonly=True)
    try:
        dialog = ExportDialog(p)
        qtbot.addWidget(dialog)
        dialog.set_format("csv")
        dialog.path_edit.setText(str(tmp_path / "out.csv"))
        if dialog.start_export():  # found while exporting, or already while listing what it would replace
            qtbot.waitUntil(lambda: not dialog.running and dialog.error is not None, timeout=30000)
        assert "damaged" in dialog.status.text() and "--restore latest" in str(shown[0])
        assert not (tmp_path / "out.csv").exists()
    finally:
        p.close()


def test_damaged_project_without_backups_offers_no_restore(qtbot, tmp_path, monkeypatch):
    """Found in a real window: a damaged file with no backup said "there is no backup of it (list them with ...)"
    then "There is no backup of it" again, told the user to restore a backup, and offered Restore from Backup
    (which opened an empty list)."""
    from annotator.ui.dialogs.backups import damaged_box

    path = tmp_path / "p.annotator"
    p = create_project(path)
    add_docs(p, "First document about taxes.")
    p.close()
    assert list_backups(str(path)) == []
    from annotator.store.damage import damaged_message

    message = damaged_message(str(path), "quick_check: Page 4: btreeInitPage() returns error code 11")
    box, restore = damaged_box(None, message, str(path))
    shown = box.text() + " " + box.informativeText()
    assert shown.lower().count("no backup") == 1, shown
    assert "Restore a backup" not in shown and "list them" not in shown
    assert restore is None and not any("Restore" in b.text() for b in box.buttons())
    assert str(path) in box.text() and "damaged" in box.text()
    assert "btreeInitPage" in box.detailedText()  # the technical detail stays one click away
    # with a backup: its time, and the Restore button
    p = open_project(str(path))
    make_backup(p.backend.conn, str(path))
    p.close()
    box, restore = damaged_box(None, damaged_message(str(path)), str(path))
    assert restore is not None and "newest backup" in box.informativeText().lower()


def test_a_file_dialog_listing_the_projects_folder_keeps_the_apps_locks(tmp_path):
    """Found in a real window: File > Open listed the project's folder; Qt's dialog read the project file to
    guess its type, and closing that read dropped every lock SQLite held on it in the app's process, so another
    program's read-write connection (the sqlite3 shell) deleted the app's -wal and later saves went to a deleted
    file. The app tells Qt the project's file names before it starts (resources/mime): the dialog never opens
    them, and the -wal survives."""
    import subprocess
    import sys
    import textwrap

    script = textwrap.dedent("""
        import os, sys, time, subprocess
        from annotator.ui.app import application
        from PySide6.QtWidgets import QFileDialog
        app = application()
        from annotator.store import create_project, open_project
        from annotator.core.models import NewDocument
        path = sys.argv[1]
        create_project(path).close()
        project = open_project(path)
        project.add_documents([NewDocument("Written by the app.", title="One")])
        dialog = QFileDialog(None, "Open project", os.path.dirname(path))
        dialog.show()
        end = time.time() + 2.0
        while time.time() < end:
            app.processEvents()
            time.sleep(0.01)
        dialog.close()
        code = "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute('SELECT 1 FROM documents').fetchall(); c.close()"
        subprocess.run([sys.executable, "-c", code, path], check=True)
        print("wal" if os.path.exists(path + "-wal") else "gone")
        project.close()
    """)
    env = {k: v for k, v in os.environ.items() if k != "XDG_DATA_DIRS"}
    env.update(QT_QPA_PLATFORM="offscreen", ANNOTATOR_HOME=str(tmp_path / "home"))
    r = subprocess.run([sys.executable, "-c", script, str(tmp_path / "p.annotator")], capture_output=True,
                       text=True, timeout=120, env=env)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split()[-1] == "wal"
