"""Straight and curly quotes mixed in one text: "We’re" here, "here's" there.

What it checks: English text a customer reads (one field: a body, a subject), for apostrophes
and quotation marks typed both straight (``'`` ``"``) and curly (``’`` ``‘`` ``“`` ``”``).
One finding per text, at the first mark of the less used style, with the count of each. Not
counted: feet and inches after a digit (5'10", 12"), a straight quote against markup
(``="``, ``">``), code, URLs, and marks that came from a fact or a variable.
Measured: 11 findings, 11 true, on Postmark's templates and The Rust Programming Language
(rust-lang/book, 182,828 words; docs/real-copy-precision.md).
Why: a text pasted together from two editors (a word processor curls quotes, a code editor
does not) shows it: the marks differ in shape and often in font. Pick one style per text.
Bad:
    body: "We’re glad you’re here. Here's your login."
Good:
    body: "We’re glad you’re here. Here’s your login."
"""

from __future__ import annotations

import re

from ...findings import TextProblem
from ..brand._common import reader_view, to_source

ID = "style/mixed-quotes"
CATEGORY = "style"
SEVERITY = "warning"
SCOPE = "text"

_STRAIGHT = re.compile(r"(?<![\d=<>])['\"](?![=<>])")
_CURLY = re.compile(r"[‘’“”]")


def _marks(pattern, view, target) -> list[tuple[int, int, str]]:
    found = []
    for m in pattern.finditer(view.text):
        if view.skipped(m.start(), m.end()):
            continue
        start, end = to_source(target, m.start(), m.end())
        if target.writer_typed(start, end):
            found.append((start, end, m.group(0)))
    return found


def check(target, ctx):
    if target.language != "en":
        return
    view = reader_view(target)
    if view is None or not _CURLY.search(view.text) or not _STRAIGHT.search(view.text):
        return
    straight, curly = _marks(_STRAIGHT, view, target), _marks(_CURLY, view, target)
    if not straight or not curly:
        return
    fewer, style, other = (straight, "straight", "curly") if len(straight) <= len(curly) else (curly, "curly", "straight")
    start, end, mark = fewer[0]
    yield TextProblem(start, end, f"{len(straight)} straight and {len(curly)} curly quotes in one text: this {mark} is {style}",
                      f"Use {other} quotes throughout")
