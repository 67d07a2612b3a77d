"""The worst case a single customer can receive exceeds a frequency cap.

What it checks: for every `frequency_caps` entry `{category, channel, max, per}` in
policies/contact.yaml, the most messages one customer can receive in any window of length
`per`, summed over every comm that matches the cap:

* category: the comm's category (`any` matches all). A comm that sells — its text shows the
  `promotion` intent (SPEC 2.6), or it is tagged so — counts as `marketing` whatever its
  `category:` says: three promotional campaigns relabelled `category: service` are still three
  marketing messages. Such a comm is reported at the words that sell;
* tag (optional): only comms that carry the tag — declare it, or show the intent of that name
  or alias in their text;
* channel: a comm matches a channel cap (`channel: sms`) if it has content for that channel;
  each of its sends is one message on that channel. For `channel: any`, a comm with at least
  one outbound channel (email, sms, push, line, letter) counts **once per send**, however many
  channels it has: `max_per_customer` limits the comm's sends, and a comm's channels are
  renditions of one communication that the sending platform routes (email *or* push). To
  limit a platform that fans one send out to every channel, write a cap per channel — there
  every channel a send reaches is counted. `web` and `chat` are pulled by the customer, not
  sent, so they count only for a cap that names them;
* count: `max_per_customer: {count: c, per: p}` allows c × ceil(per_cap / p) sends in the cap
  period (1 per 30d → 1 in any 7 days; 1 per 1d → 7). A matching comm with no
  `max_per_customer` cannot be bounded and is reported on its own;
* time: only comms whose schedules reach into one common window of length `per`;
* audience: only comms that can reach the same customer. Segments are opaque names, so two
  audiences are disjoint only when one excludes the other's segment.

The finding names the cap, the worst-case total and the comms that make it up with their
owners — on the cap in policies/contact.yaml and on each comm that contributes.

Complexity: a sweep over schedule intervals (each widened by the cap period; O(n log n) for
n comms), evaluated only where the set of active comms is maximal. Active comms are grouped by
audience structure (segment, excluded segments); the worst customer is found by a
branch-and-bound over the few segments that some active comm excludes (a customer is in every
other segment for free). That is O(n log n + m · g · 2^k) in the worst case for m maximal
windows, g audience groups and k excluded segments (the search is capped at 2,000 nodes per
window), and a window is only evaluated when the active total could beat the worst case found
so far — linear in practice, never n² pairs of comms.
Why: each team's comm looks reasonable alone; together, a customer in every segment gets
five marketing messages a week. Over-contacting drives unsubscribes and complaints, and
regulators treat harassing frequency as unfair practice (e.g. the FDCPA's 7-in-7 call limit in
Regulation F, 12 CFR §1006.14, for collection contacts).
Bad:
    # cap: {category: marketing, channel: any, max: 3, per: 7d}
    # five marketing comms, overlapping, same segment, each {count: 1, per: 7d}
Good:
    # stagger schedules, exclude each other's segments, or lower max_per_customer
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

from ...policy.audience import Audience
from ...policy.audience import of as audience_of
from ...policy.lifecycle import retired
from ...policy.periods import hours, sends_in
from ...policy.schedule import POS_INF, active
from ...policy.selectors import comm_channels, could_match
from ...policy.shown import MARKETING_INTENT, Shown
from ...policy.shown import digest as shown_digest
from ..base import at_doc, make
from ._common import ContactChange

ID = "contact/frequency-cap"
CATEGORY = "contact"
SEVERITY = "error"
SCOPE = "project"

OUTBOUND = ("email", "sms", "push", "line", "letter")
LISTED = 10  # comms named in a message; the rest are counted


@dataclass
class Member:
    comm: object
    weight: int
    audience: Audience
    start: float  # hours, half-open [start, end)
    end: float
    why: str | None = None  # the words that put it under the cap, when its labels do not
    where: dict | None = None  # where those words are


@dataclass
class Worst:
    total: int = 0
    members: list = field(default_factory=list)


def digest(comm, ctx) -> dict:
    """The comm's effective tags (whether it sells: ``promotion``), with the words."""
    return shown_digest(comm, ctx)


