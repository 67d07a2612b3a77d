"""A comm whose audience consent is below the contact policy's minimum.

What it checks: for every channel a comm has content for, `audience.consent` (default `none`)
is at least `consent.<category>.<channel>` in policies/contact.yaml (and included policy packs),
in the order none < soft_opt_in < opt_in. A comm that sells — its text shows the `promotion`
intent, whatever its `category:` — also needs marketing's consent on each channel whose text
sells (on every channel when it is tagged `promotion`): that finding points at the words. When
`category_content` already forbids promotion in the comm's category, contact/category-content
reports those words instead (the fix is the same: take the offer out, or make it marketing).
Why: consent is the legal basis for the message. Marketing texts without prior express written
consent violate the TCPA (47 U.S.C. §227, up to $1,500 per message); UK PECR reg. 22 requires
consent (or the soft opt-in) for marketing email and SMS; CASL s.6(1) requires consent for
every commercial electronic message to Canadians, and 特定電子メール法 第3条 for every e-mail that
advertises. What makes a message marketing is what it says: a promotional paragraph in a bill
or a campaign relabelled `category: service` still needs the consent marketing needs.
Bad:
    category: marketing
    audience: {segment: all_customers, consent: none}     # policy: marketing.sms: opt_in
    # or: category: service, body: "... switch to Green today and get $20 off"
Good:
    audience: {segment: all_customers, consent: opt_in}
"""

from __future__ import annotations

from ...policy.consent import rank
from ...policy.shown import MARKETING_INTENT, shown
from ...policy.vocabularies import intent_library
from ..base import at_doc, make
from ._common import forbidden

ID = "contact/consent"
CATEGORY = "contact"
SEVERITY = "error"
SCOPE = "comm"


def check(comm, ctx):
    policy = ctx.project.contact.get("consent")
    if not isinstance(policy, dict):
        return
    have = comm.audience.get("consent") or "none"
    have_rank = rank(have)
    if have_rank is None:
        return  # an unknown level is a schema finding
    channels = sorted({f.channel for f in comm.fields})
    rules = policy.get(comm.category) if comm.category else None
    needed = {}
    if isinstance(rules, dict):
        for channel in channels:
            need_rank = rank(rules.get(channel))
            if need_rank is not None and have_rank < need_rank:
                needed[channel] = rules.get(channel)
        path = ("audience", "consent") if "consent" in comm.audience else ("audience",)
        for channel, need in needed.items():
            yield make(__name__, f"{comm.category} {channel} needs consent '{need}' (policies/contact.yaml), this comm targets '{have}'",
                       **at_doc(comm.doc, path), comm=comm, channel=channel, excerpt=f"consent: {have}",
                       fix=f"Target only customers with consent: {need}, or remove the {channel} channel")
    marketing = policy.get("marketing")
    if comm.category == "marketing" or not isinstance(marketing, dict):
        return
    what = shown(comm, ctx)
    if not what.counts_as_marketing:
        return
    library = intent_library(ctx.project)
    if any(library.intent_of(name) == MARKETING_INTENT for name in forbidden(ctx.project.contact, comm.category)[0]):
        return  # contact/category-content reports the words
    for channel in channels:
        need = marketing.get(channel)
        need_rank = rank(need)
        if need_rank is None or have_rank >= need_rank or channel in needed and rank(needed[channel]) >= need_rank:
            continue
        evidence = _evidence(what, channel)
        if evidence is not None and evidence.channel != channel:
            continue  # this channel's text does not sell
        where = evidence.at(comm, ctx.project) if evidence is not None else at_doc(comm.doc, ("tags",))
        said = f"it shows {MARKETING_INTENT}: {evidence.describe()}" if evidence is not None else f"it is tagged {MARKETING_INTENT}"
        yield make(__name__, f"this {comm.category or 'uncategorised'} comm sells ({said}), so it is marketing: marketing {channel} "
                             f"needs consent '{need}' (policies/contact.yaml), this comm targets '{have}'",
                   **where, comm=comm, channel=channel, locale=evidence.locale if evidence is not None else None,
                   excerpt=evidence.words if evidence is not None else MARKETING_INTENT,
                   fix=f"Remove the promotional words, or make it a marketing comm for customers with consent: {need}")


def _evidence(what, channel: str):
    """The words that sell in ``channel`` (else elsewhere), or None when a tag says it sells."""
    if what.declares(MARKETING_INTENT):
        return None
    found = what.intents.get(MARKETING_INTENT) or []
    for evidence in found:
        if evidence.channel == channel:
            return evidence
    return found[0] if found else what.why(MARKETING_INTENT)
