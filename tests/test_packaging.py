"""The installer: build the PyInstaller bundle (+ .tar.gz and .deb on Linux) and run the bundled app.

The build takes a minute or two; it runs once per session (module fixture) into a temporary folder.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

import annotator

ROOT = Path(__file__).resolve().parent.parent
CHECKS = ("project", "sample", "window", "ui-span", "span", "export", "formats", "language", "align", "charts",
          "train", "model")
LINUX = sys.platform.startswith("linux")
EXE = "annotator.exe" if sys.platform == "win32" else "annotator"


def _missing(what: str) -> None:
    """A tool the packaging tests need is missing: a skip on a developer's machine, a failure in CI (which
    exports CI=1 and installs everything), so CI can never pass without building and running the installers."""
    if os.environ.get("CI"):
        pytest.fail(f"{what} (CI must have it: see .ci/run)")
    pytest.skip(what)


def _have_pyinstaller() -> bool:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    if not _have_pyinstaller():
        _missing("PyInstaller is not installed (pip install -e '.[package]')")
    base = tmp_path_factory.mktemp("pkg")
    dist = base / "dist"
    cmd = [sys.executable, str(ROOT / "packaging" / "build.py"), "--dist", str(dist), "--work", str(base / "build"),
           "--no-check"]
    if LINUX and not shutil.which("dpkg-deb"):
        if os.environ.get("CI"):
            pytest.fail("dpkg-deb is not installed (CI must have it: see .ci/run)")
        cmd.append("--skip-deb")
    r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=1800)
    assert r.returncode == 0, f"build failed ({r.returncode}):\n{r.stdout[-4000:]}\n{r.stderr[-4000:]}"
    report = json.loads((dist / "build-report.json").read_text(encoding="utf-8"))
    print(f"\nbuild {report['build_s']} s, bundle {report['bundle_bytes'] / 1e6:.0f} MB, "
          f"deb {report.get('deb_bytes', 0) / 1e6:.0f} MB")
    return report


def _env(tmp_path) -> dict:
    return dict(os.environ, QT_QPA_PLATFORM="offscreen", ANNOTATOR_HOME=str(tmp_path / "home"))


@pytest.mark.packaging
def test_bundle_prints_its_version(built, tmp_path):
    exe = Path(built["bundle"]) / EXE
    r = subprocess.run([str(exe), "--version"], capture_output=True, text=True, env=_env(tmp_path), timeout=120,
                       cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == f"annotator {annotator.__version__}"


@pytest.mark.packaging
def test_bundle_carries_resources_and_sample_corpus(built):
    internal = Path(built["bundle"]) / "_internal" / "annotator"  # package data, as in a wheel
    manifest = json.loads((internal / "seeds" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest and all((internal / "seeds" / e["file"]).is_file() for e in manifest)
    assert (internal / "resources" / "icons" / "annotator-256.png").is_file()
    shipped = sorted(p.name for p in (ROOT / "resources" / "patterns").glob("*") if p.is_file())
    assert shipped == sorted(p.name for p in (internal / "resources" / "patterns").glob("*") if p.is_file())


LEFT_OUT = ("sklearn", "nltk", "scipy", "torch", "tensorflow", "pandas", "matplotlib", "mypy", "pytest", "hypothesis",
            "PyInstaller", "spacy.tests", "thinc.tests", "pyqtgraph.examples")


def _elf_sections(path: Path) -> set[bytes]:
    """Section names of a 64-bit little-endian ELF file (empty for anything else)."""
    import struct

    with open(path, "rb") as f:
        head = f.read(64)
        if len(head) < 64 or head[:4] != b"\x7fELF" or head[4] != 2 or head[5] != 1:
            return set()
        shoff, = struct.unpack_from("<Q", head, 0x28)
        shentsize, shnum, shstrndx = struct.unpack_from("<HHH", head, 0x3A)
        f.seek(shoff)
        table = f.read(shentsize * shnum)
        names_off, names_size = struct.unpack_from("<QQ", table, shstrndx * shentsize + 0x18)
        f.seek(names_off)
        names = f.read(names_size)
    return {names[at:names.find(b"\0", at)] for at in
            (struct.unpack_from("<I", table, i * shentsize)[0] for i in range(shnum))}


def check_left_out(bundle: Path, work: Path) -> None:
    """What the app does not use stays out: no module of LEFT_OUT among the bundled Python modules (PYZ) or
    binaries, no babel locale data, and no binary with DWARF debug info (the spec strips it)."""
    import ast

    guts = ast.literal_eval((work / "annotator" / "PYZ-00.toc").read_text(encoding="utf-8"))  # PyInstaller's record
    modules = {e[0] for part in guts if isinstance(part, list) for e in part
               if isinstance(e, tuple) and len(e) == 3 and e[2] == "PYMODULE"}
    assert "annotator.cli.selftest" in modules and "bm25s" in modules and "pyqtgraph" in modules, sorted(modules)[:20]
    internal = bundle / "_internal"
    for name in LEFT_OUT:
        bundled = [m for m in modules if m == name or m.startswith(name + ".")]
        assert not bundled, f"{name} is in the bundle: {bundled[:5]}"
        assert not (internal / name.replace(".", "/")).exists(), f"{name} is in the bundle's folder"
    assert not (internal / "babel" / "locale-data").exists()
    if LINUX:
        # zlib and _struct come in through PyInstaller's bootstrap (PYZ.dependencies), not the Analysis the spec
        # strips: 360 KB, left as they are
        bootstrap = {"zlib", "_struct"}
        debug = [str(p.relative_to(internal)) for p in internal.rglob("*.so*")
                 if p.is_file() and p.name.split(".")[0] not in bootstrap and b".debug_info" in _elf_sections(p)]
        assert not debug, f"binaries with debug info (strip --strip-debug): {debug[:5]}"


@pytest.mark.packaging
def test_bundle_leaves_out_what_the_app_does_not_use(built):
    check_left_out(Path(built["bundle"]), Path(built["bundle"]).parents[1] / "build")


@pytest.mark.packaging
def test_bundle_passes_self_test(built, tmp_path):
    exe = Path(built["bundle"]) / EXE
    r = subprocess.run([str(exe), "--self-test", "--verbose"], capture_output=True, text=True, env=_env(tmp_path),
                       timeout=900, cwd=tmp_path)
    out = r.stdout + r.stderr
    assert r.returncode == 0, out
    assert "(frozen," in out
    for name in CHECKS:
        assert re.search(rf"^OK\s+{name}\b", out, re.M), f"no OK line for {name}:\n{out}"
    assert not re.search(r"^FAIL", out, re.M), out
    assert "self-test passed" in out
    assert not (tmp_path / "home").exists() or not any((tmp_path / "home").rglob("*.annotator")), \
        "the self-test wrote a project outside its temporary folder"


@pytest.mark.packaging
@pytest.mark.skipif(not LINUX, reason="the .deb and .tar.gz are built on Linux only")
def test_deb_installs_app_launcher_desktop_entry_and_icons(built):
    if "deb" not in built:
        _missing("dpkg-deb is not available")
    deb = built["deb"]
    info = subprocess.run(["dpkg-deb", "--info", deb], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^\s*Package: annotator$", info, re.M)
    assert re.search(rf"^\s*Version: {re.escape(annotator.__version__)}$", info, re.M)
    assert re.search(r"^\s*Depends: .*libxkbcommon0", info, re.M)
    listing = subprocess.run(["dpkg-deb", "-c", deb], capture_output=True, text=True, check=True).stdout
    paths = {line.split()[-1] if " -> " not in line else line.split(" -> ")[0].split()[-1]
             for line in listing.splitlines()}
    for p in ("./opt/annotator/annotator", "./usr/bin/annotator", "./usr/share/applications/annotator.desktop",
              "./usr/share/icons/hicolor/256x256/apps/annotator.png",
              "./usr/share/icons/hicolor/scalable/apps/annotator.svg",
              "./opt/annotator/_internal/annotator/seeds/manifest.json"):
        assert p in paths, f"{p} missing from the .deb"
    owners = {line.split()[1] for line in listing.splitlines()}
    assert owners == {"root/root"}


def _self_test(cmd: list[str], tmp_path, label: str) -> None:
    """Run an installed app's --self-test (2 training steps: the bundle test runs the full one)."""
    r = subprocess.run([*cmd, "--self-test", "--steps", "2"], capture_output=True, text=True, env=_env(tmp_path),
                       timeout=900, cwd=tmp_path)
    out = r.stdout + r.stderr
    assert r.returncode == 0, f"{label} --self-test failed ({r.returncode}):\n{out[-4000:]}"
    assert "(frozen," in out, out
    for name in CHECKS:
        assert re.search(rf"^OK\s+{name}\b", out, re.M), f"{label}: no OK line for {name}:\n{out}"
    assert "self-test passed" in out


