"""A push notification title or body longer than a lock screen shows.

What it checks: the rendered push `title` (built-in 50 characters) and `body` (178) for every
sample; policies/channels.yaml can lower `push.title_max` / `push.body_max`.
Why: iOS and Android truncate long push text with an ellipsis; the cut usually removes the
action or the date.
Bad:
    title: "Important update about the scheduled maintenance in your neighbourhood this weekend"
Good:
    title: "Planned outage Saturday 9-11am"
"""

from __future__ import annotations

from ..base import at_field, make
from .common import channel_limits, sample_note

ID = "channel/push-length"
CATEGORY = "channel"
SEVERITY = "error"
SCOPE = "variant"


def check(variant, ctx):
    if variant.channel != "push":
        return
    limit = channel_limits(ctx, "push")
    for name in ("title", "body"):
        rendered = variant.fields.get(name)
        if rendered is None:
            continue
        length, maximum = len(rendered.text), limit[f"{name}_max"]
        if length > maximum:
            yield make(__name__, f"push {name} is {length} characters; limit is {maximum}{sample_note(variant)}",
                       **at_field(rendered.field), comm=variant.comm, locale=variant.locale, channel="push",
                       excerpt=rendered.text, fix=f"Cut it to {maximum} characters")
