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
    stray = "".join(info.non_gsm)
    first = min(rendered.text.find(ch) for ch in info.non_gsm)
    fix = ", ".join(f"'{ch}' → '{REPLACEMENTS[ch]}'" for ch in info.non_gsm if ch in REPLACEMENTS) or "Use plain GSM-7 characters"
    yield make(__name__, f"{len(info.non_gsm)} character(s) outside GSM-7 ({stray!r}) force UCS-2: 70 instead of 160 characters per part",
               **at_rendered(rendered, first, first + 1, ctx.project), comm=variant.comm, locale=variant.locale,
               channel="sms", excerpt=rendered.text[max(first - 20, 0): first + 20], fix=f"Replace {fix}")
