"""A comm that no longer sends: its schedule ended, or it is retired.

What it checks: a comm whose `schedule.end` is before the lint date (today, or `--today`) is
reported once, as info, at its `end:`, until it is retired: `retired: {date, reason}` (the schema
requires both) says the comm is kept in the repository as history, and silences this note. An
ended or retired comm is treated as not sending by the other rules: the date rules
(clause/expired, clause/not-effective, clause/required-missing, clause/altered) skip it, and a
retired comm is left out of the contact overlaps (contact/exclusive, contact/frequency-cap).
Why: a comm past its end date is dead content that still looks alive — it is reviewed,
translated and linted as if customers read it, and a clause expiring after the campaign ended is
not a problem to fix. Saying so once, and retiring it with a reason, keeps the history honest
without false alarms.
Bad:
    schedule: {start: 2025-11-01, end: 2025-12-31}     # in June 2026, still "active"
Good:
    schedule: {start: 2025-11-01, end: 2025-12-31}
    retired: {date: 2026-01-05, reason: "Winter campaign over; replaced by marketing.spring-offer"}
"""

from __future__ import annotations

from ...policy import lifecycle
from ..base import at_doc, make

ID = "contact/ended"
CATEGORY = "contact"
SEVERITY = "info"
SCOPE = "comm"


def check(comm, ctx):
    if lifecycle.retired(comm) is not None:
        return  # history, on purpose (the schema validates the date and the reason)
    end = lifecycle.ended(comm, ctx.today)
    if end is not None:
        yield make(__name__, f"its schedule ended on {end.isoformat()}: it is no longer sent, and the date rules skip it",
                   **at_doc(comm.doc, ("schedule", "end")), comm=comm, excerpt=end.isoformat(),
                   fix=f"Retire it (retired: {{date: {end.isoformat()}, reason: ...}}) to keep it as history, or move schedule.end")


def today_key(project, today) -> str:
    """Its findings are the comms whose schedule ended before the lint date: which ones."""
    return lifecycle.key(project, today)
