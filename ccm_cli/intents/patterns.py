"""Regular expressions written by users (``re:`` phrases of ``policies/intents.yaml``).

A content repository is untrusted input: a pull request can add a pattern that backtracks for
minutes on a long text ("(a+)+$", "(x|x)*y"). :func:`compile_user_regex` is the one place
where intent phrases become regular expressions. They run as every user expression of ccm does
(:mod:`ccm_cli.user_regex`: each search bounded in time, all of a run's together too), and
before that, a pattern is refused when it

* is longer than :data:`MAX_PATTERN_LENGTH` characters;
* does not compile;
* uses a back-reference (``\\1``, ``(?P=name)``) or a conditional group (``(?(1)a|b)``);
* repeats something that itself repeats without a small bound (``(a+)+``, ``(a*b?){5}``), or
  repeats alternatives without a small bound (``(cat|dog)+``): the shapes of catastrophic
  backtracking;
* holds more than :data:`MAX_UNBOUNDED` unbounded repeats in all (polynomial backtracking).

Patterns are case-insensitive, as plain phrases are (``(?-i:...)`` turns that off).
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..user_regex import PatternError, UserRegex, compile_user

try:  # the parser behind re.compile (Python >= 3.11); sre_parse before
    from re import _parser as _sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_parse as _sre_parse  # type: ignore[no-redef]

MAX_PATTERN_LENGTH = 500
MAX_UNBOUNDED = 4
SMALL_BOUND = 10  # a repeat with at most this many repetitions counts as bounded

__all__ = ["UnsafePattern", "compile_user_regex", "MAX_PATTERN_LENGTH"]


class UnsafePattern(ValueError):
    """A user pattern ccm refuses to run (the message says why, in one line)."""


@lru_cache(maxsize=1024)
def compile_user_regex(pattern: str) -> UserRegex:
    """Compile a user-supplied pattern, or raise :class:`UnsafePattern` saying why not."""
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise UnsafePattern(f"pattern is {len(pattern)} characters long; the limit is {MAX_PATTERN_LENGTH}")
    if not pattern.strip():
        raise UnsafePattern("pattern is empty")
    try:
        compiled = re.compile(pattern, re.IGNORECASE)
        parsed = _sre_parse.parse(pattern, re.IGNORECASE)
    except (re.error, OverflowError, RecursionError, ValueError) as error:
        raise UnsafePattern(f"invalid regular expression: {_one_line(error)}") from None
    counts = {"unbounded": 0}
    _check(parsed, counts)
    if counts["unbounded"] > MAX_UNBOUNDED:
        raise UnsafePattern(
            f"pattern repeats without bound {counts['unbounded']} times; the limit is {MAX_UNBOUNDED} "
            "(write {0,20} instead of * where you can)")
    del compiled  # only proves Python reads it; searches run bounded in time, like every user expression
    try:
        return compile_user(pattern, re.IGNORECASE, "an intent's re: phrase")
    except PatternError as error:
        raise UnsafePattern(f"invalid regular expression: {_one_line(error)}") from None


def _one_line(error: Exception) -> str:
    return str(error).splitlines()[0] if str(error) else type(error).__name__


_OPS = _sre_parse  # the opcode names live on the parser module's namespace (via its constants)
_MAX_REPEAT = _OPS.MAX_REPEAT
_MIN_REPEAT = _OPS.MIN_REPEAT
_POSSESSIVE = getattr(_OPS, "POSSESSIVE_REPEAT", None)
_SUBPATTERN = _OPS.SUBPATTERN
_BRANCH = _OPS.BRANCH
_GROUPREF = _OPS.GROUPREF
_GROUPREF_EXISTS = _OPS.GROUPREF_EXISTS
_ATOMIC = getattr(_OPS, "ATOMIC_GROUP", None)
_ASSERT = _OPS.ASSERT
_ASSERT_NOT = _OPS.ASSERT_NOT
_MAXREPEAT = _OPS.MAXREPEAT


def _check(items, counts) -> tuple[bool, bool]:
    """Walk a parsed pattern; return (repeats without bound, has alternatives) for it and
    raise UnsafePattern on a dangerous shape."""
    unbounded = branches = False
    for op, value in items:
        if op in (_GROUPREF, _GROUPREF_EXISTS):
            raise UnsafePattern("back-references and conditional groups are not allowed in intent patterns")
        if op in (_MAX_REPEAT, _MIN_REPEAT) or (_POSSESSIVE is not None and op == _POSSESSIVE):
            low, high, body = value
            inner_unbounded, inner_branches = _check(body, counts)
            is_unbounded = high == _MAXREPEAT or high > SMALL_BOUND
            if (inner_unbounded and high > 1) or (inner_branches and is_unbounded):
                what = "a repeat" if inner_unbounded else "alternatives"
                raise UnsafePattern(
                    f"pattern repeats {what} inside a repeat (like (a+)+ or (x|y)*), which can take "
                    "exponential time; rewrite it without the nesting")
            if is_unbounded:
                counts["unbounded"] += 1
                unbounded = True
            unbounded = unbounded or inner_unbounded
            branches = branches or inner_branches
        elif op == _SUBPATTERN:
            body = value[-1]
            u, b = _check(body, counts)
            unbounded, branches = unbounded or u, branches or b
        elif op == _BRANCH:
            branches = True
            for alternative in value[1]:
                u, _ = _check(alternative, counts)
                unbounded = unbounded or u
        elif op in (_ASSERT, _ASSERT_NOT):
            u, b = _check(value[1], counts)
            unbounded, branches = unbounded or u, branches or b
        elif _ATOMIC is not None and op == _ATOMIC:
            u, b = _check(value, counts)
            unbounded, branches = unbounded or u, branches or b
    return unbounded, branches
