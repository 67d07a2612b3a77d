"""Flags redundant expressions such as 〜することができる and 〜を行う.

What it checks: six patterns of wordy Japanese (textlint-rule-ja-no-redundant-expression):
dict1 〜することが可能だ (→ 〜できる / 〜可能だ), dict2 〜することができる (→ 〜できる),
dict3 〜であると言えます, dict4 〜であると考えている (→ 〜である), dict5 [サ変名詞]を行う
(→ [名詞]する), dict6 [サ変名詞]を実行 (→ [名詞]する). Text in block quotes, links and inline
code is not checked.
Why: the short form says the same thing with fewer words; customers read faster.
Options: `allowNodeTypes` (default ["BlockQuote", "Link", "ReferenceDef"]): Markdown node types
not checked (also "Emphasis", "Strong", "ListItem", "Header"). `dictOptions`
(default {}): per pattern, `{"dict5": {"allows": ["/^処理を行[ぁ-ん]/"], "disabled": false}}`;
`allows` replaces the pattern's own exceptions (katakana and alphabet nouns for dict5/6).
Bad:
    マイページから解約することができます。
Good:
    マイページから解約できます。
"""

from __future__ import annotations

from typing import Iterator

from ccm_cli.findings import TextProblem
from ccm_cli.rules.options import Dictionaries, Option, Texts, defaults
from ccm_cli.rules.style.ja._common import matches_any
from ccm_cli.text.ja import JaDocument, Token

ID = "ja/ja-no-redundant-expression"
CATEGORY = "style"
SCOPE = "ja"  # textlint-compatible: check_text(JaDocument, options)
BLOCK_LOCAL = True  # judges each block (paragraph, heading, cell) on its own
SEVERITY = "warning"

OPTIONS = {
    "ja.ja-no-redundant-expression.allowNodeTypes": Option(
        Texts(), ["BlockQuote", "Link", "ReferenceDef"], "Markdown not checked",
        'Markdown node types not checked (also "Emphasis", "Strong", "ListItem", "Header").', (["BlockQuote", "Link"],)),
    "ja.ja-no-redundant-expression.dictOptions": Option(
        Dictionaries(), {}, "Per pattern", "Per pattern (dict1 to dict6): disabled, or allows (replaces the pattern's own exceptions).",
        ({"dict5": {"allows": ["/^処理を行[ぁ-ん]/"], "disabled": False}},)),
}
DEFAULT = defaults(OPTIONS)

_URL = "https://github.com/textlint-ja/textlint-rule-ja-no-redundant-expression#"
_PUNCT = ("、", "､", "，", ",")

def _suru(t: Token) -> bool:
    return t.surface == "する" and t.pos == "動詞" and t.lemma == "為る"


def _koto(t: Token) -> bool:
    return t.pos == "名詞" and t.reading == "コト"


def _joshi(t: Token) -> bool:
    return t.pos == "助詞"


def _punct(t: Token) -> bool:
    return t.surface in _PUNCT


def _de(t: Token) -> bool:
    return t.surface == "で" and t.pos == "助動詞" and t.lemma == "だ"


def _aru(t: Token) -> bool:
    return t.reading == "アル" and t.lemma == "有る"


def _to(t: Token) -> bool:
    return t.surface == "と" and t.pos == "助詞"


def _sahen(t: Token) -> bool:
    return t.pos == "名詞" and t.pos_detail2.startswith("サ変")


def _wo(t: Token) -> bool:
    return t.surface == "を" and t.pos == "助詞" and t.pos_detail1 == "格助詞"


