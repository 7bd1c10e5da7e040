"""Peak memory of importing one large document, beside a floor (not a test).

    /work/venv/bin/python bench/import_memory.py [--mb 20] [--repeats 5]

Writes a text file of ``--mb`` million ASCII characters (words, sentences, paragraphs), then measures the
maximum resident set size (/usr/bin/time -v, "Maximum resident set size") of
  import: `python -m annotator import P FILE` into a fresh project, and
  floor:  a process that imports annotator, spacy and the store, creates a project and reads the file
          (what any import must hold: the interpreter, the libraries and the text).
Runs alternate (floor, import, floor, import, ...); prints the medians, the min-max spread, and
(import - floor) / text size: the memory the import needs per byte of text. Goal: <= 10x the text.
Also a 300 KB .docx whose document.xml expands to ~100 MB (a zip bomb) is imported: refused, with its RSS.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLOOR = """
import sys
import annotator.store, annotator.io.importer, spacy
from annotator.store import create_project
p = create_project(sys.argv[1])
data = open(sys.argv[2], 'rb').read()
text = data.decode('utf-8')
p.close()
"""


def make_text(path: Path, chars: int) -> None:
    rnd = random.Random(0)
    words = ("the minister said that percent of homes were affected critics called it a lie officials put "
             "figure at opposition disputes this report claims").split()
    out, n = [], 0
    while n < chars:
        sentence = " ".join(rnd.choice(words) for _ in range(rnd.randint(6, 18))).capitalize() + ". "
        if rnd.random() < 0.15:
            sentence += "\n\n"
        out.append(sentence)
        n += len(sentence)
    path.write_text("".join(out)[:chars], encoding="utf-8")


def make_bomb(path: Path, xml_mb: int = 100) -> None:
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    body = "<w:p><w:r><w:t>a</w:t></w:r></w:p>" * (xml_mb * 1_000_000 // 34)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", f'<?xml version="1.0"?><w:document {ns}><w:body>{body}</w:body></w:document>')


def max_rss_mb(argv: list[str]) -> tuple[float, int, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    r = subprocess.run(["/usr/bin/time", "-v", *argv], capture_output=True, text=True, env=env)
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", r.stderr)
    return int(m.group(1)) / 1024, r.returncode, r.stderr


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=20)
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        src = tmp / "big.txt"
        make_text(src, int(args.mb * 1_000_000))
        size_mb = src.stat().st_size / 1e6
        floors, imports = [], []
        for i in range(args.repeats):
            rss, code, err = max_rss_mb([py, "-c", FLOOR, str(tmp / f"f{i}.annotator"), str(src)])
            assert code == 0, err
            floors.append(rss)
            proj = tmp / f"i{i}.annotator"
            subprocess.run([py, "-m", "annotator", "init", str(proj)], check=True, capture_output=True,
                           env=dict(os.environ, PYTHONPATH=str(ROOT)))
            rss, code, err = max_rss_mb([py, "-m", "annotator", "import", str(proj), str(src)])
            assert code == 0, err[-2000:]
            imports.append(rss)
        f, m = statistics.median(floors), statistics.median(imports)
        print(f"text {size_mb:.1f} MB; {args.repeats} runs each, alternating")
        print(f"floor  max RSS median {f:.0f} MB (spread {min(floors):.0f}-{max(floors):.0f})")
        print(f"import max RSS median {m:.0f} MB (spread {min(imports):.0f}-{max(imports):.0f})")
        print(f"import - floor = {m - f:.0f} MB = {(m - f) / size_mb:.1f}x the text (goal <= 10x)")
        bomb = tmp / "bomb.docx"
        make_bomb(bomb)
        proj = tmp / "b.annotator"
        subprocess.run([py, "-m", "annotator", "init", str(proj)], check=True, capture_output=True,
                       env=dict(os.environ, PYTHONPATH=str(ROOT)))
        rss, code, err = max_rss_mb([py, "-m", "annotator", "import", str(proj), str(bomb)])
        line = next((l for l in err.splitlines() if "bomb.docx" in l), "")
        print(f"zip bomb ({bomb.stat().st_size / 1e3:.0f} KB -> ~100 MB XML): exit {code}, max RSS {rss:.0f} MB: {line}")


if __name__ == "__main__":
    main()
