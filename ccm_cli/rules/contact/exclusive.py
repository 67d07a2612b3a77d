"""Two comms with mutually exclusive tags that can reach the same customer at the same time.

What it checks: for every `exclusive` entry in policies/contact.yaml (`tags: [a, b, ...]`), any
two comms carrying *different* tags of the list whose schedules overlap and whose audiences
are not provably disjoint (neither excludes the other's segment). Both comms are reported,
each naming the other and both owners.
Why this id: SPEC 2.5 lists the check under consistency, but it is a contact decision (who may
be contacted when), and the `contact/` prefix makes it unsuppressible under the usual
`unsuppressible: [clause/*, contact/*]` — a writer must not be able to waive it from a comm file.
Why: the "deferral vs disconnection" failure: a customer accepts a payment holiday on Monday
and receives a disconnection notice on Tuesday. Contradictory notices breach the hardship
agreement, utility regulators' disconnection rules, and the customer's trust — and each comm
looked correct to the team that owned it.
Bad:
    # billing.payment-holiday-offer: tags [payment-holiday], segment payment_holiday
    # billing.disconnection-notice:  tags [disconnection-notice], segment overdue_60d
Good:
    # disconnection-notice: audience: {segment: overdue_60d, exclude: [payment_holiday]}

Complexity: comms are bucketed by exclusive tag, then by (active days, audience); schedules and
audiences are compared once per two groups of one entry, never for all pairs of comms.
"""

from __future__ import annotations

from ...policy.audience import disjoint
from ...policy.audience import of as audience_of
from ...policy.schedule import active
from ...policy.selectors import values
from ..base import at_doc, make
from ._common import moved, tag_list

ID = "contact/exclusive"
CATEGORY = "contact"
SEVERITY = "error"
SCOPE = "project"


def check(project, ctx):
    entries = project.contact.get("exclusive")
    if not isinstance(entries, list):
        return
    exclusive_tags = {t for e in entries if isinstance(e, dict) for t in tag_list(e.get("tags"))}
    # tag -> (active days, audience) -> comms: pairs are judged once per two groups
    by_tag: dict[str, dict[tuple, list]] = {}
    for comm in project.comms:
        tags = set(comm.tags) & exclusive_tags
        if tags:
            key = (active(comm.schedule), audience_of(comm))
            for tag in tags:
                by_tag.setdefault(tag, {}).setdefault(key, []).append(comm)
    reported = set()
    for entry in entries:
        if not isinstance(entry, dict):
            continue
        tags = tag_list(entry.get("tags"))
        reason = f" ({entry['reason']})" if entry.get("reason") else ""
        for i, tag_a in enumerate(tags):
            for tag_b in tags[i + 1 :]:
                if tag_a == tag_b:
                    continue
                for (days_a, audience_a), group_a in by_tag.get(tag_a, {}).items():
                    for (days_b, audience_b), group_b in by_tag.get(tag_b, {}).items():
                        if not days_a.overlaps(days_b) or disjoint(audience_a, audience_b):
                            continue
                        for a in group_a:
                            for b in group_b:
                                pair = tuple(sorted((a.id, b.id)))
                                if a is b or pair in reported:
                                    continue
                                if ctx.wanted is not None and a.id not in ctx.wanted and b.id not in ctx.wanted:
                                    continue  # neither is reported in this run (--changed-only, --shard)
                                reported.add(pair)
                                yield from _both(a, b, tag_a, tag_b, audience_a, audience_b, reason)


def _both(a, b, tag_a, tag_b, audience_a, audience_b, reason):
    for this, other, this_tag, other_tag, other_audience in ((a, b, tag_a, tag_b, audience_b), (b, a, tag_b, tag_a, audience_a)):
        yield make(__name__,
                   f"'{this.id}' ({this_tag}, owner {this.owner}) and '{other.id}' ({other_tag}, owner {other.owner}) can reach the same customer at the same time{reason}",
                   **at_doc(this.doc, ("audience",) if "audience" in this.data else ("tags",)), comm=this,
                   excerpt=f"{this_tag} × {other_tag}",
                   fix=f"Add '{other_audience.segment}' to audience.exclude of one of them, or make their schedules not overlap")


def affected(change, digests):
    """For ``--changed-only``: when a comm's tags, schedule or audience moved, every comm (of
    either version) tagged with a tag of an exclusive entry that it carries, before or after."""
    movers = moved(change)
    if movers is None:  # the contact policy has a key no contact rule knows
        return None
    if not movers:
        return set()
    found: set[str] = set()
    everyone = change.everyone()
    entries = change.head.contact.get("exclusive")
    for entry in entries if isinstance(entries, list) else []:
        tags = set(values(entry.get("tags")) or []) if isinstance(entry, dict) else None
        if tags is None or any(tags & set(comm.tags) for comm in movers):
            found |= {comm.id for comm in everyone if tags is None or tags & set(comm.tags)}
    return found
