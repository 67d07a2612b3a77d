"""Regular expressions written by content authors, compiled and run so that none can hang a run.

A pull request may change every expression ccm runs on its behalf: ``banned: - pattern:`` in
brand/guidelines.yaml, every Vale rule under ``styles:`` and the ``"/regexp/"`` options of
the ``ja:`` rules. Such an expression is hostile input: ``(a+)+$`` backtracks for minutes on
one long line, ``a{4294967295}`` is refused by the engine, and ``(?:a{10000}){10000}`` takes
gigabytes to compile. Every one of them is compiled here, by :func:`compile_user`:

* with the ``regex`` module: Python's syntax and Unicode semantics (``\\w`` and ``\\b`` know
  "café" and 日本語), plus what Vale's own engine (regexp2, a backtracking engine) offers:
  lookarounds of any width, ``\\p{...}`` classes. A linear-time engine (RE2) would refuse
  lookarounds and treat ``\\b`` as ASCII-only, so the same rule would mean something else;
* a pattern the engine refuses, or whose counted repeats would expand beyond
  :data:`MAX_UNITS` units (the engine expands ``x{n}`` into n copies), raises
  :class:`PatternError` (a :class:`re.error`, so callers that report bad expressions with
  their file and line report these too);
* every search of one text stops after :data:`SEARCH_SECONDS`, and all searches of all user
  expressions in one run stop after :data:`RUN_SECONDS` together: the run ends with
  :class:`PatternTooSlow`, a :class:`CcmError` naming the file, line and column where the
  expression was written (exit 2), never with a partial, silently shortened result.

A run starts with :func:`start_run` (a new lint context calls it), which renews the
run-wide budget.
"""

from __future__ import annotations

import re
import time
from typing import Callable

import regex

from .errors import CcmError
from .regex_prefilter import Needles, required_literals

SEARCH_SECONDS = 0.5  # one search (every match) of one text by one expression
RUN_SECONDS = 30.0  # every search of every user expression in one run (per process)
MAX_UNITS = 200_000  # one expression's size, counted repeats expanded (~270 bytes a unit once compiled)
RUN_UNITS = 1_000_000  # every user expression of one run together

IGNORECASE = regex.IGNORECASE
MULTILINE = regex.MULTILINE
DOTALL = regex.DOTALL
_FLAGS = {re.I: regex.I, re.M: regex.M, re.S: regex.S, re.A: regex.A}

Locate = Callable[[], tuple]  # () -> (file, line, column): where the expression was written


class PatternError(re.error):
    """A user expression that cannot be compiled (bad syntax, a repeat count too large)."""


class PatternTooSlow(CcmError):
    """A user expression that ran past its time budget: stops the run (exit 2)."""


class _Budget:
    """What is left for all user expressions of this run: seconds of searching, units to compile."""

    def __init__(self, seconds: float, units: int) -> None:
        self.left = seconds
        self.units = units
        self.compiled: dict[tuple[str, int], tuple] = {}  # (pattern, flags) -> the engine's pattern, its needles


_RUN = _Budget(RUN_SECONDS, RUN_UNITS)
# inline flags that change how a pattern is read: comments (x) and nested sets (V1) would make
# expanded_size() misjudge it
_UNSUPPORTED = re.compile(r"\(\?[a-zA-Z0-9]*(?:x|V1)")


def start_run(seconds: float = RUN_SECONDS, units: int = RUN_UNITS) -> None:
    """A new run: renew the run-wide budgets of user expressions."""
    global _RUN
    _RUN = _Budget(seconds, units)


def compile_user(pattern: str, flags: int = 0, label: str = "the regular expression", locate: Locate | None = None) -> "UserRegex":
    """``pattern`` (``re`` flags) as a :class:`UserRegex`; raises :class:`PatternError`."""
    if not isinstance(pattern, str):
        raise PatternError(f"expected text, got {type(pattern).__name__}")
    if flags & re.X or _UNSUPPORTED.search(pattern):
        raise PatternError("verbose mode (?x) and version 1 syntax (?V1) are not supported; write the expression on one line")
    own = regex.VERSION0
    for flag, mapped in _FLAGS.items():
        if flags & flag:
            own |= mapped
    budget = _RUN
    compiled, needles = budget.compiled.get((pattern, own), (None, None))
    if compiled is None:
        units = expanded_size(pattern)
        if units > MAX_UNITS:
            raise PatternError(f"too large: it expands to {units:,} characters (at most {MAX_UNITS:,}); use + or * instead of large counts")
        if units > budget.units:
            raise PatternError(f"too large together with the other expressions of guidelines and styles (at most {RUN_UNITS:,} characters in all)")
        budget.units -= units
        try:
            compiled = regex.compile(pattern, own, cache_pattern=False)
        except regex.error as exc:
            raise PatternError(str(exc)) from None
        except Exception as exc:  # the engine's own failures on hostile input (OverflowError, KeyError, ...)
            raise PatternError(f"cannot be compiled ({type(exc).__name__})") from None
        needles = required_literals(pattern, flags)
        budget.compiled[(pattern, own)] = compiled, needles
    return UserRegex(pattern, compiled, label, locate, needles)


