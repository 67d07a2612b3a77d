"""Japanese text, tokenised once and split into sentences, shared by every ``ja/*`` rule.

``JaDocument(text)`` holds a text (or ``JaDocument.from_markdown(md)`` the prose of a Markdown
document) and computes, lazily and once:

* ``tokens``: morphemes from fugashi (MeCab) with the UniDic-lite dictionary;
* ``sentences``: sentences split the way the npm ``sentence-splitter`` splits them
  (on 。．？！?! and "." followed by a space; not inside 「」『』（）() and similar pairs;
  a single newline does not end a sentence, a blank line does).

textlint's Japanese rules use kuromoji with IPADIC. UniDic names parts of speech
differently (補助記号 for punctuation, 形状詞 for adjectival nouns, 助動詞-ダ for 特殊・ダ);
``Token.ipadic_pos`` gives the IPADIC-style top-level part of speech where a rule needs it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

from ccm_cli.scale.lru import BoundedCache
from ccm_cli.text.markdown import Block, Prose, Segment, plain_prose, to_prose

__all__ = ["JaDocument", "Sentence", "Token", "split_sentences", "tagger"]

_TAGGER = None


def tagger():
    """The process-wide fugashi Tagger (created on first use)."""
    global _TAGGER
    if _TAGGER is None:
        import fugashi

        _TAGGER = fugashi.Tagger()
    return _TAGGER


@dataclass(frozen=True, slots=True)
class Token:
    surface: str
    start: int
    end: int
    pos: str  # 品詞 (UniDic pos1)
    pos_detail1: str
    pos_detail2: str
    pos_detail3: str
    conj_type: str  # 活用型, e.g. 助動詞-ダ, 下一段-ラ行
    conj_form: str  # 活用形, e.g. 連用形-一般
    lemma: str
    reading: str  # katakana
    goshu: str  # 語種: 和 / 漢 / 外 / 混 / 固 / 記号

    @property
    def ipadic_pos(self) -> str:
        """The IPADIC top-level 品詞 this token would most likely get from kuromoji."""
        p = self.pos
        if p in ("名詞", "代名詞", "形状詞"):
            return "名詞"
        if p == "接尾辞":
            return "名詞" if self.pos_detail1 == "名詞的" else p
        if p in ("補助記号", "空白"):
            return "記号"
        if p == "記号":
            return "名詞" if self.surface.isalnum() else "記号"
        if p == "接頭辞":
            return "接頭詞"
        return p


def _f(value) -> str:
    return value if isinstance(value, str) and value != "*" else ("" if value in (None, "*") else str(value))


# The feature fields a Token keeps, by their UniDic names, in Token's order (after surface,
# start, end).
_FEATURES = ("pos1", "pos2", "pos3", "pos4", "cType", "cForm", "lemma", "kana", "goshu")
_LAYOUT: list = []  # [(index in the raw feature CSV or None for each of _FEATURES), fields read]


def _layout(node) -> tuple[tuple, int]:
    """Where each of ``_FEATURES`` sits in the dictionary's raw feature CSV (from the field
    names of fugashi's feature tuple: the dictionary decides them), and how many fields to split."""
    if not _LAYOUT:
        names = type(node.feature)._fields
        idx = tuple(names.index(n) if n in names else None for n in _FEATURES)
        _LAYOUT.append((idx, max(i for i in idx if i is not None) + 1))
    return _LAYOUT[0]


def _node_rows(text: str) -> list[tuple]:
    """(surface, start, end, the _FEATURES with "*" as "") per morpheme of ``text``.

    Reads MeCab's raw feature string once per token, split up to the last field used,
    instead of fugashi's named tuple (built per token, with every field). A token whose
    fields up to there are CSV-quoted (a quote before the last comma read) is read through
    the named tuple instead, which unquotes them."""
    out = []
    append = out.append
    cursor = 0
    idx = n = None
    for w in tagger()(text):
        if idx is None:
            idx, n = _layout(w)
            i0, i1, i2, i3, i4, i5, i6, i7, i8 = idx
            full = None not in idx
        surface = w.surface
        ws = w.white_space
        if ws:
            cursor += len(ws)
        if text.startswith(surface, cursor):
            start = cursor
        else:
            j = text.find(surface, cursor)
            start = j if j != -1 else cursor
        cursor = end = start + len(surface)
        raw = w.feature_raw
        q = raw.find('"')
        if q != -1 and raw.count(",", 0, q) < n:
            f = w.feature
            append((surface, start, end, *(_f(getattr(f, name, "")) for name in _FEATURES)))
            continue
        parts = raw.split(",", n)
        if full and len(parts) >= n:
            feats = (parts[i0], parts[i1], parts[i2], parts[i3], parts[i4], parts[i5], parts[i6], parts[i7], parts[i8])
            if "*" in feats:
                feats = tuple("" if v == "*" else v for v in feats)
            append((surface, start, end, *feats))
        else:  # unknown words have fewer fields
            k = len(parts)
            append((surface, start, end, *("" if i is None or i >= k or parts[i] == "*" else parts[i] for i in idx)))
    return out


