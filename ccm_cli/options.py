"""Parsing of option values shared by the commands (one error message for each)."""

from __future__ import annotations

import datetime as _dt

from .errors import CcmError


def parse_today(value: str | None) -> _dt.date | None:
    """``--today YYYY-MM-DD`` (None when not given)."""
    if value is None:
        return None
    try:
        return _dt.date.fromisoformat(value)
    except ValueError:
        raise CcmError(f"--today must be a date as YYYY-MM-DD, got '{value}'") from None
