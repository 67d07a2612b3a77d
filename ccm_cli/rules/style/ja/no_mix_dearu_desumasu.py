"""Flags mixing the である style and the ですます style.

What it checks: sentence endings in である調 (常体) and ですます調 (敬体), separately for body
paragraphs, headings and list items. Where both occur, the less used style is flagged (or the
style opposite to the preferred one, when a preference is set). With `strict` off, only
endings at the end of a sentence count (「…であるが、」 does not).
Why: mixing the two styles in one text reads as careless; customers notice the change in tone.
Options: `preferInBody` (default "ですます" in ccm, as in textlint-rule-preset-ja-technical-writing;
"" lets the majority decide), `preferInHeader` (default ""), `preferInList` (default "である"),
each "である", "ですます" or "". `strict` (default false): also count endings in mid-sentence.
`plainForm` (default false; ccm's extension, not in textlint, on in the customer-facing
guidelines `ccm init --region jp` writes): where the style is ですます (preferred, or the
majority when no preference is set), a sentence that ends in plain form (普通体) — a verb,
adjective or auxiliary (ない, た, だ, たい …) in 終止形: 「パスワードは変更されない。」 — is
mixed style too, though textlint's analyzer only sees である. Quotes (「…」), nouns
(体言止め) and requests (ください) are not plain endings; only a sentence that ends with 。
(or ！？) counts: a button label, list fragment or heading without one is not a sentence;
list items and headings count only when their category prefers ですます.
Bad:
    今日はいい天気ですね。
    今日はいい天気である。
Good:
    今日はいい天気ですね。
    明日も晴れるそうです。
"""

from __future__ import annotations

from typing import Iterator

from ccm_cli.findings import TextProblem
from ccm_cli.rules.options import Flag, Option, Text, defaults
from ccm_cli.text.ja import JaDocument, Token

ID = "ja/no-mix-dearu-desumasu"
CATEGORY = "style"
SCOPE = "ja"  # textlint-compatible: check_text(JaDocument, options)
SEVERITY = "error"

_STYLES = '"である", "ですます" or "" (the majority decides).'
OPTIONS = {
    "ja.no-mix-dearu-desumasu.preferInHeader": Option(Text(), "", "Style of headings", _STYLES, ("ですます",)),
    "ja.no-mix-dearu-desumasu.preferInBody": Option(Text(), "ですます", "Style of body text", _STYLES, ("ですます",)),
    "ja.no-mix-dearu-desumasu.preferInList": Option(Text(), "である", "Style of list items", _STYLES, ("ですます",)),
    "ja.no-mix-dearu-desumasu.strict": Option(Flag(), False, "Strict", "Also count endings in mid-sentence."),
    "ja.no-mix-dearu-desumasu.plainForm": Option(
        Flag(), False, "Plain endings are mixed",
        "ccm's extension: in ですます text, also flag a sentence that ends in plain form (「変更されない。」)."),
}
DEFAULT = defaults(OPTIONS)
PACKAGE_DEFAULT = {"preferInHeader": "", "preferInBody": "", "preferInList": "", "strict": False, "plainForm": False}

DEARU = "である"
DESUMASU = "ですます"
_LABELS = {"body": "本文", "header": "見出し", "list": "箇条書き"}


def _is_ipadic_noun(t: Token) -> bool:
    return t.ipadic_pos == "名詞"


def _next_puncture(tokens: list[Token], i: int) -> int:
    for k in range(i + 1, len(tokens)):
        t = tokens[k]
        if "、" in t.surface or "。" in t.surface:
            return k
        if t.conj_type.startswith("助動詞"):
            return k
        if _is_ipadic_noun(t):
            return k
    return -1


def _is_last(tokens: list[Token], i: int) -> bool:
    k = _next_puncture(tokens, i)
    if k == -1:
        return True
    return any(c in tokens[k].surface for c in "!?！？。")


def analyze(tokens: list[Token], strict: bool):
    """Yield ``(kind, token_index)`` for every である / です / ます ending in ``tokens``."""
    for i, t in enumerate(tokens):
        if t.pos != "助動詞":
            continue
        if t.conj_type == "助動詞-ダ" and t.conj_form.startswith("連用形") and t.surface == "で":
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            if nxt is not None and nxt.lemma == "有る" and nxt.conj_type.startswith("五段-ラ行"):
                if strict or _is_last(tokens, i):
                    yield DEARU, i
        elif t.conj_type in ("助動詞-デス", "助動詞-マス"):
            if t.lemma == "やす":
                continue
            if t.conj_form.startswith("終止形") or t.conj_form.startswith("連体形"):
                if strict or _is_last(tokens, i):
                    yield DESUMASU, i


_SENTENCE_END = "。．.！？!?"
_QUOTE_CLOSE = "」』）)】\"”’"
_TRAILING_PARTICLES = ("よ", "ね", "な", "わ", "か", "よね")
_POLITE = ("助動詞-マス", "助動詞-デス")


