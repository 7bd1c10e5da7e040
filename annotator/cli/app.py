"""`annotator [open] [PROJECT] [--read-only]`: start the desktop app."""

from __future__ import annotations

import argparse
import sys


def open_app(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="annotator open", description="Open (or create) a project in the app.")
    parser.add_argument("project", nargs="?", help="project file (default: your default project)")
    parser.add_argument("--read-only", action="store_true", help="open without allowing changes")
    args = parser.parse_args(argv)
    try:
        from ..ui.app import run
    except ImportError as e:  # Qt missing from this installation
        print(f"annotator: the desktop app is not available ({e})", file=sys.stderr)
        return 1
    return run(args.project, readonly=args.read_only)