class UserRegex:
    """A compiled user expression whose every search is bounded in time.

    Offers what the rules use of :class:`re.Pattern`: :meth:`finditer` (returned as a list:
    the whole search runs under the time limit), :meth:`search`, :meth:`fullmatch` and
    :meth:`sub`, with the same arguments; ``groups`` and ``pattern``. A text without any of
    the literals every match needs (:mod:`ccm_cli.regex_prefilter`) is not searched."""

    __slots__ = ("pattern", "_compiled", "label", "_locate", "_needles")

    def __init__(self, pattern: str, compiled, label: str, locate: Locate | None, needles: Needles | None = None) -> None:
        self.pattern = pattern
        self._compiled = compiled
        self.label = label
        self._locate = locate
        self._needles = needles

    @property
    def groups(self) -> int:
        return self._compiled.groups

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> list:
        if self._needles is not None and not self._needles.may_match(text):
            return []
        return self._run(lambda limit: list(self._compiled.finditer(text, pos, _end(text, endpos), timeout=limit)))

    def search(self, text: str, pos: int = 0, endpos: int | None = None):
        if self._needles is not None and not self._needles.may_match(text):
            return None
        return self._run(lambda limit: self._compiled.search(text, pos, _end(text, endpos), timeout=limit))

    def fullmatch(self, text: str, pos: int = 0, endpos: int | None = None):
        if self._needles is not None and not self._needles.may_match(text):
            return None
        return self._run(lambda limit: self._compiled.fullmatch(text, pos, _end(text, endpos), timeout=limit))

    def sub(self, repl, text: str, count: int = 0) -> str:
        return self._run(lambda limit: self._compiled.sub(repl, text, count, timeout=limit))

    def _run(self, search: Callable[[float], object]):
        budget = _RUN
        limit = min(SEARCH_SECONDS, budget.left)
        start = time.perf_counter()
        try:
            if limit <= 0:
                raise TimeoutError
            return search(limit)
        except TimeoutError:
            raise self._too_slow(limit < SEARCH_SECONDS) from None
        finally:
            budget.left -= time.perf_counter() - start

    def _too_slow(self, run_budget: bool) -> PatternTooSlow:
        if run_budget:
            what = f"the regular expressions of guidelines and styles used up the run's {RUN_SECONDS:g} s ({self.label} was running)"
        else:
            what = f"{self.label} took longer than {SEARCH_SECONDS:g} s on one text"
        file, line, column = self._locate() if self._locate is not None else (None, None, None)
        return PatternTooSlow(f"{what}; nested repeats such as (a+)+ or (a|a)* try every way to split a text",
                              file, line, column, hint="simplify the expression")

    def __repr__(self) -> str:
        return f"UserRegex({self.pattern!r})"


def _end(text: str, endpos: int | None) -> int:
    return len(text) if endpos is None else endpos


def expanded_size(pattern: str) -> int:
    """How many units ``pattern`` compiles to when every counted repeat ``x{m,n}`` is expanded
    into n copies of x (an upper bound of what the ``regex`` module builds; ``*``, ``+`` and
    ``?`` cost nothing more). One pass; an escape or a character class is one unit."""
    stack: list[tuple[int, int]] = []  # per open group: (the enclosing branch's size, the enclosing finished branches)
    seq = 0  # size of the current branch of the innermost group
    branches = 0  # size of the finished branches of the innermost group (all are compiled)
    last = 0  # size of the last atom of the branch (what a quantifier repeats)
    i, n = 0, len(pattern)
    while i < n:
        ch = pattern[i]
        if ch == "(":
            stack.append((seq, branches))
            seq = branches = last = 0
            i += 1
            continue
        if ch == ")" and stack:
            inner = branches + seq
            seq, branches = stack.pop()
            seq += inner
            last = inner
            i += 1
            continue
        if ch == "|":
            branches, seq, last = branches + seq, 0, 0
            i += 1
            continue
        count = _COUNT.match(pattern, i) if ch == "{" else None
        if count is not None and (count.group(1) or count.group(3)):  # "{}" and "{,}" are text
            extra = last * (_times(count) - 1)
            seq += extra
            last += extra
            i = count.end()
            continue
        i = i + 2 if ch == "\\" else (_class_end(pattern, i) if ch == "[" else i + 1)
        seq += 1
        last = 1
    while stack:  # an unclosed group (the engine refuses it)
        inner = branches + seq
        seq, branches = stack.pop()
        seq += inner
    return branches + seq


_COUNT = re.compile(r"\{(\d*)(,(\d*))?\}")


def _times(count: re.Match) -> int:
    """How many copies a counted repeat ``{m}``, ``{m,}``, ``{,n}`` or ``{m,n}`` expands to."""
    low, comma, high = count.group(1), count.group(2), count.group(3)
    number = high or low
    value = int(number) if len(number) <= 18 else 10**18
    return max(value + (1 if comma and not high else 0), 1)


def _class_end(pattern: str, i: int) -> int:
    """Index after the character class that starts at ``pattern[i] == "["``."""
    j = i + 1
    if j < len(pattern) and pattern[j] == "^":
        j += 1
    if j < len(pattern) and pattern[j] == "]":
        j += 1
    while j < len(pattern):
        if pattern[j] == "\\":
            j += 2
            continue
        if pattern[j] == "]":
            return j + 1
        j += 1
    return j