def check(project, ctx):
    caps = project.contact.get("frequency_caps")
    contact_doc = project.doc("contact")
    module = sys.modules[__name__]
    seen: dict[int, Shown] = {}

    def shown_of(comm) -> Shown:  # from the comm's digest: never renders a comm this run has linted
        if id(comm) not in seen:
            seen[id(comm)] = Shown.from_digest(ctx.digest(module, comm))
        return seen[id(comm)]

    for index, cap in enumerate(caps if isinstance(caps, list) else []):
        if not isinstance(cap, dict):
            continue
        period, limit = hours(cap.get("per")), cap.get("max")
        if period is None or not isinstance(limit, int):
            continue
        category, channel = str(cap.get("category") or "any"), str(cap.get("channel") or "any")
        tag = str(cap["tag"]) if isinstance(cap.get("tag"), str) and cap["tag"] else None
        label = f"{category}/{channel}{f' (tag {tag})' if tag else ''} cap of {limit} per {cap.get('per')}"
        members = []
        for comm in project.comms:
            if retired(comm) is not None:
                continue  # history: never sent again (policy/lifecycle.py)
            channels = comm.channel_names()
            sends = int(bool(channels & set(OUTBOUND))) if channel == "any" else int(channel in channels)
            if not sends:
                continue
            why = None  # the words that put the comm under this cap, when its labels do not
            if category != "any" and comm.category != category:
                if category != "marketing" or not shown_of(comm).counts_as_marketing:
                    continue
                why = shown_of(comm).why(MARKETING_INTENT)
                why_text = f"counts as marketing: it shows {MARKETING_INTENT}" if why is not None else "counts as marketing: it is tagged promotion"
            if tag is not None:
                if not shown_of(comm).has(tag):
                    continue
                if why is None and shown_of(comm).why(tag) is not None:
                    why = shown_of(comm).why(tag)
                    why_text = f"carries '{tag}': it shows {why.intent}"
            where = why.at(comm, project) if why is not None else None
            limit_of = comm.schedule.get("max_per_customer")
            count = limit_of.get("count") if isinstance(limit_of, dict) else None
            per = hours(limit_of.get("per")) if isinstance(limit_of, dict) else None
            if not isinstance(count, int) or per is None:
                because = f" (it {why_text} {why.describe()})" if why is not None else ""
                yield make(__name__, f"no max_per_customer, so the {label} cannot be proven (policies/contact.yaml){because}",
                           **(where or at_doc(comm.doc, ("schedule",) if comm.declares("schedule") else ("id",), key=True)),
                           comm=comm, fix="Add schedule.max_per_customer: {count: 1, per: 7d}")
                continue
            start, end = active(comm.schedule).hours()
            member = Member(comm, sends * sends_in(count, per, period), audience_of(comm), start, end)
            if why is not None:
                member.why = f"it {why_text} {why.describe()}"
                member.where = where
            members.append(member)
        worst = worst_case(members, period)
        if worst.total <= limit:
            continue
        names = _describe(worst.members)
        where = at_doc(contact_doc, ("frequency_caps", index)) if contact_doc is not None else {}
        yield make(__name__, f"worst case {worst.total} messages per {cap.get('per')} for one customer exceeds the {label}: {names}",
                   **where, excerpt=f"max: {limit}, per: {cap.get('per')}",
                   fix="Stagger the schedules, exclude each other's segments, or lower max_per_customer")
        for member in worst.members:
            others = len(worst.members) - 1
            because = f" ({member.why})" if member.why else ""
            yield make(__name__, f"with {others} other comm{'s' if others != 1 else ''} this adds up to {worst.total} messages per {cap.get('per')} for one customer; the {label} (policies/contact.yaml): {names}{because}",
                       **(member.where or at_doc(member.comm.doc, ("schedule", "max_per_customer") if member.comm.declares("schedule") else ("id",))),
                       comm=member.comm, excerpt=f"{member.weight} of {worst.total}",
                       fix="Stagger the schedules, exclude each other's segments, or lower max_per_customer"
                           + (", or remove the words that put it under this cap" if member.why else ""))


def _describe(members) -> str:
    ordered = sorted(members, key=lambda m: (-m.weight, m.comm.id))
    text = ", ".join(f"{m.comm.id} ({m.comm.owner or 'no owner'}, {m.weight})" for m in ordered[:LISTED])
    return text + (f" and {len(ordered) - LISTED} more" if len(ordered) > LISTED else "")


