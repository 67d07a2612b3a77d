"""A send window that overlaps the quiet hours of its channel.

What it checks: for every `quiet_hours` entry in policies/contact.yaml whose channels include
one of the comm's channels (or `any`), the comm's `schedule.send_window` must not overlap the
quiet hours. Both are daily clock windows in the recipient's time and may cross midnight
(21:00–08:00); windows are half-open, so a window ending at 21:00 does not touch quiet hours
starting at 21:00. A comm without a send window is reported by contact/no-send-window.
Why: the TCPA rules (47 CFR §64.1200(c)(1)) forbid telephone solicitations — texts included —
before 8 a.m. or after 9 p.m. at the called party's location; several US states are stricter.
A 22:00 text also earns complaints and STOP replies, whatever the law says.
Bad:
    send_window: {start: "18:00", end: "22:00", timezone: recipient}   # quiet 21:00–08:00
Good:
    send_window: {start: "09:00", end: "20:00", timezone: recipient}
"""

from __future__ import annotations

from ...policy.periods import clock, minutes, overlap
from ..base import at_doc, make
from ._common import quiet_rules

ID = "contact/quiet-hours"
CATEGORY = "contact"
SEVERITY = "error"
SCOPE = "comm"


def check(comm, ctx):
    window = comm.schedule.get("send_window")
    if not isinstance(window, dict):
        return
    start, end = minutes(window.get("start")), minutes(window.get("end"))
    if start is None or end is None:
        return  # a malformed clock is a schema finding
    channels = {f.channel for f in comm.fields}
    for rule, matched in quiet_rules(ctx.project, channels):
        q0, q1 = minutes(rule.get("start")), minutes(rule.get("end"))
        if q0 is None or q1 is None:
            continue
        hit = overlap((start, end), (q0, q1))
        if hit is None:
            continue
        yield make(__name__, f"send window {window.get('start')}–{window.get('end')} overlaps the {', '.join(matched)} quiet hours {rule.get('start')}–{rule.get('end')} ({clock(hit[0])}–{clock(hit[1])})",
                   **at_doc(comm.doc, ("schedule", "send_window")), comm=comm,
                   channel=matched[0] if len(matched) == 1 else None,
                   excerpt=f"{window.get('start')}–{window.get('end')}",
                   fix=f"Keep the send window between {rule.get('end')} and {rule.get('start')} recipient time")
