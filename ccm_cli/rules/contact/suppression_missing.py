"""A comm with a tag that the contact policy says must exclude a segment, and does not.

What it checks: for every `suppressions` entry `{tag: X, exclude: Y}` in policies/contact.yaml,
every comm tagged X lists Y in `audience.exclude`.
Why: suppressions encode lessons learned the hard way: asking for a referral the day after a
complaint, chasing payment from a customer on an agreed payment holiday (a breach of the
hardship agreement and, for regulated utilities, of the regulator's code of practice).
Bad:
    tags: [collections]
    audience: {segment: overdue_7d}
Good:
    tags: [collections]
    audience: {segment: overdue_7d, exclude: [payment_holiday]}
"""

from __future__ import annotations

from ...policy.audience import of as audience_of
from ..base import at_doc, make

ID = "contact/suppression-missing"
CATEGORY = "contact"
SEVERITY = "error"
SCOPE = "comm"


def check(comm, ctx):
    entries = ctx.project.contact.get("suppressions")
    audience = audience_of(comm)
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict):
            continue
        tag, segment = str(entry.get("tag") or ""), str(entry.get("exclude") or "")
        if not tag or not segment or tag not in comm.tags or segment in audience.excludes:
            continue
        reason = f": {entry['reason']}" if entry.get("reason") else ""
        path = ("audience", "exclude") if "exclude" in comm.audience else ("audience",) if "audience" in comm.data else ("tags",)
        yield make(__name__, f"comms tagged '{tag}' must exclude segment '{segment}'{reason}",
                   **at_doc(comm.doc, path), comm=comm, excerpt=tag,
                   fix=f"Add '{segment}' to audience.exclude")
