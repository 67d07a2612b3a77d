"""A comm whose audience consent is below the contact policy's minimum.

What it checks: for every channel a comm has content for, `audience.consent` (default `none`)
is at least `consent.<category>.<channel>` in policies/contact.yaml (and included policy packs),
in the order none < soft_opt_in < opt_in.
Why: consent is the legal basis for the message. Marketing texts without prior express written
consent violate the TCPA (47 U.S.C. §227, up to $1,500 per message); UK PECR reg. 22 requires
consent (or the soft opt-in) for marketing email and SMS; CASL s.6(1) requires consent for
every commercial electronic message to Canadians.
Bad:
    category: marketing
    audience: {segment: all_customers, consent: none}     # policy: marketing.sms: opt_in
Good:
    audience: {segment: all_customers, consent: opt_in}
"""

from __future__ import annotations

from ...policy.consent import rank
from ..base import at_doc, make

ID = "contact/consent"
CATEGORY = "contact"
SEVERITY = "error"
SCOPE = "comm"


def check(comm, ctx):
    policy = ctx.project.contact.get("consent")
    rules = policy.get(comm.category) if isinstance(policy, dict) and comm.category else None
    if not isinstance(rules, dict):
        return
    have = comm.audience.get("consent") or "none"
    have_rank = rank(have)
    if have_rank is None:
        return  # an unknown level is a schema finding
    channels = sorted({f.channel for f in comm.fields})
    for channel in channels:
        need = rules.get(channel)
        need_rank = rank(need)
        if need_rank is None or have_rank >= need_rank:
            continue
        path = ("audience", "consent") if "consent" in comm.audience else ("audience",)
        yield make(__name__, f"{comm.category} {channel} needs consent '{need}' (policies/contact.yaml), this comm targets '{have}'",
                   **at_doc(comm.doc, path), comm=comm, channel=channel, excerpt=f"consent: {have}",
                   fix=f"Target only customers with consent: {need}, or remove the {channel} channel")
