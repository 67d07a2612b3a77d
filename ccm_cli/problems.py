"""A problem in a file ccm reads, at the line and column of the offending key or value.

The loaders of ``policies/audience.yaml``, of the ``x-ccm-data`` declarations in a comm's
``variables:`` and of the ``jargon:`` glossary in ``brand/guidelines.yaml`` return these
values; a rule turns each into a finding (or the CLI into a one-line error), and decides the
rule id and the severity. ``ccm_cli.intents.IntentsProblem`` is this type too.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Iterable

from .errors import CcmError

__all__ = ["Problem", "did_you_mean", "closest", "from_error", "unique"]


@dataclass(frozen=True)
class Problem:
    """``file:line:column: message``; ``fix`` says how to correct it, when there is one way."""

    file: str
    line: int
    column: int
    message: str
    fix: str | None = None

    def as_error(self) -> CcmError:
        return CcmError(self.message, self.file, self.line, self.column)

    def one_line(self) -> str:
        return self.as_error().one_line()


def from_error(error: CcmError, rel: str) -> Problem:
    """The problem a loader's :class:`CcmError` (a YAML syntax error, a bound) describes, in ``rel``."""
    return Problem(error.file or rel, error.line or 1, error.column or 1, error.message)


def unique(problems: Iterable[Problem]) -> list[Problem]:
    """``problems`` in order, each place and message once."""
    seen: set = set()
    out = []
    for p in problems:
        if (p.line, p.column, p.message) not in seen:
            seen.add((p.line, p.column, p.message))
            out.append(p)
    return out


def closest(name: str, known: Iterable[str], cutoff: float = 0.75) -> str | None:
    """The known name ``name`` was most likely meant to be (a typo), or None.

    Case and ``-``/``_`` are ignored when comparing, so ``Residential-Customers`` finds
    ``residential_customers``; a name that differs more than a typo finds nothing."""
    names = sorted(set(known))
    if not names or not name:
        return None
    folded = {_fold(n): n for n in names}
    key = _fold(name)
    if key in folded and folded[key] != name:
        return folded[key]
    found = difflib.get_close_matches(key, list(folded), n=1, cutoff=cutoff)
    return folded[found[0]] if found else None


def did_you_mean(name: str, known: Iterable[str], cutoff: float = 0.75) -> str:
    """`` (did you mean 'x'?)`` to append to a message, or ``""``."""
    guess = closest(name, known, cutoff)
    return f" (did you mean '{guess}'?)" if guess else ""


def _fold(name: str) -> str:
    return name.casefold().replace("-", "_").replace(" ", "_")