# element: (predicate, capture name or None, skippable)
_DICTS: list[dict] = [
    {
        "id": "dict1",
        "allows": [],
        "tokens": [
            (_suru, None, False),
            (_koto, "2", False),
            (_joshi, "3", False),
            (_punct, "4", True),
            ("kano", "5", False),
            # IPADIC: 可能に's に is a particle (格助詞), not the 助動詞 UniDic makes it
            (lambda t: t.pos == "助動詞" and not (t.conj_type == "助動詞-ダ" and t.surface == "に"), "1", False),
        ],
        "message": lambda c: f'"する{c["2"]}{c["3"]}{c["4"]}{c["5"]}{c["1"]}"は冗長な表現です。'
        f'"する{c["2"]}{c["3"]}{c["4"]}"を省き簡潔な表現にすると文章が明瞭になります。',
        "fix": lambda c: None,
    },
    {
        "id": "dict2",
        "allows": [],
        "tokens": [
            (_suru, None, False),
            (_koto, "4", False),
            (_joshi, "3", False),
            (_punct, "5", True),
            (lambda t: t.pos == "動詞" and t.lemma == "出来る" and t.surface.startswith("でき"), "1", False),
            (lambda t: True, "2", False),
        ],
        "message": lambda c: f'"する{c["4"]}{c["3"]}{c["5"]}{c["1"]}{c["2"]}"は冗長な表現です。'
        f'"する{c["4"]}{c["3"]}{c["5"]}"を省き簡潔な表現にすると文章が明瞭になります。',
        "fix": lambda c: (c["1"] + c["2"]) if c["3"] == "が" else None,
    },
    {
        "id": "dict3",
        "allows": [],
        "tokens": [
            (_de, None, False),
            (_aru, "1", False),
            (_punct, "6", True),
            (_to, None, False),
            (_punct, "5", True),
            (lambda t: t.pos == "動詞" and t.reading == "イエ" and t.lemma in ("言う", "言える"), "2", False),
            (lambda t: t.surface == "ます" and t.pos == "助動詞", None, False),
        ],
        "message": lambda c: f'"で{c["1"]}{c["6"]}と{c["5"]}{c["2"]}ます"は冗長な表現です。'
        f'"である{c["6"]}" または "と{c["5"]}言えます"を省き簡潔な表現にすると文章が明瞭になります。',
        "fix": lambda c: None,
    },
    {
        "id": "dict4",
        "allows": [],
        "tokens": [
            (_de, None, False),
            (_aru, "1", False),
            (_punct, "7", True),
            (_to, None, False),
            (_punct, "5", True),
            (lambda t: t.surface == "考え" and t.pos == "動詞", None, False),
            (lambda t: t.surface == "て" and t.pos == "助詞", None, False),
            (_punct, "6", True),
            (lambda t: t.pos == "動詞" and t.lemma == "居る", None, False),
            (lambda t: t.surface == "ます" and t.pos == "助動詞", None, True),
        ],
        "message": lambda c: f'"である{c["7"]}と{c["5"]}考えて{c["6"]}いる"は冗長な表現です。'
        f'"である{c["7"]}" または "と{c["5"]}考えて{c["6"]}いる"を省き簡潔な表現にすると文章が明瞭になります。',
        "fix": lambda c: "である",
    },
    {
        "id": "dict5",
        "allows": ["/^処理を行[ぁ-ん]/", "/^[ァ-ヶ]+を.?行[ぁ-ん]/", "/^[a-zA-Z]+を.?行[ぁ-ん]/"],
        "tokens": [
            (_sahen, "1", False),
            (_wo, None, False),
            (_punct, "5", True),
            # upstream: 五段・ワ行促音便 行う; the potential 行える is its own verb in IPADIC
            (lambda t: t.pos == "動詞" and t.lemma == "行う" and t.surface.startswith("行") and t.conj_type.startswith("五段"),
             None, False),
        ],
        "message": lambda c: f'"{c["1"]}を{c["5"]}行う"は冗長な表現です。"{c["1"]}する"など簡潔な表現にすると文章が明瞭になります。',
        "fix": lambda c: None,
    },
    {
        "id": "dict6",
        "allows": ["/^処理を実行/", "/^[ァ-ヶ]+を.?実行/", "/^[a-zA-Z]+を.?実行/"],
        "tokens": [
            (_sahen, "1", False),
            (_wo, None, False),
            (_punct, "5", True),
            (lambda t: t.surface == "実行" and t.pos == "名詞", None, False),
        ],
        "message": lambda c: f'"{c["1"]}を{c["5"]}実行"は冗長な表現です。"{c["1"]}する"など簡潔な表現にすると文章が明瞭になります。',
        "fix": lambda c: None,
    },
]

