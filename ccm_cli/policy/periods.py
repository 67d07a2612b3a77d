"""Periods (``7d``), clock times (``21:00``) and daily clock windows that may cross midnight."""

from __future__ import annotations

import math
import re

_UNIT_HOURS = {"h": 1, "d": 24, "w": 24 * 7}
_PERIOD = re.compile(r"^\s*([1-9][0-9]*)\s*([hdw])\s*$")
_CLOCK = re.compile(r"^\s*([01]?[0-9]|2[0-4]):([0-5][0-9])\s*$")
DAY_MINUTES = 24 * 60


def hours(period: object) -> int | None:
    """``"7d"`` -> 168; None when it is not a period."""
    match = _PERIOD.match(str(period)) if isinstance(period, (str, int)) else None
    return int(match.group(1)) * _UNIT_HOURS[match.group(2)] if match else None


def sends_in(count: int, per_hours: int, window_hours: int) -> int:
    """How many sends a rolling limit of ``count`` per ``per_hours`` allows in ``window_hours``:
    count × ceil(window / per) (a 1-per-30d comm can send once in any 7 days; 1-per-1d, 7 times)."""
    return count * math.ceil(window_hours / per_hours)


def minutes(clock: object) -> int | None:
    """``"21:00"`` -> 1260; ``"24:00"`` -> 1440; None when it is not a clock time."""
    match = _CLOCK.match(clock) if isinstance(clock, str) else None
    if not match:
        return None
    value = int(match.group(1)) * 60 + int(match.group(2))
    return value if value <= DAY_MINUTES else None


def arcs(start: int, end: int) -> list[tuple[int, int]]:
    """A daily window [start, end) as half-open arcs within one day; crossing midnight splits it
    in two (21:00–08:00 -> [21:00, 24:00) + [00:00, 08:00)); start == end means all day."""
    start, end = start % DAY_MINUTES, end % DAY_MINUTES or DAY_MINUTES
    if start == end % DAY_MINUTES:
        return [(0, DAY_MINUTES)]
    if start < end:
        return [(start, end)]
    return [(start, DAY_MINUTES), (0, end)]


def overlap(window: tuple[int, int], other: tuple[int, int]) -> tuple[int, int] | None:
    """The first overlapping stretch (start, end in minutes, end may exceed a day boundary
    only as 1440) of two daily windows, or None when they never overlap."""
    for a0, a1 in arcs(*window):
        for b0, b1 in arcs(*other):
            lo, hi = max(a0, b0), min(a1, b1)
            if lo < hi:
                return (lo, hi)
    return None


def clock(value: int) -> str:
    value %= DAY_MINUTES
    return f"{value // 60:02d}:{value % 60:02d}"
