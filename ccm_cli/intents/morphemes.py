"""Japanese phrases matched on morphemes (fugashi + UniDic, through ``ccm_cli.text.ja``).

A phrase is tokenized like the text, and matches a run of consecutive morphemes that agree
with its own, one by one: two morphemes agree when their lemmas (辞書形, UniDic's 語彙素) are equal
or their surfaces are, after NFKC (full-width digits and half-width katakana read as their
usual forms). So 止め matches 止めます, 止めさせていただきます and 止める (lemma 止める); 停止 matches
停止いたします; ｷｬﾝﾍﾟｰﾝ matches キャンペーン.

* A text's honorific prefix お／ご (御) is optional: 支払いの延期 matches お支払いの延期. A phrase
  that writes the prefix needs it: お得 does not match 得る (in 止めざるを得ません).
* A phrase matches whole morphemes, never part of one. A compound made of the phrase and more
  morphemes matches: 割引 matches 割引券 (a discount coupon is a discount) and 停止 matches 停止中.
  Where a compound would mislead, write the longer phrase (紹介 alone would match 自己紹介:
  the library says お友達紹介, ご紹介ください).
* Negation (``negatable`` intents): a match does not count when the rest of its clause (up to
  、。！？ or ten morphemes) holds an odd number of negations (ない, ず/ん, ぬ): 電気を止めることは
  ありません does not count, 電気を止めざるを得ません (two) and 止めなければなりません (two) do;
  an invitation is not a denial (設置しませんか counts).

The text is tokenized once (``ccm_cli.text.ja.tokenize`` caches it for the other ja rules) and
each morpheme looks up, by its lemma and its surface, the phrases that start with it.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Iterable

from ccm_cli.scale.lru import BoundedCache

from .matching import PARAGRAPH_CACHE, RegexPhrases, split_phrases, tidy
from .model import Intent, IntentMatch, Phrase

_PREFIX_LEMMA = "御"
_CLAUSE_END = {"。", "、", "！", "？", "!", "?", "，", "．", ",", "\n"}
_NEGATIONS = {("助動詞", "ない"), ("助動詞", "ず"), ("助動詞", "ぬ"), ("形容詞", "無い")}
NEGATION_WINDOW = 10


@lru_cache(maxsize=65536)
def _norm(surface: str) -> str:
    return unicodedata.normalize("NFKC", surface).casefold()


def _lemma(lemma: str) -> str:
    # UniDic writes loanwords' lemmas with their origin: キャンペーン-campaign
    cut = lemma.find("-")
    return _norm(lemma[:cut] if cut > 0 else lemma) if lemma else ""


def _is_prefix(token) -> bool:
    return token.pos == "接頭辞" and token.lemma == _PREFIX_LEMMA


def units(text: str, tokens=None) -> list[tuple]:
    """The morphemes of ``text`` (or its ``tokens``, already cut) as matching units: (keys,
    start, start without prefix, end, token index). An honorific prefix is folded into the
    morpheme after it, whose keys then read both with the prefix and without it (お支払い:
    支払い and お支払い)."""
    if tokens is None:
        from ccm_cli.text.ja import tokenize

        tokens = tokenize(text)
    out = []
    prefix = None
    for k, t in enumerate(tokens):
        if _is_prefix(t) and k + 1 < len(tokens):
            prefix = t
            continue
        lemma, surface = _lemma(t.lemma), _norm(t.surface)
        keys = {lemma, surface}
        start = t.start
        if prefix is not None and prefix.end == t.start:
            p_surface = _norm(prefix.surface)
            keys |= {_PREFIX_LEMMA + lemma if lemma else "", p_surface + surface, _PREFIX_LEMMA + surface}
            start = prefix.start
        keys.discard("")
        out.append((frozenset(keys), start, t.start, t.end, k))
        prefix = None
    return out


class JapaneseMatcher:
    """All plain Japanese phrases in one index keyed by lemma and surface; ``re:`` beside it."""

    def __init__(self, entries: Iterable[tuple[Intent, Phrase]]) -> None:
        self.index: dict[str, list[tuple[list[tuple[str, ...]], Intent, Phrase]]] = {}
        plain, regex = split_phrases(entries, self.phrase_keys)
        for intent, phrase, keys in plain:
            entry = (keys, intent, phrase)
            for k in keys[0]:
                self.index.setdefault(k, []).append(entry)
        self.regex = RegexPhrases(regex)
        self.cache: BoundedCache = BoundedCache(PARAGRAPH_CACHE)  # paragraph -> its matches (see find_intents)

    @staticmethod
    def phrase_keys(phrase: str) -> list[tuple[str, ...]]:
        """Per morpheme of the phrase, the keys one of which a text's morpheme must have: its
        lemma or its surface — with the prefix when the phrase writes one (お得 needs お)."""
        out = []
        for keys, start, own_start, end, k in units(phrase.strip()):
            if start != own_start:  # prefixed in the phrase: the prefixed forms only
                out.append(tuple(sorted(key for key in keys if key.startswith(_PREFIX_LEMMA) or not _bare(key, keys))))
            else:
                out.append(tuple(sorted(keys)))
        return out

    def find(self, text: str, tokens=None) -> list[IntentMatch]:
        """Every match in ``text``, negated ones included (marked), tidied. ``tokens``: the
        text's morphemes when the caller has them (``JaDocument.tokens``: the ja rules cut the
        text already), with offsets into ``text``."""
        out: list[IntentMatch] = []
        if self.index:
            if tokens is None:
                from ccm_cli.text.ja import tokenize

                tokens = tokenize(text)
            text_units = units(text, tokens)
            index = self.index
            n_units = len(text_units)
            for i, (keys, start, own_start, end, k) in enumerate(text_units):
                candidates = None
                for key in keys:
                    more = index.get(key)
                    if more:
                        candidates = list(more) if candidates is None else candidates + [c for c in more if c not in candidates]
                if not candidates:
                    continue
                for pkeys, intent, phrase in candidates:
                    n = len(pkeys)
                    if i + n > n_units or not all(_agree(pkeys[j], text_units[i + j][0]) for j in range(n)):
                        continue
                    prefixed = any(key.startswith(_PREFIX_LEMMA) for key in pkeys[0])
                    a = start if prefixed else own_start
                    b = text_units[i + n - 1][3]
                    negated = _negation(tokens, text_units[i + n - 1][4] + 1) if intent.negatable else None
                    out.append(IntentMatch(intent.name, phrase.text, a, b, text[a:b], phrase.origin, negated))
        if self.regex:
            state = {"tokens": tokens}

            def negation(start: int, end: int) -> str | None:
                if state["tokens"] is None:
                    from ccm_cli.text.ja import tokenize

                    state["tokens"] = tokenize(text)
                toks = state["tokens"]
                after = next((k for k, t in enumerate(toks) if t.start >= end), len(toks))
                return _negation(toks, after)

            out.extend(self.regex.find(text, negation))
        return tidy(out)


def _bare(key: str, keys) -> bool:
    """Is ``key`` the unprefixed form of a prefixed unit (so not enough for a prefixed phrase)?"""
    return (_PREFIX_LEMMA + key) in keys


def _agree(phrase_keys: tuple[str, ...], text_keys: frozenset) -> bool:
    for key in phrase_keys:
        if key in text_keys:
            return True
    return False


def _negation(tokens: list, after: int) -> str | None:
    """The negations in the rest of the clause after token ``after`` when they negate it (an
    odd number of them), else None. A negation that asks (しませんか, ないでしょうか: an
    invitation, not a denial) does not count."""
    found = []
    window = tokens[after: after + NEGATION_WINDOW]
    for k, t in enumerate(window):
        if t.surface in _CLAUSE_END:
            break
        if (t.pos, t.lemma) in _NEGATIONS and not _asks(window[k + 1: k + 4]):
            found.append(t.surface)
    return "".join(found) if len(found) % 2 == 1 else None


def _asks(following: list) -> bool:
    """Is a negation followed by the question particle か (after です／でしょう at most)?"""
    for t in following:
        if t.surface == "か" and t.pos == "助詞":
            return True
        if t.lemma not in ("です", "だ", "ます"):
            return False
    return False
