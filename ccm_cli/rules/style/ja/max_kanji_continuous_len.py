"""Flags long runs of consecutive kanji.

What it checks: runs of kanji longer than `max` characters (漢字が連続しています).
Why: a long block of kanji is hard to parse; break it with particles or kana.
Options: `max` (default 6 in ccm, as in textlint-rule-preset-ja-technical-writing; the textlint
rule alone defaults to 5): the longest run allowed. `allow` (default []): words that may be
longer (a run made only of allowed words and short pieces is accepted).
Bad:
    電気料金請求書再発行手続
Good:
    電気料金の請求書を再発行する手続き
"""

from __future__ import annotations

import re
from typing import Iterator

from ccm_cli.findings import TextProblem
from ccm_cli.rules.options import Count, Option, Texts, defaults
from ccm_cli.rules.style.ja._common import plain_ranges
from ccm_cli.text.ja import JaDocument

ID = "ja/max-kanji-continuous-len"
CATEGORY = "style"
SCOPE = "ja"  # textlint-compatible: check_text(JaDocument, options)
BLOCK_LOCAL = True  # judges each block (paragraph, heading, cell) on its own
SEVERITY = "warning"

OPTIONS = {
    "ja.max-kanji-continuous-len.max": Option(Count(), 6, "Kanji in a row, at most",
                                              "The longest run of kanji allowed (textlint's rule alone allows 5).", (6,)),
    "ja.max-kanji-continuous-len.allow": Option(Texts(), [], "Allowed words",
                                                "Words that may be longer (a run made only of allowed words and short pieces is accepted).",
                                                (["電気料金"],)),
}
DEFAULT = defaults(OPTIONS)
PACKAGE_DEFAULT = {"max": 5, "allow": []}

_KANJI_RUN = re.compile(r"[々〇〻\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\U00020000-\U0003FFFF]+")


def _allowed(run: str, allow, limit: int) -> bool:
    if not allow:
        return False
    rest = run
    for word in sorted(allow, key=len, reverse=True):
        rest = rest.replace(word, "\0")
    return all(len(piece) <= limit for piece in rest.split("\0"))


def check_text(doc: JaDocument, options: dict) -> Iterator[TextProblem]:
    limit = int(options.get("max", 6))
    allow = list(options.get("allow") or [])
    for block in doc.blocks:
        for a, b in plain_ranges(block, skip_inside=()):
            for m in _KANJI_RUN.finditer(doc.text, a, b):
                run = m.group()
                if len(run) <= limit or _allowed(run, allow, limit):
                    continue
                yield TextProblem(
                    m.start(),
                    m.end(),
                    f"漢字が{limit + 1}つ以上連続しています: {run}",
                )
