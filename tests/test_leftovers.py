"""Issue 13 item 10: what killed runs leave (training folders, half-registered models, export .part
files) is cleaned up on the next run; only our own files, and never those of a live process."""

import os
import subprocess
import sys
import time

import pytest

from test_loop_train import _corpus  # noqa: F401 - shared corpus
from cli_helpers import run


@pytest.fixture
def live_pid():
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    yield child.pid
    child.kill()
    child.wait()


def dead_pid():
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _work(parent, name, owner=None, age=0):
    import socket

    folder = parent / name
    folder.mkdir(parents=True)
    (folder / "model.bin").write_bytes(b"x" * 10)
    if owner is not None:
        (folder / ".owner").write_text(f"{owner}@{socket.gethostname()}\n")
    if age:
        t = time.time() - age
        os.utime(folder, (t, t))
    return folder


def test_training_run_sweeps_killed_runs_folders_only(project, _isolated_home, live_pid):
    from annotator.nlp.train import train

    models = _isolated_home / "data" / "models"
    killed = _work(models, ".training-killed", owner=dead_pid())
    running = _work(models, ".training-running", owner=live_pid)
    old_unowned = _work(models, ".training-old", age=3 * 86400)
    new_unowned = _work(models, ".training-new")
    other = _work(models, "training-not-ours", owner=dead_pid())
    project.add_documents(_corpus())
    info = train(project, max_steps=3)
    assert not killed.exists() and not old_unowned.exists()
    assert running.exists() and new_unowned.exists() and other.exists()
    # registered in one step: the active model's folder is where the project says, under its name
    active = project.active_model()
    assert active["id"] == info.id and os.path.isdir(active["path"]) and active["name"] == info.name
    assert os.path.basename(active["path"]) == info.name and not os.path.exists(os.path.join(active["path"], ".owner"))
    assert sorted(p.name for p in models.iterdir() if p.name.startswith(".training")) == [
        ".training-new", ".training-running"]  # the run's own work folder is gone too


def test_registration_is_one_commit(project, _isolated_home, monkeypatch):
    """A kill after the registering commit can never leave the active model pointing at a missing folder."""
    from annotator.nlp.train import train

    project.add_documents(_corpus())
    real_run = type(project)._run
    commits = []

    def run_then_kill(self, command, **kw):
        change = real_run(self, command, **kw)
        if change.touches("model"):
            commits.append(command.description)
            active = self.active_model()
            assert active is not None and os.path.isdir(active["path"]), "registered before the folder is in place"
        return change

    monkeypatch.setattr(type(project), "_run", run_then_kill)
    train(project, max_steps=3)
    assert len(commits) == 1


def test_registration_failure_leaves_no_model_and_no_folder(project, _isolated_home, monkeypatch):
    from annotator.nlp.train import train

    project.add_documents(_corpus())

    def killed(*a, **k):
        raise KeyboardInterrupt  # as if the process were stopped at the commit

    monkeypatch.setattr(type(project), "register_model", killed)
    with pytest.raises(KeyboardInterrupt):
        train(project, max_steps=3)
    assert project.backend.all_rows("model") == []
    models = _isolated_home / "data" / "models"
    assert [p for p in models.iterdir()] == []


def test_export_sweeps_killed_exports_part_files(tmp_path, capsys, live_pid):
    project = tmp_path / "p.annotator"
    assert run(capsys, "init", project, "--sample")[0] == 0
    out = tmp_path / "out"
    out.mkdir()
    old = time.time() - 3600
    killed = out / f".data.jsonl.{dead_pid()}.0.part"
    running = out / f".data.jsonl.{live_pid}.0.part"
    recent = out / f".data.jsonl.{dead_pid()}.1.part"
    foreign = out / "notes.part"
    for f in (killed, running, recent, foreign):
        f.write_text("half")
    for f in (killed, running, foreign):
        os.utime(f, (old, old))
    code, _, err = run(capsys, "export", project, "--format", "jsonl", "--out", out / "data.jsonl")
    assert code == 0, err
    assert not killed.exists()
    assert running.exists() and recent.exists() and foreign.exists()


def test_half_registered_model_from_an_older_version_is_repaired(project, _isolated_home, capsys):
    """Older versions committed a '<stem>-pending' row, moved the folder, then committed its path: a kill
    between them left the active model pointing at a missing folder."""
    from annotator.nlp.model import resolve_model_dir

    models = _isolated_home / "data" / "models"
    stem = "test"
    moved = project.register_model(stem, str(models / f"{stem}-pending"), ["QUOTE"], {}, {})
    final = models / f"{stem}-{moved}"
    final.mkdir(parents=True)
    (final / "config.cfg").write_text("[nlp]\n")
    assert resolve_model_dir(project) == final
    assert project.active_model()["path"] == str(final) and project.active_model()["name"] == final.name
    lost = project.register_model(stem, str(models / f"{stem}-pending"), ["QUOTE"], {}, {})
    assert resolve_model_dir(project) == final  # the one active before the lost one is active again
    assert lost not in [m["id"] for m in project.models()]
