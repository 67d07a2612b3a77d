"""More exclamation marks than the brand's tone allows on this channel.

What it checks: the number of exclamation marks ("!" and the full-width "！") the writer typed
in one field (a subject, a body, ...), against ``tone.exclamation_max`` of
brand/guidelines.yaml: the channel's own limit (``sms: 0``) or else ``default``. The first mark
over the limit is reported, with the count and the limit. Marks in inline code and URLs, and
marks that come from facts or variables, are not counted.
Why: a calm, confident voice does not shout; on SMS an exclamation mark also reads as spam
to carriers and customers alike.
Bad:
    # tone: {exclamation_max: {default: 1, sms: 0}}
    sms: {body: "Your bill is ready!"}
    email: {body: "Great news! Your new plan starts today!"}
Good:
    sms: {body: "Your bill is ready."}
    email: {body: "Good news: your new plan starts today!"}
"""

from __future__ import annotations

from ...findings import TextProblem
from ..options import Option, Schema
from ._common import guideline, reader_view, to_source

ID = "brand/exclamation"
CATEGORY = "brand"
SEVERITY = "warning"
SCOPE = "text"

OPTIONS = {
    "tone.exclamation_max": Option(Schema({"type": "object", "additionalProperties": {"type": "integer", "minimum": 0}}), None,
                                   "Exclamation marks, at most", "Per channel, with 'default' for the others.",
                                   ({"default": 1, "sms": 0},)),
}

MARKS = "!！"
FULL_STOP = {"!": ".", "！": "。"}  # a full-width mark is Japanese (or Chinese) text: its stop is 。


def limit_for(tone: dict, channel: str | None) -> int | None:
    limits = tone.get("exclamation_max") if isinstance(tone, dict) else None
    if isinstance(limits, int) and not isinstance(limits, bool):
        return limits if limits >= 0 else None
    if not isinstance(limits, dict):
        return None
    value = limits.get(channel) if channel in limits else limits.get("default")
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def check(target, ctx):
    limit = limit_for(guideline(ctx, "tone", dict), target.channel)
    if limit is None:
        return
    view = reader_view(target)
    if view is None:
        return
    marks = []
    for i, ch in enumerate(view.text):
        if ch in MARKS and not view.skipped(i, i + 1):
            start, end = to_source(target, i, i + 1)
            if target.writer_typed(start, end):
                marks.append((start, end, ch))
    if len(marks) <= limit:
        return
    where = f"on {target.channel}" if target.channel else "here"
    start, end, mark = marks[limit]
    period = FULL_STOP[mark]
    message = f"{len(marks)} exclamation mark{'s' if len(marks) != 1 else ''}; the brand's tone allows at most {limit} {where}"
    yield TextProblem(start, end, message, f"Replace '{mark}' with '{period}'" if limit == 0 else f"End calmer sentences with '{period}'")
