"""Markdown → prose: parsing paragraph by paragraph (each distinct paragraph once) gives
exactly the prose of parsing the whole text, and texts whose paragraphs interact are parsed
whole."""

import random

import pytest

from conftest import ROOT
from ccm_cli.text import markdown

PARAGRAPHS = [
    "- a\n- b", "1. one", "2. two", "  indented continuation", "    indented code", "> quote", "# Heading",
    "Title\n===", "---", "text **bold** and *em*", "[link](http://x.y) ok", "`code` span", "para\nline two",
    "* star", "+ plus", "trailing  \nbreak", "\tTab", "| a | b |\n|---|---|\n| 1 | 2 |", "~~struck~~ x",
    "![img](a.png) pic", "***", "Hi Ana,", "Thanks,\nKumo", "こんにちは。お知らせです。",
    "<div>Hi <b>there</b> &amp; you</div>", "<p>one</p><p>two</p>", "<!-- note -->", '<img alt="Logo" src="x.png">',
]


def _same(a, b):
    return (a.text, a.source, a._map, a.blocks) == (b.text, b.source, b._map, b.blocks)


def test_paragraph_by_paragraph_equals_the_whole_parse():
    rng = random.Random(7)
    split = 0
    for _ in range(3000):
        text = "\n\n".join(rng.choice(PARAGRAPHS) for _ in range(rng.randint(2, 6))) + rng.choice(["", "\n", "\n\n\n"])
        split += markdown._chunks(text) is not None
        for keep_code in (True, False):
            assert _same(markdown.to_prose(text, keep_code), markdown._parse(text, keep_code)), repr(text)
    assert split > 1000  # the paragraph path really ran


def test_the_example_bodies_parse_the_same_either_way():
    bodies = [p.read_text("utf-8") for p in (ROOT / "comms").rglob("*.md.j2")]
    assert bodies
    for body in bodies:
        assert _same(markdown.to_prose(body), markdown._parse(body, True))


@pytest.mark.parametrize("text", [
    "a\n\n```\ncode\n\nmore\n```\n\nb",  # a fence spans the blank line
    "a [x]\n\n[x]: http://example.com",  # a reference definition elsewhere
    "- item\n\n  second paragraph of the item\n\nafter",  # indented: the item continues
    "<!-- a\n\nb -->\n\nc",  # an HTML block spans the blank line
    "a &amp;\n\nb",
])
def test_paragraphs_that_interact_are_parsed_whole(text):
    chunks = markdown._chunks(text)
    assert chunks is None or all(not text[s:e].startswith(" ") for s, e in chunks[1:])
    assert _same(markdown.to_prose(text), markdown._parse(text, True))


@pytest.mark.parametrize("md, shown", [
    ("<div>Special offer: <b>switch</b> today &amp; save!</div>", ["Special offer: switch today & save!"]),
    ("<table><tr><td>Green 100</td><td>$20&nbsp;off</td></tr></table>", ["Green 100", "$20 off"]),
    ('<p>Hi</p>\n<img src="b.png" alt="Switch to Green today">\n<p>Bye</p>', ["Hi", "Switch to Green today", "Bye"]),
    ("<!-- Act now --><script>var x = 'Act now'</script><style>p {}</style><p>Calm</p>", ["Calm"]),
    ("![Switch to Green today](banner.png)\n\nYour bill", ["Switch to Green today", "Your bill"]),
    ("![](logo.png) Your bill", ["Your bill"]),
])
def test_what_html_and_images_show_the_customer_is_prose(md, shown):
    """Words in an HTML block or an image's alt text reach the customer: the rules read them
    (a pull request must not hide an offer or a banned phrase in markup), at their source."""
    prose = markdown.to_prose(md)
    assert [prose.text[b.start:b.end].strip() for b in prose.blocks] == shown
    for block in prose.blocks:
        first = prose.text[block.start]
        assert md[prose.source_offset(block.start)] == first or first == " "
