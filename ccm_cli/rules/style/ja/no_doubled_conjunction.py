"""Flags the same conjunction opening two sentences in a row (しかし…。しかし…。).

What it checks: the sentences of each paragraph, the way textlint-rule-no-doubled-conjunction
(MIT, (c) 2016 takahashim, github.com/textlint-ja/textlint-rule-no-doubled-conjunction 3.0.1)
does: the first conjunction (接続詞) of a sentence is compared with the first conjunction of
the closest earlier sentence of the paragraph that has one; the same word is reported at the
later one. A word after a space is not taken for a conjunction (「B で開発」: で is a particle
there). Paragraphs in block quotes, headings and table cells are not checked.
What a conjunction is follows kuromoji/IPADIC, which upstream uses: IPADIC has many
conjunctions as one word (そこで, それでは, だから, または, したがって, 実は …) that MeCab/UniDic
splits (そこ+で, だ+から, また+は, したがっ+て). A sentence that opens with one of those words
(IPADIC_CONJUNCTIONS: each checked to be one 接続詞 token in kuromoji's IPADIC), or has one
right after a 読点, has that conjunction there; elsewhere UniDic's 接続詞 counts (また+は read as または; さらに,
which IPADIC tags as an adverb, does not), and so do なお, つまり, 例えば, たとえば and すなわち,
which UniDic tags as adverbs and IPADIC as conjunctions.
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

# Words kuromoji (IPADIC) tokenises as one 接続詞 at the start of a sentence: each was run
# through kuromoji as 「<word>、次の文です。」 and kept when its first token was the word, 接続詞.
IPADIC_CONJUNCTIONS = frozenset("""
    そこで または それでは では それで それとも それから すると だから ですから なので でも だが それに
    ところで ところが そして しかし また つまり ただし なお および あるいは もしくは しかも それでも
    だけど けれど けれども したがって よって ちなみに 例えば たとえば 一方 次に 実は じゃあ そうして
    それなら なぜなら ならびに 並びに 及び 又は 若しくは 但し 尚 すなわち 即ち だって そのうえ かつ
    ついで それにしても それでいて ゆえに 故に だとすると そうすると じゃ さて ただ それなのに けど
    だけれども でないと さもなければ というのも それどころか もっとも ないしは 次いで ましてや
    しかしながら ですが ついては そうしたら そしたら それだけに
""".split())
_IPADIC_ADVERBS = frozenset({"さらに"})  # UniDic 接続詞, IPADIC 副詞
_UNIDIC_ADVERBS = frozenset({"なお", "つまり", "例えば", "たとえば", "すなわち"})  # the other way round
_LONGEST = 4  # tokens UniDic splits one of those words into, at most
_COMMAS = frozenset({"、", "，", ","})
_PREFIXES = frozenset(word[:n] for word in IPADIC_CONJUNCTIONS for n in range(1, len(word) + 1))


def _lexical(tokens: list[Token], i: int) -> tuple[str, int, int] | None:
    """The IPADIC conjunction the tokens from ``i`` spell, if any: (word, start, end)."""
    if tokens[i].surface not in _PREFIXES:
        return None
    for k in range(min(_LONGEST, len(tokens) - i), 0, -1):
        run = tokens[i : i + k]
        if all(a.end == b.start for a, b in zip(run, run[1:])):
            word = "".join(t.surface for t in run)
            if word in IPADIC_CONJUNCTIONS:
                return word, run[0].start, run[-1].end
    return None


def _first_conjunction(tokens: list[Token]) -> tuple[str, int, int] | None:
    prev = None
    for i, tok in enumerate(tokens):
        after_space = prev is not None and (prev.pos == "空白" or prev.end < tok.start)
        after_comma = prev is not None and prev.surface in _COMMAS
        at_start = prev is None
        prev = tok
        if after_space:
            continue
        if at_start or after_comma:  # where kuromoji reads a conjunction IPADIC has as one word
            found = _lexical(tokens, i)
            if found is not None:
                return found
        if tok.pos == "接続詞" and tok.surface not in _IPADIC_ADVERBS:
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            if nxt is not None and nxt.start == tok.end and nxt.surface == "は" and tok.surface + "は" in IPADIC_CONJUNCTIONS:
                return tok.surface + "は", tok.start, nxt.end
            return tok.surface, tok.start, tok.end
        if tok.pos == "副詞" and tok.surface in _UNIDIC_ADVERBS:
            return tok.surface, tok.start, tok.end
    return None


def check_text(doc: JaDocument, options: dict) -> Iterator[TextProblem]:
    last: str | None = None  # the earlier conjunction, within the paragraph
    block = None
    for sentence in doc.sentences_with(_SEPARATORS):
        if sentence.block is not block:
            block, last = sentence.block, None
        if block is None or not is_plain_paragraph(block):
            continue
        current = _first_conjunction(doc.tokens_between(sentence.start, sentence.end))
        if current is None:
            continue
        word, start, end = current
        if last == word:
            yield TextProblem(start, end, f"同じ接続詞（{word}）が連続して使われています。")
        last = word
