"""ccm_cli.text.ja reads MeCab's output three ways; all must give the same morphemes.

``_rows`` (MeCab writes the fields: one string per text), ``_node_rows`` (fugashi nodes, raw
feature CSV) and fugashi's named-tuple features (what the Token fields are defined by)."""

from pathlib import Path

import pytest

from ccm_cli.text import ja

_FIELDS = ("pos1", "pos2", "pos3", "pos4", "cType", "cForm", "lemma", "kana", "goshu")


def _reference(text: str) -> list[tuple]:
    out, cursor = [], 0
    for w in ja.tagger()(text):
        surface = w.surface
        cursor += len(w.white_space or "")
        start = cursor if text.startswith(surface, cursor) else (text.find(surface, cursor) if surface in text[cursor:] else cursor)
        cursor = start + len(surface)
        f = w.feature
        out.append((surface, start, cursor, *(ja._f(getattr(f, k, "")) for k in _FIELDS)))
    return out


TEXTS = [
    "",
    "日本語の 文です。\n改行　全角空白\tタブ",
    "ｱｲｳ ｶﾀｶﾅ 𠮷野家 😀 ① foo.bar 1,000円",  # unknown words, surrogates
    '"引用" と＂全角＂、“かっこ”',  # CSV-quoted feature fields
    "* 注意 * ** 強調 ** %m %f[0] %pS",  # "*" surfaces, MeCab format directives as text
    "E", "テキストE",  # the end-of-text mark as text
    "区切り\x1fと\x1e制御文字\x00",  # the separators in the text: the node path
    "\r\nあ\r\n",
]


@pytest.mark.parametrize("text", TEXTS)
def test_three_readings_agree(text):
    assert ja._rows(text) == ja._node_rows(text) == _reference(text)


def test_corpus_agrees():
    corpus = Path(__file__).resolve().parents[1] / "corpus" / "ja"
    for path in sorted(corpus.glob("*.md"))[:6]:
        for line in path.read_text("utf-8").split("\n"):
            assert ja._rows(line) == _reference(line), line
