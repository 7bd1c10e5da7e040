"""Issue 13 items 2-4 and issue 10 item 6: damaged files, backups and restore, the lock on the real file."""

import json
import os
import sqlite3
from datetime import datetime, timedelta

import pytest

from annotator.cli import main
from annotator.store import DamagedProject, ProjectLocked, open_project
from annotator.store import backup as store_backup
from annotator.store.backup import backup_before_batch, keep_set, list_backups, make_backup
from cli_helpers import digest, run


@pytest.fixture
def sample(tmp_path, capsys):
    path = tmp_path / "s.annotator"
    assert run(capsys, "init", path, "--sample")[0] == 0
    return path


def damage(path, pages=(3, 5, 8, 20, 40, 60, 80, 100)):
    size = os.path.getsize(path)
    with open(path, "r+b") as f:
        for page in pages:
            if (page + 1) * 4096 <= size:
                f.seek(page * 4096)
                f.write(os.urandom(4096))


def test_import_makes_a_backup_and_backups_lists_it(sample, tmp_path, capsys):
    doc = tmp_path / "a.txt"
    doc.write_text("A new document about figures.", encoding="utf-8")
    assert list_backups(str(sample)) == []
    code, _, err = run(capsys, "import", sample, doc)
    assert code == 0, err
    backups = list_backups(str(sample))
    assert len(backups) == 1
    code, out, _ = run(capsys, "backups", sample, "--json")
    listed = json.loads(out)
    assert code == 0 and len(listed) == 1
    assert listed[0]["path"] == str(backups[0]) and listed[0]["documents"] == 5  # taken before the import
    assert listed[0]["size"] == os.path.getsize(backups[0]) and listed[0]["spans"] == 0
    datetime.fromisoformat(listed[0]["time"])
    # throttled: a second batch right after makes no second backup
    doc.write_text("Another one.", encoding="utf-8")
    assert run(capsys, "import", sample, doc)[0] == 0
    assert len(list_backups(str(sample))) == 1
    code, out, _ = run(capsys, "backups", sample)
    assert code == 0 and str(backups[0]) in out and "documents" in out


def test_restore_latest_and_by_number(sample, tmp_path, capsys):
    p = open_project(sample)
    try:
        first = make_backup(p.backend.conn, str(sample))
        p.add_span(p.documents()[0].id, 0, 5, "CLAIM")
        make_backup(p.backend.conn, str(sample))
    finally:
        p.close()
    new = tmp_path / "restored.annotator"
    code, out, err = run(capsys, "backups", sample, "--restore", "latest", "--out", new)
    assert code == 0, err
    r = open_project(new, readonly=True)
    assert len(r.spans()) == 1
    r.close()
    code, _, err = run(capsys, "backups", sample, "--restore", "2", "--out", new)
    assert code == 1 and "already exists" in err and "--force" in err
    code, _, err = run(capsys, "backups", sample, "--restore", "2", "--out", new, "--force")
    assert code == 0, err
    r = open_project(new, readonly=True)
    assert len(r.spans()) == 0
    r.close()
    assert digest(first) == digest(list_backups(str(sample))[0])
    before = digest(sample)
    for out in (sample, str(sample) + "-wal", first):
        code, _, err = run(capsys, "backups", sample, "--restore", "latest", "--out", out, "--force")
        assert code == 1 and "refusing to write there" in err, err
    assert digest(sample) == before
    code, _, err = run(capsys, "backups", sample, "--restore", "9", "--out", tmp_path / "x.annotator")
    assert code == 1 and "no backup 9" in err
    code, _, err = run(capsys, "backups", sample, "--restore", "latest")
    assert code == 1 and "--out" in err


def test_damaged_project_one_line_everywhere_and_untouched(sample, tmp_path, capsys):
    doc = tmp_path / "a.txt"
    doc.write_text("Some text.", encoding="utf-8")
    assert run(capsys, "import", sample, doc)[0] == 0  # makes the backup the message points to
    backup = list_backups(str(sample))[-1]
    damage(sample)
    before = digest(sample)
    doc.write_text("More text.", encoding="utf-8")
    for argv in (["stats"], ["docs"], ["search", "the"], ["export", "--format", "jsonl", "--out", tmp_path / "o.jsonl"],
                 ["import", doc], ["suggest", "--rules"]):
        code, out, err = run(capsys, argv[0], sample, *argv[1:])
        assert code == 1, (argv, err)
        assert err.count("\n") == 1 and "Traceback" not in err, err
        assert "damaged" in err and str(sample) in err and str(backup) in err, err
        assert f"annotator backups {sample} --restore latest --out" in err, err
        assert digest(sample) == before, argv
    assert sorted(os.listdir(tmp_path)) == ["a.txt", "s.annotator"]
    # the command it names works
    code, _, err = run(capsys, "backups", sample, "--restore", "latest", "--out", tmp_path / "s-restored.annotator")
    assert code == 0, err


def test_damage_found_by_quick_check_before_the_first_write(sample):
    p = open_project(sample)
    try:
        damage(sample, pages=(20, 40, 60))  # pages a quick read of the first rows does not touch
        from annotator.core import NewDocument

        with pytest.raises(DamagedProject, match="damaged"):
            p.add_documents([NewDocument("x", title="x")])
        with pytest.raises(DamagedProject):
            backup_before_batch(p, "test", min_interval=0)
    finally:
        p.close()
    assert list_backups(str(sample)) == []  # a damaged file is never backed up


