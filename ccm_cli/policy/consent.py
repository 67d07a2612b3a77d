"""Consent levels, weakest first: ``none`` < ``soft_opt_in`` < ``opt_in`` (SPEC 2.1, 2.3)."""

from __future__ import annotations

ORDER = ("none", "soft_opt_in", "opt_in")


def rank(level: object) -> int | None:
    """0 for none, 1 for soft_opt_in, 2 for opt_in; None for anything else."""
    return ORDER.index(level) if isinstance(level, str) and level in ORDER else None


def strongest(levels) -> str | None:
    ranked = [lvl for lvl in levels if rank(lvl) is not None]
    return max(ranked, key=rank) if ranked else None
