"""Flags common misuses of Japanese words and idioms (法律を適応する, 読みずらい, 例外を補足).

What it checks: the two dictionaries of textlint-rule-ja-no-abusage (MIT, (c) 2016 azu,
github.com/textlint-ja/textlint-rule-ja-no-abusage 3.0.0). Its prh dictionary of misused
idioms and misspellings (値を返却する, 怒り心頭に達する, 固定概念 …; vendored unchanged in
data/ja-no-abusage.prh.yaml, with its licence) is matched on the plain text outside links,
emphasis and block quotes, and each match is reported as 「actual => expected」 with its
reference. Its morpheme patterns are matched on the tokens: を適応 (適用 is meant), 可変 used
as a verb (可変する), and a verb's 連用形 followed by ずらい (づらい; MeCab/UniDic keeps
「ずらい」 in one token where kuromoji splits it into ず+らい or ずら+い).
Why: these slips read as ignorance of the word; in customer mail they cost credibility.
Options: none.
Bad:
    この設定を適応すると、画面が読みずらい。
Good:
    この設定を適用すると、画面が読みづらい。
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from ccm_cli.findings import TextProblem
from ccm_cli.rules.style.ja._textlint_nodes import str_nodes, tokens_within
from ccm_cli.text.ja import JaDocument, Token

ID = "ja/ja-no-abusage"
CATEGORY = "style"
SCOPE = "ja"  # textlint-compatible: check_text(JaDocument, options)
BLOCK_LOCAL = True  # judges each block (paragraph, heading, cell) on its own
SEVERITY = "warning"
DEFAULT: dict = {}

DICTIONARY = Path(__file__).with_name("data") / "ja-no-abusage.prh.yaml"

TEKIYOU = '"適用"の誤用である可能性があります。適応 => 適用'
KAHEN = "「可変する」という使い方は適切ではありません。「可逆」と同じ使い方になります。\nhttp://qiita.com/scivola/items/f02589968a4ca27bc52b"
ZURAI = ("動詞の連用形+辛い（つらい）の場合は、「ずらい」ではなく「づらい」が適切です。\n" + " " * 8 + "\n参考: \n"
         "- https://www.nhk.or.jp/bunken/summary/kotoba/uraomote/023.html\n"
         "- https://ameblo.jp/writer-yama/entry-10522384501.html")
_PRH_SKIPPED = frozenset({"link", "emphasis"})  # textlint-rule-prh: checkLink, checkEmphasis false
_GROUP_REF = re.compile(r"\$([0-9]{1,2})")
_SLASHED = re.compile(r"^/(.*)/([a-z]*)$", re.S)


@lru_cache(maxsize=1)
def prh_rules() -> tuple[tuple[re.Pattern, str, str | None], ...]:
    """(pattern, expected, reference) of each entry of the vendored prh dictionary, read once.
    prh's ``patterns`` (or ``pattern``) are literal texts, or ``/regexp/`` (flags gmu)."""
    from ruamel.yaml import YAML

    data = YAML(typ="safe", pure=True).load(DICTIONARY.read_text(encoding="utf-8"))
    out = []
    for rule in data.get("rules") or []:
        patterns = rule.get("patterns", rule.get("pattern"))
        for pattern in patterns if isinstance(patterns, list) else [patterns]:
            m = _SLASHED.match(pattern)
            regex = re.compile(m.group(1), re.M) if m else re.compile(re.escape(pattern), re.M)
            out.append((regex, str(rule["expected"]), rule.get("prh")))
    return tuple(out)


def first_chars(pattern: str) -> set[str] | None:
    """The characters a match of ``pattern`` can start with, for the dictionary's simple
    expressions (a literal, a class of literals, a group of alternatives); None: unknown."""
    if not pattern:
        return None
    head = pattern[0]
    if head == "(":
        depth, i = 0, 0
        for i, ch in enumerate(pattern):
            depth += ch == "("
            depth -= ch == ")"
            if depth == 0:
                break
        inner = pattern[3:i] if pattern.startswith("(?:") else pattern[1:i]
        if inner.startswith("?") or "(" in inner:
            return None
        rest = pattern[i + 1:]
        if rest[:1] in ("?", "*"):  # an optional group: the rest can start the match too
            tail = first_chars(rest[1:])
            if tail is None:
                return None
        else:
            tail = set()
        out: set[str] = set(tail)
        for alternative in inner.split("|"):
            found = first_chars(alternative + rest.lstrip("?*") if not alternative else alternative)
            if found is None:
                return None
            out |= found
        return out
    if head == "[":
        body = pattern[1:pattern.index("]")]
        return None if ("-" in body or "\\" in body or body.startswith("^")) else set(body)
    if head in "\\.^$*+?{|)":
        return None
    return {head}


