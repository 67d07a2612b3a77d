"""A segment of policies/audience.yaml that no comm and no policy names.

What it checks: every segment listed under `segments:` is named by a comm's audience
(`segment`, `exclude`), by policies/contact.yaml (`suppressions[].exclude`) or by a `disjoint`
group of policies/audience.yaml, or a segment named so is `within` it. The same computation as
`ccm report reuse`.
Why: the vocabulary is the list of audiences the data team maintains queries for and compliance
reasons about. A segment nothing targets is a query nobody runs — usually left behind when a
campaign was retired or renamed, and a trap for the next writer who picks it from the list
believing it is current.
Bad:
    segments: {spring_promo_2024: {description: "Spring promotion 2024"}}   # no comm names it
Good:
    # the segment removed, or the comm that targets it: audience: {segment: spring_promo_2024}
"""

from __future__ import annotations

import sys

from . import _unused
from ..base import make

ID = "consistency/unused-segment"
CATEGORY = "consistency"
SEVERITY = "warning"
SCOPE = "project"


def digest(comm, ctx) -> dict:
    """The segments the comm's audience names."""
    return _unused.digest(comm, ctx, "segment")


def check(project, ctx):
    for item in _unused.unused(project, ctx, sys.modules[__name__], "segment"):
        yield make(__name__, f"segment '{item.name}' is named by no comm audience and no policy", file=item.file, line=item.line,
                   column=item.column, excerpt=item.name,
                   fix=f"Name it in the audience of the comms meant for it, or remove it from {item.file}")


def affected(change, digests):
    """Its findings belong to no comm: a change moves no comm's finding."""
    return set()
