"""PyInstaller entry script: the frozen `annotator` executable runs annotator.__main__.main()."""

import sys

from annotator.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
