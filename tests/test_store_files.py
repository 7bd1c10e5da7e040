"""Opening project files: bad files are refused unchanged, newer schema, read-only, locked, WAL/foreign keys, migrations."""

import os
import sqlite3

import pytest

from annotator.core import NewDocument, ProjectError
from annotator.store import (NewerProject, NotAProject, ProjectLocked, ReadOnlyProject, create_project, inspect,
                             open_project)
from annotator.store import files as store_files
from annotator.store.schema import MIGRATION_SET, known_migrations
from cli_helpers import digest


def siblings(path):
    """Files next to ``path`` that SQLite or our lock could leave behind."""
    return sorted(p for p in os.listdir(os.path.dirname(path)) if p.startswith(os.path.basename(path)))


def assert_refused_unchanged(path, error, *words):
    before = digest(path)
    mtime = os.stat(path).st_mtime_ns
    for kwargs in ({}, {"readonly": True}):
        with pytest.raises(error) as err:
            open_project(path, **kwargs)
        msg = str(err.value)
        assert str(path) in msg, msg
        for w in words:
            assert w in msg, msg
        assert "\n" not in msg
    assert digest(path) == before and os.stat(path).st_mtime_ns == mtime
    assert siblings(path) == [os.path.basename(path)]  # no -wal, -shm or .lock left behind
    return msg


@pytest.fixture
def saved(project_path):
    p = create_project(project_path)
    doc = p.add_documents([NewDocument("Some text about taxes.", title="T")]).added[0]
    p.add_span(doc, 0, 4, "CLAIM")
    p.close()
    return project_path


def test_create_records_migrations_and_uses_wal_and_foreign_keys(project):
    conn = project.backend.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA synchronous").fetchone()[0] in (1, 2)  # NORMAL or FULL
    applied = [r[0] for r in conn.execute(
        "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid", (MIGRATION_SET,))]
    assert applied == known_migrations() and applied[0] == "m001_initial"
    assert inspect(project.path) == applied


def test_foreign_keys_enforced_at_the_sql_level(project):
    conn = project.backend.conn
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("INSERT INTO spans (doc_id, start, \"end\", label_id, created, updated) VALUES (999, 0, 1, 1, '', '')")


def test_reopen_keeps_data(saved):
    p = open_project(saved)
    try:
        assert [d.title for d in p.documents()] == ["T"]
        assert [(s.start, s.end, s.label) for s in p.spans()] == [(0, 4, "CLAIM")]
        assert p.backend.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        p.close()


def test_create_refuses_existing_file_and_missing_folder(saved, tmp_path):
    before = digest(saved)
    with pytest.raises(ProjectError, match="already exists"):
        create_project(saved)
    assert digest(saved) == before
    with pytest.raises(ProjectError, match="no such folder"):
        create_project(tmp_path / "nope" / "x.annotator")


def test_open_create_flag(tmp_path):
    path = tmp_path / "new.annotator"
    p = open_project(path, create=True)
    p.close()
    assert inspect(str(path)) == known_migrations()


def test_missing_path(tmp_path):
    path = tmp_path / "missing.annotator"
    with pytest.raises(ProjectError, match="no such project file") as err:
        open_project(path)
    assert str(path) in str(err.value)
    assert not path.exists()


def test_folder(tmp_path):
    with pytest.raises(NotAProject, match="folder") as err:
        open_project(tmp_path)
    assert str(tmp_path) in str(err.value)


@pytest.mark.parametrize("content,words", [
    (b"", ("empty",)),
    (b"Just some notes, not a project.\n", ("not an SQLite database",)),
    (bytes(range(256)) * 40, ("not an SQLite database",)),
    (b"SQLite format 3\x00" + os.urandom(4000), ()),  # a damaged database
])
def test_not_a_project_files_are_refused_unchanged(tmp_path, content, words):
    path = tmp_path / "bad.annotator"
    path.write_bytes(content)
    assert_refused_unchanged(str(path), NotAProject, "not an annotator project", *words)


@pytest.mark.parametrize("journal", ["delete", "wal"])
def test_foreign_sqlite_database_is_refused_unchanged(tmp_path, journal):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA journal_mode = {journal}")
    conn.execute("CREATE TABLE notes (x TEXT)")
    conn.execute("INSERT INTO notes VALUES ('hello')")
    conn.commit()
    conn.close()
    assert_refused_unchanged(str(path), NotAProject, "not an annotator project")


def test_database_with_other_migration_set_is_not_a_project(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE _sqlite_migrations (migration_set TEXT, name TEXT, applied_at TEXT)")
    conn.execute("INSERT INTO _sqlite_migrations VALUES ('someone-else', 'm001', 'now')")
    conn.commit()
    conn.close()
    assert_refused_unchanged(str(path), NotAProject)


def test_newer_schema_is_refused_unchanged(saved):
    conn = sqlite3.connect(saved)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES (?, ?, ?)",
                 (MIGRATION_SET, "m999_from_the_future", "2099-01-01"))
    conn.commit()
    conn.close()
    assert siblings(saved) == [saved.name]
    msg = assert_refused_unchanged(str(saved), NewerProject, "newer version", "m999_from_the_future")
    assert "update annotator" in msg


