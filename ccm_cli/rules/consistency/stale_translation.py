"""One locale of a field changed since the base branch and the others did not (`--base REF`).

What it checks: with `ccm lint --base main` (and `--changed-only`), for every comm on both sides,
field by field (channel × field, inline in the YAML or in a template file): when the text of one
locale changed and another locale's text of the same field did not, the unchanged translation
is possibly stale. Reported at the changed locale's first changed line. A change to every
locale of the field or to a template file they share is not reported, nor a copy edit
(whitespace, punctuation, a typo or an article in English; in Japanese whitespace and
punctuation only; never a number or a negation); snippets and clauses the field includes are
shared and not compared. Without `--base` this rule
is silent. `ccm diff` lists the same fields.
Why: a rewritten English promise ("refund within 30 days" → "within 14 days") with the Japanese
left as it was means Japanese-speaking customers are told something the company no longer
says. Reviewers who read one language never see it.
Bad:
    en-US: {email: {body: "Refunds within 14 days."}}     # changed
    ja-JP: {email: {body: "30日以内に返金します。"}}          # untouched
Good:
    en-US: {email: {body: "Refunds within 14 days."}}
    ja-JP: {email: {body: "14日以内に返金します。"}}          # changed in the same pull request
"""

from __future__ import annotations

from ...translations import stale_translations
from ..base import at_field, make

ID = "consistency/stale-translation"
CATEGORY = "consistency"
SEVERITY = "warning"
SCOPE = "project"


def check(project, ctx):
    if ctx.base is None:
        return
    for stale in stale_translations(ctx.base, project, ctx.wanted):
        changed, unchanged = ", ".join(stale.changed), ", ".join(stale.unchanged)
        verb = "was" if len(stale.unchanged) == 1 else "were"
        yield make(__name__, f"{stale.channel}.{stale.field} changed in {changed} but {unchanged} {verb} not updated: possibly a stale translation",
                   **at_field(stale.where, stale.offset), comm=stale.comm, locale=stale.changed[0], channel=stale.channel,
                   excerpt=stale.where.source[stale.offset:stale.offset + 60] or stale.field,
                   fix=f"Update {stale.channel}.{stale.field} in {unchanged} to say the same, or confirm the translation still holds")


def affected(change, digests):
    """Only a comm whose own text changed can have a stale translation: the engine lints it already."""
    return set()
