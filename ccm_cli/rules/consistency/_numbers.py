"""Find the numbers a reader sees in a text and normalise them so that equal statements in
different languages compare equal: ``30 days`` = ``30日`` = ``３０日間``, ``$1,200.50`` =
``1,200.5``, ``Mar 20, 2026`` = ``2026年3月20日``, ``14%`` = ``１４％``.

Each number gets a *kind* (days, weeks, months, years, hours, minutes, percent, amount, date);
numbers without a unit or currency are not compared (a step number, a code, a count of
anything). Full-width digits and symbols are folded with NFKC first.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

MONTHS = {m: i for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}
NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
UNITS = {
    "days": r"days?|日間|日(?!本|曜|付|時)",
    "weeks": r"weeks?|週間",
    "months": r"months?|か月|ヶ月|カ月|ヵ月|ケ月|箇月",
    "years": r"years?|年間",
    "hours": r"hours?|hrs?|時間",
    "minutes": r"minutes?|mins?|分間|分(?![かけ])",
    "percent": r"%|percent|パーセント",
    "amount": r"円|dollars?|yen|euros?",
}
_DATE_PATTERNS = [
    (re.compile(r"(?P<y>\d{4})年\s*(?P<m>\d{1,2})月\s*(?P<d>\d{1,2})日"), "ymd"),
    (re.compile(r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})"), "ymd"),
    (re.compile(r"(?P<mon>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?(?:,\s*(?P<y>\d{4}))?", re.I), "mdy"),
    (re.compile(r"(?P<d>\d{1,2})\s+(?P<mon>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?(?:\s+(?P<y>\d{4}))?", re.I), "dmy"),
    (re.compile(r"(?<!\d)(?P<m>\d{1,2})月\s*(?P<d>\d{1,2})日"), "md"),
]
_QUANTITY = re.compile(
    rf"(?P<pre>[$¥€£]\s?)?(?P<num>{NUM})\s?(?P<unit>" + "|".join(f"(?P<{k}>{v})" for k, v in UNITS.items()) + r")?",
    re.I,
)


@dataclass(frozen=True)
class Number:
    kind: str
    value: str  # normalised: "30", "1200.5", or "03-20" for a date
    start: int  # offsets in the text given to find()
    end: int

    def describe(self) -> str:
        units = {"days": "days", "weeks": "weeks", "months": "months", "years": "years", "hours": "hours",
                 "minutes": "minutes", "percent": "%", "amount": ""}
        if self.kind == "date":
            return "date " + self.value.replace("-", "/")
        return f"{self.value}{'' if self.kind in ('percent', 'amount') else ' '}{units[self.kind]}".strip()


def _decimal(text: str) -> str | None:
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None
    value = value.normalize()
    return format(value, "f")


@lru_cache(maxsize=8192)
def find(text: str) -> tuple[Number, ...]:
    """Every date and unit-bearing number in ``text`` (which should be NFKC-folded); cached
    by text (a field renders alike for many samples and copies)."""
    found: list[Number] = []
    taken = [False] * len(text)
    for pattern, order in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            if any(taken[match.start() : match.end()]):
                continue
            month = MONTHS[match.group("mon")[:3].lower()] if "mon" in pattern.groupindex else int(match.group("m"))
            day = int(match.group("d"))
            if not (1 <= month <= 12 and 1 <= day <= 31):
                continue
            value = f"{month:02d}-{day:02d}"  # the year is often left out in one language
            found.append(Number("date", value, match.start(), match.end()))
            for i in range(match.start(), match.end()):
                taken[i] = True
    for match in _QUANTITY.finditer(text):
        if any(taken[match.start() : match.end()]):
            continue
        before = text[match.start() - 1] if match.start() > 0 else ""
        if before and ((before.isascii() and before.isalnum()) or before in "-/.#"):
            continue  # part of a word, code, URL or phone number
        tail = text[match.end() : match.end() + 1]
        if tail and (tail.isdigit() or tail in "-/"):
            continue
        kind = "amount" if match.group("pre") else next((k for k in UNITS if match.group(k)), None)
        if kind is None:
            if "," in match.group("num") or "." in match.group("num"):
                kind = "amount"  # 1,200.50 — an amount without its symbol
            else:
                continue
        if kind not in ("amount", "percent") and match.group("unit") and match.group("unit")[0].isalpha() and match.group("unit").isascii():
            end = match.end()
            if end < len(text) and text[end].isalpha():
                continue  # "3 monthly": not a duration
        value = _decimal(match.group("num"))
        if value is not None:
            found.append(Number(kind, value, match.start(), match.end()))
    return tuple(sorted(found, key=lambda n: n.start))


def fold(text: str) -> str:
    """NFKC per character, keeping offsets (full-width ０-９ and ％ become ASCII)."""
    return text if text.isascii() else text.translate(_FOLDED)


class _OneCharacterNFKC(dict):
    """code point -> its one-character NFKC form, or itself (a table for ``str.translate``,
    filled as characters are met)."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        folded = unicodedata.normalize("NFKC", ch)
        self[code] = folded = folded if len(folded) == 1 else ch
        return folded


_FOLDED = _OneCharacterNFKC()
