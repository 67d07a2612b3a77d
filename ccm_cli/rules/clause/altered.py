"""A regulatory clause typed or pasted by hand instead of inserted with `clause()`.

What it checks: for every clause a variant requires (see clause/required-missing) and does not
insert with `{{ clause("id") }}`, the writer's own text is compared with the clause's text
rendered for the variant's locale and sample (normalised: NFKC, whitespace collapsed).
A passage at least 60% similar (difflib ratio of the best-matching window) but not equal is an
*altered clause* (error). An exact copy typed by hand is a warning: it is correct today but will
not follow the next version legal publishes.
Why: legal approves one wording. An "improved" copy — "unsubscribe" shortened to "opt out
here", the postal address dropped — is no longer the approved text, and reviewers see a
familiar-looking footer and approve it. This is how CAN-SPAM and 特定電子メール法 footers
silently lose the mandatory postal address.
Bad:
    body: |
      ...
      You get this email because you signed up. Unsubscribe: {{ unsubscribe_url }}
Good:
    body: |
      ...
      {{ clause("us-can-spam-footer") }}
"""

from __future__ import annotations

from ..base import at_rendered, make
from ._dates import in_force_key
from ._presence import may_require, presence, required_clauses

ID = "clause/altered"
CATEGORY = "clause"
SEVERITY = "error"
SCOPE = "variant"


def check(variant, ctx):
    for clause in required_clauses(ctx, variant):
        found = presence(ctx, clause, variant)
        if found.status not in ("altered", "copied"):
            continue
        where = at_rendered(found.field, found.start, _typed_end(found), ctx.project)
        excerpt = found.field.text[found.start : found.end]
        fix = f"Replace the copy with {{{{ clause(\"{clause.id}\") }}}}"
        if found.status == "copied":
            yield make(__name__, f"clause '{clause.id}' is typed by hand instead of inserted with clause(); it will not follow new versions",
                       **where, comm=variant.comm, locale=variant.locale, channel=variant.channel,
                       excerpt=excerpt, fix=fix, severity="warning")
        else:
            yield make(__name__, f"altered clause: this text is {found.ratio:.0%} similar to clause '{clause.id}' (v{clause.version}) but not equal; legal approved the original wording",
                       **where, comm=variant.comm, locale=variant.locale, channel=variant.channel,
                       excerpt=excerpt, fix=fix)


def _typed_end(found) -> int:
    """The end of the first stretch of the copy the writer typed (up to the first inserted
    value), so the finding points at the line where the copy starts."""
    end = found.end
    for span in found.field.spans:
        if span.kind != "snippet" and found.start < span.start < end:
            end = span.start
    return end


def today_key(project, today) -> str:
    """Only clauses in force on the lint date are required: which ones are."""
    return in_force_key(project, today)


def affected(change, digests):
    """For ``--changed-only``: the comms a changed clause's selectors may select."""
    return may_require(change)
