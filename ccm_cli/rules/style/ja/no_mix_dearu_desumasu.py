"""Flags mixing the である style and the ですます style.

What it checks: sentence endings in である調 (常体) and ですます調 (敬体), separately for body
paragraphs, headings and list items. Where both occur, the less used style is flagged (or the
style opposite to the preferred one, when a preference is set). With `strict` off, only
endings at the end of a sentence count (「…であるが、」 does not).
Why: mixing the two styles in one text reads as careless; customers notice the change in tone.
Options: `preferInBody` (default "ですます" in ccm, as in textlint-rule-preset-ja-technical-writing;
"" lets the majority decide), `preferInHeader` (default ""), `preferInList` (default "である"),
each "である", "ですます" or "". `strict` (default false): also count endings in mid-sentence.
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
}
DEFAULT = defaults(OPTIONS)
PACKAGE_DEFAULT = {"preferInHeader": "", "preferInBody": "", "preferInList": "", "strict": False}

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
