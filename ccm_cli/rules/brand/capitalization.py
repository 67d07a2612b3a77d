"""A brand or product name written differently from the guidelines' spelling.

What it checks: every name in ``capitalization:`` of brand/guidelines.yaml (e.g. "Kumo
Energy", "iPhone", "LINE") against the text a customer reads. It reports:

* a wrong case: "Kumo energy", "KUMO ENERGY", "kumo Energy", "Iphone";
* Unicode tricks, even when the letters look right: full-width letters ("Ｋｕｍｏ Energy"),
  a zero-width character inside the name ("Ku\\u200bmo Energy"), and look-alike Cyrillic or
  Greek letters ("Kumо Energy" with a Cyrillic "о") — reported as spoofing, by code point.

Matching folds the text first (NFKC, zero-width characters removed, common Cyrillic/Greek
confusables mapped to Latin) and compares case-insensitively, with word boundaries for
Latin names. A single all-capitals word such as "LINE", "STOP" or "HELP" is also an ordinary
word ("a new line", "stop by"), so for those only Unicode tricks are reported, never the case.
Names inside URLs, link targets and inline code are not checked; a name that comes from a
fact (``{{ facts.brand }}``) is correct by definition.
Why: a brand name is the one thing every message must spell the same way; look-alike and
invisible characters are how phishing mail imitates a brand, and filters flag them.
Bad:
    body: "Thanks for choosing KUMO ENERGY."
    body: "Thanks for choosing Kumо Energy."    # Cyrillic о
Good:
    body: "Thanks for choosing {{ facts.brand }}."
    body: "Thanks for choosing Kumo Energy."
"""

from __future__ import annotations

import re

from ...findings import TextProblem
from ..options import Option, Schema
from ._common import guideline, is_latin, memo, reader_view, to_source
from ._unicode import fold, tricks

ID = "brand/capitalization"
CATEGORY = "brand"
SEVERITY = "warning"
SCOPE = "text"

OPTIONS = {
    "capitalization": Option(Schema({"type": "array", "items": {"type": "string"}}), None, "Capitalization",
                             "Names that must always be written exactly so (brand and product names).",
                             (["LINE", "iPhone", "Kumo Energy"],)),
}


def _names(ctx):
    out = []
    for name in guideline(ctx, "capitalization", list):
        if not isinstance(name, str) or not name.strip():
            continue
        name = name.strip()
        skeleton = fold(name).text
        body = r"\s+".join(re.escape(w) for w in skeleton.split())
        if is_latin(skeleton):
            body = rf"(?<![\w-]){body}(?![\w-])"
        case_is_word = " " not in name and name.isupper()  # LINE, STOP: also ordinary words
        out.append((name, re.compile(body, re.I), case_is_word))
    return out


def check(target, ctx):
    names = memo(ctx, (ID, "names"), lambda: _names(ctx))
    if not names:
        return
    view = reader_view(target)
    if view is None:
        return
    folded = target.prose.view("fold", lambda prose: fold(prose.text))  # view.text is target.prose.text
    for name, regex, case_is_word in names:
        for m in regex.finditer(folded.text):
            a, b = folded.span(m.start(), m.end())
            original = view.text[a:b]
            if original == name or view.skipped(a, b):
                continue
            why = tricks(original)
            if not why:
                if case_is_word or " ".join(m.group(0).split()) == name or m.group(0) == name:
                    continue  # only spacing differs, or an ordinary word like "line"
                message = f"Write '{name}', not '{original}' (brand capitalization)"
            else:
                message = f"'{name}' is written with {'; '.join(why)}"
            start, end = to_source(target, a, b)
            yield TextProblem(start, end, message, f"Write '{name}'")
