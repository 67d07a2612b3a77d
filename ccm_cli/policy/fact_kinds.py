"""What kind of thing a fact of brand/facts.yaml is — a phone number, a URL, an e-mail address,
a price, a postal address, a name — and the same shapes found in a writer's text, so that a value
typed by hand is compared with the facts of its own kind (a phone number with the phone numbers,
a monthly price with the monthly prices), in English and Japanese.

Text given to these functions should be folded one character for one (NFKC: full-width ０-９,
＄, －, ￥ become ASCII, see :func:`fold`), so offsets stay those of the original text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

PHONE_KEY = re.compile(r"phone|tel(?:ephone)?\b|fax|hotline|helpline|call|dial|電話|ダイヤル", re.I)
ADDRESS_KEY = re.compile(r"address|addr\b|住所|所在地", re.I)
PRICE_KEY = re.compile(r"price|fee|cost|credit|charge|rate|tariff|料金|価格|金額", re.I)
NAME_KEY = re.compile(r"name|brand|title|名", re.I)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
URL = re.compile(r"(?:https?://|www\.)[^\s<>()\[\]{}\"'、。「」]+", re.I)

# a phone number as written: +1 (800) 555-0199, 1-800-555-0199, 0120-123-456, 03-1234-5678
PHONE = re.compile(r"(?<![A-Za-z0-9_.$/〒])(?:\+\d{1,3}[\s-]?)?(?:\(\d{2,5}\)\s?|\d{1,5}[\s\-.])(?:\d{1,5}[\s\-.]){0,3}\d{2,5}(?![A-Za-z0-9_/]|[.,]\d)")

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_PER_EN = r"\s?(?:/\s?|\s?per\s+|\s?an?\s+|\s?each\s+)(?P<per>month|mo|year|yr|week|day|kwh|kilowatt[- ]hour)\b"
_PRICE_EN = re.compile(rf"(?P<cur>[$€£¥])\s?(?P<num>{_NUM})(?:{_PER_EN})?", re.I)
_PRICE_JA = re.compile(rf"(?P<pre>月額|月々|毎月|年額|1\s?kWh\s?(?:あたり|当たり|につき))?\s?(?P<num>{_NUM})\s?(?P<cur>円)(?:\s?(?:/|／)\s?(?P<per>月|年|kWh))?", re.I)
_PERIODS = {"month": "month", "mo": "month", "year": "year", "yr": "year", "week": "week", "day": "day",
            "kwh": "kwh", "kilowatt-hour": "kwh", "kilowatt hour": "kwh", "月": "month", "年": "year",
            "月額": "month", "月々": "month", "毎月": "month", "年額": "year"}
_CURRENCY = {"$": "$", "€": "€", "£": "£", "¥": "円", "円": "円"}


@dataclass(frozen=True)
class Price:
    currency: str  # $ € £ 円 (¥ and 円 are one)
    amount: Decimal
    per: str | None  # month, year, week, day, kwh, or None
    start: int
    end: int

    @property
    def unit(self) -> tuple:
        return (self.currency, self.per)


class _Folding(dict):
    """code point -> its one-character NFKC form ('-' for a dash), or itself: a table for
    ``str.translate``, filled as characters are met (translate runs in C)."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        folded = unicodedata.normalize("NFKC", ch)
        folded = folded if len(folded) == 1 else ch
        self[code] = folded = "-" if folded in _DASH_CHARS or ch in _DASH_CHARS else folded
        return folded


_DASH_CHARS = frozenset("‐‑‒–—―−ー－")
_FOLDING = _Folding()


def fold(text: str) -> str:
    """NFKC one character for one (full-width digits and signs become ASCII), dashes as '-'."""
    return text if text.isascii() else text.translate(_FOLDING)


def digits(text: str) -> str:
    return "".join(ch for ch in fold(text) if ch.isdigit())


