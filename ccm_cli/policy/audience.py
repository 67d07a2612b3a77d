"""Audiences: a segment and the segments it excludes (SPEC 2.1 ``audience``).

Segments are opaque names: two different segments may share customers. Two audiences are
*provably disjoint* only when one excludes the other's segment. Equal segments are not
disjoint; different segments are not provably disjoint either.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Audience:
    segment: str | None  # None: everyone
    excludes: frozenset[str]

    @property
    def empty(self) -> bool:
        """A segment that excludes itself reaches nobody."""
        return self.segment is not None and self.segment in self.excludes


def of(comm) -> Audience:
    audience = comm.audience
    segment = audience.get("segment")
    exclude = audience.get("exclude")
    if isinstance(exclude, str):
        exclude = [exclude]
    excludes = frozenset(str(e) for e in exclude) if isinstance(exclude, list) else frozenset()
    return Audience(str(segment) if segment else None, excludes)


def disjoint(a: Audience, b: Audience) -> bool:
    """True only when no customer can be in both audiences."""
    if a.empty or b.empty:
        return True
    return (b.segment is not None and b.segment in a.excludes) or (a.segment is not None and a.segment in b.excludes)
