"""A comm's active dates as an interval of whole days (start and end inclusive; open ends are
infinite), and interval overlap."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

NEG_INF = float("-inf")
POS_INF = float("inf")


def parse_date(value: object) -> _dt.date | None:
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


@dataclass(frozen=True)
class Active:
    """Days [start, end] a comm may send; ``start``/``end`` are ordinal days or ±inf."""

    start: float
    end: float

    def overlaps(self, other: "Active") -> bool:
        return self.start <= other.end and other.start <= self.end

    def hours(self) -> tuple[float, float]:
        """Half-open [start, end) in hours since day 0."""
        return (self.start * 24, (self.end + 1) * 24)

    def describe(self) -> str:
        def day(value: float) -> str:
            return _dt.date.fromordinal(int(value)).isoformat()

        return f"{day(self.start) if self.start != NEG_INF else 'always'}–{day(self.end) if self.end != POS_INF else 'open-ended'}"


def active(schedule: dict) -> Active:
    start = parse_date(schedule.get("start")) if isinstance(schedule, dict) else None
    end = parse_date(schedule.get("end")) if isinstance(schedule, dict) else None
    return Active(start.toordinal() if start else NEG_INF, end.toordinal() if end else POS_INF)
