"""The layering rules: import-linter contracts hold, only annotator.ui imports PySide6, and importing the
Qt-free layers pulls in neither PySide6 nor spaCy."""

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "annotator"
ENV = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}


def lint_imports_cmd() -> list[str]:
    bindir = Path(sys.executable).parent
    for name in ("lint-imports", "lint-imports.exe"):
        if (bindir / name).exists():
            return [str(bindir / name)]
    return [sys.executable, "-c",
            "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())"]


def test_import_linter_contracts_pass():
    pytest.importorskip("importlinter")
    result = subprocess.run(lint_imports_cmd() + ["--no-cache", "--no-logo"], cwd=ROOT, env=ENV, capture_output=True, text=True,
                            timeout=300)
    out = result.stdout + result.stderr
    assert "Contracts:" in out, out
    assert result.returncode == 0, out


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_names(path: Path) -> set[str]:
    """Every module named in an import statement anywhere in the file (function-level imports included)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in (
                "import_module", "__import__") and node.args and isinstance(node.args[0], ast.Constant):
            names.add(str(node.args[0].value))
    return names


def non_ui_files() -> list[Path]:
    return [p for p in sorted(PKG.rglob("*.py")) if "ui" not in p.relative_to(PKG).parts[:1]]


def test_only_annotator_ui_imports_pyside6():
    files = non_ui_files()
    assert any(p.parts[-2] == "core" for p in files)  # the scan sees the package
    offenders = {module_name(p): sorted(n for n in imported_names(p) if n.split(".")[0] in ("PySide6", "shiboken6"))
                 for p in files}
    assert {m: n for m, n in offenders.items() if n} == {}


def test_core_imports_only_stdlib_and_itself():
    stdlib = set(sys.stdlib_module_names) | {"__future__"}
    bad = {}
    for p in sorted((PKG / "core").rglob("*.py")):
        names = {n for n in imported_names(p) if n.split(".")[0] not in stdlib}
        if names:
            bad[module_name(p)] = sorted(names)
    assert bad == {}


def importable_modules(*packages: str) -> list[str]:
    out = []
    for pkg in packages:
        base = PKG / pkg
        if not base.exists():
            continue
        out.extend(module_name(p) for p in sorted(base.rglob("*.py")))
    return out


def modules_loaded_after_import(mods: list[str]) -> dict:
    code = ("import importlib, json, sys\n"
            "mods = json.loads(sys.argv[1])\n"
            "for m in mods: importlib.import_module(m)\n"
            "heavy = sorted({k.split('.')[0] for k in sys.modules} & {'spacy', 'PySide6', 'shiboken6', 'thinc', 'torch'})\n"
            "print(json.dumps({'heavy': heavy, 'n': len(mods)}))\n")
    r = subprocess.run([sys.executable, "-c", code, json.dumps(mods)], cwd=ROOT, env=ENV, capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout.strip().splitlines()[-1])


def test_core_store_io_import_neither_spacy_nor_qt():
    mods = importable_modules("core", "store", "io")
    assert "annotator.core.project" in mods and "annotator.store.files" in mods
    got = modules_loaded_after_import(mods)
    assert got["n"] == len(mods) and got["heavy"] == []


def test_nlp_and_cli_import_no_qt_and_spacy_lazily():
    mods = importable_modules("nlp", "cli")
    if not mods:
        pytest.skip("no annotator.nlp/cli modules yet")
    got = modules_loaded_after_import(mods)
    assert got["heavy"] == []


def test_no_import_cycles_in_the_ui():
    """The ui imports no circle (it had actions -> app -> mainwindow -> actions); lazy imports count too."""
    grimp = pytest.importorskip("grimp")
    sys.path.insert(0, str(ROOT))
    try:
        graph = grimp.build_graph("annotator", cache_dir=None)
    finally:
        sys.path.remove(str(ROOT))
    cycles = []
    for module in sorted(m for m in graph.modules if m.startswith("annotator.ui")):
        for dep in graph.find_modules_directly_imported_by(module):
            if dep.startswith("annotator.ui") and graph.find_shortest_chain(importer=dep, imported=module):
                cycles.append((module,) + graph.find_shortest_chain(importer=dep, imported=module))
    assert cycles == []


def test_nothing_above_the_store_reaches_into_the_backend():
    """io, nlp, ui and cli use the Project's methods, never ``project.backend`` (the store's port)."""
    offenders = []
    for path in sorted(PKG.rglob("*.py")):
        if path.relative_to(PKG).parts[0] in ("core", "store"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr == "backend":
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []


def test_views_get_changes_from_the_hub_only():
    """In the app, changes reach views through the window's hub (annotator.ui.hub), never by a listener on the
    project; the only other listener is the dialogs' fallback for a dialog with no main window above it."""
    allowed = {"annotator/ui/hub.py", "annotator/ui/dialogs/_common.py"}
    offenders = []
    for path in sorted((PKG / "ui").rglob("*.py")):
        rel = str(path.relative_to(ROOT))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "subscribe"
                    and "project" in ast.unparse(node.func.value) and rel not in allowed):
                offenders.append(f"{rel}:{node.lineno}")
    assert offenders == []


def test_the_app_start_path_does_not_import_numpy():
    """numpy costs 0.3-0.5 s of every start; sqlite_utils would import it for nothing the store uses."""
    code = ("import sys\nimport annotator.store, annotator.ui.app, annotator.ui.mainwindow\n"
            "print('numpy' in sys.modules)\nimport numpy, sqlite_utils\nprint(numpy.zeros(2).sum())\n")
    env = dict(ENV, QT_QPA_PLATFORM="offscreen")
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["False", "0.0"]  # and numpy still imports normally afterwards
