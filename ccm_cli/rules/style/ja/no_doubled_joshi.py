"""Flags the same particle (助詞) used twice in a row in one sentence.

What it checks: two identical particles (は, が, で, に, ...) in one sentence with no other
particle, 、 or bracket between them (私は彼は好きだ). Particles written together (には, では)
count as one. Some repetitions are normal and not flagged unless `strict` is on: の, を,
the connective て, paired particles (〜たり〜たり) and 〜かどうか.
Why: a doubled particle makes the relations in the sentence unclear and reads clumsily.
Options: `min_interval` (default 1): flag when the two particles are at most this many
particles apart. `strict` (default false): also flag the usual exceptions. `allow`
(default []): particles never flagged, e.g. ["も", "や"]. `separatorCharacters`
(default . ． 。 ? ! ？ ！) and `commaCharacters` (default 、 ，).
Bad:
    材料不足で代替素材で製品を作った。
Good:
    材料不足のため、代替素材で製品を作った。
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterator

from ccm_cli.findings import TextProblem
from ccm_cli.rules.options import Count, Flag, Option, Texts, defaults
from ccm_cli.rules.style.ja._common import is_bracket
from ccm_cli.text.ja import JaDocument, Token

ID = "ja/no-doubled-joshi"
CATEGORY = "style"
SCOPE = "ja"  # textlint-compatible: check_text(JaDocument, options)
BLOCK_LOCAL = True  # judges each block (paragraph, heading, cell) on its own
SEVERITY = "warning"

OPTIONS = {
    "ja.no-doubled-joshi.min_interval": Option(Count(), 1, "Particles apart, at most",
                                               "Flag two identical particles at most this many particles apart.", (1,)),
    "ja.no-doubled-joshi.strict": Option(Flag(), False, "Strict", "Also flag the usual exceptions (の, を, て, 〜たり〜たり, 〜かどうか)."),
    "ja.no-doubled-joshi.allow": Option(Texts(), [], "Allowed particles", "Particles never flagged.", (["も", "や"],)),
    "ja.no-doubled-joshi.separatorCharacters": Option(Texts(), [".", "．", "。", "?", "!", "？", "！"], "Sentence ends",
                                                      "The characters that end a sentence."),
    "ja.no-doubled-joshi.commaCharacters": Option(Texts(), ["、", "，"], "Commas", "The characters that separate two particles."),
}
DEFAULT = defaults(OPTIONS)


_CODE = "\0code"


@dataclass
class _Joshi:
    surface: str
    key: str
    detail: str  # 品詞細分類1 of the first particle
    start: int
    end: int
    first: Token
    index: int  # index of the first token in the sentence tokens


# IPADIC's 助詞,格助詞,連語 entries (kuromoji gives each as ONE particle token; UniDic splits
# them into に/と/を + verb + て). Checked one by one against kuromoji 0.1 + IPADIC as
# textlint-rule-no-doubled-joshi 5.1.1 tokenises them (via kuromojin 3.0.1).
_RENGO = frozenset((
    "によって", "により", "による", "について", "につき", "につきまして", "に対して", "に対し", "に対する",
    "に関して", "に関し", "に関する", "にとって", "において", "における", "として", "という", "といった",
    "とともに", "に従う", "に従って", "に従い", "をもって", "を通じて", "を通して", "をめぐって",
    "にあたって", "に当たって", "にあたり", "にわたって", "にわたり", "にかけて", "につれて", "っていう",
    "と共に",
))
_RENGO_MAX_TOKENS = 4
# IPADIC words that swallow the に (副詞 常に, 特に ...): no particle there
_IPADIC_ADVERB_NI = frozenset(("常", "特", "既", "同時", "本当", "次第", "徐々", "更", "直ち", "互い"))
# IPADIC 副詞,助詞類接続 + に(副詞化)
_IPADIC_FUKUSHIKA_NI = frozenset(("実際", "すぐ", "主", "大い"))


def _ipadic_like(tokens: list[Token]) -> list[Token]:
    """The particles kuromoji + IPADIC would see (what upstream's counts are based on).

    * a 連語 (によって, について, という …) is one particle with 品詞細分類1 ``連語``;
    * 形容動詞語幹 + に (UniDic: 形状詞 + 助動詞 だ) is a particle: 格助詞 before なる/する,
      副詞化 otherwise (簡単に使える), as IPADIC gives them;
    * the に of an IPADIC adverb (常に, 特に) is no particle.
    """
    out: list[Token] = []
    i, n = 0, len(tokens)
    while i < n:
        t = tokens[i]
        if (t.surface == "と" and i > 0 and i + 2 < n and text_at(tokens, i, i + 2) == "として"
                and (tokens[i - 1].pos == "副詞" or tokens[i - 1].surface in ("時", "主"))):
            # IPADIC: 依然として, 時として, 主として are one adverb (no particle)
            out.extend(replace(x, pos="副詞") for x in tokens[i : i + 3])
            i += 3
            continue
        if (t.surface == "は" and t.pos == "助詞" and i > 0 and tokens[i - 1].pos == "接続詞"
                and tokens[i - 1].end == t.start):
            # IPADIC: または, ないしは, さらには are one 接続詞 (no particle)
            out.append(replace(t, pos="接続詞"))
            i += 1
            continue
        if t.pos == "助詞" and t.surface in ("に", "と", "を", "って"):
            best = 0
            text = t.surface
            for j in range(i + 1, min(n, i + _RENGO_MAX_TOKENS)):
                if tokens[j].start != tokens[j - 1].end:
                    break
                text += tokens[j].surface
                if text in _RENGO:
                    best = j
            if best and not (text_at(tokens, i, best) == "による" and best + 1 < n and tokens[best + 1].surface == "と"):
                last = tokens[best]
                out.append(replace(t, surface=text_at(tokens, i, best), end=last.end, pos_detail1="連語", pos_detail2=""))
                i = best + 1
                continue
        if (t.surface == "と" and t.pos == "助詞" and t.pos_detail1 == "格助詞" and 0 < i < n - 1
                and tokens[i - 1].pos in ("名詞", "接尾辞", "代名詞") and tokens[i + 1].pos in ("名詞", "接頭辞", "代名詞")):
            # IPADIC: と between two nouns is the 並立助詞 (宣言性と正確さと引き換えに)
            out.append(replace(t, pos_detail1="並立助詞"))
            i += 1
            continue
        if (t.surface == "で" and t.pos == "助動詞" and t.lemma == "だ" and 0 < i < n - 1
                and tokens[i - 1].pos == "名詞" and tokens[i - 1].pos_detail1 == "数詞"
                and tokens[i + 1].surface in ("は", "も") and tokens[i + 1].pos == "助詞"):
            # IPADIC: a number (名詞,数: ゼロ, 一つ) + では/でも is 格助詞 で + は/も (ゼロではない),
            # as after any 名詞,一般; UniDic makes the で after a 数詞 the 助動詞 だ
            out.append(replace(t, pos="助詞", pos_detail1="格助詞"))
            i += 1
            continue
        if t.surface == "に" and i > 0:
            prev = tokens[i - 1]
            if t.pos == "助動詞" and t.lemma == "だ":
                nxt = tokens[i + 1].lemma if i + 1 < n else ""
                # IPADIC: a 形容動詞語幹 (完全に, 安全に, 的に) takes 副詞化 に, except before
                # なる/する (複雑になる: 格助詞); a plain noun 格助詞
                plain_noun = prev.pos == "名詞" and "形状詞" not in prev.pos_detail2
                kind = "格助詞" if plain_noun or nxt in ("成る", "為る") else "副詞化"
                out.append(replace(t, pos="助詞", pos_detail1=kind))
                i += 1
                continue
            if t.pos == "助詞" and prev.end == t.start:
                if prev.surface == "役" and i + 1 < n and tokens[i + 1].lemma == "立つ":  # IPADIC: 役に立つ, one verb
                    out.append(replace(t, pos="動詞"))
                    i += 1
                    continue
                if prev.surface in _IPADIC_ADVERB_NI:
                    out.append(replace(t, pos="副詞"))
                    i += 1
                    continue
                if prev.surface in _IPADIC_FUKUSHIKA_NI:
                    out.append(replace(t, pos_detail1="副詞化"))
                    i += 1
                    continue
        out.append(t)
        i += 1
    return out


def _ipadic_bracket(t: Token) -> bool:
    """A bracket token as kuromoji + IPADIC tag it (記号,括弧開/括弧閉), the only brackets upstream's
    is括弧Token counts. IPADIC lists the full-width brackets (（「『【〈《〔［｛…); an ASCII
    ( ) [ ] { } is no dictionary word but an unknown SYMBOL run, tagged 名詞,サ変接続."""
    return is_bracket(t) and not t.surface.isascii()


def text_at(tokens: list[Token], i: int, j: int) -> str:
    return "".join(tokens[k].surface for k in range(i, j + 1))


def _is_joshi(t: Token) -> bool:
    return t.pos == "助詞"


def _joshi_kind(t: Token) -> str:
    """The IPADIC 品詞細分類1 textlint keys particles on (UniDic names differ a little)."""
    d = t.pos_detail1
    if d == "格助詞" and t.surface == "の":
        return "連体化"
    if d == "副助詞" and t.surface in ("たり", "だり"):
        return "並立助詞"
    if d in ("格助詞", "副助詞") and t.surface in ("や", "とか"):  # UniDic: や is 副助詞
        return "並立助詞"
    return d


def check_text(doc: JaDocument, options: dict) -> Iterator[TextProblem]:
    min_interval = int(options.get("min_interval", 1))
    strict = bool(options.get("strict", False))
    allow = set(options.get("allow") or [])
    separators = tuple(options.get("separatorCharacters") or DEFAULT["separatorCharacters"])
    commas = set(options.get("commaCharacters") if options.get("commaCharacters") is not None else ["、", "，"])
    for sentence in doc.sentences_with(separators):
        block = sentence.block
        if block is None or block.in_blockquote:
            continue
        code = [(s.start, s.end) for s in block.segments if s.kind == "code" and s.end > sentence.start and s.start < sentence.end]
        raw = doc.tokens_between(sentence.start, sentence.end)
        # inline code is one opaque noun for this rule (textlint masks it)
        tokens: list[Token] = [] if code else raw
        last_code = None
        for t in raw if code else ():
            span = next(((a, b) for a, b in code if a <= t.start < b), None)
            if span is None:
                tokens.append(t)
            elif span != last_code:
                tokens.append(Token(_CODE, t.start, t.end, "名詞", "", "", "", "", "", "", "", ""))
            last_code = span
        tokens = _ipadic_like(tokens)
        # concatenate runs of particles (に+は -> には)
        countable: list[object] = []
        prev_joshi: _Joshi | None = None
        for idx, t in enumerate(tokens):
            if _is_joshi(t):
                if prev_joshi is not None and countable and countable[-1] is prev_joshi:
                    prev_joshi.surface += t.surface
                    prev_joshi.key += t.surface
                    prev_joshi.end = t.end
                    continue
                prev_joshi = _Joshi(t.surface, _joshi_kind(t), _joshi_kind(t), t.start, t.end, t, idx)
                countable.append(prev_joshi)
                continue
            prev_joshi = None
            if strict:
                continue
            if _ipadic_bracket(t) or t.surface in separators or (t.surface in commas and t.pos in ("補助記号", "記号", "名詞")):
                countable.append(t)
        groups: dict[tuple[str, str], list[int]] = {}
        for pos, item in enumerate(countable):
            if isinstance(item, _Joshi):
                groups.setdefault((item.surface, item.key), []).append(pos)
        for (surface, _), positions in groups.items():
            if surface in allow or len(positions) <= 1:
                continue
            items = [countable[p] for p in positions]
            if not strict and _is_exception(items, tokens):
                continue
            for prev_pos, cur_pos in zip(positions, positions[1:]):
                if cur_pos - prev_pos <= min_interval:
                    prev = countable[prev_pos]
                    cur = countable[cur_pos]
                    yield TextProblem(
                        cur.start,
                        cur.end,
                        _message(surface, _with_prev(prev, tokens, doc), _with_prev(cur, tokens, doc)),
                        extra={"joshi": surface},
                    )


def _is_exception(items: list[_Joshi], tokens: list[Token]) -> bool:
    first = items[0]
    if first.detail == "連体化" and first.surface == "の":
        return True
    if first.detail == "格助詞" and first.surface == "を":
        return True
    if first.detail == "接続助詞" and first.surface == "て":
        return True
    if len(items) == 2 and items[0].detail == "並立助詞" and items[1].detail == "並立助詞":
        return True
    if len(items) == 2 and items[0].surface == "か" and items[1].surface == "か":
        k = items[1].index
        if k > 0 and tokens[k - 1].surface == "どう":
            return True
    return False


def _with_prev(j: _Joshi, tokens: list[Token], doc: JaDocument) -> str:
    k = j.index
    if k <= 0:
        return f'"{j.surface}"'
    prev = tokens[k - 1]
    if prev.surface == _CODE:
        seg = doc.segment_at(prev.start)
        word = "`" + doc.text[seg.start : seg.end] + "`" if seg is not None else ""
        return f'{word}"{j.surface}"'
    return f'{prev.surface}"{j.surface}"'


def _message(surface: str, a: str, b: str) -> str:
    return (
        f'一文に二回以上利用されている助詞 "{surface}" がみつかりました。\n\n'
        "次の助詞が連続しているため、文を読みにくくしています。\n\n"
        f"- {a}\n- {b}\n\n"
        "同じ助詞を連続して利用しない、文の中で順番を入れ替える、文を分割するなどを検討してください。\n"
    )
