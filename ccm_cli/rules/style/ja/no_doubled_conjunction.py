"""Flags the same conjunction opening two sentences in a row (しかし…。しかし…。).

What it checks: the sentences of each paragraph, the way textlint-rule-no-doubled-conjunction
(MIT, (c) 2016 takahashim, github.com/textlint-ja/textlint-rule-no-doubled-conjunction 3.0.0)
does: the first conjunction (接続詞) of a sentence is compared with the first conjunction of
the closest earlier sentence of the paragraph that has one; the same word is reported. A
word after a space is not taken for a conjunction (「B で開発」: で is a particle there).
Paragraphs in block quotes, headings and table cells are not checked. Upstream reports the
place of the earlier conjunction counted from the start of the current sentence; ccm points
at the current conjunction (the same place whenever both open their sentences).
Why: 「しかし、…。しかし、…。」 reads as a tic, and the second contrast loses its force.
Options: none.
Bad:
    朝起きた。そして昼は仕事をした。そして夜に寝た。
Good:
    朝起きた。そして昼は仕事をした。夜は早めに寝た。
"""

from __future__ import annotations

from typing import Iterator

from ccm_cli.findings import TextProblem
from ccm_cli.rules.style.ja._textlint_nodes import is_plain_paragraph
from ccm_cli.text.ja import JaDocument, Token

ID = "ja/no-doubled-conjunction"
CATEGORY = "style"
SCOPE = "ja"  # textlint-compatible: check_text(JaDocument, options)
BLOCK_LOCAL = True  # judges each block (paragraph, heading, cell) on its own
SEVERITY = "warning"
DEFAULT: dict = {}

_SEPARATORS = (".", "．", "。", "?", "!", "？", "！")


def _first_conjunction(tokens: list[Token]) -> Token | None:
    prev = None
    for tok in tokens:
        after_space = prev is not None and (prev.pos == "空白" or prev.end < tok.start)
        if tok.pos == "接続詞" and not after_space:
            return tok
        prev = tok
    return None


def check_text(doc: JaDocument, options: dict) -> Iterator[TextProblem]:
    last: Token | None = None  # the earlier conjunction, within the paragraph
    block = None
    for sentence in doc.sentences_with(_SEPARATORS):
        if sentence.block is not block:
            block, last = sentence.block, None
        if block is None or not is_plain_paragraph(block):
            continue
        current = _first_conjunction(doc.tokens_between(sentence.start, sentence.end))
        if current is None:
            continue
        if last is not None and last.surface == current.surface:
            yield TextProblem(current.start, current.end, f"同じ接続詞（{current.surface}）が連続して使われています。")
        last = current