def plain_ending(tokens: list[Token], text: str) -> int | None:
    """Index in ``tokens`` of a plain-form (普通体) sentence end, or None.

    ``tokens`` are one sentence's, ``text`` its text. Plain: the last word (after 。！？ and
    a final 終助詞 よ/ね/か … are set aside) is a verb, adjective or auxiliary in 終止形 that is
    not polite (ます/です, or after them: ません, ました, でした) and not である's ある (the である check owns it).
    """
    body = text.rstrip()
    while body and body[-1] in _SENTENCE_END:
        body = body[:-1]
    if not body or body[-1] in _QUOTE_CLOSE:
        return None
    k = len(tokens) - 1
    while k >= 0 and (tokens[k].pos in ("補助記号", "空白") or tokens[k].surface in _SENTENCE_END):
        k -= 1
    if k >= 1 and tokens[k].pos == "助詞" and tokens[k].surface in _TRAILING_PARTICLES:
        k -= 1
    if k < 0:
        return None
    t = tokens[k]
    if not t.conj_form.startswith("終止形"):
        return None
    if t.pos in ("動詞", "形容詞"):
        if t.lemma == "有る" and k >= 1 and tokens[k - 1].conj_type == "助動詞-ダ":
            return None  # である
        return k
    if t.pos == "助動詞":
        if t.conj_type in _POLITE:
            return None
        if k >= 1 and tokens[k - 1].conj_type in _POLITE:
            return None  # ません, ました, でした
        return k
    return None


def _plain_hits(doc: JaDocument, options: dict, styles: dict[str, str]) -> Iterator[TextProblem]:
    """ccm's extension (``plainForm``): plain-form sentence ends in ですます text."""
    for sentence in doc.sentences:
        block = sentence.block
        category = _category(block) if block is not None else None
        if category is None or styles.get(category) != DESUMASU:
            continue
        text = sentence.text
        if not text.rstrip().endswith(tuple(_SENTENCE_END)):
            continue  # without 。: a fragment (a button label, a list item, a heading), not a sentence
        tokens = doc.tokens_between(sentence.start, sentence.end)
        k = plain_ending(tokens, text)
        if k is None:
            continue
        token = tokens[k]
        seg = block.segment_at(token.start)
        if seg is not None and (seg.kind == "code" or any(x in ("link", "emphasis", "strong") for x in seg.inside)):
            continue
        value = "".join(t.surface for t in tokens[max(0, k - 2) : k + 1])
        yield TextProblem(
            token.start,
            token.end,
            f'{_LABELS[category]}: "ですます"調 の文章に、普通体で終わる文があります: "{value}"\n'
            "=> 「…ます。」「…です。」で終えてください (ccm: plainForm)\n",
            extra={"plain": True},
        )


def _value(tokens: list[Token], i: int) -> str:
    k = _next_puncture(tokens, i)
    stop = len(tokens) if k == -1 else k + 1
    return "".join(t.surface for t in tokens[i:stop])


def _category(block) -> str | None:
    if block.kind == "heading":
        return "header"
    if block.kind != "paragraph":
        return None
    if block.in_list:
        return "list"
    if block.in_blockquote:
        return None
    return "body"


def check_text(doc: JaDocument, options: dict) -> Iterator[TextProblem]:
    strict = bool(options.get("strict", False))
    prefer = {
        "body": options.get("preferInBody", ""),
        "header": options.get("preferInHeader", ""),
        "list": options.get("preferInList", ""),
    }
    hits: dict[str, list[tuple[str, Token, str]]] = {"body": [], "header": [], "list": []}
    for block in doc.blocks:
        category = _category(block)
        if category is None:
            continue
        tokens = doc.tokens_between(block.start, block.end)
        for kind, i in analyze(tokens, strict):
            token = tokens[i]
            if category == "body":
                seg = block.segment_at(token.start)
                if seg is not None and any(k in ("link", "emphasis") for k in seg.inside):
                    continue
            hits[category].append((kind, token, _value(tokens, i)))
    problems: list[TextProblem] = []
    styles: dict[str, str] = {}
    for category, found in hits.items():
        n_dearu = sum(1 for k, _, _ in found if k == DEARU)
        n_desumasu = len(found) - n_dearu
        styles[category] = prefer[category] if prefer[category] in (DEARU, DESUMASU) else (
            DESUMASU if n_desumasu > n_dearu else DEARU if n_dearu > n_desumasu else "")
    if options.get("plainForm"):
        problems.extend(_plain_hits(doc, options, styles))
    for category, found in hits.items():
        dearu = sum(1 for k, _, _ in found if k == DEARU)
        desumasu = len(found) - dearu
        preferred = prefer[category]
        label = _LABELS[category]
        total = f"Total:\nである  : {dearu}\nですます: {desumasu}\n"
        if preferred in (DEARU, DESUMASU):
            wrong = DESUMASU if preferred == DEARU else DEARU
            for kind, token, value in found:
                if kind == wrong:
                    problems.append(
                        TextProblem(
                            token.start,
                            token.end,
                            f'{label}: "{preferred}"調 でなければなりません\n'
                            f'=> "{preferred}"調 であるべき箇所に、次の "{wrong}"調 の箇所があります: "{value}"\n'
                            + total,
                        )
                    )
            continue
        if dearu == 0 or desumasu == 0:
            continue
        major = DEARU if dearu > desumasu else DESUMASU
        minor = DESUMASU if major == DEARU else DEARU
        for kind, token, value in found:
            if kind == minor:
                problems.append(
                    TextProblem(
                        token.start,
                        token.end,
                        f'{label}: "である"調 と "ですます"調 が混在\n'
                        f'=> "{major}"調 の文体に、次の "{minor}"調 の箇所があります: "{value}"\n' + total,
                    )
                )
    problems.sort(key=lambda p: p.start)
    yield from problems
