"""Flags weak, hedging phrases such as 〜かもしれない and 〜と思います.

What it checks: かも / かもしれない, 思う / 思います, and 可能性を示唆している.
Why: hedging makes a message sound unsure; customers need to know what is true and what to do.
Options: none.
Bad:
    料金が変わるかもしれません。
Good:
    4月から料金が変わります。
"""

from __future__ import annotations

from typing import Iterator

from ccm_cli.findings import TextProblem
from ccm_cli.text.ja import JaDocument, Token

ID = "ja/ja-no-weak-phrase"
CATEGORY = "style"
SCOPE = "ja"  # textlint-compatible: check_text(JaDocument, options)
BLOCK_LOCAL = True  # judges each block (paragraph, heading, cell) on its own
SEVERITY = "warning"
DEFAULT: dict = {}

_KAMO = '弱い表現: "かも" が使われています。'
_OMOU = '弱い表現: "思う" が使われています。'
_OMOIMASU = '弱い表現: "思います" が使われています。'
_SHISA = (
    '弱い表現: "可能性を示唆している" が使われています。\n'
    "「可能性がある」または「. . . を示唆している」を利用してください。\n"
    "弱い表現を二つ重ねることはしないでください。"
)


# IPADIC's 基本形 is UniDic's 終止形 and 連体形 (思うことでしょう: 連体形 in UniDic)
_KIHON = ("終止形", "連体形")


def _match(tokens: list[Token], i: int) -> tuple[str, int] | None:
    """``(message, number of tokens)`` for a weak phrase starting at ``tokens[i]``."""
    t = tokens[i]
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    nxt2 = tokens[i + 2] if i + 2 < len(tokens) else None
    # かも + 。 / かも + しれ(る)
    if t.surface == "か" and t.pos == "助詞" and nxt is not None and nxt.surface == "も" and nxt.pos == "助詞":
        if nxt2 is not None and (nxt2.surface == "。" or (nxt2.lemma == "知れる" and nxt2.conj_form.startswith(("連用形", "未然形")))):
            return _KAMO, 3
    if t.surface == "かも" and t.pos == "助詞":
        if nxt is not None and (nxt.surface == "。" or nxt.lemma == "知れる"):
            return _KAMO, 2
    if t.pos == "動詞" and t.lemma == "思う":
        if t.surface == "思う" and t.conj_form.startswith(_KIHON):
            return _OMOU, 1
        if t.surface == "思い" and nxt is not None and nxt.surface == "ます" and nxt.conj_form.startswith(_KIHON):
            return _OMOIMASU, 2
    if t.surface == "可能":
        seq = [x.surface for x in tokens[i : i + 7]]
        if seq[:4] == ["可能", "性", "を", "示唆"] and len(seq) >= 7 and seq[4:6] == ["し", "て"] and tokens[i + 6].lemma == "居る":
            if tokens[i + 6].conj_form.startswith(_KIHON):
                return _SHISA, 7
    return None


# The surfaces a weak phrase starts with (every branch of _match tests its first token's).
_FIRST = frozenset(("か", "かも", "思う", "思い", "可能"))


def check_text(doc: JaDocument, options: dict) -> Iterator[TextProblem]:
    for block in doc.blocks:
        code = [(s.start, s.end) for s in block.segments if s.kind == "code"]
        tokens = doc.tokens_between(block.start, block.end)
        for i, first in enumerate(tokens):
            if first.surface not in _FIRST:
                continue
            hit = _match(tokens, i)
            if hit is None:
                continue
            message, n = hit
            start = first.start
            if any(a <= start < b for a, b in code):
                continue
            end = tokens[min(i + n, len(tokens)) - 1].end
            yield TextProblem(start, end, message)