def prices(text: str) -> list[Price]:
    """Every price in ``text`` (folded): $35/month, $0.16 per kWh, ¥3,300, 月額3,300円, 1kWhあたり31円."""
    found: list[Price] = []
    for match in _PRICE_EN.finditer(text) if "$" in text or "€" in text or "£" in text or "¥" in text else ():
        amount = _decimal(match.group("num"))
        if amount is None:
            continue
        per = match.group("per")
        found.append(Price(_CURRENCY[match.group("cur")], amount, _PERIODS.get(per.lower()) if per else None, match.start(), match.end()))
    for match in _PRICE_JA.finditer(text) if "円" in text else ():
        amount = _decimal(match.group("num"))
        before = text[match.start("num") - 1] if match.start("num") > 0 else ""
        if amount is None or (before and (before.isalnum() and before.isascii() or before in ".,")):
            continue
        pre, per = match.group("pre"), match.group("per")
        period = _PERIODS.get(pre) if pre and not pre.startswith("1") else ("kwh" if pre else None)
        period = period or (_PERIODS.get(per.lower() if per.isascii() else per) if per else None)
        start = match.start("pre") if pre else match.start("num")
        found.append(Price("円", amount, period, start, match.end()))
    return sorted(found, key=lambda p: p.start)


def phones(text: str) -> list[tuple[int, int, str]]:
    """(start, end, digits) of every phone-number-shaped run of ``text`` (folded) with 7 to 15 digits."""
    found = []
    for match in PHONE.finditer(text):
        number = re.sub(r"\D", "", match.group())
        if 7 <= len(number) <= 15:
            found.append((match.start(), match.end(), number))
    return found


def kind_of(path: str, value: str) -> str:
    """phone, url, email, address, price, name or other: what the fact at ``path`` holds."""
    text = fold(value).strip()
    has_digit = any(ch.isdigit() for ch in text)
    leaf = path.rsplit(".", 1)[-1]
    if URL.fullmatch(text):
        return "url"
    if EMAIL.fullmatch(text):
        return "email"
    if has_digit and (PHONE_KEY.search(leaf) or re.fullmatch(r"\+?[\d\s\-.()]+", text) and 7 <= len(digits(text)) <= 15):
        return "phone"
    if ADDRESS_KEY.search(path) or text.startswith("〒"):
        return "address"
    if has_digit and (PRICE_KEY.search(path) or any(p.start == 0 and p.end == len(text) for p in prices(text))):
        return "price"
    if NAME_KEY.search(leaf) or not has_digit:
        return "name"
    return "other"


def postal_code(value: str) -> str | None:
    """The postal code of an address (〒150-0002, or a ZIP code after the state), as digits."""
    found = postal_codes(fold(value))
    return found[-1][2] if found else None


_STATES = ("AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR "
           "PA RI SC SD TN TX UT VT VA WA WV WI WY PR").split() + [
    "Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut", "Delaware", "Florida", "Georgia",
    "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa", "Kansas", "Kentucky", "Louisiana", "Maine", "Maryland",
    "Massachusetts", "Michigan", "Minnesota", "Mississippi", "Missouri", "Montana", "Nebraska", "Nevada",
    "New Hampshire", "New Jersey", "New Mexico", "New York", "North Carolina", "North Dakota", "Ohio", "Oklahoma",
    "Oregon", "Pennsylvania", "Rhode Island", "South Carolina", "South Dakota", "Tennessee", "Texas", "Utah", "Vermont",
    "Virginia", "Washington", "West Virginia", "Wisconsin", "Wyoming", "Puerto Rico"]
# a postal code as typed: 〒150-0002, or a US ZIP code right after a state (IL 62701, Illinois 62701)
_POSTAL = re.compile(r"〒\s?\d{3}-?\d{4}|(?<![\d-])\d{5}(?:-\d{4})?(?!\d)")
_STATE_BEFORE = re.compile(r"(?:^|[^A-Za-z])(?:" + "|".join(_STATES) + r"),?\s+$")


def postal_codes(text: str, cased: str | None = None) -> list[tuple[int, int, str]]:
    """(start, end, digits) of every postal code typed in ``text`` (folded): the five digits of
    a ZIP code (not its +4) after a state, or a 〒 code. ``cased``: the text before it was
    lower-cased, if it was (a state's abbreviation is upper case), same offsets."""
    found = []
    for match in _POSTAL.finditer(text):
        typed = match.group()
        if typed.startswith("〒"):
            found.append((match.start(), match.end(), re.sub(r"\D", "", typed)))
        elif _STATE_BEFORE.search(fold((cased if cased is not None else text)[max(0, match.start() - 24):match.start()])):
            found.append((match.start(), match.start() + 5, typed[:5]))
    return found


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", "")).normalize()
    except InvalidOperation:
        return None


def describe(price: Price) -> str:
    amount = format(price.amount, "f")
    return f"{price.currency}{amount}{'/' + price.per if price.per else ''}" if price.currency != "円" else f"{amount}円{'/' + price.per if price.per else ''}"
