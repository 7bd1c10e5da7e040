"""Shared helpers for the command-line and file-safety tests (not a test module)."""

from __future__ import annotations

import hashlib

from annotator.cli import main


def run(capsys, *argv):
    """Run the CLI in-process: (exit code, stdout, stderr)."""
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def digest(path) -> str:
    """sha256 of a file's bytes (a project must stay byte-identical)."""
    return hashlib.sha256(open(path, "rb").read()).hexdigest()
