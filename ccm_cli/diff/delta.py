"""The lint delta: findings a change introduces and findings it fixes.

Both versions are linted in full (the base with no ``base`` of its own; the head with the base,
so version checks run). Findings are matched by :attr:`Finding.identity` — rule, comm, locale,
channel and message — never by line number, so moving text does not count as a fix plus a new
problem. When one identity occurs more often on one side, the extra occurrences are the ones
whose place (file, line, column) the other side does not have.
"""

from __future__ import annotations

import datetime as _dt
from collections import defaultdict
from dataclasses import dataclass

from ..findings import Finding


@dataclass
class LintDelta:
    introduced: list[Finding]
    fixed: list[Finding]
    base_total: int | None  # None when nothing was linted (no file changed)
    head_total: int | None


def _place(finding: Finding) -> tuple:
    return (finding.file, finding.line, finding.column)


def _extra(mine: list[Finding], theirs: list[Finding]) -> list[Finding]:
    """The findings of ``mine`` left over after pairing with ``theirs`` (same places first)."""
    surplus = len(mine) - len(theirs)
    if surplus <= 0:
        return []
    places = {_place(f) for f in theirs}
    ranked = sorted(mine, key=lambda f: _place(f) in places)  # unmatched places first (stable)
    return ranked[:surplus]


def diff_findings(before: list[Finding], after: list[Finding]) -> tuple[list[Finding], list[Finding]]:
    """(introduced, fixed), each sorted as the linter sorts findings."""
    old: dict[tuple, list[Finding]] = defaultdict(list)
    new: dict[tuple, list[Finding]] = defaultdict(list)
    for finding in before:
        old[finding.identity].append(finding)
    for finding in after:
        new[finding.identity].append(finding)
    introduced = [f for key in new for f in _extra(new[key], old.get(key, []))]
    fixed = [f for key in old for f in _extra(old[key], new.get(key, []))]
    return sorted(introduced, key=lambda f: f.sort_key), sorted(fixed, key=lambda f: f.sort_key)


def lint_delta(base, head, today: _dt.date | None = None, cache=None, jobs: int = 1) -> LintDelta:
    """Lint both projects and compare their findings. With ``cache``, every comm whose inputs
    are the same on both sides is linted once (its result is shared through the cache)."""
    from ..linter import lint

    before = lint(base, today=today, cache=cache, jobs=jobs).findings
    after = lint(head, today=today, base=base, cache=cache, jobs=jobs).findings
    introduced, fixed = diff_findings(before, after)
    return LintDelta(introduced, fixed, len(before), len(after))
