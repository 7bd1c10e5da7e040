"""A built wheel installed into a fresh venv (not editable, no source tree in sight) ships the rules and the
sample corpus: `annotator init --sample` and `annotator suggest --rules` work from it."""

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


def _run(argv, **kw):
    return subprocess.run([str(a) for a in argv], capture_output=True, text=True, timeout=600, **kw)


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"  # build from a copy: the checkout gets no build/ or egg-info
    src.mkdir()
    for name in ("annotator", "resources", "seeds"):
        shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for name in ("setup.py", "pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    dist = tmp / "dist"
    r = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", dist, src])
    assert r.returncode == 0, r.stdout + r.stderr
    (wheel,) = dist.glob("annotator-*.whl")
    venv = tmp / "venv"
    r = _run([sys.executable, "-m", "venv", "--system-site-packages", venv])
    assert r.returncode == 0, r.stderr
    py = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    # The test's interpreter may itself be a venv: make its packages (spaCy, sqlite-utils...) visible, so
    # nothing is downloaded. The package itself is not among them: only the wheel provides `annotator`.
    purelib = _run([py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip()
    paths = dict.fromkeys([sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]])
    (Path(purelib) / "outer_site.pth").write_text("\n".join(paths) + "\n", encoding="utf-8")
    # no PYTHONPATH: a source tree on it (with an egg-info) would make pip think the wheel is installed
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    r = _run([py, "-m", "pip", "install", "--no-deps", "--no-index", wheel], env=env)
    assert r.returncode == 0, r.stdout + r.stderr
    env["ANNOTATOR_HOME"] = str(tmp / "home")
    work = tmp / "work"  # a folder with no source tree in it
    work.mkdir()
    return {"py": py, "venv": venv, "env": env, "work": work}


def annotator(installed, *args):
    script = installed["venv"] / ("Scripts/annotator.exe" if os.name == "nt" else "bin/annotator")
    return _run([script, *args], env=installed["env"], cwd=installed["work"])


def test_the_installed_package_is_the_wheel(installed):
    r = _run([installed["py"], "-c", "import annotator, annotator.core.resources as r; "
              "print(annotator.__file__); print(r.seeds_dir()); print(r.patterns_dir())"],
             env=installed["env"], cwd=installed["work"])
    assert r.returncode == 0, r.stderr
    module, seeds, patterns = (Path(line) for line in r.stdout.split())
    venv = installed["venv"].resolve()
    for p in (module, seeds, patterns):
        assert venv in p.resolve().parents, p  # inside the venv's site-packages, not the checkout
    assert (seeds / "manifest.json").is_file() and sorted(p.name for p in patterns.glob("*.jsonl"))


def test_init_sample_and_suggest_rules_from_the_wheel(installed):
    project = installed["work"] / "demo.annotator"
    r = annotator(installed, "init", project, "--sample")
    assert r.returncode == 0, r.stdout + r.stderr
    manifest = json.loads((ROOT / "seeds" / "manifest.json").read_text(encoding="utf-8"))
    r = annotator(installed, "docs", project, "--json")
    assert r.returncode == 0, r.stderr
    docs = json.loads(r.stdout)
    assert len(docs) == len(manifest) and all(d["characters"] > 1000 for d in docs)
    r = annotator(installed, "suggest", project, "--rules")
    assert r.returncode == 0, r.stdout + r.stderr
    r = annotator(installed, "stats", project, "--json")
    stats = json.loads(r.stdout)
    assert stats["by_status"]["suggested"] > 0
    suggested = {label for label, by in stats["by_label"].items() if by.get("suggested")}
    assert {"QUOTE", "FIGURE"} <= suggested
