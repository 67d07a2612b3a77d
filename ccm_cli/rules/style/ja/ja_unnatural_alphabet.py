"""Flags a stray Latin letter between Japanese characters, an IME slip (「対応でｋない」「リイr−ス」).

What it checks: one letter (a-z, A-Z, full-width ａ-ｚ, Ａ-Ｚ) with a Japanese character or
mark on each side, the way textlint-rule-ja-unnatural-alphabet (MIT, (c) 2017 azu,
github.com/textlint-ja/textlint-rule-ja-unnatural-alphabet 2.0.1) finds it, in each run of text
(not in code). Vowels and n (a i u e o n: a kana the IME has not converted yet is usually
intended there) and single capitals (リソースA) are allowed by default, and so are the common
cases C言語, X座標, X軸, Eメール unless `allowCommonCase` is false. An allowed match also
covers a letter right after it, as upstream.
Why: a letter left inside a Japanese word is a typing mistake the reader has to decode.
Options: `allow` (default ["a", "i", "u", "e", "o", "n", "/[A-Z]/"]): letters, words or
"/regexp/" patterns whose matches are not reported (setting it replaces the default).
`allowCommonCase` (default true): also allow the built-in common cases.
Bad:
    無駄なk脳
Good:
    無駄な脳
"""

from __future__ import annotations

import re
from typing import Iterator

from ccm_cli.findings import TextProblem
from ccm_cli.rules.options import Flag, Option, Patterns, defaults
from ccm_cli.rules.style.ja._common import compile_pattern
from ccm_cli.rules.style.ja._textlint_nodes import str_nodes
from ccm_cli.text.ja import JaDocument

ID = "ja/ja-unnatural-alphabet"
CATEGORY = "style"
SCOPE = "ja"  # textlint-compatible: check_text(JaDocument, options)
BLOCK_LOCAL = True  # judges each block (paragraph, heading, cell) on its own
SEVERITY = "warning"

OPTIONS = {
    "ja.ja-unnatural-alphabet.allow": Option(Patterns(), ["a", "i", "u", "e", "o", "n", "/[A-Z]/"], "Allowed",
                                             'Letters, words or "/regexp/" patterns never reported (replaces the default list).',
                                             (["a", "i", "u", "e", "o", "n", "/[A-Z]/", "/アンドロイド[a-zA-Z]/"],)),
    "ja.ja-unnatural-alphabet.allowCommonCase": Option(Flag(), True, "Common cases",
                                                       "Also allow C言語, X座標, X軸 and Eメール."),
}
DEFAULT = defaults(OPTIONS)

BUILT_IN_COMMON_ALLOW = ("/[a-zA-Zａ-ｚＡ-Ｚ]言語/", "/[x-zX-Z]座標/", "/[x-zX-Z]軸/", "/Eメール/i")

# upstream's japaneseRegExp, a JavaScript (UTF-16) class: [\uD840-\uD87F] and [\uDC00-\uDFFF]
# match either half of a character outside the BMP. Before a letter only the low half touches
# it (any such character); after it only the high half (U+20000-U+2FFFF).
_JA = "々〇〻\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\uFF00-\uFFEFぁ-んァ-ヶー。、・−"
_UNNATURAL = re.compile(f"[{_JA}\U00010000-\U0010FFFF]([a-zA-Zａ-ｚＡ-Ｚ])[{_JA}\U00020000-\U0002FFFF]")


def _allowed_ranges(text: str, start: int, end: int, patterns) -> list[tuple[int, int]]:
    out = []
    for pattern in patterns:
        for m in compile_pattern(pattern).finditer(text[start:end]):
            out.append((m.start() + start, m.end() + start))
    return out


def check_text(doc: JaDocument, options: dict) -> Iterator[TextProblem]:
    allow = options.get("allow")
    allow = list(DEFAULT["allow"] if allow is None else allow)
    if options.get("allowCommonCase", True) is not False:
        allow += BUILT_IN_COMMON_ALLOW
    text = doc.text
    for block in doc.blocks:
        for start, end, _ in str_nodes(block):
            found = [m for m in _UNNATURAL.finditer(text, start, end)]
            if not found:
                continue
            ignored = _allowed_ranges(text, start, end, allow)
            for m in found:
                i = m.start(1)
                if any(a <= i <= b for a, b in ignored):
                    continue
                yield TextProblem(i, i + 1, f"不自然なアルファベットがあります: {m.group(1)}")