@lru_cache(maxsize=1)
def _any_prh() -> re.Pattern:
    """Every pattern of the dictionary in one expression: most texts match none of them. A
    lookahead on the characters a match can start with lets the scan skip the rest fast."""
    patterns = [regex.pattern for regex, _, _ in prh_rules()]
    combined = "|".join(f"(?:{p})" for p in patterns)
    firsts: set[str] = set()
    for p in patterns:
        chars = first_chars(p)
        if chars is None:
            return re.compile(combined, re.M)
        firsts |= chars
    return re.compile("(?=[" + "".join(re.escape(ch) for ch in sorted(firsts)) + "])(?:" + combined + ")", re.M)


def _expand(expected: str, m: re.Match) -> str:
    """prh's ``$1``: the group's text ("" when it did not take part); ``$0`` and unknown stay."""
    def group(ref: re.Match) -> str:
        n = int(ref.group(1))
        if n == 0 or n > (m.re.groups or 0):
            return ref.group(0)
        return m.group(n) or ""
    return _GROUP_REF.sub(group, expected)


def _prh(doc: JaDocument, ranges: list[tuple[int, int]]) -> Iterator[TextProblem]:
    """Dictionary matches that lie inside one of ``ranges`` (the Str nodes textlint-rule-prh reads)."""
    text = doc.text
    if not ranges or _any_prh().search(text, ranges[0][0], ranges[-1][1]) is None:
        return
    for regex, expected, reference in prh_rules():
        for a, b in ranges:
            for m in regex.finditer(text, a, b):
                actual = m.group(0)
                if not actual:
                    continue
                result = _expand(expected, m)
                if actual == result:
                    continue
                message = f"{actual} => {result}" + (f"\n{reference}" if reference else "")
                yield TextProblem(m.start(), m.end(), message, fix=result)


def _is_renyou_verb(t: Token) -> bool:
    return t.pos == "動詞" and t.conj_form.startswith("連用形")


_TRIGGERS = re.compile("を適応|可変|ずら")  # where a morpheme pattern can start matching


def _morphemes(doc: JaDocument, start: int, end: int) -> Iterator[TextProblem]:
    """morpheme-match patterns of the rule's dictionary.ts, on UniDic tokens."""
    if _TRIGGERS.search(doc.text, start, end) is None:
        return
    tokens = tokens_within(doc, start, end)
    for i, tok in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if nxt is None or nxt.start != tok.end:
            continue
        if tok.surface == "を" and tok.pos == "助詞" and nxt.surface == "適応" and nxt.pos == "名詞":
            yield TextProblem(tok.start, nxt.end, TEKIYOU, fix="を適用")
        elif tok.surface == "可変" and tok.pos == "名詞" and nxt.pos == "動詞":
            yield TextProblem(tok.start, nxt.end, KAHEN)
        elif nxt.surface[:1] == "ず" and _is_renyou_verb(tok):
            # ずらい as one token (UniDic), ず+らい or ずら+い (kuromoji)
            rest, stop, k = "", tok.end, i + 1
            while k < len(tokens) and len(rest) < 3 and tokens[k].start == stop:
                rest += tokens[k].surface
                stop = tokens[k].end
                k += 1
                if rest == "ずらい":
                    yield TextProblem(tok.start, stop, ZURAI, fix=tok.surface + "づらい")
                    break
                if not "ずらい".startswith(rest):
                    break


def check_text(doc: JaDocument, options: dict) -> Iterator[TextProblem]:
    for block in doc.blocks:
        nodes = str_nodes(block)
        prh_ranges = [] if block.in_blockquote else [(a, b) for a, b, inside in nodes if not _PRH_SKIPPED.intersection(inside)]
        yield from _prh(doc, prh_ranges)
        for start, end, _ in nodes:
            yield from _morphemes(doc, start, end)
