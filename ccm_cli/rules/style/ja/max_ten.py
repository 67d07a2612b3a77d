"""Flags sentences that use too many 読点 (、).

What it checks: the number of 、 in one sentence. A 、 between two nouns (名詞、名詞, a list)
is not counted unless `strict` is on.
Why: a sentence that needs many commas is usually two sentences; readers lose the thread.
Options: `max` (default 3): the most 、 allowed in a sentence. `strict` (default false): count
every 、, even between nouns. `touten` (default "、") and `kuten` (default "。"): the
characters used as comma and full stop.
Bad:
    これは、これは、これは、これは、これはだめ。
Good:
    これは、これは、これはよい。これも、これもよい。
"""

from __future__ import annotations

from dataclasses import replace
from typing import Iterator

from ccm_cli.findings import TextProblem
from ccm_cli.rules.options import Count, Flag, Option, Text, defaults
from ccm_cli.rules.style.ja._common import is_bracket
from ccm_cli.text.ja import JaDocument

ID = "ja/max-ten"
CATEGORY = "style"
SCOPE = "ja"  # textlint-compatible: check_text(JaDocument, options)
BLOCK_LOCAL = True  # judges each block (paragraph, heading, cell) on its own
SEVERITY = "warning"

OPTIONS = {
    "ja.max-ten.max": Option(Count(), 3, "、 per sentence, at most", "The most 、 allowed in a sentence.", (3,)),
    "ja.max-ten.strict": Option(Flag(), False, "Strict", "Count every 、, even between nouns."),
    "ja.max-ten.touten": Option(Text(), "、", "Comma", "The character used as comma (読点)."),
    "ja.max-ten.kuten": Option(Text(), "。", "Full stop", "The character used as full stop (句点)."),
}
DEFAULT = defaults(OPTIONS)

_QUESTION_MARKS = ("?", "!", "？", "！")
_BRACKETS = "()（）「」『』[]［］【】〔〕{}｛｝〈〉《》\"'“”‘’"


def _ipadic_noun_at(tokens, k) -> bool:
    """IPADIC nouns UniDic splits: その他 / その外 (名詞,代名詞 in IPADIC; その + 他 in UniDic)."""
    while k < len(tokens) and is_bracket(tokens[k]):
        k += 1
    return k + 1 < len(tokens) and tokens[k].surface == "その" and tokens[k + 1].surface in ("他", "ほか", "外")


def _sibling(tokens, index, delta):
    k = index + delta
    while 0 <= k < len(tokens):
        if not is_bracket(tokens[k]):
            return tokens[k]
        k += delta
    return None


def _mask_code(tokens, block, sentence):
    """Inline code as one noun, as upstream masks each Code node with "_" before tokenising:
    a 。 or ! inside `code` ends no sentence and a 、 next to it sits beside a 名詞."""
    code = [(s.start, s.end) for s in block.segments if s.kind == "code" and s.end > sentence.start and s.start < sentence.end]
    if not code:
        return tokens
    out, last = [], None
    for t in tokens:
        span = next(((a, b) for a, b in code if a <= t.start < b), None)
        if span is None:
            out.append(t)
        elif span != last:
            out.append(replace(t, surface="_", start=span[0], end=span[1], pos="名詞", pos_detail1="普通名詞",
                               pos_detail2="一般"))
        last = span
    return out


def check_text(doc: JaDocument, options: dict) -> Iterator[TextProblem]:
    limit = int(options.get("max", 3))
    strict = bool(options.get("strict", False))
    touten = options.get("touten") or "、"
    kuten = options.get("kuten") or "。"
    separators = _QUESTION_MARKS + (kuten,)
    for sentence in doc.sentences_with(separators):
        block = sentence.block
        if block is None or block.kind != "paragraph" or block.in_blockquote:
            continue
        tokens = _mask_code(doc.tokens_between(sentence.start, sentence.end), block, sentence)
        count = 0
        last = None
        for i, token in enumerate(tokens):
            surface = token.surface
            if surface == touten:
                before = _sibling(tokens, i, -1)
                after = _sibling(tokens, i, 1)
                # kuromoji keeps white space as a 記号 token: "HTML 、CSS" is not 名詞、名詞
                sandwiched = (
                    before is not None
                    and after is not None
                    and before.ipadic_pos == "名詞"
                    and (after.ipadic_pos == "名詞" or _ipadic_noun_at(tokens, i + 1))
                    and not doc.text[before.end : token.start].strip(_BRACKETS).isspace()
                    and not doc.text[token.end : after.start].strip(_BRACKETS).isspace()
                )
                if sandwiched and not strict:
                    continue
                count += 1
                last = token
            if surface in separators:
                # a 。？！ inside 「」 ends a quoted sentence: start counting again
                count = 0
            if count > limit and last is not None:
                yield TextProblem(
                    last.start,
                    last.end,
                    f'一つの文で"{touten}"を{limit + 1}つ以上使用しています',
                )
                count = 0
