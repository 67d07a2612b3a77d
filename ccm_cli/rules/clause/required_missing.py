"""A required regulatory clause that is not in a variant's rendered output.

What it checks: every clause in policies/clauses/ (and in included policy packs) whose
`required_for` selectors match a variant — `category`, `channel`, `locale` and `tags` (any of
the comm's tags, declared or shown by its words: an untagged "we will turn off your power"
carries `disconnection-notice`, SPEC 2.6); every selector given must match — is present in that variant's rendered
output, in the variant's locale. Presence is proven on the rendered text: the clause was
inserted with `{{ clause("id") }}`, or its exact rendered text is there. A similar but edited
copy is reported by clause/altered instead. Only clauses in force on the lint date count
(`effective` ≤ today ≤ `expires`; see clause/expired and clause/not-effective).
Why: the statutes behind these clauses make the text itself mandatory — e.g. CAN-SPAM
(15 U.S.C. §7704(a)(3)–(5)) requires an opt-out notice and a physical postal address in every
commercial email, 特定電子メール法 第4条 requires the sender's name, address and an opt-out
address. A campaign sent without them is a violation per message.
Bad:
    # us-can-spam-footer: required_for: {category: [marketing], channel: [email], locale: [en-US]}
    category: marketing
    content: {en-US: {email: {subject: "...", body: "New plans are here!"}}}
Good:
    body: |
      New plans are here!
      {{ clause("us-can-spam-footer") }}
"""

from __future__ import annotations

from ..base import at_doc, make
from ._dates import in_force_key
from ._presence import may_require, presence, required_clauses

ID = "clause/required-missing"
CATEGORY = "clause"
SEVERITY = "error"
SCOPE = "variant"


def check(variant, ctx):
    for clause in required_clauses(ctx, variant):
        found = presence(ctx, clause, variant)
        if found.status in ("inserted", "copied", "altered"):
            continue
        if found.status == "missing" and variant.errors:
            continue  # a field failed to render; the template rules report it
        why = _selectors(clause)
        if found.status == "untranslated":
            message = f"clause '{clause.id}' is required here ({why}) but has no text for {variant.locale}"
            fix = f"Ask {clause.data.get('owner', 'legal')} to add text.{variant.locale} to {clause.file}, then insert {{{{ clause(\"{clause.id}\") }}}}"
        else:
            message = f"required clause '{clause.id}' is missing ({why})"
            fix = f"Add {{{{ clause(\"{clause.id}\") }}}} to the {variant.channel} {'body' if 'body' in variant.fields else 'text'}"
        yield make(__name__, message, **at_doc(variant.comm.doc, ("content", variant.locale, variant.channel), key=True),
                   comm=variant.comm, locale=variant.locale, channel=variant.channel, excerpt=clause.id, fix=fix)


def _selectors(clause) -> str:
    parts = []
    for key, value in clause.required_for.items():
        values = value if isinstance(value, list) else [value]
        parts.append(f"{key}: {', '.join(str(v) for v in values)}")
    return "required_for " + "; ".join(parts) + f" in {clause.file}"


def today_key(project, today) -> str:
    """Only clauses in force on the lint date are required: which ones are."""
    return in_force_key(project, today)


def affected(change, digests):
    """For ``--changed-only``: the comms a changed clause's selectors may select."""
    return may_require(change)
