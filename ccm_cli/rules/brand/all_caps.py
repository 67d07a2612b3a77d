"""Words in ALL CAPS beyond what the brand's tone allows.

What it checks: Latin words of two or more letters written entirely in capitals ("FREE",
"NOW") that the writer typed, against ``tone.all_caps_words_max`` of brand/guidelines.yaml;
every word over the limit is reported. Not counted:

* names listed in ``capitalization:`` (e.g. LINE, STOP, HELP) and their words;
* the common acronyms and abbreviations in ``ACRONYMS`` below — countries and currencies
  (US, USA, UK, EU, USD, JPY), documents and tech (PDF, FAQ, SMS, MMS, ID, PIN, URL, QR, PC,
  TV, API, GPS, OTP, IT), energy (EV, LED, HVAC, AC, DC, KW, KWH, MWH), time (AM, PM and
  time zones such as ET, CT, PT, JST, UTC), money and law (ATM, APR, VAT, ZIP, PO, LLC,
  INC, GDPR, CCPA) and OK — each is the normal spelling, not shouting;
* words in inline code, URLs, facts and variables.

Why: capitals read as shouting, and in SMS and subject lines they are a spam signal.
Bad:
    # tone: {all_caps_words_max: 0}
    subject: "FREE smart thermostat for you"
Good:
    subject: "A free smart thermostat for you"
    body: "Download the PDF of your bill, or reply STOP to opt out."
"""

from __future__ import annotations

import re

from ...findings import TextProblem
from ..options import Option, Schema
from ._common import guideline, memo, reader_view, to_source

ID = "brand/all-caps"
CATEGORY = "brand"
SEVERITY = "warning"
SCOPE = "text"

OPTIONS = {
    "tone.all_caps_words_max": Option(Schema({"type": "integer", "minimum": 0}), None, "All-caps words, at most",
                                      "Words written in capitals (acronyms in 'capitalization' excepted).", (0,)),
}

ACRONYMS = frozenset(
    """
    US USA UK EU UN JP USD JPY EUR GBP
    PDF FAQ FAQS SMS MMS ID IDS PIN URL QR PC TV API GPS OTP IT AI FYI
    EV EVS LED HVAC AC DC KW KWH MWH
    AM PM ET EST EDT CT CST CDT MT MST MDT PT PST PDT JST UTC GMT
    ATM APR VAT ZIP PO LLC INC GDPR CCPA OK
    """.split()
)

WORD = re.compile(r"(?<![\w'’-])[A-Z][A-Z'’]*[A-Z](?![\w'’-])")


def _exempt(ctx) -> frozenset:
    words = set(ACRONYMS)
    for name in guideline(ctx, "capitalization", list):
        if isinstance(name, str):
            words.update(w for w in re.split(r"\W+", name) if w)
    return frozenset(words)


def check(target, ctx):
    limit = guideline(ctx, "tone", dict).get("all_caps_words_max")
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 0:
        return
    view = reader_view(target)
    if view is None:
        return
    exempt = memo(ctx, (ID, "exempt"), lambda: _exempt(ctx))
    words = []
    for m in WORD.finditer(view.text):
        word = m.group(0)
        if word in exempt or re.sub(r"['’]S$", "", word) in exempt or view.skipped(m.start(), m.end()):
            continue
        start, end = to_source(target, m.start(), m.end())
        if target.writer_typed(start, end):
            words.append((start, end, word))
    for start, end, word in words[limit:]:
        message = f"'{word}' is in all caps; the brand's tone allows {limit} all-caps word{'s' if limit != 1 else ''}"
        yield TextProblem(start, end, message, f"Write '{word.lower()}' (or sentence case)")
