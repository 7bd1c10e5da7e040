"""Types: core and store type-check with mypy (0 errors), and the package ships the py.typed marker
that pyproject declares, in the source tree and in a built wheel."""

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_mypy_core_and_store_have_no_errors():
    api = pytest.importorskip("mypy.api")
    out, err, status = api.run(["--no-incremental", "--config-file", str(ROOT / "pyproject.toml"),
                                str(ROOT / "annotator" / "core"), str(ROOT / "annotator" / "store")])
    assert status == 0, out + err
    assert "Success: no issues found" in out


def test_py_typed_is_in_the_package_and_the_wheel(tmp_path):
    assert (ROOT / "annotator" / "py.typed").is_file()
    src = tmp_path / "src"  # a copy: building leaves build/ and *.egg-info beside the sources
    shutil.copytree(ROOT / "annotator", src / "annotator", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md", "setup.py"):
        if (ROOT / name).exists():
            shutil.copy(ROOT / name, src / name)
    for name in ("resources", "seeds"):  # package data that setup.py maps into the package
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, src / name)
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                             "-w", str(tmp_path), str(src)], capture_output=True, text=True, timeout=300)
    if result.returncode != 0 and "No module named" in result.stderr:
        pytest.skip(f"cannot build a wheel here: {result.stderr.strip()[-200:]}")
    assert result.returncode == 0, result.stderr
    (wheel,) = tmp_path.glob("annotator-*.whl")
    assert "annotator/py.typed" in zipfile.ZipFile(wheel).namelist()