def worst_case(members: list[Member], period: int) -> Worst:
    """The most messages one customer can get in any window of ``period`` hours.

    Member m reaches window [t, t+period) iff start < t+period and end > t, i.e.
    t ∈ (start - period, end). Sweep those widened intervals; leaving is processed before
    entering at the same point, and the set is evaluated wherever it is about to shrink.
    """
    events = []
    for index, member in enumerate(members):
        if member.audience.empty:
            continue
        events.append((member.start - period, 1, index))
        if member.end != POS_INF:
            events.append((member.end, 0, index))
    events.sort(key=lambda e: (e[0], e[1]))
    groups: dict[Audience, list] = {}  # audience -> [weight, set of member indexes]
    running = 0  # total weight of the active comms: an upper bound of any customer's total
    best = Worst()
    for position, (_, kind, index) in enumerate(events):
        member = members[index]
        group = groups.setdefault(member.audience, [0, set()])
        if kind == 1:
            group[0] += member.weight
            group[1].add(index)
            running += member.weight
        else:
            group[0] -= member.weight
            group[1].discard(index)
            running -= member.weight
            if not group[1]:
                del groups[member.audience]
        following = events[position + 1] if position + 1 < len(events) else None
        if kind == 1 and running > best.total and (following is None or following[1] == 0):
            total, chosen = _best_customer(groups, best.total)
            if total > best.total:
                best = Worst(total, [members[i] for key in chosen for i in sorted(groups[key][1])])
    return best


NODE_BUDGET = 2_000


def _best_customer(groups: dict, floor: int) -> tuple[int, list]:
    """The customer (set of segments) reached by the heaviest set of audience groups, if it
    beats ``floor``; else (0, []).

    Only segments that some group excludes *and* some group targets are a real choice (k of
    them); a customer is in every other segment. Branch and bound over those k, heaviest
    first: a choice that drops no reachable group is taken without branching, and a branch is
    cut when the groups still reachable cannot beat the best found. The search stops after
    NODE_BUDGET nodes with the best customer found so far (never reached with real policies,
    where k is the handful of suppression segments).
    """
    keys = [k for k in groups if groups[k][0] > 0]
    weights = [groups[k][0] for k in keys]
    if sum(weights) <= floor:
        return 0, []
    targeted: dict[str, int] = {}
    for i, key in enumerate(keys):
        if key.segment is not None:
            targeted[key.segment] = targeted.get(key.segment, 0) | (1 << i)
    excluded: dict[str, int] = {}
    for i, key in enumerate(keys):
        for segment in key.excludes:
            if segment in targeted:
                excluded[segment] = excluded.get(segment, 0) | (1 << i)
    # a group excluding its own segment reaches nobody
    dead = sum(1 << i for i, key in enumerate(keys) if key.empty)
    choice = sorted(excluded, key=lambda s: -sum(weights[i] for i in range(len(keys)) if targeted[s] >> i & 1))
    best = [floor, 0]
    nodes = [0]

    def weight_of(mask: int) -> int:
        total, i = 0, 0
        while mask:
            if mask & 1:
                total += weights[i]
            mask >>= 1
            i += 1
        return total

    def search(level: int, alive: int, alive_weight: int) -> None:
        nodes[0] += 1
        if alive_weight <= best[0] or nodes[0] > NODE_BUDGET:
            return
        while level < len(choice):
            segment = choice[level]
            drop_in, drop_out = excluded[segment] & alive, targeted[segment] & alive
            if drop_in and drop_out:
                break
            level += 1  # being in (or out of) this segment drops no reachable group: no branch
        if level == len(choice):
            best[0], best[1] = alive_weight, alive
            return
        segment = choice[level]
        drop_in, drop_out = excluded[segment] & alive, targeted[segment] & alive
        search(level + 1, alive & ~drop_in, alive_weight - weight_of(drop_in))    # in the segment
        search(level + 1, alive & ~drop_out, alive_weight - weight_of(drop_out))  # not in it

    alive = ((1 << len(keys)) - 1) & ~dead
    search(0, alive, weight_of(alive))
    if best[1] == 0:
        return 0, []
    return best[0], [keys[i] for i in range(len(keys)) if best[1] >> i & 1]


def affected(change, digests):
    """For ``--changed-only``: when a comm's category, channels, tags, schedule, audience or
    what its words show (a promotion, an intent a cap's tag names) moved, every comm (of either
    version) under a cap that it falls under, before or after."""
    seen = ContactChange(change, digests)
    return seen.reach(change.head.contact.get("frequency_caps"),
                      lambda cap, side, comm: _cap_matches(cap, comm, seen.shown(side, comm)))


def _cap_matches(cap, comm, what: Shown) -> bool:
    """Could ``comm`` (showing ``what``) count under ``cap`` (unknown: yes)?"""
    if not isinstance(cap, dict):
        return True
    categories = {comm.category} if comm.category else set()
    if what.counts_as_marketing:
        categories.add("marketing")
    tag = cap.get("tag")
    if isinstance(tag, str) and tag and not what.has(tag):
        return False
    return could_match(cap.get("category"), categories) and could_match(cap.get("channel"), comm_channels(comm))