# MeCab writes the fields a Token keeps itself (a node format: one record per morpheme, its
# fields and records split by control characters no text given to it contains), so Python
# splits one string instead of reading a fugashi node per morpheme. MeCab's %f[N] writes a
# "*" field as "".
_FIELD, _RECORD, _EOS = "\x1f", "\x1e", "E"
_FORMAT_TAGGER: list = []  # [the Tagger, or None where the dictionary's layout is unexpected]


def _format_tagger():
    if not _FORMAT_TAGGER:
        _FORMAT_TAGGER.append(_new_format_tagger())
    return _FORMAT_TAGGER[0]


def _new_format_tagger():
    known = unknown = None
    for w in tagger()("日本語ｱｲｳ"):
        if w.is_unk:
            unknown = unknown or w
        else:
            known = known or w
    if known is None or unknown is None:
        return None
    idx, _ = _layout(known)
    if None in idx:
        return None
    unk_fields = len(unknown.feature_raw.split(","))
    if '"' in unknown.feature_raw:
        return None
    node = _FIELD.join(["%m", "%pS", *(f"%f[{i}]" for i in idx)]) + _RECORD
    unk = _FIELD.join(["%m", "%pS", *(f"%f[{i}]" if i < unk_fields else "" for i in idx)]) + _RECORD
    import fugashi

    try:
        return fugashi.Tagger(f"--output-format-type= --node-format={node} --unk-format={unk} --bos-format= --eos-format={_EOS}")
    except RuntimeError:  # a MeCab that refuses the format: fugashi's nodes, as before
        return None


def _rows(text: str) -> list[tuple]:
    """(surface, start, end, the _FEATURES with "*" as "") per morpheme of ``text``."""
    ft = _format_tagger()
    if ft is None or _FIELD in text or _RECORD in text or "\x00" in text:
        return _node_rows(text)
    records = ft.parse(text).split(_RECORD)
    if records[-1] != _EOS:
        return _node_rows(text)
    out = []
    append = out.append
    cursor = 0
    for rec in records[:-1]:
        fields = rec.split(_FIELD)
        if len(fields) != 11:  # not what the format writes: read the nodes instead
            return _node_rows(text)
        surface, ws, p, d1, d2, d3, ct, cf, lm, rd, gs = fields
        if ws:
            cursor += len(ws)
        if text.startswith(surface, cursor):
            start = cursor
        else:
            j = text.find(surface, cursor)
            start = j if j != -1 else cursor
        cursor = end = start + len(surface)
        append((surface, start, end, p, d1, d2, d3, ct, cf, lm, rd, gs))
    return out


