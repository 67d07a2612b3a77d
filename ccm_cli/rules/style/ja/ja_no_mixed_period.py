"""Flags paragraphs whose last sentence does not end with the full stop 。.

What it checks: the end of every Japanese paragraph (list items, quotes, links, headings and
footnotes are not checked). A paragraph may end with 。, with ！ ？ ! ? or a closing ） ) 」 』
(check-ends-with-period's exception marks, as upstream), or a character listed in
`allowPeriodMarks`. Ported from textlint-rule-ja-no-mixed-period 3.0.2 (MIT, azu).
Why: a missing or different full stop (．, ., or nothing) looks unfinished and inconsistent.
Options: `periodMark` (default "。"): the full stop to use. `allowPeriodMarks` (default []):
other accepted endings. `allowEmojiAtEnd` (default false): accept an emoji as the last character.
`forceAppendPeriod` (default false): accepted for compatibility; ccm always offers the fix
that appends the full stop to a sentence ending in a word, and none after a mark (no "！。"
or "：。": which stop belongs there is the writer's call). A "." or "．" is replaced by
`periodMark`; trailing spaces are removed.
Bad:
    お支払いを確認しました
Good:
    お支払いを確認しました。
"""

from __future__ import annotations

import re
from typing import Iterator

from ccm_cli.findings import TextProblem
from ccm_cli.rules.options import Flag, Option, Text, Texts, defaults
from ccm_cli.text.ja import JaDocument

ID = "ja/ja-no-mixed-period"
CATEGORY = "style"
SCOPE = "ja"  # textlint-compatible: check_text(JaDocument, options)
SENTENCES = True  # judges sentences: salutations, sign-offs, URL-only lines and subject-like fields masked
SEVERITY = "warning"

OPTIONS = {
    "ja.ja-no-mixed-period.periodMark": Option(Text(), "。", "Full stop", "The full stop a sentence ends with."),
    "ja.ja-no-mixed-period.allowPeriodMarks": Option(Texts(), [], "Other endings", "Other accepted sentence endings.", (["…"],)),
    "ja.ja-no-mixed-period.allowEmojiAtEnd": Option(Flag(), False, "Emoji after the stop", "Accept an emoji after the full stop."),
    "ja.ja-no-mixed-period.forceAppendPeriod": Option(Flag(), False, "Append the full stop",
                                                      "Accepted for compatibility; ccm always offers appending the full stop after a word."),
}
DEFAULT = defaults(OPTIONS)

_JAPANESE = re.compile(r"[々〇〻\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\U00020000-\U0002FFFFぁ-んァ-ヶ]")
_CLASSIC_PERIOD = re.compile(r"[。.．]")  # upstream: [。.]; ccm also replaces the full-width ．
# check-ends-with-period's exceptionMarkRegExp: often used at the end, always accepted
_EXCEPTION_MARKS = set("!?！？)）」』")
_EMOJI = re.compile(
    "[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\u3030\u303D\u3297\u3299\uFE0F\u200D\U000E0020-\U000E007F]"
)


def _ends_with_period(text: str, marks, allow_emoji: bool):
    """``(valid, mark, index)`` for the end of ``text`` (npm check-ends-with-period 3.0.2)."""
    end = len(text)
    if end == 0:
        return True, "", 0
    last = text[end - 1]
    if last.isspace():
        k = end - 1
        while k > 0 and text[k - 1].isspace():
            k -= 1
        return False, text[k:end], k
    if last in _EXCEPTION_MARKS:
        return True, last, end - 1
    if allow_emoji and _EMOJI.match(last):
        return True, last, end - 1
    for m in marks:
        if m and text.endswith(m):
            return True, m, end - len(m)
    return False, last, end - 1


def check_text(doc: JaDocument, options: dict) -> Iterator[TextProblem]:
    period = options.get("periodMark") or "。"
    marks = list(options.get("allowPeriodMarks") or []) + [period]
    allow_emoji = bool(options.get("allowEmojiAtEnd", False))
    for block in doc.blocks:
        if block.kind != "paragraph" or block.in_list or block.in_blockquote or not block.segments:
            continue
        last = block.segments[-1]
        if last.kind != "text" or last.inside:
            continue
        # the last Str node: back to the previous non-text node
        start = last.start
        for seg in reversed(block.segments[:-1]):
            if seg.kind in ("text", "break") and not seg.inside:
                start = seg.start
            else:
                break
        text = doc.text[start : last.end]
        if not text or not _JAPANESE.search(text):
            continue
        valid, mark, index = _ends_with_period(text, marks, allow_emoji)
        if valid:
            continue
        at = start + index
        if mark and mark[0].isspace():
            yield TextProblem(at, at + len(mark), f'文末が"{period}"で終わっていません。末尾に不要なスペースがあります。', fix="")
        elif _CLASSIC_PERIOD.fullmatch(mark or ""):
            yield TextProblem(at, at + 1, f'文末が"{period}"で終わっていません。', fix=period)
        else:
            # a missing full stop: append it after a word only (after a mark such as ： or ・
            # the sentence is not simply unfinished)
            ch = doc.text[at : at + 1]
            fix = ch + period if (ch.isalnum() or _JAPANESE.match(ch)) else None
            yield TextProblem(at, at + 1, f'文末が"{period}"で終わっていません。', fix=fix)
