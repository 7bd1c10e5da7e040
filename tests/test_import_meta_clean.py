"""Metadata cleaning: byline separators, dates and reading times do not end up in the author."""

import json

import pytest

from annotator.io.importer import read_file
from annotator.io.readers.base import clean, clean_author

PAGE = """<html><head><title>Minister's claim on housing</title>{head}</head><body><article>
<h1>Minister's claim on housing</h1>{byline}
<p>The minister said 40 percent of homes were affected by the floods last spring, a figure critics dispute.</p>
<p>Officials later put the figure at 25 percent, citing new surveys across the region and the capital.</p>
<p>The opposition called the original number a deliberate exaggeration meant to secure emergency funds.</p>
</article></body></html>"""


@pytest.mark.parametrize("head,byline", [
    ("", '<p class="byline">Jane Analyst · May 1, 2024</p>'),
    ("", '<p class="byline">Jane Analyst · May 1</p>'),
    ('<meta name="author" content="Jane Analyst ·">', ""),
    ('<meta name="author" content="By Jane Analyst | 5 min read">', ""),
])
def test_html_author_is_the_name_only(tmp_path, head, byline):
    page = tmp_path / "page.html"
    page.write_text(PAGE.format(head=head, byline=byline), encoding="utf-8")
    (doc,) = read_file(page)
    assert doc.author == "Jane Analyst"


@pytest.mark.parametrize("raw,expected", [
    ("Jane Analyst ·", "Jane Analyst"),
    ("By Jane Analyst · May 1, 2024 · 5 min read", "Jane Analyst"),
    ("Jane Analyst | 2024-05-01", "Jane Analyst"),
    ("Anne-Marie O’Neil — Updated 3 hours ago", "Anne-Marie O’Neil"),
    ("• Jane Analyst •", "Jane Analyst"),
    ("Jane Analyst and Bob Reporter", "Jane Analyst and Bob Reporter"),
    ("Jean-Luc Picard", "Jean-Luc Picard"),
    ("Byron Bay", "Byron Bay"),
    ("karlof1", "karlof1"),
    ("", ""),
    (None, ""),
])
def test_clean_author(raw, expected):
    assert clean_author(raw) == expected


@pytest.mark.parametrize("raw,expected", [
    ("Daily Ledger |", "Daily Ledger"),
    ("  Report   on\nBaku — ", "Report on Baku"),
    ("https://example.org/a/", "https://example.org/a/"),
    ("2024-05-01", "2024-05-01"),
    ("Well-being -", "Well-being"),
    ("C++ in 2024", "C++ in 2024"),
])
def test_clean_strips_dangling_separators_only(raw, expected):
    assert clean(raw) == expected


def test_jsonl_author_cleaned(tmp_path):
    f = tmp_path / "a.jsonl"
    f.write_text(json.dumps({"text": "Some text here.", "meta": {"author": "Jane Analyst ·", "outlet": "Wire |"}}) + "\n",
                 encoding="utf-8")
    (doc,) = read_file(f)
    assert (doc.author, doc.outlet) == ("Jane Analyst", "Wire")
