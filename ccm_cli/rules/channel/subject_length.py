"""An email or letter subject longer than the channel allows.

What it checks: the rendered `subject` of email (built-in 78 characters, the RFC 5322 line
length; policies/channels.yaml `email.subject_max` can lower it, e.g. to 60 for mobile) and of
letters, for every sample.
Why: mail clients cut long subjects, usually on the words that matter ("...due on"); on a
phone about 40 characters are visible.
Bad:
    subject: "Important information regarding the upcoming changes to your Kumo Energy account and plan"
Good:
    subject: "Your plan changes on March 1"
"""

from __future__ import annotations

from ..base import at_field, make
from .common import channel_limits, sample_note

ID = "channel/subject-length"
CATEGORY = "channel"
SEVERITY = "error"
SCOPE = "variant"


def check(variant, ctx):
    if variant.channel not in ("email", "letter") or "subject" not in variant.fields:
        return
    rendered = variant.fields["subject"]
    limit = channel_limits(ctx, variant.channel).get("subject_max")
    length = len(rendered.text)
    if limit and length > limit:
        yield make(__name__, f"{variant.channel} subject is {length} characters; limit is {limit}{sample_note(variant)}",
                   **at_field(rendered.field), comm=variant.comm, locale=variant.locale, channel=variant.channel,
                   excerpt=rendered.text, fix=f"Cut it to {limit} characters; put the detail in the preheader")
