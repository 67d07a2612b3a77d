"""Where a YAML document passes ccm's bounds, found from the parser's events.

ccm turns composed YAML nodes into values itself (:mod:`ccm_cli.yamlio`), and an alias there
is just the node it names, seen again: a document of a few kilobytes can expand to gigabytes
(a 1 MB string aliased 100,000 times), refer to itself (``&a [*a]``, ``&a {<<: *a}``) or nest
deeper than any writer means to. The builders count while they build and stop at the first
bound; this module is asked only then (and before composing a long, deeply bracketed text,
which libyaml's recursive C composer could not survive), and says *where*: it replays the
parser's events, in which an alias still is an alias with its own line and column, and keeps
per anchor the size and height of the node it names.

It counts as the builders do: every value (a scalar, a list, a mapping, each expanded alias;
keys are not values), the characters of every key and scalar value, and nested lists and
mappings. What it reports first, in document order: an alias inside the node it names, a
place nested deeper than ``MAX_DEPTH``, or the alias (or node) at which the expanded document
passes ``MAX_NODES`` values or ``MAX_CHARS`` characters.
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass

from .errors import CcmError

MAX_NODES = 200_000  # values after alias expansion
MAX_CHARS = 8 * 1024 * 1024  # characters of keys and scalars after alias expansion (4x the largest file)
MAX_DEPTH = 200  # lists and mappings nested in one another, aliases expanded
C_SAFE_DEPTH = 5_000  # libyaml's C composer recurses once per level: far below what an 8 MB stack holds (~20,000)


@dataclass(frozen=True)
class Excess:
    """Which bound a builder passed, and the node it was building then (a fallback position)."""

    kind: str  # "values", "chars" or "depth"
    line: int  # 1-based
    column: int


class Overflow(Exception):
    """Raised by a builder at its first bound (caught in :mod:`ccm_cli.yamlio`, never escapes it)."""

    def __init__(self, excess: Excess) -> None:
        super().__init__(excess.kind)
        self.excess = excess


def may_nest_too_deep(text: str) -> bool:
    """Could ``text`` nest deeper than ``C_SAFE_DEPTH``, where libyaml's C composer could not
    follow? A cheap upper bound (a text nests at most one level per character; by indentation
    at most ``sqrt(2 * len)`` levels, as level k needs k spaces; otherwise through ``[``/``{``,
    each at most two levels with a ``[key: value]`` pair, and chains of ``- ``/``? ``
    starting a line), first from counts, then, for a long text full of brackets and dashes,
    from its deepest bracket (quotes ignored) and its longest chain."""
    if len(text) <= C_SAFE_DEPTH:
        return False
    indentation = math.isqrt(2 * len(text)) + 1
    brackets = text.count("[") + text.count("{")
    indicators = text.count("-") + text.count("?")
    if indentation + 2 * (brackets + indicators) <= C_SAFE_DEPTH:
        return False
    depth = max(itertools.accumulate(map(_BRACKET.__getitem__, _NOT_BRACKET.sub("", text)), _deeper), default=0) if brackets else 0
    chain = max((len(m) for m in _CHAIN.findall(text)), default=0) // 2 if indicators else 0
    return indentation + 2 * (depth + chain) > C_SAFE_DEPTH


_BRACKET = {"[": 1, "{": 1, "]": -1, "}": -1}


def _deeper(depth: int, step: int) -> int:
    return depth + step if depth + step > 0 else 0  # a ']' in a quoted string must not hide the '['s after it
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_CHAIN = re.compile(r"^[ \t]*((?:[-?][ \t]+)+)", re.M)


def too_big(kind: str) -> str:
    """The message for a document past a size bound."""
    if kind == "chars":
        return f"document expands to more than {MAX_CHARS:,} characters (an alias bomb?)"
    return f"document expands to more than {MAX_NODES:,} values (an alias bomb?)"


def too_deep() -> str:
    return f"lists and mappings nested more than {MAX_DEPTH} levels deep"


class _Open:
    """A list or mapping whose end event has not come yet, and its size so far."""

    __slots__ = ("anchor", "mapping", "children", "values", "chars", "height")

    def __init__(self, anchor: str | None, mapping: bool) -> None:
        self.anchor, self.mapping = anchor, mapping
        self.children = self.chars = self.height = 0
        self.values = 1  # itself


def locate(events, rel: str, fallback: Excess | None = None) -> CcmError | None:
    """The first place where the document of ``events`` passes a bound (see the module
    docstring), as a :class:`CcmError`. None when there is none, or ``fallback``'s message at
    its position (this counts a little more than a builder does, duplicate keys' values for
    one, so it finds the builder's excess at the latest where the builder did)."""
    stack: list[_Open] = []
    named: dict[str, object] = {}  # anchor -> its _Open while open, then its (values, chars, height)
    values = chars = 0
    for event in events:
        kind = type(event).__name__
        if kind not in _NODE_EVENTS:
            continue
        if kind == "SequenceEndEvent" or kind == "MappingEndEvent":
            entry = stack.pop()
            entry.height += 1
            if entry.anchor and named.get(entry.anchor) is entry:
                named[entry.anchor] = (entry.values, entry.chars, entry.height)
            if stack:
                _add(stack[-1], entry.values, entry.chars, entry.height)
            continue
        parent = stack[-1] if stack else None
        is_key = parent is not None and parent.mapping and parent.children % 2 == 0
        if parent is not None:
            parent.children += 1
        mark = event.start_mark
        if kind == "ScalarEvent":
            size = (0 if is_key else 1, len(event.value))
            if event.anchor:
                named[event.anchor] = (1, size[1], 0)
            if parent is not None:
                _add(parent, size[0], size[1], 0)
        elif kind == "AliasEvent":
            target = named.get(event.anchor, (1, 0, 0))
            if isinstance(target, _Open):
                return _error(f"alias *{event.anchor} is inside the node &{event.anchor} it names (a recursive alias)",
                              rel, mark, "an alias can only repeat a node that ends before it")
            if len(stack) + target[2] > MAX_DEPTH:
                return _error(f"alias *{event.anchor} expands to {too_deep()}", rel, mark, _FLATTER)
            size = (0 if is_key else target[0], target[1])
            if parent is not None:
                _add(parent, size[0], size[1], target[2])
        else:  # a list or a mapping starts
            if len(stack) >= MAX_DEPTH:
                return _error(too_deep(), rel, mark, _FLATTER)
            entry = _Open(event.anchor, kind == "MappingStartEvent")
            if event.anchor:
                named[event.anchor] = entry
            stack.append(entry)
            size = (1, 0)
        values += size[0]
        chars += size[1]
        if values > MAX_NODES or chars > MAX_CHARS:
            what = too_big("chars" if chars > MAX_CHARS else "values")
            if kind == "AliasEvent":
                return _error(f"alias *{event.anchor}: {what}", rel, mark, "repeat less: an alias copies the whole node it names")
            return _error(what, rel, mark, "split the file")
    if fallback is None:
        return None
    what = too_deep() if fallback.kind == "depth" else too_big(fallback.kind)
    return CcmError(what, rel, fallback.line, fallback.column)


_NODE_EVENTS = frozenset(("ScalarEvent", "AliasEvent", "SequenceStartEvent", "SequenceEndEvent", "MappingStartEvent", "MappingEndEvent"))
_FLATTER = "move deeply nested data into fewer levels"


def _add(entry: _Open, values: int, chars: int, height: int) -> None:
    entry.values += values
    entry.chars += chars
    if height > entry.height:
        entry.height = height


def _error(message: str, rel: str, mark, hint: str) -> CcmError:
    return CcmError(message, rel, mark.line + 1, mark.column + 1, hint=hint)
