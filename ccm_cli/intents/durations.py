"""Durations for promises (SPEC 2.8): how long a payment holiday lasts.

* :func:`find_durations` — every duration written in a text, with its position: "for up to 3
  months", "a three-month payment holiday", "90 days", "six weeks"; 「最長3か月」「3ヶ月間」
  「三か月」「90日間」「半年」; "3 Monate", "drei Monaten"; "3 mois", "trois mois". With the comm's
  ``variables``, a number written as a template variable ("{{ offer.months }} months") is that
  variable's ``maximum:``.
* :func:`promised_duration` — the duration a text promises: the longest one in the sentence of
  a ``payment-deferral`` match or the sentence after it (same paragraph).
* :func:`parse_lasts` — a ``promises: [{lasts: ...}]`` declaration: "3 months", "90 days",
  "1 year", "2 weeks", ISO 8601 "P3M", or "{{ offer.months }} months" (the variable's maximum).

Japanese 「N日」 and 「N年」 without 間 are dates as often as durations (3日 is the 3rd, 2026年 a
year): they count only after 最長／最大 (「最長90日」). Calendar dates ("until 30 June") are not read.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

__all__ = ["Duration", "LastsError", "find_durations", "promised_duration", "parse_lasts", "DEFERRAL_INTENT"]

DEFERRAL_INTENT = "payment-deferral"
UNITS = ("day", "week", "month", "year")
_DAYS_AT_MOST = {"day": 1, "week": 7, "month": 31, "year": 366}


class LastsError(ValueError):
    """A ``lasts:`` value that cannot be read (the message says why and what to write)."""


@dataclass(frozen=True, slots=True)
class Duration:
    """``amount`` ``unit``s (``amount`` is None when it comes from a variable without a
    ``maximum:``; ``variable`` names it). ``start``/``end``: offsets of ``words`` in the text
    (-1 for a declaration)."""

    amount: int | None
    unit: str  # day | week | month | year
    start: int = -1
    end: int = -1
    words: str = ""
    variable: str | None = None

    @property
    def days(self) -> int | None:
        """At most how many days it lasts (a month counts 31, a year 366)."""
        return None if self.amount is None else self.amount * _DAYS_AT_MOST[self.unit]

    @property
    def months(self) -> int | None:
        """Whole months, for durations written in months or years (else None)."""
        if self.amount is None:
            return None
        return self.amount if self.unit == "month" else self.amount * 12 if self.unit == "year" else None

    def add_to(self, day: _dt.date) -> _dt.date:
        """The date this duration after ``day`` (months and years by the calendar: 31 Jan + 1
        month = 28/29 Feb)."""
        if self.amount is None:
            raise LastsError(f"'{self.variable}' has no maximum: the promise has no known end")
        if self.unit == "day":
            return day + _dt.timedelta(days=self.amount)
        if self.unit == "week":
            return day + _dt.timedelta(weeks=self.amount)
        months = self.amount * (12 if self.unit == "year" else 1)
        year, month = divmod(day.month - 1 + months, 12)
        year += day.year
        month += 1
        return _dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))

    def describe(self) -> str:
        if self.amount is None:
            return f"{{{{ {self.variable} }}}} {self.unit}s (no maximum)"
        return f"{self.amount} {self.unit}{'' if self.amount == 1 else 's'}"

    def to_json(self) -> dict:
        out: dict[str, Any] = {"amount": self.amount, "unit": self.unit, "days": self.days, "words": self.words}
        if self.start >= 0:
            out.update(start=self.start, end=self.end)
        if self.variable:
            out["variable"] = self.variable
        return out


# --------------------------------------------------------------------------- numbers
_EN_NUMBERS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}
_EN_NUMBERS.update({"thirty": 30, "forty": 40, "forty-five": 45, "sixty": 60, "ninety": 90, "twenty-four": 24,
                    "thirty-six": 36, "a": 1, "an": 1, "one hundred and eighty": 180})
_DE_NUMBERS = {"ein": 1, "einen": 1, "eine": 1, "einem": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6,
               "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "elf": 11, "zwölf": 12, "achtzehn": 18,
               "vierundzwanzig": 24, "dreißig": 30, "sechzig": 60, "neunzig": 90}
_FR_NUMBERS = {"un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8,
               "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "dix-huit": 18, "vingt-quatre": 24, "trente": 30,
               "soixante": 60, "quatre-vingt-dix": 90}
_KANJI_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_KANJI_POWERS = {"十": 10, "百": 100, "千": 1000}

_VAR = r"\{\{\s*(?P<var>[A-Za-z_][\w.]*)\s*(?:\|[^{}]*)?\}\}"


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_PATTERNS = {
    "en": re.compile(
        rf"(?<![\w-])(?:(?P<num>\d{{1,4}})|(?P<word>{_alternation(_EN_NUMBERS)})|{_VAR})"
        r"(?:\s+|\s*-\s*)(?P<unit>days?|weeks?|months?|years?)(?![\w])",
        re.IGNORECASE),
    "de": re.compile(
        rf"(?<![\w-])(?:(?P<num>\d{{1,4}})|(?P<word>{_alternation(_DE_NUMBERS)})|{_VAR})"
        r"(?:\s+|\s*-\s*)(?P<unit>Tage?n?|Wochen?|Monate?n?|Monats|Jahre?n?|Jahres)(?![\w])",
        re.IGNORECASE),
    "fr": re.compile(
        rf"(?<![\w-])(?:(?P<num>\d{{1,4}})|(?P<word>{_alternation(_FR_NUMBERS)})|{_VAR})"
        r"\s+(?P<unit>jours?|semaines?|mois|ans?|années?)(?![\w])",
        re.IGNORECASE),
    "ja": re.compile(
        r"(?P<most>(?:最長|最大)\s*(?:で)?\s*)?"
        rf"(?:(?P<num>[0-9０-９]{{1,4}})|(?P<kanji>[〇零一二三四五六七八九十百千]{{1,6}})|(?P<half>半)|{_VAR})\s*"
        r"(?P<unit>(?:か|カ|ヶ|ケ|ヵ|箇|ｹ|ｶ)月(?:間)?|週間|日間|年間|日|年)"),
}
_UNIT_WORDS = {"day": "day", "week": "week", "month": "month", "year": "year", "tag": "day", "woche": "week",
               "monat": "month", "jahr": "year", "jour": "day", "semaine": "week", "mois": "month", "an": "year",
               "année": "year"}


def _en_unit(raw: str) -> str:
    low = raw.lower()
    for stem, unit in sorted(_UNIT_WORDS.items(), key=lambda kv: -len(kv[0])):
        if low.startswith(stem):
            return unit
    raise ValueError(raw)


def _kanji_number(text: str) -> int | None:
    total, current = 0, 0
    for ch in text:
        if ch in _KANJI_DIGITS:
            current = _KANJI_DIGITS[ch]
        elif ch in _KANJI_POWERS:
            total += (current or 1) * _KANJI_POWERS[ch]
            current = 0
        else:
            return None
    return total + current


def _variable_maximum(name: str, variables: Mapping[str, Any] | None) -> int | None:
    if not variables:
        return None
    schema = variables.get(name)
    if not isinstance(schema, Mapping):
        return None
    maximum = schema.get("maximum")
    if isinstance(maximum, (int, float)) and not isinstance(maximum, bool):
        return int(maximum)
    exclusive = schema.get("exclusiveMaximum")
    if isinstance(exclusive, (int, float)) and not isinstance(exclusive, bool):
        return int(exclusive) - 1 if float(exclusive).is_integer() else int(exclusive)
    return None


def find_durations(text: str, locale: str = "en", variables: Mapping[str, Any] | None = None) -> list[Duration]:
    """Every duration in ``text`` (a language without a pattern reads English)."""
    from .model import language_of

    language = language_of(locale)
    pattern = _PATTERNS.get(language, _PATTERNS["en"])
    out: list[Duration] = []
    for m in pattern.finditer(text):
        groups = m.groupdict()
        variable = groups.get("var")
        if language == "ja":
            unit_text = groups["unit"]
            if unit_text in ("日", "年") and not groups.get("most"):
                continue  # 3日 is a date, 2026年 a year
            if groups.get("half"):
                if not unit_text.startswith("年"):
                    continue
                amount, unit = 6, "month"
            else:
                unit = "month" if "月" in unit_text else "week" if unit_text == "週間" else "day" if unit_text.startswith("日") else "year"
                if groups.get("num"):
                    amount = int(unicodedata.normalize("NFKC", groups["num"]))
                elif groups.get("kanji"):
                    amount = _kanji_number(groups["kanji"])
                else:
                    amount = _variable_maximum(variable, variables)
            start = m.start()  # 「最長3か月」: the words include 最長
        else:
            unit = _en_unit(groups["unit"])
            if groups.get("num"):
                amount = int(groups["num"])
            elif groups.get("word"):
                numbers = _EN_NUMBERS if language not in ("de", "fr") else (_DE_NUMBERS if language == "de" else _FR_NUMBERS)
                amount = numbers.get(groups["word"].lower())
            else:
                amount = _variable_maximum(variable, variables)
            start = m.start()
        if amount is None and variable is None:
            continue
        if amount is not None and amount <= 0:
            continue
        out.append(Duration(amount, unit, start, m.end(), text[start:m.end()], variable))
    return out


_SENTENCE_END = re.compile(r"[.!?。！？](?=\s|$|[」』）)])|\n[ \t]*\n|[。！？]")
_PARAGRAPH = re.compile(r"\n[ \t]*\n")


def _sentences(text: str) -> list[tuple[int, int, int]]:
    """(start, end, paragraph number) of each sentence."""
    out = []
    start = 0
    paragraph = 0
    for m in _SENTENCE_END.finditer(text):
        out.append((start, m.end(), paragraph))
        if _PARAGRAPH.fullmatch(m.group(0)):
            paragraph += 1
        start = m.end()
    if start < len(text):
        out.append((start, len(text), paragraph))
    return out


def promised_duration(text: str, locale: str, matches=None, library=None,
                      variables: Mapping[str, Any] | None = None, intent: str = DEFERRAL_INTENT) -> Duration | None:
    """The longest duration written near a ``payment-deferral`` match (its sentence or the
    next one in the same paragraph), or None. ``matches``: the text's intent matches, when the
    caller has them (else they are found with ``library``)."""
    if matches is None:
        from .finding import find_intents

        matches = find_intents(text, locale, library)
    anchors = [m for m in matches if m.intent == intent and m.negated_by is None]
    if not anchors:
        return None
    durations = find_durations(text, locale, variables)
    if not durations:
        return None
    sentences = _sentences(text)
    near: list[tuple[int, int]] = []
    for m in anchors:
        for i, (a, b, paragraph) in enumerate(sentences):
            if a <= m.start < b or (a < m.end <= b):
                near.append((a, b))
                if i + 1 < len(sentences) and sentences[i + 1][2] == paragraph:
                    near.append(sentences[i + 1][:2])
                break
    found = [d for d in durations if any(a <= d.start and d.end <= b + 1 for a, b in near)]
    if not found:
        return None
    return max(found, key=lambda d: (d.amount is None, d.days or 0))


_ISO = re.compile(r"^P(?:(?P<y>\d+)Y)?(?:(?P<m>\d+)M)?(?:(?P<w>\d+)W)?(?:(?P<d>\d+)D)?$", re.IGNORECASE)
_LASTS = re.compile(rf"^\s*(?:(?P<num>\d{{1,4}})|{_VAR})\s*(?P<unit>days?|weeks?|months?|years?)\s*$", re.IGNORECASE)


def parse_lasts(value: Any, variables: Mapping[str, Any] | None = None) -> Duration:
    """A ``lasts:`` declaration as a Duration, or :class:`LastsError`."""
    if isinstance(value, bool) or not isinstance(value, str):
        raise LastsError(f"lasts must be text like '3 months' or '{{{{ offer.months }}}} months', got {value!r}")
    iso = _ISO.match(value.strip())
    if iso and value.strip().upper() != "P":
        parts = [(k, int(v)) for k, v in iso.groupdict().items() if v]
        if len(parts) != 1:
            raise LastsError(f"'{value}': use one unit (P3M, P90D, P2W or P1Y)")
        key, amount = parts[0]
        return Duration(amount, {"y": "year", "m": "month", "w": "week", "d": "day"}[key], words=value)
    m = _LASTS.match(value)
    if not m:
        raise LastsError(f"'{value}' is not a duration: write '3 months', '90 days', '2 weeks', '1 year' or "
                         "'{{ offer.months }} months'")
    unit = _en_unit(m.group("unit"))
    if m.group("num"):
        amount = int(m.group("num"))
        if amount <= 0:
            raise LastsError(f"'{value}': a promise lasts at least 1 {unit}")
        return Duration(amount, unit, words=value)
    name = m.group("var")
    if not variables or name not in variables:
        raise LastsError(f"'{value}': '{name}' is not declared in variables")
    maximum = _variable_maximum(name, variables)
    if maximum is None:
        raise LastsError(f"'{value}': variable '{name}' has no maximum; declare one "
                         f"(variables: {{{name}: {{type: integer, maximum: 6}}}}) so the promise has an end")
    if maximum <= 0:
        raise LastsError(f"'{value}': variable '{name}' has maximum {maximum}; a promise lasts at least 1 {unit}")
    return Duration(maximum, unit, words=value, variable=name)
