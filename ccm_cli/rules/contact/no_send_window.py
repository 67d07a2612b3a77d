"""A comm on a channel with quiet hours that has no send window.

What it checks: a comm with content for a channel listed in `quiet_hours` (policies/contact.yaml)
must have `schedule.send_window`, so lint can prove it never sends in quiet hours.
Why: without a window the sending system may send at any time — the TCPA's 8 a.m.–9 p.m. rule
(47 CFR §64.1200(c)(1)) cannot be shown to hold, and a batch that slips past midnight texts
thousands of customers at 2 a.m.
Bad:
    schedule: {start: 2026-01-01}                 # with an sms channel
Good:
    schedule:
      start: 2026-01-01
      send_window: {start: "09:00", end: "20:00", timezone: recipient}
"""

from __future__ import annotations

from ..base import at_doc, make
from ._common import quiet_rules

ID = "contact/no-send-window"
CATEGORY = "contact"
SEVERITY = "error"
SCOPE = "comm"


def check(comm, ctx):
    if isinstance(comm.schedule.get("send_window"), dict):
        return
    channels = {f.channel for f in comm.fields}
    matched = sorted({c for _, names in quiet_rules(ctx.project, channels) for c in names})
    if not matched:
        return
    path = ("schedule",) if "schedule" in comm.data else ("id",)
    yield make(__name__, f"no send window, but {', '.join(matched)} has quiet hours in policies/contact.yaml",
               **at_doc(comm.doc, path, key=True), comm=comm, channel=matched[0] if len(matched) == 1 else None,
               excerpt=", ".join(matched),
               fix='Add schedule.send_window: {start: "09:00", end: "20:00", timezone: recipient}')
