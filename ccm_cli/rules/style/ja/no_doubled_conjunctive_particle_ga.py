"""Flags a sentence that uses the conjunctive particle 「が」 (but) twice.

What it checks: each sentence of a paragraph, the way textlint-rule-no-doubled-conjunctive-particle-ga
(MIT, (c) 2016 takahashim, github.com/textlint-ja/textlint-rule-no-doubled-conjunctive-particle-ga
3.0.0) does: the sentence's morphemes are cut again at every sentence-ending character (so a
quoted 「…。…」 counts as two), and a part with more than one 接続助詞「が」 is reported at its
first. The subject marker が (格助詞) is not counted. Paragraphs in block quotes, headings and
table cells are not checked.
Why: 「〜したが、〜だったが、〜」 strings clauses together and blurs which one is the contrast;
readers lose the thread.
Options: `separatorChars` (default . ． 。 ? ! ？ ！): the characters that end a sentence.
Bad:
    今日は早朝から出発したが、定刻には間に合わなかったが、無事会場に到着した。
Good:
    今日は早朝から出発したが、定刻には間に合わなかった。しかし、無事会場に到着した。
"""

from __future__ import annotations

from typing import Iterator

from ccm_cli.findings import TextProblem
from ccm_cli.rules.options import Option, Texts, defaults
from ccm_cli.rules.style.ja._textlint_nodes import is_plain_paragraph
from ccm_cli.text.ja import JaDocument

ID = "ja/no-doubled-conjunctive-particle-ga"
CATEGORY = "style"
SCOPE = "ja"  # textlint-compatible: check_text(JaDocument, options)
BLOCK_LOCAL = True  # judges each block (paragraph, heading, cell) on its own
SEVERITY = "warning"

OPTIONS = {
    "ja.no-doubled-conjunctive-particle-ga.separatorChars": Option(
        Texts(), [".", "．", "。", "?", "!", "？", "！"], "Sentence ends", "The characters that end a sentence."),
}
DEFAULT = defaults(OPTIONS)

MESSAGE = '文中に逆接の接続助詞 "が" が二回以上使われています。'


def check_text(doc: JaDocument, options: dict) -> Iterator[TextProblem]:
    separators = options.get("separatorChars")
    separators = tuple(DEFAULT["separatorChars"] if separators is None else separators)
    seps = set(separators)
    for sentence in doc.sentences_with(separators):
        if sentence.block is None or not is_plain_paragraph(sentence.block):
            continue
        found = []
        for tok in doc.tokens_between(sentence.start, sentence.end) + [None]:
            if tok is None or tok.surface in seps:  # the end of a part (quoted sentences stay one sentence)
                if len(found) > 1:
                    yield TextProblem(found[0].start, found[0].start + 1, MESSAGE)
                found = []
            elif tok.surface == "が" and tok.pos == "助詞" and tok.pos_detail1 == "接続助詞":
                found.append(tok)
