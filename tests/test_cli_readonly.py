"""Issue 13 item 5: a project in a read-only folder (or a read-only file) is read, searched and
exported read-only, without creating -wal/-shm; writes say it is read-only."""

import json
import os
import shutil
import subprocess

import pytest

from annotator.store import ReadOnlyProject, open_project
from annotator.store import files as store_files
from cli_helpers import digest, run


@pytest.fixture
def sample(tmp_path, capsys):
    folder = tmp_path / "shared"
    folder.mkdir()
    path = folder / "s.annotator"
    assert run(capsys, "init", path, "--sample")[0] == 0
    return path


def _check_reads_work(sample, tmp_path, capsys):
    before = digest(sample)
    code, out, err = run(capsys, "stats", sample, "--json")
    assert code == 0, err
    assert json.loads(out)["documents"] == 5
    code, out, err = run(capsys, "docs", sample)
    assert code == 0 and len(out.splitlines()) == 6, err
    code, out, err = run(capsys, "search", sample, "Aliyev", "--json")
    assert code == 0 and len(json.loads(out)) > 0, err
    out_file = tmp_path / "out.csv"
    code, out, err = run(capsys, "export", sample, "--format", "csv", "--out", out_file)
    assert code == 0 and out_file.exists(), err
    code, out, err = run(capsys, "import", sample, out_file)
    assert code == 1 and "read-only" in err and str(sample) in err and "Traceback" not in err
    assert digest(sample) == before
    assert sorted(os.listdir(sample.parent)) == [sample.name]  # no -wal, -shm or lock left


def test_read_only_folder_via_access(sample, tmp_path, capsys, monkeypatch):
    real_access = os.access

    def access(path, mode, *a, **k):
        if os.fspath(path) in (str(sample), str(sample.parent)) and mode & os.W_OK:
            return False
        return real_access(path, mode, *a, **k)

    monkeypatch.setattr(store_files.os, "access", access)
    _check_reads_work(sample, tmp_path, capsys)
    with pytest.raises(ReadOnlyProject):
        open_project(sample)
    p = open_project(sample, readonly=True)
    try:
        assert p.readonly and len(p.documents()) == 5
    finally:
        p.close()


@pytest.mark.skipif(shutil.which("chattr") is None, reason="needs chattr")
def test_immutable_folder(sample, tmp_path, capsys):
    """A folder nobody can write to (chattr +i stops root too)."""
    if subprocess.run(["chattr", "+i", str(sample.parent)], capture_output=True).returncode != 0:
        pytest.skip("this file system has no immutable attribute")
    try:
        _check_reads_work(sample, tmp_path, capsys)
    finally:
        subprocess.run(["chattr", "-i", str(sample.parent)], check=True)
