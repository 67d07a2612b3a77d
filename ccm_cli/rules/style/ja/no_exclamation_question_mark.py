"""Flags exclamation and question marks (! ！ ? ？).

What it checks: every !, ！, ? and ？ in the text (not in inline code, link URLs or bare URLs;
not in link text, emphasis or quotes, as upstream). Each kind can be allowed with an option;
words in `allow` are accepted, and "Yahoo!" always is (upstream's built-in allow list).
Ported from textlint-rule-no-exclamation-question-mark 1.1.0 (MIT, azu).
Why: technical and customer writing states facts; exclamation marks shout and question marks
leave the reader with a question instead of an answer.
Options: `allowHalfWidthExclamation` (default false), `allowFullWidthExclamation` (default false),
`allowHalfWidthQuestion` (default false), `allowFullWidthQuestion` (default false),
`allow` (default []): strings or "/regexp/" in which the marks are accepted.
Bad:
    今すぐお申し込みください！
Good:
    お申し込みは3月31日までです。
"""

from __future__ import annotations

import re
from typing import Iterator

from ccm_cli.findings import TextProblem
from ccm_cli.rules.options import Flag, Option, Patterns, defaults
from ccm_cli.rules.style.ja._common import compile_pattern, plain_ranges
from ccm_cli.text.ja import JaDocument

ID = "ja/no-exclamation-question-mark"
CATEGORY = "style"
SCOPE = "ja"  # textlint-compatible: check_text(JaDocument, options)
BLOCK_LOCAL = True  # judges each block (paragraph, heading, cell) on its own
SEVERITY = "warning"

OPTIONS = {
    "ja.no-exclamation-question-mark.allow": Option(Patterns(), [], "Allowed in",
                                                    'Texts or "/regexp/" in which the marks are accepted.', (["Yahoo!"],)),
    "ja.no-exclamation-question-mark.allowHalfWidthExclamation": Option(Flag(), False, "Allow !", "Accept the half-width exclamation mark."),
    "ja.no-exclamation-question-mark.allowFullWidthExclamation": Option(Flag(), False, "Allow ！", "Accept the full-width exclamation mark."),
    "ja.no-exclamation-question-mark.allowHalfWidthQuestion": Option(Flag(), False, "Allow ?", "Accept the half-width question mark."),
    "ja.no-exclamation-question-mark.allowFullWidthQuestion": Option(Flag(), False, "Allow ？", "Accept the full-width question mark."),
}
DEFAULT = defaults(OPTIONS)

_MARKS = {
    "!": "allowHalfWidthExclamation",
    "！": "allowFullWidthExclamation",
    "?": "allowHalfWidthQuestion",
    "？": "allowFullWidthQuestion",
}
_MARK = re.compile("[!！?？]")
_EXCLAMATION = 'Exclamation mark "{}": say it calmly and end the sentence with "。"'
_QUESTION = 'Question mark "{}": state the answer, or end the question with "。"'
_MESSAGES = {"!": _EXCLAMATION, "！": _EXCLAMATION, "?": _QUESTION, "？": _QUESTION}
_BUILTIN_ALLOW = ("Yahoo!",)
_URL = re.compile(r"https?://[^\s<>「」（）、。]+")


def check_text(doc: JaDocument, options: dict) -> Iterator[TextProblem]:
    allowed_kinds = {ch for ch, key in _MARKS.items() if options.get(key)}
    allow = [compile_pattern(p) for p in [*(options.get("allow") or []), *_BUILTIN_ALLOW]]
    for block in doc.blocks:
        if block.in_blockquote:
            continue
        for a, b in plain_ranges(block, skip_inside=("link", "emphasis")):
            chunk = doc.text[a:b]
            exempt = [(m.start() + a, m.end() + a) for m in _URL.finditer(chunk)]
            for p in allow:
                exempt.extend((m.start() + a, m.end() + a) for m in p.finditer(chunk))
            for m in _MARK.finditer(doc.text, a, b):
                ch = m.group()
                if ch in allowed_kinds or any(s <= m.start() < e for s, e in exempt):
                    continue
                after = doc.text[m.end() : m.end() + 1]
                # the fix ends the sentence with 。; a mark followed by another (！？) just goes
                yield TextProblem(m.start(), m.end(), _MESSAGES[ch].format(ch), fix="" if after and after in "!！?？。" else "。")
