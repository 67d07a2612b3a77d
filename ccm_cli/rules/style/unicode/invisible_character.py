"""Invisible characters in a template: zero-width spaces and joiners, word joiners, soft hyphens.

What it checks: the template text the writer typed for U+200B (zero-width space), U+200C/U+200D
(zero-width non-joiner/joiner, outside emoji sequences), U+2060 (word joiner), U+FEFF (BOM
inside text) and U+00AD (soft hyphen). Inside a URL or a brand name it is an error; elsewhere
a warning. Japanese copy is also checked by ja/no-zero-width-spaces on the rendered text; this
rule skips U+200B in ja locales when that rule is enabled, so a character is reported once.
Why: invisible characters break links ("kumo.example/pa\u200by" is another address), defeat
brand-name and banned-phrase checks, and are a classic way to smuggle a spoofed name past a
reviewer.
Bad:
    body: "Visit https://kumo.exa\u200bmple/help"
Good:
    body: "Visit {{ facts.support_url }}"
"""

from __future__ import annotations

import re

from ...base import at_field, make
from ._scan import typed_texts

ID = "unicode/invisible-character"
CATEGORY = "style"
SEVERITY = "warning"
SCOPE = "comm"

INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
NAMES = {"\u200b": "zero-width space", "\u200c": "zero-width non-joiner", "\u200d": "zero-width joiner",
         "\u2060": "word joiner", "\ufeff": "byte order mark", "\u00ad": "soft hyphen"}
URL = re.compile(r"https?://\S+|www\.\S+")


def _in_emoji_sequence(text: str, i: int) -> bool:
    return text[i] == "\u200d" and i > 0 and i + 1 < len(text) and ord(text[i - 1]) > 0x2000 and ord(text[i + 1]) > 0x2000


def check(comm, ctx):
    ja_rule_on = "no-zero-width-spaces" in (ctx.project.guidelines.get("ja") or {}) if isinstance(ctx.project.guidelines.get("ja"), dict) else False
    names = ctx.project.guidelines.get("capitalization") if isinstance(ctx.project.guidelines, dict) else None
    brands = [b for b in names if isinstance(b, str)] if isinstance(names, list) else []
    for tfield in typed_texts(comm, ctx):
        text = tfield.source
        urls = [m.span() for m in URL.finditer(text)]
        for match in INVISIBLE.finditer(text):
            i, ch = match.start(), match.group()
            if _in_emoji_sequence(text, i) or (ch == "\u200b" and tfield.locale.startswith("ja") and ja_rule_on):
                continue
            in_url = any(a <= i < b for a, b in urls)
            squeezed = text[max(i - 30, 0): i + 30].replace(ch, "")
            in_brand = any(b in squeezed and b not in text[max(i - 30, 0): i + 30] for b in brands)
            where = " inside a URL" if in_url else (" inside a brand name" if in_brand else "")
            yield make(__name__, f"invisible {NAMES[ch]} (U+{ord(ch):04X}){where} in {tfield.channel}.{tfield.name}",
                       **at_field(tfield, i), comm=comm, locale=tfield.locale, channel=tfield.channel,
                       excerpt=text[max(i - 15, 0): i + 15].replace(ch, f"<U+{ord(ch):04X}>"),
                       fix="Delete the invisible character", severity="error" if (in_url or in_brand) else None)
