"""A Latin-script SMS pushed into UCS-2 by a few stray characters.

What it checks: an SMS in a Latin-script language (en, fr, de, ...) whose rendered text would
fit GSM-7 except for a handful of characters such as curly quotes (’ “ ”), an ellipsis (…),
an en or em dash (– —) or a non-breaking space.
Why: one such character switches the whole message to UCS-2, cutting each part from 160 to 70
characters: the same text costs two or three times as much, and the writer never sees why.
Bad:
    body: "We’ve received your payment — thank you."
Good:
    body: "We've received your payment - thank you."
"""

from __future__ import annotations

import unicodedata

from ...channels import sms_info
from ..base import at_rendered, make

ID = "channel/sms-encoding"
CATEGORY = "channel"
SEVERITY = "warning"
SCOPE = "variant"

REPLACEMENTS = {"’": "'", "‘": "'", "“": '"', "”": '"', "…": "...", "–": "-", "—": "-", "\u00a0": " ", "•": "-", "′": "'", "″": '"'}
NON_LATIN_LANGUAGES = {"ja", "zh", "ko", "th", "ar", "he", "ru", "uk", "el", "hi"}


def check(variant, ctx):
    if variant.channel != "sms" or "body" not in variant.fields or variant.language in NON_LATIN_LANGUAGES:
        return
    rendered = variant.fields["body"]
    info = sms_info(rendered.text)
    if info.encoding != "UCS-2":
        return
    first = min(rendered.text.find(ch) for ch in info.non_gsm)
    count = len(info.non_gsm)
    shown = ", ".join(_show(ch) for ch in info.non_gsm)
    yield make(__name__, f"{count} character{'s' if count != 1 else ''} outside GSM-7 ({shown}) force UCS-2: "
               "70 instead of 160 characters per part",
               **at_rendered(rendered, first, first + 1, ctx.project), comm=variant.comm, locale=variant.locale,
               channel="sms", excerpt=rendered.text[max(first - 20, 0): first + 20], fix=_fix(info.non_gsm))


def _show(ch: str) -> str:
    """A character as a reader can see it: ’ as '’', a no-break space as U+00A0 NO-BREAK SPACE."""
    if ch == " ":
        return "a plain space"
    if ch.isprintable() and not ch.isspace():
        return f'"{ch}"' if ch == "'" else f"'{ch}'"
    return f"U+{ord(ch):04X} {unicodedata.name(ch, 'control character')}"


def _fix(stray) -> str:
    """"Replace '’' with "'" and '—' with '-'; rewrite without '☃'"."""
    known = [f"{_show(ch)} with {_show(REPLACEMENTS[ch])}" for ch in stray if ch in REPLACEMENTS]
    other = [_show(ch) for ch in stray if ch not in REPLACEMENTS]
    parts = []
    if known:
        parts.append("Replace " + _and(known))
    if other:
        parts.append(("rewrite" if known else "Rewrite") + " without " + _and(other))
    return "; ".join(parts)


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
