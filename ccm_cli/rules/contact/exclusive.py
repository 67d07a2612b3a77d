"""Two comms with mutually exclusive tags that can reach the same customer at the same time.

What it checks: for every `exclusive` entry in policies/contact.yaml (`tags: [a, b, ...]`), any
two comms carrying *different* tags of the list whose active times overlap and whose audiences
can share a customer. Both comms are reported, each naming the other and both owners.

* **Carrying a tag** means declaring it or showing the intent of that name (or one of its
  aliases) in the rendered text (SPEC 2.6): an untagged "we will turn off your power" SMS is a
  `disconnection-notice` comm. A comm carrying two tags of one entry takes the side it declares
  (a disconnection letter that mentions "more time to pay" stays a disconnection letter).
* **Active time** runs from the schedule's start to its end *plus the comm's promise* for that
  tag (SPEC 2.8): a payment-holiday email sent 1–7 April that offers "up to 3 months" holds the
  customer's holiday until early July, so disconnection letters from 10 April overlap it.
* **Audiences** overlap unless one excludes the other's segment — or, with
  policies/audience.yaml, a segment it is within — or their segments are declared disjoint (SPEC 2.7).

A comm that carries the tag only through its words, or overlaps only through its promise, is
reported at those words.
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

Complexity: comms are bucketed per entry by tag, then by (active days, audience); schedules
and audiences are compared once per two groups, never for all pairs of comms. Other comms'
tags and promises come from their digests (cached with their results), never by rendering.
"""

from __future__ import annotations

import sys

from ...policy.audience import of as audience_of
from ...policy.lifecycle import retired
from ...policy.schedule import POS_INF, Active, active
from ...policy.selectors import values
from ...policy.shown import Shown
from ...policy.shown import digest as shown_digest
from ...policy.vocabularies import audience_vocabulary, intent_library
from ..base import at_doc, make
from ._common import ContactChange, tag_list

ID = "contact/exclusive"
CATEGORY = "contact"
SEVERITY = "error"
SCOPE = "project"


def digest(comm, ctx) -> dict:
    """The comm's effective tags (with the words that show them) and its promises."""
    return shown_digest(comm, ctx)


def check(project, ctx):
    entries = project.contact.get("exclusive")
    if not isinstance(entries, list):
        return
    entries = [(tag_list(e.get("tags")), e) for e in entries if isinstance(e, dict)]
    wanted_tags = {t for tags, _ in entries for t in tags}
    if not wanted_tags:
        return
    library = intent_library(project)
    vocabulary = audience_vocabulary(project)
    module = sys.modules[__name__]
    members = []  # (comm, Shown) of every comm carrying some exclusive tag
    for comm in project.comms:
        if retired(comm) is not None:
            continue  # history: never sent again (policy/lifecycle.py)
        what = Shown.from_digest(ctx.digest(module, comm))
        if any(what.has(t) for t in wanted_tags):
            members.append((comm, what))
    reported = set()
    for tags, entry in entries:
        reason = f" ({entry['reason']})" if entry.get("reason") else ""
        # tag -> (active days with the promise, audience) -> [(comm, Shown, days without it, promise)]
        by_tag: dict[str, dict[tuple, list]] = {}
        for comm, what in members:
            sides = [t for t in dict.fromkeys(tags) if what.has(t)]
            if len(sides) > 1 and any(what.declares(t) for t in sides):
                sides = [t for t in sides if what.declares(t)]
            for tag in sides:
                days = active(comm.schedule)
                promise = what.promise_for(_names(library, tag))
                held = _with_promise(days, promise)
                by_tag.setdefault(tag, {}).setdefault((held, audience_of(comm)), []).append(
                    (comm, what, days, promise if held != days else None))
        for i, tag_a in enumerate(tags):
            for tag_b in tags[i + 1 :]:
                if tag_a == tag_b:
                    continue
                for (days_a, audience_a), group_a in by_tag.get(tag_a, {}).items():
                    for (days_b, audience_b), group_b in by_tag.get(tag_b, {}).items():
                        if not days_a.overlaps(days_b) or not vocabulary.may_overlap(audience_a, audience_b):
                            continue
                        for a in group_a:
                            for b in group_b:
                                pair = tuple(sorted((a[0].id, b[0].id)))
                                if a[0] is b[0] or pair in reported:
                                    continue
                                if ctx.wanted is not None and a[0].id not in ctx.wanted and b[0].id not in ctx.wanted:
                                    continue  # neither is reported in this run (--changed-only, --shard)
                                reported.add(pair)
                                yield from _both(a, b, tag_a, tag_b, audience_a, audience_b, reason, project)


