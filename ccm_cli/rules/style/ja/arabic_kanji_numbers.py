"""Flags numbers written in the wrong script: counts in kanji (二十回), idioms in digits (世界1).

What it checks: rule 2.2.2 (算用数字と漢数字の使い分け) of textlint-rule-preset-jtf-style (MIT, (c)
2015 azu, github.com/textlint-ja/textlint-rule-preset-JTF-style 3.0.3), which the
technical-writing preset enables as arabic-kanji-numbers, with its patterns: a count, an
ordinal or a quantity written in kanji numerals (三回, 二か月, 百八つ, 五番目, 第三章, 一億) is
reported with its Arabic form; an idiom, set phrase or approximation written in digits (世界1,
1部の, 第3者, 数10倍, 2次関数) with its kanji form. 数十億, 何十万 and the idioms of 〜つ (二つ
返事, 瓜二つ, ただ一つ …) are left alone. As upstream, each pattern is reported at its first
match in a run of plain paragraph text (not in headings, links, emphasis or block quotes).
Why: JTF's style guide: numbers a reader counts are read faster in digits; fixed expressions
read wrong in them. Mixing both in one mail looks careless.
Options: none.
Bad:
    第三回の抽選は二十日後です。
Good:
    第3回の抽選は二十日後です。
"""

from __future__ import annotations

import re
from typing import Callable, Iterator

from ccm_cli.findings import TextProblem
from ccm_cli.rules.style.ja._textlint_nodes import is_plain_paragraph, str_nodes
from ccm_cli.text.ja import JaDocument

ID = "ja/arabic-kanji-numbers"
CATEGORY = "style"
SCOPE = "ja"  # textlint-compatible: check_text(JaDocument, options)
BLOCK_LOCAL = True  # judges each block (paragraph, heading, cell) on its own
SEVERITY = "warning"
DEFAULT: dict = {}

TO_ARABIC = "数量を表現し、数を数えられるものは算用数字を使用します。任意の数に置き換えても通用する語句がこれに該当します。"
TO_KANJI = "慣用的表現、熟語、概数、固有名詞、副詞など、漢数字を使用することが一般的な語句では漢数字を使います。"

# ---------------------------------------------------------------- kanji numerals <-> numbers
_DIGITS = {"〇": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "壱": 1, "弐": 2, "参": 3}
_PLACES = {"十": 1, "百": 2, "千": 3, "拾": 1}
_MYRIADS = {"万": 4, "億": 8, "兆": 12}


def _positional(chars: str) -> int:
    if len(chars) > 1 and _DIGITS[chars[0]] == 0:
        raise ValueError("positional notation starts with zero")
    value = 0
    for ch in chars:
        value = value * 10 + _DIGITS[ch]
    return value


def _below_myriad(chars: str) -> int:
    """A group below 万 (千, 百, 十 with one digit each; the ones may be positional)."""
    total, last, digits = 0, 99, ""
    for ch in chars:
        if ch not in _PLACES:
            digits += ch
            continue
        exp = _PLACES[ch]
        if exp >= last or len(digits) > 1 or (digits and _DIGITS[digits] == 0):
            raise ValueError("wrong sequence of numerals")
        if digits == "一" and ch in "十百":
            raise ValueError("一十 and 一百 are written 十 and 百")
        total += (_DIGITS[digits] if digits else 1) * 10 ** exp
        last, digits = exp, ""
    if digits:
        ones = _positional(digits)
        if last != 99 and ones >= 10 ** last:
            raise ValueError("wrong sequence of numerals")
        total += ones
    return total


def ja2num(chars: str) -> int:
    """The number written in kanji numerals (npm japanese-numerals-to-number's reading);
    ValueError when it is no well-formed numeral."""
    if chars == "〇":
        return 0
    total, last, group = 0, 99, ""
    for ch in chars:
        if ch in _MYRIADS:
            exp = _MYRIADS[ch]
            if not group or exp >= last or group == "千":
                raise ValueError("wrong sequence of numerals")
            total += _below_myriad(group) * 10 ** exp
            last, group = exp, ""
        elif ch in _DIGITS or ch in _PLACES:
            group += ch
        else:
            raise ValueError(f"not a numeral: {ch}")
    if group:
        total += _below_myriad(group)
    return total


