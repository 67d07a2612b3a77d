"""An emoji on a channel where the brand does not use them.

What it checks: emoji the writer typed, on channels not listed in ``tone.emoji.allowed`` of
brand/guidelines.yaml (e.g. ``allowed: [push, line]``: none in email, SMS or letters). A
loose prose file has no channel, so no emoji are allowed there unless ``allowed`` lists
``file``. The test is Unicode's (UTS #51): a character shown as a picture by default
(🌱 ✅ ⭐), a pictographic symbol with the emoji variation selector (☎️), a keycap (1️⃣) or a
flag. Symbols that are text by default and common in Japanese and legal copy — 〒 ※ © ® ™ ★
☎ — are not emoji. Emoji from facts or variables are not reported.
Why: emoji render differently (or as tofu boxes) across mail clients and phones, turn an SMS
into UCS-2 at 70 characters a part, and do not fit the voice of a bill or a legal notice.
Bad:
    # tone: {emoji: {allowed: [push, line]}}
    email: {subject: "Your bill is ready ✅"}
Good:
    email: {subject: "Your bill is ready"}
    push: {title: "🌱 Meet Green 100"}
"""

from __future__ import annotations

from ...findings import TextProblem
from ..options import Option, Schema
from ._common import guideline, reader_view, to_source
from ._emoji import find_emoji

ID = "brand/emoji"
CATEGORY = "brand"
SEVERITY = "warning"
SCOPE = "text"

OPTIONS = {
    "tone.emoji": Option(Schema({
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "allowed": {"type": "array", "items": {"type": "string"}, "title": "Allowed in",
                        "description": "Channels where emoji are allowed; elsewhere they are findings.", "examples": [["push", "line"]]},
        },
    }), None, "Emoji", "Where emoji are allowed.", ({"allowed": ["push", "line"]},)),
}


def check(target, ctx):
    emoji = guideline(ctx, "tone", dict).get("emoji")
    if not isinstance(emoji, dict) or not isinstance(emoji.get("allowed"), list):
        return
    allowed = [str(c) for c in emoji["allowed"]]
    if (target.channel or "file") in allowed:
        return
    view = reader_view(target)
    if view is None:
        return
    where = target.channel or "this file"
    ok = ", ".join(allowed) if allowed else "no channel"
    for a, b in find_emoji(view.text):
        if view.skipped(a, b):
            continue
        start, end = to_source(target, a, b)
        yield TextProblem(start, end, f"Emoji '{view.text[a:b]}' on {where}: the brand uses emoji only on {ok}", f"Delete '{view.text[a:b]}'")
