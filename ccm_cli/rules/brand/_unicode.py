"""Unicode folding for brand-name matching (not a rule).

:func:`fold` turns a text into its *skeleton* — NFKC-folded (full-width "Ｋ" → "K", half-width
katakana → full-width), zero-width and soft-hyphen characters removed, common Cyrillic and
Greek look-alikes mapped to the Latin letters they imitate — and keeps, for every character
of the skeleton, the range of the original text it came from.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

# Invisible characters that can hide inside a word.
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\u2061\u2062\u2063\u2064")

# Confusables (after NFKC): Cyrillic and Greek letters that look like Latin ones.
CONFUSABLES = {
    # Cyrillic lower case
    "а": "a", "в": "b", "е": "e", "һ": "h", "і": "i", "ј": "j", "к": "k", "м": "m", "н": "h",
    "о": "o", "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s", "ԁ": "d", "ԛ": "q",
    "ԝ": "w", "ӏ": "l", "ү": "y", "ѵ": "v",
    # Cyrillic upper case
    "А": "A", "В": "B", "Е": "E", "Н": "H", "І": "I", "Ј": "J", "К": "K", "М": "M", "О": "O",
    "Р": "P", "С": "C", "Т": "T", "У": "Y", "Х": "X", "Ѕ": "S", "Ԁ": "D", "Ԛ": "Q", "Ԝ": "W",
    "Ү": "Y", "Ӏ": "I",
    # Greek
    "α": "a", "β": "b", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t",
    "υ": "u", "χ": "x", "ω": "w", "γ": "y",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N",
    "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
}


@dataclass
class Folded:
    text: str  # the skeleton
    starts: list[int]  # original start of each skeleton character
    ends: list[int]  # original end of each skeleton character

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original range that skeleton ``[start, end)`` came from."""
        return self.starts[start], self.ends[end - 1]


def fold(text: str) -> Folded:
    special = _specials(text)
    if not special:  # nothing to fold: the skeleton is the text
        n = len(text)
        return Folded(text, list(range(n)), list(range(1, n + 1)))
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    done = 0  # text[:done] is folded
    for i in _positions(text, special):
        if i > done:  # a run of characters that fold to themselves
            out.extend(text[done:i])
            starts.extend(range(done, i))
            ends.extend(range(done + 1, i + 1))
        done = i + 1
        ch = text[i]
        if ch in ZERO_WIDTH:
            continue
        mapped = unicodedata.normalize("NFKC", ch) if not ch.isascii() else ch
        for m in mapped:
            m = CONFUSABLES.get(m, m)
            if out and unicodedata.combining(m):
                composed = unicodedata.normalize("NFC", out[-1] + m)
                if len(composed) == 1:  # ｼﾞ -> ジ, e + ́ -> é
                    out[-1] = composed
                    ends[-1] = i + 1
                    continue
            out.append(m)
            starts.append(i)
            ends.append(i + 1)
    if done < len(text):
        out.extend(text[done:])
        starts.extend(range(done, len(text)))
        ends.extend(range(done + 1, len(text) + 1))
    return Folded("".join(out), starts, ends)


_SPECIAL: dict[str, bool] = {}  # character -> does fold() change it (or combine it)?


def _is_special(ch: str) -> bool:
    if ch in ZERO_WIDTH:
        return True
    if ch.isascii():
        return False
    return unicodedata.normalize("NFKC", ch) != ch or ch in CONFUSABLES or unicodedata.combining(ch) != 0


def _specials(text: str) -> list[str]:
    """The distinct characters of ``text`` that fold to something else than themselves."""
    if text.isascii():
        return []
    found = []
    for ch in set(text):
        special = _SPECIAL.get(ch)
        if special is None:
            special = _SPECIAL[ch] = _is_special(ch)
        if special:
            found.append(ch)
    return found


def _positions(text: str, chars: list[str]) -> list[int]:
    """Every offset of ``text`` holding one of ``chars``, in order."""
    found = []
    for ch in chars:
        i = text.find(ch)
        while i != -1:
            found.append(i)
            i = text.find(ch, i + 1)
    found.sort()
    return found


def tricks(original: str) -> list[str]:
    """Why ``original`` differs from its skeleton, in words (empty when it does not)."""
    found = []
    hidden = [ch for ch in original if ch in ZERO_WIDTH]
    if hidden:
        found.append("a hidden zero-width character (" + ", ".join(f"U+{ord(c):04X}" for c in dict.fromkeys(hidden)) + ")")
    lookalikes = []
    for ch in original:
        n = unicodedata.normalize("NFKC", ch)
        if any(c in CONFUSABLES for c in n):
            lookalikes.append(f"'{ch}' (U+{ord(ch):04X} {unicodedata.name(ch, '?')})")
    if lookalikes:
        found.append("look-alike letters " + ", ".join(dict.fromkeys(lookalikes)) + " spoofing Latin ones")
    wide = [ch for ch in original if ch not in ZERO_WIDTH and not ch.isascii() and unicodedata.normalize("NFKC", ch) != ch
            and not any(c in CONFUSABLES for c in unicodedata.normalize("NFKC", ch))]
    if wide:
        found.append("full-width or compatibility characters (" + "".join(dict.fromkeys(wide)) + ")")
    return found
