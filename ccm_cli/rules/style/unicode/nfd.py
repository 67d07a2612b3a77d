"""Text that is not in Unicode NFC (decomposed accents and kana sound marks).

What it checks: the template text the writer typed is in normalisation form C. Decomposed
text — "é" as "e" + U+0301, "ガ" as "カ" + U+3099 — usually arrives by copy-paste from macOS
file names or PDFs. Japanese copy is also checked by ja/no-nfd on the rendered text; in ja
locales this rule defers to it when it is enabled, so a character is reported once.
Why: decomposed text looks identical but compares differently: search, banned-phrase and
brand checks miss it, some SMS gateways count it as two characters, and some fonts render the
mark detached.
Bad:
    body: "Cafe\u0301 voucher"
Good:
    body: "Café voucher"
"""

from __future__ import annotations

import unicodedata

from ...base import at_field, make
from ._scan import typed_texts

ID = "unicode/nfd"
CATEGORY = "style"
SEVERITY = "warning"
SCOPE = "comm"


def check(comm, ctx):
    ja = ctx.project.guidelines.get("ja") if isinstance(ctx.project.guidelines, dict) else None
    ja_rule_on = isinstance(ja, dict) and "no-nfd" in ja
    for tfield in typed_texts(comm, ctx):
        text = tfield.source
        if unicodedata.is_normalized("NFC", text) or (tfield.locale.startswith("ja") and ja_rule_on):
            continue
        for i, ch in enumerate(text):
            if unicodedata.combining(ch) and i > 0:
                composed = unicodedata.normalize("NFC", text[i - 1: i + 1])
                if len(composed) == 1:
                    yield make(__name__, f"decomposed character in {tfield.channel}.{tfield.name}: '{text[i - 1]}' + U+{ord(ch):04X} should be '{composed}'",
                               **at_field(tfield, i - 1), comm=comm, locale=tfield.locale, channel=tfield.channel,
                               excerpt=text[max(i - 10, 0): i + 10], fix=f"Replace with '{composed}' (NFC)")
