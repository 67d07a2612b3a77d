"""Content for a channel that is not enabled in ccm.yaml.

What it checks: every channel under a comm's `content.<locale>` is listed in `channels:` of
ccm.yaml. (A name that is not a channel at all is reported by schema/unknown-key.)
Why: a channel the organisation has not enabled has no sender, no contract and no review
process: copy written for it would never be sent, or be sent without the checks it needs.
Bad:
    # ccm.yaml: channels: [email, sms]
    content: {en-US: {push: {title: "...", body: "..."}}}
Good:
    # ccm.yaml: channels: [email, sms, push]
"""

from __future__ import annotations

from ...model import CHANNELS, channel_blocks
from ..base import at_doc, make

ID = "schema/unknown-channel"
CATEGORY = "schema"
SEVERITY = "error"
SCOPE = "comm"


def check(comm, ctx):
    enabled = ctx.project.channels
    for locale, channel, _ in channel_blocks(comm.data):
        if channel in CHANNELS and channel not in enabled:
            yield make(__name__, f"channel '{channel}' is not enabled in ccm.yaml (channels: {', '.join(enabled)})",
                       **at_doc(comm.doc, ("content", locale, channel), key=True), comm=comm,
                       locale=str(locale), channel=channel, excerpt=channel,
                       fix=f"Add '{channel}' to channels in ccm.yaml, or remove this block")
