"""Entry point: `annotator` opens the app; `annotator COMMAND ...` runs the command line."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] in (["--version"], ["-V"]):
        from . import __version__

        print(f"annotator {__version__}")
        return 0
    if argv[:1] == ["--self-test"]:
        from .cli.selftest import run as self_test

        return self_test(argv[1:])
    if not argv or argv[0] == "open" or argv[0] == "--read-only" or argv[0].endswith(".annotator"):
        from .cli.app import open_app

        return open_app(argv[1:] if argv and argv[0] == "open" else argv)
    from .cli import main as cli_main

    return cli_main(argv)


if __name__ == "__main__":
    sys.exit(main())
