"""The `annotator` command line. Exit 0 on success, 1 with a one-line message for a user error, 2 for bad usage."""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys

from ..core.errors import AnnotatorError


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # bad usage: exit 2 with argparse's message
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    from . import backups, data, trace

    parser = _Parser(prog="annotator", description="Annotate, link and export spans across documents.")
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    from .app import register as register_open; register_open(sub)  # noqa: E702
    data.register(sub)
    backups.register(sub)
    trace.register(sub)
    from .labels import register as register_labels; register_labels(sub)  # noqa: E702 - one line per command module
    from . import team; team.register(sub)  # noqa: E702 - merge, agreement, adjudicate
    try:
        from . import loop
    except ImportError:  # pragma: no cover - the extractor loop is optional at import time
        loop = None
    if loop is not None:
        loop.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:  # argparse: --help exits 0, bad usage exits 2
        return int(e.code or 0)
    if args.version:
        from .. import __version__

        print(f"annotator {__version__}")
        return 0
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        code = int(args.func(args) or 0)
        sys.stdout.flush()  # a closed pipe shows here, not at exit
        return code
    except BrokenPipeError:  # `annotator docs P | head -1`: the reader has all it wanted
        _quiet_stdout()
        return 0
    except sqlite3.DatabaseError as e:  # a damaged file, found while reading: one line, no traceback
        from ..store.damage import damaged, is_damage

        path = getattr(args, "project", None)
        msg = str(damaged(path, e)) if path and is_damage(e) else f"{path or 'annotator'}: {e}"
        print(f"annotator: {msg}", file=sys.stderr)
        return 1
    except AnnotatorError as e:
        print(f"annotator: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("annotator: interrupted; nothing was saved by the unfinished command", file=sys.stderr)
        return 130
    except OSError as e:
        name = f" {e.filename}" if getattr(e, "filename", None) else ""
        print(f"annotator:{name}: {e.strerror or e}", file=sys.stderr)
        return 1


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush does not fail on the closed pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
