"""Flags a word typed twice in a row (「途中でで止まる」「となるなる」).

What it checks: two identical words side by side in a run of text, the way
textlint-rule-ja-no-successive-word (MIT, (c) 2016 azu, github.com/textlint-ja/
textlint-rule-ja-no-successive-word 2.0.1) finds them: morpheme after morpheme, the second of
two equal surfaces is reported. Numbers (九九, 11,11) are not words repeated; a repeated
katakana word is taken for onomatopoeia (カクカク, ドキドキ) and accepted unless
`allowOnomatopee` is false. MeCab/UniDic keeps a reduplicated katakana word in one token
(カクカク) where kuromoji/IPADIC splits it; such a token counts as the word twice when
onomatopoeia is not allowed. Conversely kuromoji keeps a run of ASCII symbols (:::, //, ...)
or of ー ― — as one unknown word where UniDic gives one token per character; such a run is
one word here too, so a Markdown container fence, a URL's // or the dash ―― is no doubled
word. And IPADIC has compound particles (として, について, により …) as one word that UniDic
splits; they are one word here, so 「としてとして」 is found.
Why: a doubled particle or word is a typing slip; it reads as a mistake to a customer.
Options: `allowOnomatopee` (default true): accept repeated katakana words. `allow` (default
[]): words (or "/regexp/" patterns) that may repeat, e.g. ["人人"].
Bad:
    これはは問題ある文章です。
Good:
    これは問題ある文章です。
"""

from __future__ import annotations

import re
from typing import Iterator

from ccm_cli.findings import TextProblem
from ccm_cli.rules.options import Flag, Option, Patterns, defaults
from ccm_cli.rules.style.ja._common import matches_any
from ccm_cli.rules.style.ja._textlint_nodes import adjacent, str_nodes, tokens_within
from ccm_cli.text.ja import JaDocument, Token

ID = "ja/ja-no-successive-word"
CATEGORY = "style"
SCOPE = "ja"  # textlint-compatible: check_text(JaDocument, options)
BLOCK_LOCAL = True  # judges each block (paragraph, heading, cell) on its own
SEVERITY = "warning"

OPTIONS = {
    "ja.ja-no-successive-word.allowOnomatopee": Option(Flag(), True, "Onomatopoeia",
                                                       "Accept a repeated katakana word (カクカク, ドキドキ)."),
    "ja.ja-no-successive-word.allow": Option(Patterns(), [], "Allowed words",
                                             'Words, or "/regexp/" patterns, that may repeat.', (["人人"],)),
}
DEFAULT = defaults(OPTIONS)

_ONOMATOPEE = re.compile(r"[ァ-ロワヲンー]*")


def _is_onomatopee(word: str) -> bool:
    return _ONOMATOPEE.fullmatch(word) is not None


def _is_number(t: Token) -> bool:
    """IPADIC 名詞/数 (UniDic 名詞/数詞): 九九 and 11,11 are numbers, not a doubled word."""
    return t.pos == "名詞" and t.pos_detail1 in ("数詞", "数")


# characters kuromoji (IPADIC's unknown-word class SYMBOL, grouped) keeps together in one token
_GROUPED = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ー―—")
# compound particles IPADIC has as one 助詞 (each checked in kuromoji) that UniDic splits
# (と+し+て, に+つい+て): 「としてとして」 is one word doubled, 「とと」 is not what was typed twice
IPADIC_COMPOUND_PARTICLES = frozenset("""
    として について における によって により に対して という といった とともに と共に にとって に関して
    において に対する による を通して を通じて に関する をめぐって にかけて にわたって に際して
""".split())


_SYMBOLS = ("補助記号", "記号")
# the compound particles by first character, longest first (と: として, とともに, という …)
_COMPOUNDS_BY_FIRST: dict[str, tuple[str, ...]] = {}
for _word in sorted(IPADIC_COMPOUND_PARTICLES, key=len, reverse=True):
    _COMPOUNDS_BY_FIRST[_word[0]] = _COMPOUNDS_BY_FIRST.get(_word[0], ()) + (_word,)


def _grouped(t: Token) -> bool:
    s = t.surface
    return s[:1] in _GROUPED and t.pos in _SYMBOLS and all(ch in _GROUPED for ch in s)


def _message(word: str) -> str:
    return f'"{word}" が連続して2回使われています。'


def _doubled_compound(text: str, t: Token, starts: set[int]) -> str | None:
    """The compound particle written twice from ``t`` (「としてとして」), both on token boundaries."""
    for word in _COMPOUNDS_BY_FIRST.get(t.surface[:1], ()):
        n = len(word)
        if text.startswith(word, t.start) and text.startswith(word, t.start + n) and t.start + n in starts:
            end = t.start + 2 * n
            if end in starts or end == len(text) or not text[end:end + 1].strip():
                return word
    return None


def check_text(doc: JaDocument, options: dict) -> Iterator[TextProblem]:
    allow_onomatopee = options.get("allowOnomatopee", True) is not False
    allow = options.get("allow") or []
    text = doc.text
    for block in doc.blocks:
        for start, end, _ in str_nodes(block):
            tokens = tokens_within(doc, start, end)
            starts: set[int] | None = None
            skip_to = -1
            prev: Token | None = None
            for tok in tokens:
                word = tok.surface
                if tok.start < skip_to:
                    prev = tok
                    continue
                if word[:1] in _COMPOUNDS_BY_FIRST:
                    if starts is None:
                        starts = {t.start for t in tokens} | {t.end for t in tokens[-1:]}
                    compound = _doubled_compound(text, tok, starts)
                    if compound is not None:
                        at = tok.start + len(compound)
                        if not (allow and matches_any(allow, compound)):
                            yield TextProblem(at, at + len(compound), _message(compound))
                        skip_to = at + len(compound)
                        prev = tok
                        continue
                if not allow_onomatopee and len(word) % 2 == 0 and _is_onomatopee(word):
                    half = len(word) // 2
                    if word[:half] == word[half:] and not (allow and matches_any(allow, word[half:])):
                        yield TextProblem(tok.start + half, tok.end, _message(word[half:]))
                if prev is not None and prev.surface == word and adjacent(prev, tok):
                    if _grouped(tok):  # one run of symbols: one word for kuromoji
                        pass
                    elif not (allow and matches_any(allow, word)) and not (_is_number(prev) and _is_number(tok)):
                        if not (allow_onomatopee and _is_onomatopee(word)):
                            yield TextProblem(tok.start, tok.end, _message(word))
                prev = tok
