import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Session-wide scratch home (per-test ones below): module-scoped fixtures and subprocesses whose
# environment is built at import time never touch the real user's data, locks or backups.
os.environ["ANNOTATOR_HOME"] = __import__("tempfile").mkdtemp(prefix="annotator-test-home-")

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    """Keep user data, config, logs and backups of every test out of the real home."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("ANNOTATOR_HOME", str(home))
    yield home


@pytest.fixture
def project(tmp_path):
    from annotator.store import create_project

    p = create_project(tmp_path / "test.annotator")
    yield p
    p.close()


@pytest.fixture
def project_path(tmp_path):
    return tmp_path / "test.annotator"
