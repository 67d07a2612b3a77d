"""A comm that carries a tag the contact policy says must exclude a segment, and does not.

What it checks: for every `suppressions` entry `{tag: X, exclude: Y}` in policies/contact.yaml,
every comm that carries X — declares the tag, or shows the intent X in its text (SPEC 2.6: a tag
and an intent of the same name, or an intent's alias, are the same thing) — cannot reach a
customer of segment Y: it lists Y in `audience.exclude`, or, with policies/audience.yaml, it
excludes a segment Y is within, or its own segment is disjoint with Y (SPEC 2.7). A comm that
shows the intent without declaring it is reported at the words that show it.
Why: suppressions encode lessons learned the hard way: asking for a referral the day after a
complaint, chasing payment from a customer on an agreed payment holiday (a breach of the
hardship agreement and, for regulated utilities, of the regulator's code of practice). A
policy that a missing label switches off protects nobody: an automated "we will turn off your
power" SMS is a disconnection notice whatever its tags say.
Bad:
    tags: [collections]
    audience: {segment: overdue_7d}
    # or: tags: [store], body: "Love us? Recommend us to a friend!"  (referral-request, no complained_30d)
Good:
    tags: [collections]
    audience: {segment: overdue_7d, exclude: [payment_holiday]}
"""

from __future__ import annotations

from ...policy.audience import Audience
from ...policy.audience import of as audience_of
from ...policy.shown import shown
from ...policy.vocabularies import audience_vocabulary
from ..base import at_doc, make

ID = "contact/suppression-missing"
CATEGORY = "contact"
SEVERITY = "error"
SCOPE = "comm"


def check(comm, ctx):
    entries = ctx.project.contact.get("suppressions")
    entries = [e for e in entries if isinstance(e, dict)] if isinstance(entries, list) else []
    if not entries:
        return
    audience = audience_of(comm)
    vocabulary = audience_vocabulary(ctx.project)
    what = shown(comm, ctx)
    for entry in entries:
        tag, segment = str(entry.get("tag") or ""), str(entry.get("exclude") or "")
        if not tag or not segment or not what.has(tag):
            continue
        if not vocabulary.may_overlap(audience, Audience(segment, frozenset())):
            continue  # it cannot reach the segment: excluded, within an excluded one, or disjoint
        reason = f": {entry['reason']}" if entry.get("reason") else ""
        evidence = what.why(tag)
        if evidence is None:
            path = ("audience", "exclude") if "exclude" in comm.audience else ("audience",) if comm.declares("audience") else ("tags",)
            yield make(__name__, f"comms tagged '{tag}' must exclude segment '{segment}'{reason}",
                       **at_doc(comm.doc, path), comm=comm, excerpt=tag,
                       fix=f"Add '{segment}' to audience.exclude")
            continue
        yield make(__name__, f"the text shows {evidence.intent}: {evidence.describe()}, so this is a '{tag}' comm whatever "
                             f"its tags say; such comms must exclude segment '{segment}'{reason}",
                   **evidence.at(comm, ctx.project), comm=comm, locale=evidence.locale, channel=evidence.channel, excerpt=evidence.words,
                   fix=f"Add '{segment}' to audience.exclude (and tag the comm '{tag}'), or remove the words")
