"""`annotator --self-test` from source: the same end-to-end check the packaged app runs (the bundle, the
.deb's /usr/bin/annotator and the tarball run it in tests/test_packaging.py)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHECKS = ("project", "sample", "window", "ui-span", "span", "export", "formats", "language", "align", "charts",
          "train", "model")


def test_self_test_from_source_passes_every_check(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen", ANNOTATOR_HOME=str(tmp_path / "home"))
    r = subprocess.run([sys.executable, "-m", "annotator", "--self-test", "--steps", "2"], capture_output=True,
                       text=True, env=env, timeout=600, cwd=tmp_path)
    out = r.stdout + r.stderr
    assert r.returncode == 0, out
    assert "(from source," in out
    for name in CHECKS:
        assert re.search(rf"^OK\s+{name}\b", out, re.M), f"no OK line for {name}:\n{out}"
    assert not re.search(r"^FAIL", out, re.M), out
    assert re.search(rf"^self-test passed: {len(CHECKS)} checks", out, re.M), out
    assert list(tmp_path.iterdir()) == [] or not any(tmp_path.rglob("*.annotator")), "wrote outside its temp folder"


def test_a_failing_check_fails_the_self_test(monkeypatch, capsys, tmp_path):
    from annotator.cli import selftest

    def broken(*_a):
        raise RuntimeError("the sample corpus is missing")

    monkeypatch.setenv("ANNOTATOR_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(selftest, "check_sample", broken)
    monkeypatch.setattr(selftest, "check_formats", lambda tmp: (None, "skipped here"))
    assert selftest.run([]) == 1
    out = capsys.readouterr().out
    assert re.search(r"^FAIL sample .*RuntimeError: the sample corpus is missing$", out, re.M)
    for name in ("window", "ui-span", "span", "export", "train", "model"):  # everything that needs the sample
        assert re.search(rf"^FAIL {name}\s+skipped: needs", out, re.M), out
    assert "self-test FAILED: sample, window" in out
