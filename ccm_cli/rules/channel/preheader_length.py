"""An email preheader that is too short or too long.

What it checks: the rendered `preheader` is between 40 and 130 characters (built in;
policies/channels.yaml can tighten `email.preheader_min` / `preheader_max`).
Why: the preheader is the grey line after the subject in the inbox. Too short and the client
fills the gap with the body's first words ("View in browser | Hi Ana"); too long and it is cut.
Bad:
    preheader: "Pay now"
Good:
    preheader: "Pay by March 1 to keep your service running without interruption."
"""

from __future__ import annotations

from ..base import at_field, make
from .common import channel_limits, sample_note

ID = "channel/preheader-length"
CATEGORY = "channel"
SEVERITY = "warning"
SCOPE = "variant"


def check(variant, ctx):
    if variant.channel != "email" or "preheader" not in variant.fields:
        return
    rendered = variant.fields["preheader"]
    limit = channel_limits(ctx, "email")
    low, high = limit["preheader_min"], limit["preheader_max"]
    length = len(rendered.text)
    if length < low or length > high:
        side = "short" if length < low else "long"
        yield make(__name__, f"preheader is {length} characters, too {side} (keep it between {low} and {high}){sample_note(variant)}",
                   **at_field(rendered.field), comm=variant.comm, locale=variant.locale, channel="email",
                   excerpt=rendered.text, fix=f"Write {low}–{high} characters that add to the subject")