@pytest.mark.packaging
@pytest.mark.skipif(not LINUX, reason="the .deb and .tar.gz are built on Linux only")
def test_deb_launcher_points_at_the_installed_app(built, tmp_path):
    """Unpacked (no root needed): /usr/bin/annotator must start the app the package installs."""
    if "deb" not in built:
        _missing("dpkg-deb is not available")
    root = tmp_path / "root"
    subprocess.run(["dpkg-deb", "-x", built["deb"], str(root)], check=True)
    launcher = root / "usr" / "bin" / "annotator"
    assert launcher.is_file() or launcher.is_symlink(), "/usr/bin/annotator missing"
    if launcher.is_symlink():
        target = os.readlink(launcher)
    else:
        assert os.access(launcher, os.X_OK), "/usr/bin/annotator is not executable"
        m = re.search(r"^exec\s+(\S+)\s", launcher.read_text(encoding="utf-8"), re.M)
        assert m, f"/usr/bin/annotator runs nothing:\n{launcher.read_text(encoding='utf-8')}"
        target = m.group(1).strip("'\"")
    assert target.startswith("/"), f"/usr/bin/annotator points at a relative path {target!r}"
    app = root / target.lstrip("/")
    assert app.is_file() and os.access(app, os.X_OK), f"/usr/bin/annotator points at {target}, not in the package"
    r = subprocess.run([str(app), "--version"], capture_output=True, text=True, env=_env(tmp_path), timeout=120)
    assert r.returncode == 0 and r.stdout.strip() == f"annotator {annotator.__version__}", r.stdout + r.stderr