def test_read_only_file_via_access_check(saved, monkeypatch):
    real_access = os.access

    def access(path, mode, *a, **k):
        if os.fspath(path) == str(saved) and mode & os.W_OK:
            return False
        return real_access(path, mode, *a, **k)

    monkeypatch.setattr(store_files.os, "access", access)
    before = digest(saved)
    with pytest.raises(ReadOnlyProject, match="read-only") as err:
        open_project(saved)
    assert str(saved) in str(err.value)
    assert digest(saved) == before and siblings(saved) == [saved.name]
    p = open_project(saved, readonly=True)
    try:
        assert p.readonly and len(p.spans()) == 1
        with pytest.raises(ProjectError):
            p.add_span(p.spans()[0].doc_id, 5, 9, "CLAIM")
    finally:
        p.close()
    assert digest(saved) == before


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="running as root: chmod 0444 does not stop root from writing (covered via os.access)")
def test_read_only_file_chmod(saved):
    os.chmod(saved, 0o444)
    try:
        with pytest.raises(ReadOnlyProject):
            open_project(saved)
        p = open_project(saved, readonly=True)
        assert len(p.spans()) == 1
        p.close()
    finally:
        os.chmod(saved, 0o644)


def test_locked_project(saved):
    first = open_project(saved)
    try:
        with pytest.raises(ProjectLocked) as err:
            open_project(saved)
        assert str(saved) in str(err.value) and "read-only" in str(err.value)
        ro = open_project(saved, readonly=True)
        try:
            assert len(ro.spans()) == 1
            # a write made by the first window is visible to the read-only one
            first.add_span(first.spans()[0].doc_id, 5, 9, "QUOTE")
            assert len(ro.spans()) == 2
        finally:
            ro.close()
    finally:
        first.close()
    again = open_project(saved)  # the lock is released on close
    again.close()


def test_lock_released_when_holder_process_dies(saved):
    import subprocess
    import sys

    from conftest import ROOT

    code = ("import sys, time; from annotator.store import open_project; p = open_project(sys.argv[1]); "
            "print('open', flush=True); time.sleep(60)")
    child = subprocess.Popen([sys.executable, "-c", code, str(saved)], stdout=subprocess.PIPE, text=True,
                             cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        assert child.stdout.readline().strip() == "open"
        with pytest.raises(ProjectLocked):
            open_project(saved)
    finally:
        child.kill()
        child.wait()
    p = open_project(saved)
    p.close()


def test_older_project_is_migrated_on_open(saved, monkeypatch):
    """A project made before the last migration gets the missing ones (recorded) when opened for writing."""
    from annotator.store import schema

    extra = schema.Migrations(MIGRATION_SET)
    extra._migrations = list(schema.migrations._migrations)

    @extra(name="m999_test_added_column")
    def _m999(db):
        db.execute("ALTER TABLE settings ADD COLUMN extra TEXT")

    monkeypatch.setattr(schema, "migrations", extra)
    monkeypatch.setattr(store_files, "migrations", extra)
    ro = open_project(saved, readonly=True)  # read-only: nothing is migrated
    ro.close()
    assert "m999_test_added_column" not in [r[0] for r in sqlite3.connect(saved).execute(
        "SELECT name FROM _sqlite_migrations")]
    p = open_project(saved)
    try:
        names = [r[0] for r in p.backend.conn.execute("SELECT name FROM _sqlite_migrations ORDER BY rowid")]
        assert names[-1] == "m999_test_added_column"
        cols = [r[1] for r in p.backend.conn.execute("PRAGMA table_info(settings)")]
        assert "extra" in cols
    finally:
        p.close()


def test_a_second_reader_in_the_writers_process_keeps_other_processes_from_its_wal(tmp_path):
    """Found in a real window: the Annotators recount opens the project read-only in a worker of the app, and
    inspect() read the file's header with open()/close(), which dropped every POSIX lock SQLite held on it in the
    app's process; a read-write connection of another process could then checkpoint and delete the app's -wal
    under it (later commits went to a deleted file). A read-write reader in another process must find the
    writer's locks in place and leave its -wal alone."""
    import subprocess
    import sys

    from annotator.core.models import NewDocument

    path = tmp_path / "w.annotator"
    create_project(path).close()
    writer = open_project(path)
    try:
        writer.add_documents([NewDocument("Written by the app.", title="One")])
        again = open_project(path, readonly=True)  # what the recount worker does, in the writer's process
        assert again.documents()[0].title == "One"
        again.close()
        code = ("import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute('PRAGMA query_only = ON'); "
                "c.execute('SELECT COUNT(*) FROM documents').fetchone(); c.close()")
        subprocess.run([sys.executable, "-c", code, str(path)], check=True, timeout=60)
        assert (tmp_path / "w.annotator-wal").exists()  # the other process could not take it away
        writer.add_documents([NewDocument("Written after the read.", title="Two")])
    finally:
        writer.close()
    reopened = open_project(path, readonly=True)
    assert [d.title for d in reopened.documents()] == ["One", "Two"]
    reopened.close()