_KANO = ("可", "可能", "不可能", "不能", "不可")


def _match(tokens: list[Token], i: int, pattern) -> tuple[int, dict] | None:
    """Match ``pattern`` at ``tokens[i]``: ``(index after the match, captures)`` or None."""
    caps: dict[str, str] = {}
    k = i
    for pred, name, skippable in pattern:
        t = tokens[k] if k < len(tokens) else None
        if pred == "kano":
            if t is None:
                return None
            if t.surface in _KANO and t.lemma in _KANO:
                caps[name] = t.surface
                k += 1
                continue
            nxt = tokens[k + 1] if k + 1 < len(tokens) else None
            if t.surface == "不" and nxt is not None and (t.surface + nxt.surface) in _KANO:
                caps[name] = t.surface + nxt.surface
                k += 2
                continue
            return None
        ok = t is not None and pred(t)
        if ok:
            if name:
                caps[name] = t.surface
            k += 1
        elif skippable:
            if name:
                caps[name] = ""
        else:
            return None
    return k, caps


_NODE_INSIDE = {"Link": "link", "Emphasis": "emphasis", "Strong": "strong", "Delete": "delete"}


def check_text(doc: JaDocument, options: dict) -> Iterator[TextProblem]:
    allow_types = set(options.get("allowNodeTypes") if options.get("allowNodeTypes") is not None else DEFAULT["allowNodeTypes"])
    dict_options = options.get("dictOptions") or {}
    skip_inside = {v for k, v in _NODE_INSIDE.items() if k in allow_types}
    dicts = []  # (pattern, its first predicate, allows) of every enabled pattern, in order
    for d in _DICTS:
        opts = dict_options.get(d["id"]) or {}
        if opts.get("disabled"):
            continue
        allows = opts.get("allows") if opts.get("allows") is not None else d["allows"]
        dicts.append((d, d["tokens"][0][0], allows))
    for block in doc.blocks:
        if block.in_blockquote and "BlockQuote" in allow_types:
            continue
        if block.in_list and "ListItem" in allow_types:
            continue
        if block.kind == "heading" and "Header" in allow_types:
            continue
        tokens = doc.tokens_between(block.start, block.end)
        for i, first in enumerate(tokens):
            if not _may_start(first):
                continue
            seg = block.segment_at(first.start)
            if seg is not None and (seg.kind == "code" or any(k in skip_inside for k in seg.inside)):
                continue
            for d, starts, allows in dicts:
                if not starts(first):
                    continue
                m = _match(tokens, i, d["tokens"])
                if m is None:
                    continue
                stop, caps = m
                matched = tokens[i:stop]
                if any(block.segment_at(t.start) is not None and block.segment_at(t.start).kind == "code" for t in matched):
                    continue
                text = "".join(t.surface for t in matched)
                if matches_any(allows, text):
                    continue
                yield TextProblem(
                    first.start,
                    matched[-1].end,
                    f"【{d['id']}】 {d['message'](caps)}\n解説: {_URL}{d['id']}",
                    fix=d["fix"](caps),
                    extra={"dict": d["id"]},
                )


def _may_start(t: Token) -> bool:
    """Whether any pattern can start at ``t``: every one starts with する (_suru), で (_de) or a
    noun (_sahen)."""
    return t.surface == "する" or t.surface == "で" or t.pos == "名詞"


assert all(d["tokens"][0][0] in (_suru, _de, _sahen) for d in _DICTS), "update _may_start"