def test_retention_keeps_a_spread():
    now = datetime(2026, 3, 31, 12, 0)
    burst = [now - timedelta(seconds=s) for s in range(12)]  # 12 launches in a minute
    yesterday = [now - timedelta(days=1, hours=h) for h in range(3)]
    weeks = [now - timedelta(days=d) for d in (9, 10, 16, 23, 30, 60)]
    keep = keep_set(burst + yesterday + weeks, now)
    assert set(sorted(burst)[-10:]) <= keep  # the newest ten
    assert min(burst) in keep  # the day's first backup survives a burst
    assert min(yesterday) in keep and max(yesterday) not in keep
    assert now - timedelta(days=60) not in keep  # older than five weeks
    assert now - timedelta(days=30) in keep and now - timedelta(days=16) in keep


def test_burst_of_backups_keeps_the_oldest_good_one(sample, monkeypatch):
    p = open_project(sample)
    try:
        first = make_backup(p.backend.conn, str(sample))
        for _ in range(12):
            make_backup(p.backend.conn, str(sample))
    finally:
        p.close()
    kept = list_backups(str(sample))
    assert first in kept and len(kept) == 11


def test_killed_backup_leaves_no_file_under_a_backup_name(sample, monkeypatch):
    p = open_project(sample)

    class Boom(Exception):
        pass

    def fail(*a, **k):
        raise Boom()

    try:
        with monkeypatch.context() as m, pytest.raises(Boom):
            m.setattr(store_backup.os, "replace", fail)
            make_backup(p.backend.conn, str(sample))
    finally:
        p.close()
    folder = store_backup.backup_dir_for(str(sample))
    assert list_backups(str(sample)) == [] and os.listdir(folder) == []
    # a part file from a killed process (no such pid) is swept by the next backup
    (folder / ".s-20260101-000000-000000.annotator.999999999.part").write_bytes(b"half")
    p = open_project(sample)
    try:
        make_backup(p.backend.conn, str(sample))
    finally:
        p.close()
    assert [f for f in os.listdir(folder) if f.endswith(".part")] == []


def test_backup_before_migration(sample, monkeypatch):
    """Issue 10 item 6: opening a project whose schema is older backs it up before migrating it."""
    from annotator.store import files as store_files
    from annotator.store import schema
    from annotator.store.schema import MIGRATION_SET

    extra = schema.Migrations(MIGRATION_SET)
    extra._migrations = list(schema.migrations._migrations)

    @extra(name="m999_test_added_column")
    def _m999(db):
        db.execute("ALTER TABLE settings ADD COLUMN extra TEXT")

    monkeypatch.setattr(schema, "migrations", extra)
    monkeypatch.setattr(store_files, "migrations", extra)
    assert list_backups(str(sample)) == []
    open_project(sample, readonly=True).close()
    assert list_backups(str(sample)) == []  # read-only: nothing migrated, no backup needed
    open_project(sample).close()
    backups = list_backups(str(sample))
    assert len(backups) == 1
    names = [r[0] for r in sqlite3.connect(backups[0]).execute("SELECT name FROM _sqlite_migrations")]
    assert "m999_test_added_column" not in names  # the file as it was before the migration
    open_project(sample).close()
    assert len(list_backups(str(sample))) == 1  # nothing left to migrate: no new backup


@pytest.mark.parametrize("how", ["symlink", "hardlink", "dotdot"])
def test_lock_is_on_the_real_file(sample, tmp_path, capsys, how):
    other = tmp_path / "elsewhere"
    other.mkdir()
    alias = other / "alias.annotator"
    if how == "symlink":
        os.symlink(sample, alias)
    elif how == "hardlink":
        os.link(sample, alias)
    else:
        alias = other / ".." / sample.name
    app = open_project(sample)  # the app has the project open
    try:
        before = app.stats()["documents"]
        doc = tmp_path / "a.txt"
        doc.write_text("Should not go in.", encoding="utf-8")
        code, _, err = run(capsys, "import", alias, doc)
        assert code == 1 and "open in another annotator window" in err, err
        with pytest.raises(ProjectLocked):
            open_project(alias)
        assert app.stats()["documents"] == before
    finally:
        app.close()
    open_project(alias).close()  # released with the holder


def test_lock_files_of_killed_holders_are_swept(sample):
    import subprocess
    import sys

    from conftest import ROOT

    from annotator.store.paths import data_dir

    code = ("import sys, time; from annotator.store import open_project; p = open_project(sys.argv[1]); "
            "print('open', flush=True); time.sleep(60)")
    child = subprocess.Popen([sys.executable, "-c", code, str(sample)], stdout=subprocess.PIPE, text=True,
                             cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        assert child.stdout.readline().strip() == "open"
        locks = data_dir() / "locks"
        assert len(os.listdir(locks)) == 1
    finally:
        child.kill()
        child.wait()
    other = sample.parent / "other.annotator"
    assert main(["init", str(other)]) == 0  # its open/close sweeps the killed holder's lock file
    assert os.listdir(locks) == []
