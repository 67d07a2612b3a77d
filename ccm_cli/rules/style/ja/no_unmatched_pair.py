"""Flags an opening bracket or quote that is never closed in its sentence (「（…)」).

What it checks: each sentence of a paragraph, the way @textlint-rule/textlint-rule-no-unmatched-pair
(MIT, (c) 2018 azu, github.com/textlint-rule/textlint-rule-no-unmatched-pair 2.0.4) reads it:
an opening mark of a pair — "" [] () {} 「」 （） 『』 ｛｝ ［］ 〚〛 【】 «» ‹› — opens a
context, its own closing mark closes it, nested pairs are followed; a context still open at
the end of the sentence is reported just after its opening mark. A closing mark with nothing
open is ignored. Inline code, links, emphasis and strong text are skipped, as upstream skips
those nodes; headings and table cells are not paragraphs and are not checked.
Why: a bracket closed with the wrong mark (full-width （ with a half-width ), 「 with 』) or not
closed at all is a typo readers notice, and it can change what a sentence seems to say.
Options: none.
Bad:
    これは（秘密)です。
Good:
    これは（秘密）です。
"""

from __future__ import annotations

import re
from typing import Iterator

from ccm_cli.findings import TextProblem
from ccm_cli.rules.style.ja._textlint_nodes import str_nodes
from ccm_cli.text.ja import JaDocument

ID = "ja/no-unmatched-pair"
CATEGORY = "style"
SCOPE = "ja"  # textlint-compatible: check_text(JaDocument, options)
BLOCK_LOCAL = True  # judges each block (paragraph, heading, cell) on its own
SEVERITY = "warning"
DEFAULT: dict = {}

# (name, opening mark, closing mark), upstream's PAIR_MARKS in its order
PAIR_MARKS = (
    ("double quote", '"', '"'),
    ("angled bracket[]", "[", "]"),
    ("round bracket()", "(", ")"),
    ("curly brace{}", "{", "}"),
    ("かぎ括弧「」", "「", "」"),
    ("丸括弧（）", "（", "）"),
    ("二重かぎ括弧『』", "『", "』"),
    ("波括弧｛｝", "｛", "｝"),
    ("角括弧［］", "［", "］"),
    ("重角括弧〚〛", "〚", "〛"),
    ("隅付き括弧【】", "【", "】"),
    ("double guillemet «»", "«", "»"),
    ("single guillemet ‹›", "‹", "›"),
)
_PAIR_OF = {}
for _pair in PAIR_MARKS:
    _PAIR_OF.setdefault(_pair[1], _pair)
    _PAIR_OF.setdefault(_pair[2], _pair)
_OPENING = {pair[1]: pair for pair in PAIR_MARKS}
_CLOSING = {pair[2]: pair for pair in PAIR_MARKS}
_SKIPPED = frozenset({"link", "emphasis", "strong"})
_MARKS = re.compile("[" + "".join(re.escape(ch) for ch in sorted(_PAIR_OF)) + "]")


def _message(pair: tuple) -> str:
    name, start, end = pair
    return (f"Cannot find a pairing character for {start}.\n" + " " * 20 + "\n"
            f"You should close this sentence with {end}.\nThis pair of marks is called {name}.")


def check_text(doc: JaDocument, options: dict) -> Iterator[TextProblem]:
    for sentence in doc.sentences:
        block = sentence.block
        if block is None or block.kind != "paragraph":
            continue
        text = doc.text
        open_: list[tuple[int, tuple]] = []  # (index of the opening mark, pair), in order
        for start, end, inside in str_nodes(block, image=True):
            if _SKIPPED.intersection(inside):
                continue
            a, b = max(start, sentence.start), min(end, sentence.end)
            for m in _MARKS.finditer(text, a, max(a, b)):
                i = m.start()
                pair = _PAIR_OF[text[i]]
                if any(p is pair for _, p in open_):
                    if _CLOSING.get(text[i]) is pair:
                        k = next(k for k, (_, p) in enumerate(open_) if p is pair)
                        del open_[k]
                elif _OPENING.get(text[i]) is pair:
                    open_.append((i, pair))
        for i, pair in open_:
            at = i + 1 if i + 1 < block.end else i  # upstream points just after the mark
            yield TextProblem(at, at + 1, _message(pair))
