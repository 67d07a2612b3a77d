"""An SMS that splits into more parts than allowed.

What it checks: the rendered SMS body of every sample, encoded as the network will encode it:
GSM-7 (160 characters, 153 per part when split; `€ [ ] { } ~ ^ | \\` count twice) or, as
soon as one character is outside GSM-7 (Japanese, emoji, a curly quote), UCS-2 (70, 67 per
part). The part count must not exceed `sms.max_parts` (default 3; policies/channels.yaml can
lower it).
Why: every part is billed, long messages arrive out of order on some phones, and carriers
truncate or reject very long ones. A Japanese SMS of 71 characters already costs two parts.
Bad:
    body: "クモエナジーです。…(140 characters of Japanese)…"   # 3 parts of UCS-2
Good:
    body: "クモエナジー：今月の請求額は{{ invoice.amount | money }}です。詳細 {{ facts.pay_url }}"
"""

from __future__ import annotations

from ...channels import sms_info
from ..base import at_field, make
from .common import channel_limits, sample_note

ID = "channel/sms-length"
CATEGORY = "channel"
SEVERITY = "error"
SCOPE = "variant"


def check(variant, ctx):
    if variant.channel != "sms" or "body" not in variant.fields:
        return
    rendered = variant.fields["body"]
    info = sms_info(rendered.text)
    max_parts = channel_limits(ctx, "sms")["max_parts"]
    if info.parts > max_parts:
        budget = info.single_limit if max_parts == 1 else info.part_limit * max_parts
        yield make(__name__, f"SMS is {info.parts} parts ({info.describe()}); at most {max_parts} allowed{sample_note(variant)}",
                   **at_field(rendered.field), comm=variant.comm, locale=variant.locale, channel="sms",
                   excerpt=rendered.text, fix=f"Shorten it to {budget} {'characters' if info.encoding == 'UCS-2' else 'GSM-7 characters'} or less")