def _names(library, tag: str) -> tuple[str, ...]:
    intent = library.intent_of(tag)
    return library.names_of(intent) if intent is not None else (tag,)


def _with_promise(days: Active, promise) -> Active:
    """``days`` with the end moved by the promise (an open end stays open)."""
    if promise is None or days.end == POS_INF:
        return days
    return Active(days.start, float(promise.end_after(int(days.end))))


def _both(a, b, tag_a, tag_b, audience_a, audience_b, reason, project):
    for this, other, this_tag, other_tag, other_audience in ((a, b, tag_a, tag_b, audience_b), (b, a, tag_b, tag_a, audience_a)):
        comm, what, days, promise = this
        o_comm, o_what, o_days, o_promise = other
        words, o_words = what.why(this_tag), o_what.why(other_tag)
        label = f"{this_tag}: {words.describe()}" if words is not None else this_tag
        o_label = f"{other_tag}: {o_words.describe()}" if o_words is not None else other_tag
        held = []
        for c, p, d in ((comm, promise, days), (o_comm, o_promise, o_days)):
            if p is not None and not (days.overlaps(o_days)):
                ends = _with_promise(d, p).describe().split("–")[-1]
                held.append(f"'{c.id}' promises {p.describe()}, which holds until {ends}")
        held_text = f"; {'; '.join(held)}" if held else ""
        if words is not None:
            where = words.at(comm, project)
            excerpt = words.words
        elif promise is not None and held and promise.place.file is not None:
            where = promise.at(comm, project)
            excerpt = promise.words
        else:
            where = at_doc(comm.doc, ("audience",) if comm.declares("audience") else ("tags",))
            excerpt = f"{this_tag} × {other_tag}"
        yield make(__name__,
                   f"'{comm.id}' ({label}, owner {comm.owner}) and '{o_comm.id}' ({o_label}, owner {o_comm.owner}) "
                   f"can reach the same customer at the same time{held_text}{reason}",
                   **where, comm=comm, excerpt=excerpt,
                   fix=_fix(audience_of(comm), other_audience, o_comm.id, audience_vocabulary(project)))


def _fix(mine, theirs, other_id: str, vocabulary) -> str:
    """How to keep the two audiences apart without emptying one: excluding the other's segment
    from a comm whose own segment is within it would leave that comm nobody to reach."""
    tail = ", or make their schedules (and promises) not overlap"
    if theirs.segment and (mine.segment is None or theirs.segment not in vocabulary.lineage(mine.segment)):
        return f"Add '{theirs.segment}' to audience.exclude{tail}"
    if mine.segment and (theirs.segment is None or mine.segment not in vocabulary.lineage(theirs.segment)):
        return f"Add '{mine.segment}' to audience.exclude of '{other_id}'{tail}"
    return "Make their schedules (and promises) not overlap: their segments contain each other, so excluding one empties the other"


def affected(change, digests):
    """For ``--changed-only``: when a comm's tags, schedule, audience or what its words show
    (intents, promises) moved, every comm (of either version) that carries — declares or shows —
    a tag of an exclusive entry the moved comm carries, before or after."""
    seen = ContactChange(change, digests)

    def carries(entry, side, comm) -> bool:
        tags = values(entry.get("tags")) if isinstance(entry, dict) else None
        return tags is None or any(seen.shown(side, comm).has(tag) for tag in tags)

    return seen.reach(change.head.contact.get("exclusive"), carries)