_ZERO2NINE = "〇一二三四五六七八九"
_TEN2THOU = ("", "十", "百", "千")
_SUFFICES = ("", "万", "億", "兆", "京", "垓", "禾予", "穣", "溝", "澗", "正", "載,", "極", "恒河沙", "阿僧祇", "那由他", "不可思議", "無量大数")


def num2ja(digits: str) -> str:
    """Digits in kanji numerals (upstream's _num2ja without options: 10 -> 十, 1000 -> 千)."""
    digits = digits.replace(",", "")
    groups = [digits[max(0, i - 4):i] for i in range(len(digits), 0, -4)]
    if len(groups) >= 18:
        return _SUFFICES[17]
    out = ""
    for suffix, group in enumerate(groups):
        if group == "0000":
            continue
        sens = ""
        for keta, digit in enumerate(int(d) for d in reversed(group)):
            if digit:
                sens = ("" if digit == 1 and keta > 0 else _ZERO2NINE[digit]) + _TEN2THOU[keta] + sens
        out = sens + _SUFFICES[suffix] + out
    return out or "零"


# ---------------------------------------------------------------- the patterns of 2.2.2
_K = "[一二三四五六七八九十壱弐参拾百〇]"
# (pattern, patterns that cancel it anywhere in the text, converter, message)
_PATTERNS: list[tuple[re.Pattern, tuple[re.Pattern, ...], Callable[[str], str], str]] = []


def _add(pattern: str, to_arabic: bool, ignore: tuple[str, ...] = ()) -> None:
    convert = (lambda s: str(ja2num(s))) if to_arabic else num2ja
    _PATTERNS.append((re.compile(pattern), tuple(re.compile(p) for p in ignore), convert, TO_ARABIC if to_arabic else TO_KANJI))


_add(rf"({_K}+)[兆億万]", True, (rf"(数|何)({_K}+)[兆億万]",))
_add(rf"({_K}+)つ", True, (r"[一二三四五六七八九]つ(返事|子|ひとつ|星|編|葉|橋|と[無な]い|に一つ)", r"(ただ|唯|[女男]手|穴|瓜|馬鹿の)[一二]つ"))
for _suffix in ("回", "か月", "番目", "進法", "次元"):
    _add(rf"({_K}+){_suffix}", True)
_add(rf"第({_K}+)章", True)
_add(rf"第({_K}+)節", True)
for _pattern in (r"世界(1)", r"(1)時的", r"(1)部分", r"第(3)者", r"[^0-9](1)種(?!類)", r"(1)部の", r"(1)番に",
                 r"数(10+)倍", r"数(10+)[兆億万]", r"数(10+)年", r"([0-9]+)次関数", r"(5)大陸"):
    _add(_pattern, False)
_FIRST_CHARS = re.compile(r"[0-9一二三四五六七八九十壱弐参拾百〇]")


def check_text(doc: JaDocument, options: dict) -> Iterator[TextProblem]:
    text = doc.text
    for block in doc.blocks:
        if not is_plain_paragraph(block):
            continue
        for start, end, inside in str_nodes(block):
            if inside or not _FIRST_CHARS.search(text, start, end):
                continue
            node = text[start:end]
            for pattern, ignore, convert, message in _PATTERNS:
                m = pattern.search(node)  # upstream reports the first match of each pattern
                if m is None or any(p.search(node) for p in ignore):
                    continue
                matched, number = m.group(0), m.group(1)
                try:
                    expected = matched.replace(number, convert(number), 1)
                except ValueError:  # not a well-formed numeral: nothing to suggest
                    continue
                yield TextProblem(start + m.start(), start + m.end(), f"{matched} => {expected}\n{message}", fix=expected)
