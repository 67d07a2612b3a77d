"""CODEOWNERS (GitHub format): gitignore-style patterns, the last matching line wins.

``owners_for(rules, path)`` gives the owners of a repository path; ``team_slug("@org/billing")``
gives ``billing`` so a comm's ``owner: billing`` can be compared with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Rule:
    pattern: str
    owners: tuple[str, ...]
    line: int


def parse(text: str) -> list[Rule]:
    """Every pattern line: its pattern and owners; a word starting with "#" starts a comment."""
    rules = []
    for number, raw in enumerate(text.splitlines(), 1):
        parts = []
        for word in raw.split():
            if word.startswith("#"):
                break
            parts.append(word)
        if parts:
            rules.append(Rule(parts[0], tuple(parts[1:]), number))
    return rules


_DEEP = None  # a token that matches any number of whole path segments (zero or more)


@lru_cache(maxsize=512)
def _tokens(pattern: str) -> tuple | None:
    """``pattern`` as path-segment tokens: a glob for one segment (``*`` and ``?`` never cross
    a ``/``) or :data:`_DEEP`; None for a pattern that matches nothing ("/").

    gitignore's reading, as GitHub applies it to CODEOWNERS: a pattern with a ``/`` at its
    start or in its middle is anchored at the repository root, any other matches at every
    depth; ``**`` as a whole segment matches any number of folders (``**/x``, ``a/**/b``),
    and at the end everything inside (``a/**``); elsewhere ``**`` is a plain ``*``. A pattern
    owns what it names and everything under it; ``dir/`` only what is under a folder
    ``dir``; ``docs/*`` the files directly in docs/, not deeper (GitHub's reading)."""
    anchored = pattern.startswith("/") or "/" in pattern.rstrip("/")
    body = pattern.strip("/")
    if not body:
        return None
    segments = body.split("/")
    tokens: list = [] if anchored else [_DEEP]
    for k, segment in enumerate(segments):
        if segment != "**":
            tokens.append(segment)
        elif k == len(segments) - 1:
            tokens += ["*", _DEEP]  # "a/**": everything inside a, not a itself
        else:
            tokens.append(_DEEP)
    if pattern.endswith("/"):
        tokens += ["*", _DEEP]
    elif not (len(segments) > 1 and segments[-1] == "*"):
        tokens.append(_DEEP)
    collapsed = [t for i, t in enumerate(tokens) if not (t is _DEEP and i and tokens[i - 1] is _DEEP)]
    return tuple(collapsed)


def matches(pattern: str, path: str) -> bool:
    """Does the CODEOWNERS ``pattern`` own the repository ``path``?"""
    if pattern == "*":
        return True
    compiled = _compiled(pattern)
    return compiled is not None and compiled.match(path.lstrip("/") + "/") is not None


@lru_cache(maxsize=512)
def _compiled(pattern: str) -> re.Pattern | None:
    """The pattern as a regular expression over the path with a "/" after every segment,
    written so that it cannot backtrack more than linearly (a line of 18 ``*`` took minutes
    as a naive translation): a run of segments between two ``**`` is taken at its leftmost
    place inside an atomic group, and so is each piece of a segment glob between two ``*``
    — leftmost is always safe when what comes between matches anything — so the work is
    at most the path's length times the pattern's."""
    tokens = _tokens(pattern)
    if tokens is None:
        return None
    runs: list[list[str]] = [[]]
    for token in tokens:
        if token is _DEEP:
            runs.append([])
        else:
            runs[-1].append(token)
    deep = "(?:[^/]*/)*"  # whole segments: each ends at its "/", so there is one way to split
    out = _run(runs[0])
    if len(runs) > 1:
        out += "".join(f"(?>{deep}?{_run(run)})" for run in runs[1:-1] if run)
        out += deep + _run(runs[-1])
    return re.compile(out + r"\Z", re.S)


def _run(run: list[str]) -> str:
    return "".join(f"(?>{_segment(glob)}/)" for glob in run)


def _segment(glob: str) -> str:
    """One segment glob: ``*`` any characters but "/", ``?`` one of them, the rest literal."""
    pieces = [re.escape(piece).replace(r"\?", "[^/]") for piece in glob.split("*")]
    if len(pieces) == 1:
        return pieces[0]
    middle = "".join(f"(?>[^/]*?{piece})" for piece in pieces[1:-1] if piece)
    return f"{pieces[0]}{middle}[^/]*{pieces[-1]}"


def owners_for(rules: list[Rule], path: str) -> tuple[Rule | None, tuple[str, ...]]:
    """(the rule that wins, its owners) for ``path``; (None, ()) when nothing matches."""
    found = None
    for rule in rules:
        if matches(rule.pattern, path):
            found = rule
    return (found, found.owners) if found else (None, ())


def team_slug(owner: str) -> str:
    """``@org/billing`` -> ``billing``; ``@billing`` -> ``billing``; emails stay as they are."""
    owner = owner.strip()
    if owner.startswith("@"):
        return owner[1:].split("/")[-1].lower()
    return owner.lower()


def has_team(owners, team: str) -> bool:
    return any(team_slug(o) == team.lower() for o in owners)


def all_owners(rules: list[Rule]) -> set[str]:
    return {team_slug(o) for rule in rules for o in rule.owners}
