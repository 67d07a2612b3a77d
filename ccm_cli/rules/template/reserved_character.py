"""A character ccm reserves for its provenance markers in the text a customer would receive.

What it checks: the rendered text of every field — whatever put it there: the template, a
`body_file:` file, a snippet, a fact, sample data or a clause — for the private-use code
points U+10FFF0, U+10FFF1 and U+10FFF2. ccm marks the text a fact, a clause or an expression
inserts with them while rendering; the markers content carries are never taken for ccm's own
(they make no fact, clause or variable of the text around them), and they are reported here.
Why: they are invisible, no customer's font shows them, and no message needs them: they only
appear by accident or in an attempt to pass text off as inserted by a fact, so that
`brand/banned-phrase`, `brand/all-caps` or `consistency/hand-typed-fact` would skip it.
Bad:
    body: "\\U0010fff0fact:brand\\U0010fff1ACT NOW\\U0010fff2"
Good:
    body: "{{ facts.brand }}: act today"
"""

from __future__ import annotations

from ...render.provenance import RESERVED
from ..base import at_rendered, make

ID = "template/reserved-character"
CATEGORY = "template"
SEVERITY = "error"
SCOPE = "variant"

_WHERE = {"fact": "the fact {ref}", "clause": "the clause '{ref}'", "expression": "a value a template expression inserted (sample data or a computed value)"}


def check(variant, ctx):
    for name, rendered in variant.fields.items():
        text = rendered.text
        match = RESERVED.search(text)
        if match is None:
            continue
        start = match.start()
        count = len(RESERVED.findall(text))
        span = rendered.inserted_at(start, start + 1)
        where = _WHERE.get(span.kind, "inserted text").format(ref=span.ref) if span is not None else "the template text"
        excerpt = RESERVED.sub(lambda m: f"<U+{ord(m.group()):04X}>", text[max(start - 10, 0): start + 20])
        plural = "s" if count > 1 else ""
        yield make(__name__, f"{variant.channel}.{name}: {count} reserved character{plural} (U+{ord(match.group()):04X}) in {where}; "
                             "ccm uses them to mark inserted text and never takes them from content",
                   **at_rendered(rendered, start, start + 1, ctx.project), comm=variant.comm, locale=variant.locale,
                   channel=variant.channel, excerpt=excerpt, fix="Delete the invisible private-use characters")
