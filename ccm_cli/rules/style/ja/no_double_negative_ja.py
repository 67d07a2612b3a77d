"""Flags double negatives (二重否定) such as 〜なくもない and 〜ないことはない.

What it checks: a negation followed by another negation that cancels it: 〜なくもない,
〜なくはない, 〜ないでもない, 〜ないではない, 〜ないものでもない, 〜ないことはない,
〜ないこともない, 〜ないわけでもない, 〜ないわけではない, 〜ないといいきれない, 〜ないとはいいきれない,
〜ないとはかぎらない, 〜ないともかぎらない (kanji spellings such as 無い, 事, 訳, 限らない too).
Why: a double negative makes the reader undo two negations to get the meaning; say it directly.
Options: none.
Bad:
    解約できないこともない。
Good:
    解約できます。
"""

from __future__ import annotations

import re
from typing import Iterator

from ccm_cli.findings import TextProblem
from ccm_cli.text.ja import JaDocument

ID = "ja/no-double-negative-ja"
CATEGORY = "style"
SCOPE = "ja"  # textlint-compatible: check_text(JaDocument, options)
SEVERITY = "warning"
DEFAULT: dict = {}

_NAI = "(?:な|無)"
_END = "(?P<end>(?:な|無)(?:い|かっ|く|けれ|き|さ))"
_PATTERNS = [
    (re.compile(_NAI + "く(?P<p>も|は)" + _END), "〜なく{p}ない"),
    (re.compile(_NAI + "いもので(?P<p>も|は)" + _END), "〜ないもので{p}ない"),
    (re.compile(_NAI + "いで(?P<p>も|は)" + _END), "〜ないではない"),
    (re.compile(_NAI + "い(?:こと|事|コト)(?P<p>は|も)" + _END), "〜ないこと{p}ない"),
    (re.compile(_NAI + "い(?:わけ|訳)で(?P<p>も|は)" + _END), "〜ないわけで{p}ない"),
    (re.compile(_NAI + "いと(?:言|い)い(?:切|き)れ" + _END), "〜ないといいきれない"),
    (re.compile(_NAI + "いとは(?:言|い)い(?:切|き)れ" + _END), "〜ないとはいいきれない"),
    (re.compile(_NAI + "いと(?P<p>は|も)(?:限|かぎ)ら" + _END), "〜ないと{p}かぎらない"),
]


def _negation_at(doc: JaDocument, i: int) -> bool:
    """Is there a negation (助動詞 ない / 形容詞 無い) starting at ``doc.text[i]``?"""
    for t in doc.tokens_between(i, i + 1):
        if t.pos in ("助動詞", "形容詞") and t.lemma in ("ない", "無い"):
            return True
    return False


def check_text(doc: JaDocument, options: dict) -> Iterator[TextProblem]:
    found = []
    for block in doc.blocks:
        text = doc.text
        for pattern, label in _PATTERNS:
            for m in pattern.finditer(text, block.start, block.end):
                if any(s.kind == "code" for s in block.segments if s.start <= m.start() < s.end):
                    continue
                if not _negation_at(doc, m.start()):
                    continue
                name = label.format(p=m.groupdict().get("p") or "")
                end = m.start("end")
                found.append(TextProblem(end, end + 1, f"二重否定: {name}", extra={"match": m.group()}))
    seen = set()
    for p in sorted(found, key=lambda p: p.start):
        if p.start not in seen:
            seen.add(p.start)
            yield p