@pytest.mark.packaging
@pytest.mark.skipif(not LINUX, reason="the .deb and .tar.gz are built on Linux only")
def test_deb_installed_with_dpkg_passes_self_test(built, tmp_path):
    """In CI (root, a throwaway machine): dpkg -i, run /usr/bin/annotator --self-test, dpkg --purge."""
    if "deb" not in built:
        _missing("dpkg-deb is not available")
    if not os.environ.get("CI"):
        pytest.skip("installs a system package: runs in CI only (CI=1, as root)")
    if os.geteuid() != 0:
        pytest.fail("CI must run as root to install the .deb with dpkg -i")
    if Path("/usr/bin/annotator").exists() and subprocess.run(["dpkg", "-s", "annotator"],
                                                              capture_output=True).returncode != 0:
        pytest.fail("/usr/bin/annotator exists and is not from the annotator package: not replacing it")
    r = subprocess.run(["dpkg", "-i", built["deb"]], capture_output=True, text=True, timeout=600)
    try:
        assert r.returncode == 0, f"dpkg -i failed:\n{r.stdout}\n{r.stderr}"
        _self_test(["/usr/bin/annotator"], tmp_path, "/usr/bin/annotator")
    finally:
        subprocess.run(["dpkg", "--purge", "annotator"], capture_output=True, timeout=600)
    assert not Path("/usr/bin/annotator").exists(), "dpkg --purge left /usr/bin/annotator behind"


@pytest.mark.packaging
@pytest.mark.skipif(not LINUX, reason="the .deb and .tar.gz are built on Linux only")
def test_tarball_unpacks_to_an_app_that_passes_self_test(built, tmp_path):
    with tarfile.open(built["tar"]) as tar:
        names = set(tar.getnames())
        top = f"annotator-{annotator.__version__}"
        assert f"{top}/annotator" in names
        assert f"{top}/_internal/annotator/seeds/manifest.json" in names
        safe = {"filter": "tar"} if hasattr(tarfile, "tar_filter") else {}  # Python >= 3.10.12 / 3.11.4
        tar.extractall(tmp_path / "unpacked", **safe)
    _self_test([str(tmp_path / "unpacked" / top / "annotator")], tmp_path, "the unpacked tarball")


