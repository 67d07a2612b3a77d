"""A LINE message, chat reply or web banner field longer than its channel allows.

What it checks: rendered LINE bodies (5,000 characters, LINE's limit for a text message),
chat replies (1,000), web banner headline (90), body (400) and call to action (30), for every
sample; policies/channels.yaml can lower them.
Why: LINE rejects longer text messages; chat widgets and banners cut or overflow long text,
hiding the action the customer needs.
Bad:
    cta: "Find out more about everything our new plans can do for you"
Good:
    cta: "Compare plans"
"""

from __future__ import annotations

from ..base import at_field, make
from .common import channel_limits, sample_note

ID = "channel/body-length"
CATEGORY = "channel"
SEVERITY = "error"
SCOPE = "variant"


def check(variant, ctx):
    if variant.channel not in ("line", "chat", "web"):
        return
    limit = channel_limits(ctx, variant.channel)
    for name, rendered in variant.fields.items():
        maximum = limit.get(f"{name}_max")
        if maximum and len(rendered.text) > maximum:
            yield make(__name__, f"{variant.channel} {name} is {len(rendered.text)} characters; limit is {maximum}{sample_note(variant)}",
                       **at_field(rendered.field), comm=variant.comm, locale=variant.locale, channel=variant.channel,
                       excerpt=rendered.text, fix=f"Cut it to {maximum} characters")
