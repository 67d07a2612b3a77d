"""The literal text a regular expression cannot match without: a cheap test before the search.

Most texts contain none of the banned phrases and none of an intent's ``re:`` phrases, yet
each expression is searched over each text (the ``regex`` module, bounded in time, about a
microsecond per hundred characters). ``(?i)\\bact now\\b`` cannot match a text that does not
contain "act now" in some case, and ``\\b(hurry|last chance)\\b`` one that contains neither
word: :func:`required_literals` reads that from the expression once, and
:meth:`Needles.may_match` answers with a substring test on the case-folded text, which the
searches of one text share. The same idea as ripgrep's and RE2's literal prefilters.

The answer may only ever be "maybe" too often, never "no" wrongly, so the expression is read
with Python's own parser (``re._parser``), and nothing is derived when

* Python's parser refuses the expression (syntax only the ``regex`` module has: ``\\p{..}``,
  ``(?|..)``, ``(?f)``, named lists …) or reads a ``{`` as text (``regex``'s fuzzy matching,
  ``(?:abc){e<=1}``), or it holds ``[[`` or ``[:`` (POSIX classes and nested sets, which the
  two parsers read differently);
* no branch of it has a literal of :data:`MIN_LENGTH` characters or more that every match
  contains, or it needs more than :data:`MAX_NEEDLES` alternatives (the engine is then faster).

Literals are compared case-folded whatever the expression's flags (``str.casefold`` maps each
character on its own, so a text that contains a literal in one case contains it folded), which
is only ever more permissive than the search.
"""

from __future__ import annotations

import warnings

try:  # the parser behind re.compile (Python >= 3.11); sre_parse before
    from re import _constants as _c  # type: ignore[attr-defined]
    from re import _parser as _sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

MIN_LENGTH = 2  # a shorter literal is in nearly every text: not worth a test
MAX_NEEDLES = 8  # more alternatives: one search is cheaper than the substring tests
_REPEATS = {_c.MAX_REPEAT, _c.MIN_REPEAT} | ({_c.POSSESSIVE_REPEAT} if hasattr(_c, "POSSESSIVE_REPEAT") else set())
_ATOMIC = getattr(_c, "ATOMIC_GROUP", object())  # (?>...), Python >= 3.11
_OPEN_BRACE = ord("{")


class Needles:
    """Case-folded literals, one of which every match of an expression contains."""

    __slots__ = ("literals",)

    def __init__(self, literals: tuple[str, ...]) -> None:
        self.literals = literals

    def may_match(self, text: str) -> bool:
        folded = _folded(text)
        return any(literal in folded for literal in self.literals)

    def __repr__(self) -> str:
        return f"Needles({self.literals!r})"


_last: list = [None, ""]  # the last text folded, and its folded form (the searches of one text share it)


def _folded(text: str) -> str:
    if _last[0] is not text:
        _last[0], _last[1] = text, text.casefold()
    return _last[1]


def required_literals(pattern: str, flags: int = 0) -> Needles | None:
    """The literals one of which every match of ``pattern`` contains, or None when none is known."""
    if "[[" in pattern or "[:" in pattern:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "possible nested set" and friends: refused above anyway
            parsed = _sre_parse.parse(pattern, flags)
    except Exception:  # noqa: BLE001 - anything Python's parser cannot read is simply not prefiltered
        return None
    try:
        found = _needs(list(parsed))
    except _GiveUp:
        return None
    if not found or len(found) > MAX_NEEDLES or min(map(len, found)) < MIN_LENGTH:
        return None
    return Needles(tuple(dict.fromkeys(s.casefold() for s in found)))


class _GiveUp(Exception):
    """A construct whose reading by Python's parser may differ from the ``regex`` module's."""


def _better(a: list[str] | None, b: list[str] | None) -> list[str] | None:
    """The more selective of two requirements: the longer shortest literal, then fewer of them."""
    if not b:
        return a
    if not a:
        return b
    return b if (min(map(len, b)), -len(b)) > (min(map(len, a)), -len(a)) else a


def _needs(items: list) -> list[str] | None:
    """Of one sequence: the best requirement — one literal run, or the alternatives of a group."""
    best: list[str] | None = None
    run: list[str] = []
    for op, value in items:
        if op is _c.LITERAL:
            if value == _OPEN_BRACE:
                raise _GiveUp
            run.append(chr(value))
            continue
        if run:
            best = _better(best, ["".join(run)])
            run = []
        if op is _c.SUBPATTERN:
            best = _better(best, _needs(list(value[-1])))
        elif op is _ATOMIC:
            best = _better(best, _needs(list(value)))
        elif op is _c.BRANCH:
            alternatives: list[str] = []
            for branch in value[1]:
                need = _needs(list(branch))
                if not need:
                    alternatives = []
                    break
                alternatives += need
            best = _better(best, alternatives or None)
        elif op in _REPEATS:
            low, _high, inner = value
            if low >= 1:
                best = _better(best, _needs(list(inner)))
            else:
                _check_braces(list(inner))
        else:
            _check_braces_in(op, value)
    if run:
        best = _better(best, ["".join(run)])
    return best


def _check_braces(items: list) -> None:
    """Give up when a part that adds no requirement still holds a ``{`` read as text."""
    for op, value in items:
        _check_braces_in(op, value)


def _check_braces_in(op, value) -> None:
    if op is _c.LITERAL:
        if value == _OPEN_BRACE:
            raise _GiveUp
    elif op is _c.SUBPATTERN:
        _check_braces(list(value[-1]))
    elif op is _c.BRANCH:
        for branch in value[1]:
            _check_braces(list(branch))
    elif op in _REPEATS:
        _check_braces(list(value[2]))
    elif op in (_c.ASSERT, _c.ASSERT_NOT):
        _check_braces(list(value[1]))