def test_ci_runs_exactly_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    m = re.search(r"^TEST_CMD='(.+)'$", ci, re.M)
    assert m, ".ci/run has no TEST_CMD line"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"\n{m.group(1)}\n" in readme, "the README's test command and .ci/run's differ"
    assert "pytest" in m.group(1) and ".[test,package]" in m.group(1)
    assert re.search(r"^export CI=1$", ci, re.M), ".ci/run must export CI=1 so packaging tests cannot skip"
    assert ci.index("export CI=1") < ci.index('bash -c "$TEST_CMD"')


def test_a_missing_packaging_tool_fails_in_ci_and_skips_elsewhere(monkeypatch):
    monkeypatch.setenv("CI", "1")
    with pytest.raises(pytest.fail.Exception, match="dpkg-deb is not available.*CI must have it"):
        _missing("dpkg-deb is not available")
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="dpkg-deb is not available"):
        _missing("dpkg-deb is not available")


def test_desktop_entry_is_valid():
    entry = (ROOT / "packaging" / "linux" / "annotator.desktop").read_text(encoding="utf-8").splitlines()
    assert entry[0] == "[Desktop Entry]"
    keys = dict(line.split("=", 1) for line in entry[1:] if "=" in line)
    assert keys["Type"] == "Application" and keys["Exec"].split()[0] == "annotator" and keys["Icon"] == "annotator"
    if shutil.which("desktop-file-validate"):
        r = subprocess.run(["desktop-file-validate", str(ROOT / "packaging" / "linux" / "annotator.desktop")],
                           capture_output=True, text=True)
        assert r.returncode == 0, r.stdout + r.stderr


@pytest.mark.packaging
def test_bundle_cold_start_opens_the_sample_project(built, tmp_path):
    exe = Path(built["bundle"]) / EXE
    env = _env(tmp_path)
    project = tmp_path / "sample.annotator"
    r = subprocess.run([str(exe), "init", str(project), "--sample"], capture_output=True, text=True, env=env,
                       timeout=300, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    r = subprocess.run([str(exe), "--self-test", "--startup", str(project)], capture_output=True, text=True, env=env,
                       timeout=120, cwd=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    m = re.search(r"^OK\s+startup\s+window on sample.annotator with (\d+) documents shown ([0-9.]+) s", r.stdout, re.M)
    assert m, r.stdout
    assert int(m.group(1)) == len(json.loads((ROOT / "seeds" / "manifest.json").read_text(encoding="utf-8")))
    print(f"\nbundled app: window shown {m.group(2)} s after process start")


def test_readme_export_examples_match_a_fresh_export():
    """The README's examples come from packaging/readme_examples.py; they must still be what the exporters write."""
    sys.path.insert(0, str(ROOT / "packaging"))
    try:
        import readme_examples
    finally:
        sys.path.pop(0)
    fresh = readme_examples.examples()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme[readme.index(readme_examples.START) + len(readme_examples.START):readme.index(readme_examples.END)]

    def strip_times(text: str) -> str:
        return re.sub(r'"(created|modified)": "[^"]*"', r'"\1": "…"', text).strip()

    assert strip_times(block) == strip_times(fresh), \
        "README export examples are out of date: run python packaging/readme_examples.py --write"


def _readme_keys() -> list[str]:
    """Every key combination in the README's keyboard table (first column)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("| key | action |"):]
    table = table[:table.index("\n\n")]
    keys = []
    for row in table.splitlines()[2:]:
        cell = re.sub(r"[()]", " ", row.split("|")[1]).replace(" or ", " / ")
        for part in (p.strip() for p in cell.split(" / ")):
            if not part or "label key" in part:
                continue
            for key in (part.split() if re.fullmatch(r"\d( \d)+", part) else [part]):
                keys.append({"Delete": "Del"}.get(key, key))
    return keys


def test_readme_shortcuts_exist_in_the_app(qtbot, project):
    from PySide6.QtGui import QAction, QKeySequence

    from annotator.ui.app import create_window

    window = create_window(project)
    qtbot.addWidget(window)
    have = {k.toString(QKeySequence.SequenceFormat.PortableText)
            for a in window.findChildren(QAction) for k in a.shortcuts()}
    listed = _readme_keys()
    assert len(listed) > 20
    missing = [k for k in listed if k not in have]
    assert not missing, f"README lists shortcuts the app does not have: {missing} (the app has {sorted(have)})"
    window.close()
