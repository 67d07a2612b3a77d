"""Flags ら抜き言葉 (dropped ら), such as 食べれる for 食べられる.

What it checks: the potential form of 一段 verbs and 来る written without ら
(食べれない, 見れる, 来れる, 出れない). The potential of 五段 verbs (帰れる, 書ける) is fine.
Why: ら抜き言葉 is colloquial; in customer-facing text it reads as careless.
Options: none.
Bad:
    明日は来れますか。
Good:
    明日は来られますか。
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterator

from ccm_cli.findings import TextProblem
from ccm_cli.rules.style.ja._common import plain_ranges
from ccm_cli.text.ja import JaDocument, tokenize

ID = "ja/no-dropping-the-ra"
CATEGORY = "style"
SCOPE = "ja"  # textlint-compatible: check_text(JaDocument, options)
SEVERITY = "error"
DEFAULT: dict = {}

_ICHIDAN = ("上一段", "下一段", "カ行変格")


@lru_cache(maxsize=4096)
def _base_conj_type(lemma: str) -> str:
    """The 活用型 of the dictionary form of a verb (食べる -> 下一段-バ行, 返る -> 五段-ラ行)."""
    for t in tokenize(lemma):
        if t.pos == "動詞":
            return t.conj_type
    return ""


def check_text(doc: JaDocument, options: dict) -> Iterator[TextProblem]:
    for block in doc.blocks:
        if block.in_blockquote:
            continue
        ranges = plain_ranges(block)
        for t in doc.tokens_between(block.start, block.end):
            if t.pos != "動詞" or t.conj_type != "下一段-ラ行":
                continue
            if not any(a <= t.start < b for a, b in ranges):
                continue
            lemma = t.lemma
            if not lemma or lemma.endswith("れる"):
                continue
            base = _base_conj_type(lemma)
            if not base.startswith(_ICHIDAN):
                continue
            k = t.surface.rfind("れ")
            at = t.start + (k if k > 0 else 0)
            yield TextProblem(
                at,
                at + 1,
                "ら抜き言葉を使用しています。",
                fix="られ",
                extra={"word": t.surface},
            )
