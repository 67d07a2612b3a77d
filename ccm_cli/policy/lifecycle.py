"""Where a comm is in its life: sending, *ended* (its ``schedule.end`` is before the lint date)
or *retired* (``retired: {date, reason}``: kept in the repository as history, never sent again).

The date rules (anything that reads the lint date about a comm: the clause rules' users and
required clauses) skip a comm that no longer sends — an ended or retired comm keeps the clause
it sent with, and "expired" on it is history, not a problem; the contact rules leave retired
comms out of their overlaps. ``contact/ended`` says once, as info, that a comm no longer sends.
"""

from __future__ import annotations

import datetime as _dt

from .schedule import parse_date


def retired(comm) -> dict | None:
    """The comm's ``retired:`` mapping (``{date, reason}``), or None."""
    value = comm.get("retired")
    return value if isinstance(value, dict) else None


def ended(comm, today: _dt.date) -> _dt.date | None:
    """The last day of the comm's schedule when it is before ``today``, else None."""
    end = parse_date(comm.schedule.get("end"))
    return end if end is not None and end < today else None


def sending(comm, today: _dt.date) -> bool:
    """Does the comm still send on ``today`` (neither retired nor ended)? The date rules judge
    only such comms."""
    return retired(comm) is None and ended(comm, today) is None


def key(project, today: _dt.date) -> str:
    """What the lint date means to which comms the date rules judge (part of their
    ``today_key``): the comms that no longer send on ``today``."""
    return ",".join(sorted(comm.id for comm in project.comms if not sending(comm, today)))
