"""Build the annotator installer: a PyInstaller one-folder bundle, and on Linux a .tar.gz and a .deb.

    python packaging/build.py [--dist DIR] [--work DIR] [--skip-deb] [--skip-tar] [--no-check]

Prints the build time, bundle size, archive sizes and (unless --no-check) the bundled app's `--version` time
and `--self-test` result with its cold start to window. Writes the figures to DIST/build-report.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
LINUX = PACKAGING / "linux"
ICONS = ROOT / "resources" / "icons"


def version() -> str:
    text = (ROOT / "annotator" / "__init__.py").read_text(encoding="utf-8")
    return re.search(r'__version__\s*=\s*["\']([^"\']+)', text).group(1)


def du(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def mb(n: int) -> str:
    return f"{n / 1e6:.1f} MB"


def log(msg: str) -> None:
    print(f"[build] {msg}", flush=True)


def pyinstaller(dist: Path, work: Path) -> Path:
    cmd = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
           "--distpath", str(dist), "--workpath", str(work), str(PACKAGING / "annotator.spec")]
    log(" ".join(cmd))
    subprocess.run(cmd, check=True, cwd=ROOT)
    bundle = dist / "annotator"
    if not (bundle / exe_name()).exists():
        raise SystemExit(f"PyInstaller finished but {bundle / exe_name()} is missing")
    return bundle


def exe_name() -> str:
    return "annotator.exe" if sys.platform == "win32" else "annotator"


def make_tar(bundle: Path, dist: Path, ver: str) -> Path:
    out = dist / f"annotator-{ver}-linux-{platform.machine()}.tar.gz"
    with tarfile.open(out, "w:gz", compresslevel=6) as tar:
        tar.add(bundle, arcname=f"annotator-{ver}")
    return out


def deb_arch() -> str:
    try:
        return subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return {"x86_64": "amd64", "aarch64": "arm64"}.get(platform.machine(), platform.machine())


def depends() -> str:
    lines = (LINUX / "depends.txt").read_text(encoding="utf-8").splitlines()
    return ", ".join(x.strip() for x in lines if x.strip() and not x.lstrip().startswith("#"))


def _copy_tree(src: Path, dst: Path) -> None:
    def link_or_copy(s, d):
        try:
            os.link(s, d)
        except OSError:
            shutil.copy2(s, d)

    shutil.copytree(src, dst, symlinks=True, copy_function=link_or_copy)


def make_deb(bundle: Path, dist: Path, work: Path, ver: str) -> Path:
    if not shutil.which("dpkg-deb"):
        raise SystemExit("dpkg-deb not found: install dpkg or pass --skip-deb")
    stage = work / "deb-root"
    if stage.exists():
        shutil.rmtree(stage)
    _copy_tree(bundle, stage / "opt" / "annotator")
    bindir = stage / "usr" / "bin"
    bindir.mkdir(parents=True)
    shutil.copy(LINUX / "annotator.sh", bindir / "annotator")
    (bindir / "annotator").chmod(0o755)
    apps = stage / "usr" / "share" / "applications"
    apps.mkdir(parents=True)
    shutil.copy(LINUX / "annotator.desktop", apps / "annotator.desktop")
    hicolor = stage / "usr" / "share" / "icons" / "hicolor"
    for png in sorted(ICONS.glob("annotator-*.png")):
        size = png.stem.split("-")[1]
        d = hicolor / f"{size}x{size}" / "apps"
        d.mkdir(parents=True)
        shutil.copy(png, d / "annotator.png")
    (hicolor / "scalable" / "apps").mkdir(parents=True)
    shutil.copy(ICONS / "annotator.svg", hicolor / "scalable" / "apps" / "annotator.svg")
    debian = stage / "DEBIAN"
    debian.mkdir()
    control = (LINUX / "control.in").read_text(encoding="utf-8")
    control = (control.replace("@VERSION@", ver).replace("@ARCH@", deb_arch())
               .replace("@INSTALLED_SIZE@", str(du(stage) // 1024)).replace("@DEPENDS@", depends()))
    (debian / "control").write_text(control, encoding="utf-8")
    for script in ("postinst", "postrm"):
        shutil.copy(LINUX / script, debian / script)
        (debian / script).chmod(0o755)
    for d in [stage, *[p for p in stage.rglob("*") if p.is_dir()]]:
        d.chmod(0o755)
    out = dist / f"annotator_{ver}_{deb_arch()}.deb"
    # gzip -6: several times faster than xz on 2 cores for ~450 MB, a modestly larger file, and readable by
    # every dpkg (zstd needs dpkg >= 1.21.18).
    cmd = ["dpkg-deb", "--root-owner-group", "-Zgzip", "-z6", "--build", str(stage), str(out)]
    log(" ".join(cmd))
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    shutil.rmtree(stage)
    return out


def run_checks(bundle: Path) -> dict:
    """Run the bundle's --version and --self-test on a throwaway ANNOTATOR_HOME, offscreen."""
    exe = bundle / exe_name()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    figures: dict = {}
    with tempfile.TemporaryDirectory(prefix="annotator-check-") as home:
        env["ANNOTATOR_HOME"] = home
        t0 = time.perf_counter()
        r = subprocess.run([str(exe), "--version"], capture_output=True, text=True, env=env, timeout=120)
        figures["version_s"] = round(time.perf_counter() - t0, 2)
        figures["version_output"] = r.stdout.strip()
        if r.returncode != 0:
            raise SystemExit(f"{exe} --version failed ({r.returncode}):\n{r.stdout}\n{r.stderr}")
        log(f"--version: {r.stdout.strip()!r} in {figures['version_s']} s")
        t0 = time.perf_counter()
        proc = subprocess.Popen([str(exe), "--self-test"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                text=True, env=env)
        lines = []
        for line in proc.stdout:
            lines.append(line.rstrip("\n"))
            print(f"    {line}", end="", flush=True)
            if "window" in line.lower() and line.startswith("OK") and "window_s" not in figures:
                figures["window_s"] = round(time.perf_counter() - t0, 2)
        rc = proc.wait(timeout=600)
        figures["self_test_s"] = round(time.perf_counter() - t0, 2)
        figures["self_test_rc"] = rc
        if rc != 0:
            raise SystemExit(f"{exe} --self-test failed with exit code {rc}")
        figures.update(cold_start(exe, env, Path(home)))
    return figures


def cold_start(exe: Path, env: dict, tmp: Path, runs: int = 3) -> dict:
    """The bundled app opening the sample project to a shown window (offscreen), best of ``runs``."""
    project = tmp / "sample.annotator"
    subprocess.run([str(exe), "init", str(project), "--sample"], env=env, check=True, capture_output=True,
                   timeout=300)
    shown, wall = [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        r = subprocess.run([str(exe), "--self-test", "--startup", str(project)], env=env, capture_output=True,
                           text=True, timeout=120)
        wall.append(time.perf_counter() - t0)
        m = re.search(r"shown ([0-9.]+) s after process start", r.stdout)
        if r.returncode != 0 or not m:
            raise SystemExit(f"{exe} --self-test --startup failed ({r.returncode}):\n{r.stdout}\n{r.stderr}")
        shown.append(float(m.group(1)))
    log(f"cold start to window on the sample project: {min(shown):.2f} s (runs: {', '.join(f'{x:.2f}' for x in shown)}); "
        f"process wall time {min(wall):.2f} s")
    return {"cold_start_window_s": round(min(shown), 2), "cold_start_runs_s": [round(x, 2) for x in shown],
            "cold_start_wall_s": round(min(wall), 2)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder (default: dist/)")
    ap.add_argument("--work", type=Path, default=ROOT / "build", help="PyInstaller work folder (default: build/)")
    ap.add_argument("--skip-deb", action="store_true", help="do not build the .deb")
    ap.add_argument("--skip-tar", action="store_true", help="do not build the .tar.gz")
    ap.add_argument("--no-check", action="store_true", help="do not run the bundle's --version and --self-test")
    args = ap.parse_args(argv)
    dist, work = args.dist.resolve(), args.work.resolve()
    dist.mkdir(parents=True, exist_ok=True)
    ver = version()
    report: dict = {"version": ver, "platform": sys.platform, "machine": platform.machine()}

    t0 = time.perf_counter()
    bundle = pyinstaller(dist, work)
    report["build_s"] = round(time.perf_counter() - t0, 1)
    report["bundle"] = str(bundle)
    report["bundle_bytes"] = du(bundle)
    log(f"bundle {bundle}: {mb(report['bundle_bytes'])}, built in {report['build_s']} s")

    if sys.platform.startswith("linux"):
        if not args.skip_tar:
            t0 = time.perf_counter()
            tgz = make_tar(bundle, dist, ver)
            report.update(tar=str(tgz), tar_bytes=tgz.stat().st_size, tar_s=round(time.perf_counter() - t0, 1))
            log(f"tar.gz {tgz.name}: {mb(report['tar_bytes'])} in {report['tar_s']} s")
        if not args.skip_deb:
            t0 = time.perf_counter()
            deb = make_deb(bundle, dist, work, ver)
            report.update(deb=str(deb), deb_bytes=deb.stat().st_size, deb_s=round(time.perf_counter() - t0, 1))
            log(f"deb {deb.name}: {mb(report['deb_bytes'])} in {report['deb_s']} s")
    else:
        log("not Linux: no .tar.gz/.deb (see packaging/README.md for Windows and macOS installers)")

    if not args.no_check:
        report.update(run_checks(bundle))

    (dist / "build-report.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    print("\n== annotator build summary")
    print(f"  build time        {report['build_s']} s")
    print(f"  bundle            {mb(report['bundle_bytes'])}  ({bundle})")
    if "tar_bytes" in report:
        print(f"  .tar.gz           {mb(report['tar_bytes'])}")
    if "deb_bytes" in report:
        print(f"  .deb              {mb(report['deb_bytes'])}")
    if "version_s" in report:
        print(f"  --version         {report['version_s']} s")
    if "cold_start_window_s" in report:
        print(f"  cold start to window, sample project, offscreen: {report['cold_start_window_s']} s "
              f"(whole process until exit {report['cold_start_wall_s']} s)")
    if "window_s" in report:
        print(f"  self-test window shown after {report['window_s']} s (includes creating the project and importing "
              f"the sample)")
    if "self_test_s" in report:
        print(f"  --self-test total {report['self_test_s']} s (exit {report['self_test_rc']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
