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


def register(sub) -> None:
    """List `open` in `annotator --help` (the entry point starts the app before the command parser runs)."""
    p = sub.add_parser("open", help="open (or create) a project in the desktop app; the default with no command")
    p.add_argument("project", nargs="?", help="project file (default: your default project)")
    p.add_argument("--read-only", action="store_true", help="open without allowing changes")
    p.set_defaults(func=lambda a: open_app(([a.project] if a.project else []) + (["--read-only"] if a.read_only else [])))
