"""Issue 13 item 1: no output path may be the project, its -wal/-shm/-journal, a backup or its lock,
however it is spelled; item 11: a closed pipe is not an error."""

import os
import subprocess
import sys

import pytest

from annotator.store import ProtectedPath, check_output_path, create_project, open_project
from annotator.store.backup import make_backup
from conftest import ROOT
from cli_helpers import digest, run


@pytest.fixture
def sample(tmp_path, capsys):
    path = tmp_path / "s.annotator"
    assert run(capsys, "init", path, "--sample")[0] == 0
    return path


def _spellings(project):
    d = project.parent
    (d / "sub").mkdir(exist_ok=True)
    os.symlink(project, d / "link.jsonl")
    os.link(project, d / "hard.jsonl")
    return [project, d / "sub" / ".." / project.name, d / "link.jsonl", d / "hard.jsonl",
            project.with_name(project.name.upper()), str(project) + "-wal", str(project) + "-shm",
            str(project) + "-journal", str(project) + ".lock", f"./{os.path.relpath(project)}"]


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "doccano", "w3c", "brat", "spacy"])
def test_export_refuses_every_file_of_the_project(sample, capsys, fmt, monkeypatch):
    monkeypatch.chdir(sample.parent)
    before = digest(sample)
    for out in _spellings(sample):
        code, _, err = run(capsys, "export", sample, "--format", fmt, "--out", out)
        assert code == 1, (out, err)
        assert "refusing to write there" in err and str(sample) in err, err
        assert err.count("\n") == 1 and "Traceback" not in err
        assert digest(sample) == before
        assert not os.path.isdir(out)
    assert os.path.samefile(sample.parent / "hard.jsonl", sample)


def test_export_refuses_backups_and_lock_of_an_open_project(sample, capsys):
    p = open_project(sample)  # the app has it open: -wal and .lock exist
    try:
        backup = make_backup(p.backend.conn, str(sample))
        before = digest(backup)
        for out in (backup, str(sample) + ".lock", backup.parent, backup.parent / "new.jsonl"):
            code, _, err = run(capsys, "export", sample, "--format", "jsonl", "--out", out)
            assert code == 1 and "refusing to write there" in err, err
        assert digest(backup) == before
    finally:
        p.close()


def test_folder_formats_check_each_file_they_write(tmp_path):
    """A brat export into the project's folder must not replace a project named like one of its files."""
    from annotator.io.export import export

    project_path = tmp_path / "train.spacy"
    p = create_project(project_path)
    try:
        from annotator.core import NewDocument

        doc = p.add_documents([NewDocument("Some text about taxes.", title="T")]).added[0]
        p.add_span(doc, 0, 4, "CLAIM")
        before = digest(project_path)
        with pytest.raises(ProtectedPath):
            export(p, "spacy", tmp_path, dev_fraction=0.0)
        assert digest(project_path) == before
    finally:
        p.close()


def test_guard_is_public_and_allows_ordinary_paths(sample, tmp_path):
    assert check_output_path(tmp_path / "out.jsonl", sample) == tmp_path / "out.jsonl"
    with pytest.raises(ProtectedPath, match="project file"):
        check_output_path(sample, tmp_path / "other.annotator", sample)


def test_docs_into_a_closed_pipe_is_not_an_error(sample):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen([sys.executable, "-m", "annotator", "docs", str(sample)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env=env, cwd=ROOT)
    child.stdout.close()  # like `| head -1` that has already exited
    err = child.stderr.read().decode()
    assert child.wait() == 0, err
    assert "Broken pipe" not in err and "Traceback" not in err and err == ""


def test_shell_pipe_to_head(sample):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    r = subprocess.run(f"'{sys.executable}' -m annotator search '{sample}' the | head -1; "
                       "exit ${PIPESTATUS[0]}", shell=True, executable="/bin/bash", capture_output=True, text=True,
                       env=env, cwd=ROOT)
    assert r.returncode == 0 and r.stderr == "" and len(r.stdout.splitlines()) == 1, r


def test_compare_out_uses_the_same_guard(sample, capsys):
    os.link(sample, sample.parent / "matrix.csv")
    os.symlink(sample, sample.parent / "matrix.html")
    before = digest(sample)
    for out in ("matrix.csv", "matrix.html", sample.name.upper()):
        code, _, err = run(capsys, "compare", sample, "--source", "1", "--out", sample.parent / out, "--force")
        assert code == 1 and "project's own files" in err and "Traceback" not in err, err
    assert digest(sample) == before
