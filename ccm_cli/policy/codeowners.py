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
    rules = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        line = re.split(r"\s+#", line, maxsplit=1)[0]
        parts = line.split()
        if parts:
            rules.append(Rule(parts[0], tuple(p for p in parts[1:] if not p.startswith("#")), number))
    return rules


@lru_cache(maxsize=512)
def _regex(pattern: str) -> re.Pattern:
    anchored = pattern.startswith("/") or "/" in pattern.rstrip("/")
    directory = pattern.endswith("/")
    body = pattern.strip("/")
    out = []
    i = 0
    while i < len(body):
        if body.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif body.startswith("/**", i) and i + 3 == len(body):
            out.append("/.*")
            i += 3
        elif body.startswith("**", i):
            out.append(".*")
            i += 2
        elif body[i] == "*":
            out.append("[^/]*")
            i += 1
        elif body[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(body[i]))
            i += 1
    core = "".join(out)
    prefix = "" if anchored else "(?:.*/)?"
    # a pattern matches the path itself or anything under it (a directory); "dir/" only dirs
    if directory:
        suffix = "/.*"
    elif body.endswith("/*") and not body.endswith("/**"):
        suffix = ""  # "docs/*" owns docs/a, not docs/a/b (GitHub's reading)
    else:
        suffix = "(?:/.*)?"
    return re.compile(f"^{prefix}{core}{suffix}$")


def matches(pattern: str, path: str) -> bool:
    if pattern == "*":
        return True
    return bool(_regex(pattern).match(path.lstrip("/")))


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
