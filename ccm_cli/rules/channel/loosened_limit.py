"""policies/channels.yaml trying to loosen a built-in channel limit.

What it checks: overrides in policies/channels.yaml only make limits stricter (a lower
maximum, a higher minimum). A looser value is ignored, and reported here.
Why: built-in limits come from the channels themselves (RFC 5322, GSM 03.38, iOS/Android,
LINE); raising them does not make a longer message fit, it only hides the truncation.
Bad:
    sms: {max_parts: 6}
Good:
    sms: {max_parts: 2}
"""

from __future__ import annotations

from ...channels import loosened
from ..base import at_doc, make

ID = "channel/loosened-limit"
CATEGORY = "channel"
SEVERITY = "warning"
SCOPE = "project"


def check(project, ctx):
    doc = project.doc("channels")
    if doc is None:
        return
    for channel, key, asked, builtin in loosened(project.channel_overrides):
        yield make(__name__, f"{channel}.{key}: {asked} is looser than the built-in {builtin}; the built-in limit applies",
                   **at_doc(doc, (channel, key)), channel=channel, fix=f"Use a value that tightens the limit ({builtin} or stricter)")
