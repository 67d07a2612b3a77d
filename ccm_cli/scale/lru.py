"""A cache that keeps a bounded number of entries, for what a long run computes per distinct
input (template texts, Japanese blocks, judged texts): it stays useful while the input
repeats and its memory stays flat however large the repository."""

from __future__ import annotations

from collections import OrderedDict
from typing import Callable, Generic, Hashable, TypeVar

V = TypeVar("V")


class BoundedCache(Generic[V]):
    """Up to ``size`` entries, the least recently used dropped first."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[Hashable, V] = OrderedDict()

    def get(self, key: Hashable, build: Callable[[], V]) -> V:
        """The entry for ``key``, built by ``build()`` the first time (or after it was dropped)."""
        entries = self._entries
        try:
            value = entries[key]
        except KeyError:
            value = entries[key] = build()
            if len(entries) > self.size:
                entries.popitem(last=False)
            return value
        entries.move_to_end(key)
        return value

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._entries