@lru_cache(maxsize=4096)
def _tokenize_cached(text: str) -> tuple:
    return tuple(_rows(text))


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Tokenise ``text``; token offsets are shifted by ``offset``."""
    return list(_tokens_at(text, offset))


class _TokenBuilder:
    """Token's slots without the frozen dataclass's ``__init__`` (twelve ``object.__setattr__``
    calls): filled by plain assignment, then given the class Token (same slot layout). Several
    times faster, and the result is a Token like any other."""

    __slots__ = Token.__slots__


def _new_tokens(rows: tuple, offset: int) -> tuple[Token, ...]:
    out = []
    append = out.append
    for s, a, b, p, d1, d2, d3, ct, cf, lm, rd, gs in rows:
        t = _TokenBuilder()
        t.surface = s
        t.start = a + offset
        t.end = b + offset
        t.pos = p
        t.pos_detail1 = d1
        t.pos_detail2 = d2
        t.pos_detail3 = d3
        t.conj_type = ct
        t.conj_form = cf
        t.lemma = lm
        t.reading = rd
        t.goshu = gs
        t.__class__ = Token
        append(t)
    return tuple(out)


@lru_cache(maxsize=8192)
def _tokens_at(text: str, offset: int) -> tuple[Token, ...]:
    # Tokens are immutable: the same paragraph at the same offset (in the many variants
    # that share it) gets the same Token objects.
    return _new_tokens(_tokenize_cached(text), offset)


# --------------------------------------------------------------------------- sentences
DEFAULT_SEPARATORS = (".", "．", "。", "?", "!", "？", "！")
_PAIRS = {
    "「": "」",
    "『": "』",
    "（": "）",
    "(": ")",
    "【": "】",
    "《": "》",
    "［": "］",
    "｛": "｝",
    "〚": "〛",
    "[": "]",
    "{": "}",
    '"': '"',
    "“": "”",
}
_PAIR_ENDS = {v: k for k, v in _PAIRS.items()}
_SPACE = " \t\u3000\r"


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str
    block: Block | None = None


def split_sentences(
    text: str, start: int = 0, end: int | None = None, separators=DEFAULT_SEPARATORS, opaque=()
) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` into sentence spans, as npm ``sentence-splitter`` does.

    ``opaque`` is a sorted list of ``(start, end)`` ranges that are taken whole (inline code,
    links, emphasis: textlint sees them as nodes, not as characters to split on).
    """
    end = len(text) if end is None else end
    seps = set(separators)
    marks = _marks(tuple(separators))
    spans: list[tuple[int, int]] = []
    cur_start = -1
    contexts: list[str] = []
    opaque = list(opaque)
    oi = 0
    i = start
    while i < end:
        while oi < len(opaque) and opaque[oi][1] <= i:
            oi += 1
        if oi < len(opaque) and opaque[oi][0] <= i < opaque[oi][1]:
            if cur_start < 0:
                cur_start = i
            i = opaque[oi][1]
            continue
        ch = text[i]
        if ch in _SPACE or ch == "\n":
            i += 1
            continue
        if not contexts and ch in seps and _is_separator(text, i, end):
            j = i
            while j < end and text[j] in seps and _is_separator(text, j, end):
                j += 1
            if cur_start >= 0:
                spans.append((cur_start, j))
                cur_start = -1
            i = j
            continue
        if cur_start < 0:
            cur_start = i
        # pair marks (no separator splits inside 「...」 and the like)
        if contexts and ch == _PAIRS[contexts[-1]]:
            contexts.pop()
        elif ch in _PAIRS and (ch not in _PAIR_ENDS or not contexts):
            if text.find(_PAIRS[ch], i + 1, end) != -1:
                contexts.append(ch)
        elif ch in _PAIR_ENDS and _PAIR_ENDS[ch] in contexts:
            while contexts and contexts[-1] != _PAIR_ENDS[ch]:
                contexts.pop()
            if contexts:
                contexts.pop()
        i += 1
        # A sentence has started: up to the next separator, pair mark or opaque range,
        # characters change nothing. Skip them in one regex search.
        while oi < len(opaque) and opaque[oi][1] <= i:
            oi += 1
        stop = end if oi >= len(opaque) else min(end, opaque[oi][0])
        if stop > i:
            m = marks.search(text, i, stop)
            i = m.start() if m else stop
    if cur_start >= 0:
        stop = end
        while stop > cur_start and text[stop - 1] in _SPACE + "\n":
            stop -= 1
        spans.append((cur_start, stop))
    return spans


@lru_cache(maxsize=32)
def _marks(separators: tuple) -> re.Pattern:
    """The characters split_sentences() acts on inside a sentence: separators and pair marks."""
    return re.compile("[" + "".join(re.escape(ch) for ch in sorted(set(separators) | set(_PAIRS) | set(_PAIR_ENDS))) + "]")


def _is_separator(text: str, i: int, end: int) -> bool:
    if text[i] != ".":
        return True
    return i + 1 >= end or text[i + 1] in " \t\r\n\u3000\"'”’"


