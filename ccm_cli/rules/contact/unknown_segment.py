"""A segment name that policies/audience.yaml does not list — usually a typo.

What it checks: when policies/audience.yaml exists (SPEC 2.7), every segment a comm names
(`audience.segment`, `audience.exclude`) and every segment policies/contact.yaml names
(`suppressions[].exclude`) is one of its `segments:`. The finding says which listed segment
was most likely meant. Without the file, any name is accepted (segments are then opaque).
Why: a segment name is a query the sending platform runs. `residental_customers` matches
nobody — or, on a platform that treats an unknown segment as "everyone", everybody — and an
`exclude` with a typo excludes nobody: the payment-holiday customers it was meant to protect
get the disconnection letter. Nothing else would notice.
Bad:
    audience: {segment: residental_customers}
Good:
    audience: {segment: residential_customers}
"""

from __future__ import annotations

from ...policy.vocabularies import audience_vocabulary
from ..base import make

ID = "contact/unknown-segment"
CATEGORY = "contact"
SEVERITY = "error"
SCOPE = "comm"  # the comm's audience; check_repository: the segments policies/contact.yaml names


def check(comm, ctx):
    vocabulary = audience_vocabulary(ctx.project)
    if not vocabulary.exists:
        return
    audience = comm.audience
    named = []
    if isinstance(audience.get("segment"), str):
        named.append((audience["segment"], ("audience", "segment")))
    excludes = audience.get("exclude")
    if isinstance(excludes, str):
        named.append((excludes, ("audience", "exclude")))
    elif isinstance(excludes, list):
        named.extend((name, ("audience", "exclude", i)) for i, name in enumerate(excludes) if isinstance(name, str))
    for name, path in named:
        if not vocabulary.known_segment(name):
            yield _finding(vocabulary, name, comm.doc, path, comm)


def check_repository(project, ctx):
    vocabulary = audience_vocabulary(project)
    if not vocabulary.exists:
        return
    for schema, doc in project.documents:
        if schema != "contact" or not isinstance(doc.data, dict):
            continue
        entries = doc.data.get("suppressions")
        for i, entry in enumerate(entries if isinstance(entries, list) else []):
            name = entry.get("exclude") if isinstance(entry, dict) else None
            if isinstance(name, str) and not vocabulary.known_segment(name):
                yield _finding(vocabulary, name, doc, ("suppressions", i, "exclude"), None)


def _finding(vocabulary, name: str, doc, path: tuple, comm):
    from ..base import at_doc

    guess = vocabulary.suggest(name)
    return make(__name__, vocabulary.unknown_segment_message(name), **at_doc(doc, path), comm=comm, excerpt=name,
                fix=f"Use '{guess}'" if guess else f"Add '{name}' to segments: in {vocabulary.rel}, or name a listed segment")