# --------------------------------------------------------------------------- document
_PER_BLOCK: BoundedCache[Any] = BoundedCache(20_000)  # see JaDocument.per_block


class JaDocument:
    """A Japanese text shared by every ja rule: tokenised once, split into sentences once."""

    def __init__(self, text: str, prose: Prose | None = None):
        self.text = text
        self.prose = prose if prose is not None else plain_prose(text)
        self._sentences: dict[tuple, list[Sentence]] = {}

    @classmethod
    def from_markdown(cls, md: str) -> JaDocument:
        prose = to_prose(md)
        return cls(prose.text, prose)

    @property
    def blocks(self) -> list[Block]:
        return self.prose.blocks

    @cached_property
    def tokens(self) -> list[Token]:
        out: list[Token] = []
        for b in self.blocks:
            if b.end > b.start:
                out.extend(_tokens_at(self.text[b.start : b.end], b.start))
        return out

    def blocks_alone(self) -> list[tuple[int, tuple, Callable[[], JaDocument]]]:
        """Per block: (its start, what identifies it — text, kind, flags, segments — and a
        function making a JaDocument of that block alone). A block is tokenised and split into
        sentences on its own, so whatever looks at one block finds the same there as here;
        callers key per-block results on the identity (blocks recur across variants)."""
        cached = self.__dict__.get("_blocks_alone")
        if cached is not None:
            return cached
        out = []
        for block in self.blocks:
            text = self.text[block.start : block.end]
            segments = tuple((g.kind, g.start - block.start, g.end - block.start, g.inside, g.url_link) for g in block.segments)
            identity = (text, block.kind, block.in_list, block.in_blockquote, block.level, segments)

            def alone(text=text, block=block, segments=segments) -> JaDocument:
                single = Block(block.kind, 0, len(text), in_list=block.in_list, in_blockquote=block.in_blockquote,
                               level=block.level, segments=[Segment(*g) for g in segments])
                return JaDocument(text, Prose(text, [single], text, list(range(len(text)))))

            out.append((block.start, identity, alone))
        self.__dict__["_blocks_alone"] = out
        return out

    def per_block(self, what: tuple, compute: Callable[[JaDocument], Any]) -> list[tuple[int, Any]]:
        """(block start, ``compute`` of that block alone) for each block; ``compute`` runs once
        per distinct block and ``what`` (which names the computation and its settings) in this
        process, for something that looks at one block at a time."""
        out = []
        for start, identity, alone in self.blocks_alone():
            out.append((start, _PER_BLOCK.get((what, identity), lambda: compute(alone()))))
        return out

    @cached_property
    def _token_starts(self) -> list[int]:
        return [t.start for t in self.tokens]

    def tokens_between(self, start: int, end: int) -> list[Token]:
        """Tokens that start inside ``[start, end)``."""
        starts = self._token_starts
        a = bisect.bisect_left(starts, start)
        b = bisect.bisect_left(starts, end)
        return self.tokens[a:b]

    def sentences_with(self, separators=DEFAULT_SEPARATORS) -> list[Sentence]:
        """The sentences, split on ``separators`` (once per set of separators; do not change
        the list)."""
        key = tuple(separators)
        if key not in self._sentences:
            self._sentences[key] = self._split(key)
        return self._sentences[key]

    def _split(self, separators) -> list[Sentence]:
        out: list[Sentence] = []
        for b in self.blocks:
            opaque = [(s.start, s.end) for s in b.segments if s.kind == "code" or s.inside]
            opaque = _merge(opaque)
            for a, z in split_sentences(self.text, b.start, b.end, separators, opaque):
                out.append(Sentence(a, z, self.text[a:z], b))
        return out

    @cached_property
    def sentences(self) -> list[Sentence]:
        return self.sentences_with(DEFAULT_SEPARATORS)

    def code_ranges(self, block: Block | None = None) -> list[tuple[int, int]]:
        blocks = [block] if block is not None else self.blocks
        return [(s.start, s.end) for b in blocks for s in b.segments if s.kind == "code"]

    def segment_at(self, i: int):
        b = self.prose.block_at(i)
        return b.segment_at(i) if b is not None else None

    def in_code(self, i: int) -> bool:
        s = self.segment_at(i)
        return s is not None and s.kind == "code"


def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in sorted(ranges):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out
